#ifndef KITE_CHARU_SHIM_H
#define KITE_CHARU_SHIM_H
// libharu 2.3.0 (Debian: libhpdf-dev). It ships no pkg-config file, so the
// module map links "hpdf" itself. HPDF_SHARED makes the handles opaque
// (void *) instead of importing libharu's internal structs.
#define HPDF_SHARED
#include <hpdf.h>
#endif

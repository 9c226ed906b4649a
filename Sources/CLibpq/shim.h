#ifndef KITE_CLIBPQ_SHIM_H
#define KITE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif

#ifndef KITE_CNCURSESW_SHIM_H
#define KITE_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D flags, so turn the wide-character API on here.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// glibc declares wcwidth only under _XOPEN_SOURCE.
extern int wcwidth(wchar_t c);

static inline int kite_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline WINDOW *kite_stdscr(void) { return stdscr; }
static inline int kite_lines(void) { return LINES; }
static inline int kite_cols(void) { return COLS; }
static inline int kite_colors(void) { return COLORS; }
static inline attr_t kite_a_bold(void) { return A_BOLD; }
static inline attr_t kite_a_reverse(void) { return A_REVERSE; }
static inline attr_t kite_a_underline(void) { return A_UNDERLINE; }
static inline attr_t kite_a_dim(void) { return A_DIM; }
static inline attr_t kite_a_normal(void) { return A_NORMAL; }
#endif

#ifndef KITE_CNCURSESW_SHIM_H
#define KITE_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D flags, so turn the wide-character API on here.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

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

// Locale: wrapped so Swift needs neither LC_* nor CODESET macros.
static inline const char *kite_setlocale_all(const char *name) { return setlocale(LC_ALL, name); }
static inline const char *kite_setlocale_ctype(const char *name) { return setlocale(LC_CTYPE, name); }
static inline const char *kite_codeset(void) { return nl_langinfo(CODESET); }

// C globals reached through functions (Swift 6 strict concurrency).
static inline FILE *kite_stdin(void) { return stdin; }
static inline FILE *kite_stdout(void) { return stdout; }
static inline int kite_key_f(int n) { return KEY_F(n); }

// Attribute and colour-pair setting without the macro forms.
static inline int kite_wattr_set(WINDOW *w, attr_t attrs, int pair) {
    return wattr_set(w, attrs, (NCURSES_PAIRS_T)pair, NULL);
}
static inline int kite_mvwinnwstr(WINDOW *w, int y, int x, wchar_t *buf, int n) {
    return mvwinnwstr(w, y, x, buf, n);
}
static inline int kite_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int kite_getmaxx(WINDOW *w) { return getmaxx(w); }

// Restore the terminal when the process dies on a fatal signal, then let the
// default action (core dump / exit status) happen.
static inline void kite_fatal_signal(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}
static inline void kite_install_fatal_signal_handlers(void) {
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], kite_fatal_signal);
}
static inline void kite_restore_fatal_signal_handlers(void) {
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], SIG_DFL);
}
#endif

/* diag.h: gcc-style diagnostics (file:line:col: error: msg, source line, caret), several per run. */
#ifndef PYC2C_DIAG_H
#define PYC2C_DIAG_H
#include <stdio.h>

typedef struct Diag {
  const char *filename; /* as the user named it */
  const char *src;      /* the whole source text */
  size_t len;
  int errors;
  int max_errors; /* stop printing after this many (0 = default 50) */
  FILE *out;      /* stderr unless redirected (the fuzzer sends it to /dev/null) */
} Diag;

void diag_init(Diag *d, const char *filename, const char *src, size_t len);
/* line and col are 1-based; col counts bytes. */
void diag_error(Diag *d, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_note(Diag *d, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif

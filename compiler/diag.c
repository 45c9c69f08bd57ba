/* diag.c: prints diagnostics the way gcc and clang do, so editors and users read them alike. */
#include "diag.h"
#include <stdarg.h>
#include <string.h>

void diag_init(Diag *d, const char *filename, const char *src, size_t len) {
  memset(d, 0, sizeof *d);
  d->filename = filename;
  d->src = src;
  d->len = len;
  d->max_errors = 50;
  d->out = stderr;
}

/* Prints the source line `line` and a caret under byte column `col`. */
static void show_line(Diag *d, int line, int col) {
  const char *p = d->src, *end = d->src + d->len;
  for (int l = 1; l < line && p < end; l++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
      return;
    p = nl + 1;
  }
  const char *eol = memchr(p, '\n', (size_t)(end - p));
  if (!eol)
    eol = end;
  if (eol > p && eol[-1] == '\r')
    eol--;
  fprintf(d->out, "%5d | %.*s\n      | ", line, (int)(eol - p), p);
  /* Tabs keep their width under the caret so it lines up in a terminal. */
  for (int i = 1; i < col && p + i - 1 < eol; i++)
    fputc(p[i - 1] == '\t' ? '\t' : ' ', d->out);
  fputs("^\n", d->out);
}

static void report(Diag *d, const char *kind, int line, int col, const char *fmt, va_list ap) {
  if (line < 1)
    line = 1;
  if (col < 1)
    col = 1;
  fprintf(d->out, "%s:%d:%d: %s: ", d->filename, line, col, kind);
  vfprintf(d->out, fmt, ap);
  fputc('\n', d->out);
  show_line(d, line, col);
}

void diag_error(Diag *d, int line, int col, const char *fmt, ...) {
  d->errors++;
  if (d->errors > d->max_errors) {
    if (d->errors == d->max_errors + 1)
      fprintf(d->out, "%s: too many errors, stopping here\n", d->filename);
    return;
  }
  va_list ap;
  va_start(ap, fmt);
  report(d, "error", line, col, fmt, ap);
  va_end(ap);
}

void diag_note(Diag *d, int line, int col, const char *fmt, ...) {
  if (d->errors > d->max_errors)
    return;
  va_list ap;
  va_start(ap, fmt);
  report(d, "note", line, col, fmt, ap);
  va_end(ap);
}

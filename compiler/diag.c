/* diag.c: prints diagnostics the way gcc and clang do, so editors and users read them alike. */
#include "diag.h"
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

void diag_init(Diag *d, const char *filename, const char *src, size_t len) {
  memset(d, 0, sizeof *d);
  d->filename = filename;
  d->src = src;
  d->len = len;
  d->max_errors = 50;
  d->out = stderr;
}

/* Length of the character at c: a valid UTF-8 sequence, or 1 for a byte that starts none. Sets
 * *shown to whether it can be printed as it is (control characters and invalid bytes cannot). */
static size_t char_at(const char *c, const char *end, bool *shown) {
  unsigned char b = (unsigned char)*c;
  size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  bool ok = n > 0 && (size_t)(end - c) >= n && !(n == 2 && b < 0xC2);
  for (size_t k = 1; ok && k < n; k++)
    ok = ((unsigned char)c[k] >> 6) == 2;
  *shown = ok && (n > 1 || b == '\t' || (b >= 0x20 && b != 0x7F));
  return ok ? n : 1;
}

/* Prints the source line `line` and a caret under byte column `col`. A long line is cut to a
 * window around the caret; control characters and invalid bytes show as '?'. The caret's
 * indentation copies the line's tabs and counts characters, not bytes, so that it lines up. */
static void show_line(Diag *d, int line, int col) {
  enum { WIDTH = 100 };
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
  const char *caret = col - 1 < eol - p ? p + col - 1 : eol;
  const char *from = p, *to = eol;
  if (eol - p > WIDTH + 20) {
    from = caret - p > WIDTH / 2 ? caret - WIDTH / 2 : p;
    to = eol - from > WIDTH ? from + WIDTH : eol;
    while (from > p && ((unsigned char)*from & 0xC0) == 0x80) /* not inside a character */
      from--;
    while (to < eol && ((unsigned char)*to & 0xC0) == 0x80)
      to++;
  }
  fprintf(d->out, "%5d | %s", line, from > p ? "..." : "");
  bool shown;
  for (const char *c = from; c < to;) {
    size_t n = char_at(c, to, &shown);
    if (shown)
      fwrite(c, 1, n, d->out);
    else
      fputc('?', d->out);
    c += n;
  }
  fprintf(d->out, "%s\n      | %s", to < eol ? "..." : "", from > p ? "   " : "");
  for (const char *c = from; c < caret;) {
    fputc(*c == '\t' ? '\t' : ' ', d->out);
    c += char_at(c, eol, &shown);
  }
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

/* buf.c: growable text buffers. */
#include "emit/buf.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void grow(Buf *b, size_t need) {
  if (b->len + need + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + need + 1)
    cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    fprintf(stderr, "pyc2c: out of memory\n");
    exit(3);
  }
  b->p = p;
  b->cap = cap;
}

void buf_write(Buf *b, const char *s, size_t n) {
  grow(b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  grow(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void buf_flush(Buf *b, FILE *out) {
  if (b->len)
    fwrite(b->p, 1, b->len, out);
  b->len = 0;
  if (b->p)
    b->p[0] = '\0';
}

void buf_free(Buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

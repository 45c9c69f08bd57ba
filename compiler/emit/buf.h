/* buf.h: a growable text buffer for the emitter (emit/ only). */
#ifndef PYC2C_EMIT_BUF_H
#define PYC2C_EMIT_BUF_H
#include <stddef.h>
#include <stdio.h>

typedef struct Buf {
  char *p;
  size_t len, cap;
} Buf;

void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_write(Buf *b, const char *s, size_t n);
void buf_flush(Buf *b, FILE *out); /* writes and empties */
void buf_free(Buf *b);

#endif

/* sha256.h: SHA-256 of byte strings, as lowercase hex (the build cache's keys). */
#ifndef PYC2C_SHA256_H
#define PYC2C_SHA256_H
#include <stddef.h>
#include <stdint.h>

typedef struct Sha256 {
  uint32_t h[8];
  uint64_t len;
  unsigned char buf[64];
  size_t fill;
} Sha256;

void sha256_init(Sha256 *s);
void sha256_update(Sha256 *s, const void *data, size_t n);
void sha256_str(Sha256 *s, const char *str); /* the string and its NUL */
void sha256_hex(Sha256 *s, char hex[65]);    /* finishes; 64 hex digits and a NUL */

#endif

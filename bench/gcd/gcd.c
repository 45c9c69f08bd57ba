/* gcd.c: elementwise GCD in hand-written C, serial and with OpenMP. */
#include <stdint.h>

static int64_t gcd1(int64_t x, int64_t y) {
  while (y != 0) {
    int64_t r = x % y;
    x = y;
    y = r;
  }
  return x;
}

void gcd(const int64_t *restrict a, const int64_t *restrict b, int64_t *restrict out,
         int64_t n) {
  for (int64_t i = 0; i < n; i++)
    out[i] = gcd1(a[i], b[i]);
}

void gcd_omp(const int64_t *restrict a, const int64_t *restrict b, int64_t *restrict out,
             int64_t n) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; i++)
    out[i] = gcd1(a[i], b[i]);
}

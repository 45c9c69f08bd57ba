/* sum_pairs.c: the sum of a[i] + b[i] in hand-written C. */
#include <stdint.h>

double sum_pairs(const double *restrict a, const double *restrict b, int64_t n) {
  double total = 0.0;
  for (int64_t i = 0; i < n; i++)
    total += a[i] + b[i];
  return total;
}

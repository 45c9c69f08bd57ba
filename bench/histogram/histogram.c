/* histogram.c: histogram with integer counts in hand-written C. */
#include <stdint.h>

void histogram(const double *restrict x, int64_t n, int64_t *restrict counts, int64_t nbins) {
  for (int64_t b = 0; b < nbins; b++)
    counts[b] = 0;
  for (int64_t i = 0; i < n; i++)
    counts[(int64_t)(x[i] * nbins)]++;
}

/* pairwise.c: pairwise Euclidean distances in hand-written C. */
#include <math.h>
#include <stdint.h>

void pairwise(const double *restrict p, double *restrict out, int64_t n, int64_t dims) {
  for (int64_t i = 0; i < n; i++)
    for (int64_t j = 0; j < n; j++) {
      double d2 = 0.0;
      for (int64_t k = 0; k < dims; k++) {
        double t = p[i * dims + k] - p[j * dims + k];
        d2 += t * t;
      }
      out[i * n + j] = sqrt(d2);
    }
}

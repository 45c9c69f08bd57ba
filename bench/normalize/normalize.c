/* normalize.c: RMS normalisation in hand-written C with OpenMP. */
#include <math.h>
#include <stdint.h>

void normalize(const double *restrict x, double *restrict out, int64_t n) {
  double total = 0.0;
#pragma omp parallel for reduction(+ : total) schedule(static)
  for (int64_t i = 0; i < n; i++)
    total += x[i] * x[i];
  double rms = sqrt(total / n);
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; i++)
    out[i] = x[i] / rms;
}

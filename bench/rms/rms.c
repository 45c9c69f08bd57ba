/* rms.c: serial RMS normalisation in hand-written C. */
#include <math.h>
#include <stdint.h>

void rms(const double *restrict x, double *restrict out, int64_t n) {
  double total = 0.0;
  for (int64_t i = 0; i < n; i++)
    total += x[i] * x[i];
  double r = sqrt(total / n);
  for (int64_t i = 0; i < n; i++)
    out[i] = x[i] / r;
}

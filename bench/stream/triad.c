/* triad.c: the STREAM triad a[i] = b[i] + s * c[i], which gives the machine's memory bandwidth.
 * Counted as STREAM counts it: 24 bytes per element (two reads and one write). */
#include <stdint.h>

void triad(double *restrict a, const double *restrict b, const double *restrict c, double s,
           int64_t n) {
  for (int64_t i = 0; i < n; i++)
    a[i] = b[i] + s * c[i];
}

void triad_omp(double *restrict a, const double *restrict b, const double *restrict c, double s,
               int64_t n) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; i++)
    a[i] = b[i] + s * c[i];
}

/* First touch by the same threads and schedule as triad_omp, as STREAM does. */
void fill_omp(double *restrict x, double value, int64_t n) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; i++)
    x[i] = value;
}

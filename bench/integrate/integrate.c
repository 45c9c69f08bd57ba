/* integrate.c: the integrate kernel in hand-written C, the limit for steps 2 and 4. */
#include <stdint.h>

static double f(double x) { return x * x - x; }

static double integrate(double lo, double hi, int64_t n) {
  double width = (hi - lo) / n, total = 0.0;
  for (int64_t k = 0; k < n; k++)
    total += f(lo + k * width);
  return total * width;
}

void apply_integrate(const double *lo, const double *hi, const int64_t *n, double *res,
                     int64_t rows) {
  for (int64_t r = 0; r < rows; r++)
    res[r] = integrate(lo[r], hi[r], n[r]);
}

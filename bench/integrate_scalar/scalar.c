/* scalar.c: one integral of f(x) = x*x - x in hand-written C. */
#include <stdint.h>

static double f(double x) { return x * x - x; }

double integrate(double lo, double hi, int64_t n) {
  double width = (hi - lo) / n, total = 0.0;
  for (int64_t k = 0; k < n; k++)
    total += f(lo + k * width);
  return total * width;
}

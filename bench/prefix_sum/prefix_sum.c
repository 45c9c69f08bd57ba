/* prefix_sum.c: inclusive prefix sum in hand-written C. */
#include <stdint.h>

void prefix_sum(const double *restrict x, double *restrict out, int64_t n) {
  double total = 0.0;
  for (int64_t i = 0; i < n; i++) {
    total += x[i];
    out[i] = total;
  }
}

/* matmul.c: naive matrix product in hand-written C, i-k-j order. */
#include <stdint.h>

void matmul(const double *restrict a, const double *restrict b, double *restrict out, int64_t n,
            int64_t m, int64_t p) {
  for (int64_t i = 0; i < n; i++) {
    for (int64_t j = 0; j < p; j++)
      out[i * p + j] = 0.0;
    for (int64_t k = 0; k < m; k++) {
      double aik = a[i * m + k];
      for (int64_t j = 0; j < p; j++)
        out[i * p + j] += aik * b[k * p + j];
    }
  }
}

/* jacobi.c: Jacobi relaxation of a rows x cols grid in hand-written C, serial and OpenMP. */
#include <stdint.h>
#include <string.h>

static void sweep(const double *restrict src, double *restrict dst, int64_t rows, int64_t cols) {
  for (int64_t i = 1; i < rows - 1; i++)
    for (int64_t j = 1; j < cols - 1; j++)
      dst[i * cols + j] = 0.25 * (src[(i - 1) * cols + j] + src[(i + 1) * cols + j] +
                                  src[i * cols + j - 1] + src[i * cols + j + 1]);
}

static void sweep_omp(const double *restrict src, double *restrict dst, int64_t rows,
                      int64_t cols) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 1; i < rows - 1; i++)
    for (int64_t j = 1; j < cols - 1; j++)
      dst[i * cols + j] = 0.25 * (src[(i - 1) * cols + j] + src[(i + 1) * cols + j] +
                                  src[i * cols + j - 1] + src[i * cols + j + 1]);
}

void jacobi(const double *u, double *out, double *tmp, int64_t rows, int64_t cols,
            int64_t sweeps) {
  memcpy(out, u, sizeof(double) * rows * cols);
  memcpy(tmp, u, sizeof(double) * rows * cols);
  for (int64_t s = 0; s < sweeps / 2; s++) {
    sweep(out, tmp, rows, cols);
    sweep(tmp, out, rows, cols);
  }
}

void jacobi_omp(const double *u, double *out, double *tmp, int64_t rows, int64_t cols,
                int64_t sweeps) {
  memcpy(out, u, sizeof(double) * rows * cols);
  memcpy(tmp, u, sizeof(double) * rows * cols);
  for (int64_t s = 0; s < sweeps / 2; s++) {
    sweep_omp(out, tmp, rows, cols);
    sweep_omp(tmp, out, rows, cols);
  }
}

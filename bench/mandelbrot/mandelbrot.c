/* mandelbrot.c: Mandelbrot escape counts in hand-written C, serial and OpenMP over rows. */
#include <stdint.h>

static int32_t escape(double cr, double ci, int32_t maxiter) {
  double zr = 0.0, zi = 0.0;
  int32_t it = 0;
  while (it < maxiter) {
    double zr2 = zr * zr, zi2 = zi * zi;
    if (zr2 + zi2 > 4.0)
      break;
    zi = 2.0 * zr * zi + ci;
    zr = zr2 - zi2 + cr;
    it++;
  }
  return it;
}

void mandelbrot(int32_t *counts, int64_t rows, int64_t cols, double x0, double y0, double step,
                int32_t maxiter) {
  for (int64_t row = 0; row < rows; row++)
    for (int64_t col = 0; col < cols; col++)
      counts[row * cols + col] = escape(x0 + col * step, y0 + row * step, maxiter);
}

void mandelbrot_omp(int32_t *counts, int64_t rows, int64_t cols, double x0, double y0,
                    double step, int32_t maxiter) {
#pragma omp parallel for schedule(static)
  for (int64_t row = 0; row < rows; row++)
    for (int64_t col = 0; col < cols; col++)
      counts[row * cols + col] = escape(x0 + col * step, y0 + row * step, maxiter);
}

"""Mandelbrot escape counts for Pythran, serial and with OpenMP over rows."""

#pythran export mandelbrot(int32[:,:], float, float, float, int)
#pythran export mandelbrot_prange(int32[:,:], float, float, float, int)


def escape(cr, ci, maxiter):
    zr = 0.0
    zi = 0.0
    it = 0
    while it < maxiter:
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            break
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
        it += 1
    return it


def mandelbrot(counts, x0, y0, step, maxiter):
    for row in range(counts.shape[0]):
        for col in range(counts.shape[1]):
            counts[row, col] = escape(x0 + col * step, y0 + row * step, maxiter)


def mandelbrot_prange(counts, x0, y0, step, maxiter):
    #omp parallel for
    for row in range(counts.shape[0]):
        for col in range(counts.shape[1]):
            counts[row, col] = escape(x0 + col * step, y0 + row * step, maxiter)

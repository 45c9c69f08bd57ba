"""Mandelbrot escape counts for Numba, serial and parallel=True over rows."""
from numba import njit, prange


@njit
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


@njit
def mandelbrot(counts, x0, y0, step, maxiter):
    for row in range(counts.shape[0]):
        for col in range(counts.shape[1]):
            counts[row, col] = escape(x0 + col * step, y0 + row * step, maxiter)


@njit(parallel=True)
def mandelbrot_prange(counts, x0, y0, step, maxiter):
    for row in prange(counts.shape[0]):
        for col in range(counts.shape[1]):
            counts[row, col] = escape(x0 + col * step, y0 + row * step, maxiter)

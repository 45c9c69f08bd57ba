# cython: boundscheck=False, wraparound=False
"""Mandelbrot escape counts: for the pixel (row, col) of a grid with spacing `step` from
(x0, y0), the number of iterations z = z*z + c, from z = 0, before |z| > 2 (at most maxiter)."""
import cython


def mandelbrot(counts: cython.int[:, ::1], x0: cython.double, y0: cython.double,
               step: cython.double, maxiter: cython.int):
    row: cython.Py_ssize_t
    col: cython.Py_ssize_t
    it: cython.int
    cr: cython.double
    ci: cython.double
    zr: cython.double
    zi: cython.double
    zr2: cython.double
    zi2: cython.double
    for row in range(counts.shape[0]):
        ci = y0 + row * step
        for col in range(counts.shape[1]):
            cr = x0 + col * step
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
                it = it + 1
            counts[row, col] = it

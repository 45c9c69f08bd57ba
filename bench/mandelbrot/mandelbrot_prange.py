# cython: boundscheck=False, wraparound=False
"""Mandelbrot escape counts with the rows spread over threads.

`it = it + 1`, not `it += 1`: under prange an in-place operator makes `it` a reduction.
"""
import cython
from cython.parallel import prange


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
    for row in prange(counts.shape[0], nogil=True):
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

# cython: boundscheck=False, wraparound=False
"""RMS normalisation in parallel: out[i] = x[i] / sqrt(mean(x**2)).

The sum of squares is a prange reduction. Written as a user writes it: generic views (`[:]`,
not `[::1]`), so a compiler should find the contiguous fast path at run time; and Python
division (no cdivision), so the divisor's zero test belongs outside the loop.
"""
import cython
from cython.parallel import prange
from cython.cimports.libc.math import sqrt


def normalize(x: cython.double[:], out: cython.double[:]):
    n: cython.Py_ssize_t = x.shape[0]
    i: cython.Py_ssize_t
    total: cython.double = 0.0
    for i in prange(n, nogil=True):
        total += x[i] * x[i]
    rms: cython.double = sqrt(total / n)
    for i in prange(n, nogil=True):
        out[i] = x[i] / rms

# cython: boundscheck=False, wraparound=False
"""Serial RMS normalisation out[i] = x[i] / sqrt(mean(x**2)), written as users write it: generic
views (`[:]`, not `[::1]`). Both arguments are contiguous at run time, so a compiler that tests
the strides once before each loop can run the contiguous (vectorised) loop; rms_contig.py is the
same kernel declared `[::1]`, the speed to reach."""
import cython
from cython.cimports.libc.math import sqrt


def rms(x: cython.double[:], out: cython.double[:]):
    n: cython.Py_ssize_t = x.shape[0]
    i: cython.Py_ssize_t
    total: cython.double = 0.0
    for i in range(n):
        total += x[i] * x[i]
    r: cython.double = sqrt(total / n)
    for i in range(n):
        out[i] = x[i] / r

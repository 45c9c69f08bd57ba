# cython: boundscheck=False, wraparound=False
"""rms.py with contiguous views ([::1]): the target for the generic version."""
import cython
from cython.cimports.libc.math import sqrt


def rms(x: cython.double[::1], out: cython.double[::1]):
    n: cython.Py_ssize_t = x.shape[0]
    i: cython.Py_ssize_t
    total: cython.double = 0.0
    for i in range(n):
        total += x[i] * x[i]
    r: cython.double = sqrt(total / n)
    for i in range(n):
        out[i] = x[i] / r

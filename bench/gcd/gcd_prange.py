# cython: boundscheck=False, wraparound=False
"""Elementwise greatest common divisor of two int64 arrays, the elements spread over threads.

`%` keeps Python semantics (no cdivision), as in gcd.py.
"""
import cython
from cython.parallel import prange


def gcd(a: cython.long[:], b: cython.long[:], out: cython.long[:]):
    i: cython.Py_ssize_t
    x: cython.long
    y: cython.long
    r: cython.long
    for i in prange(a.shape[0], nogil=True):
        x = a[i]
        y = b[i]
        while y != 0:
            r = x % y
            x = y
            y = r
        out[i] = x

# cython: boundscheck=False, wraparound=False
"""Elementwise greatest common divisor of two int64 arrays by Euclid's algorithm.

`%` keeps Python semantics (no cdivision), as a user writes it: the operands are never
negative and the divisor never zero, which a compiler may prove or check outside the loop.
"""
import cython


def gcd(a: cython.long[:], b: cython.long[:], out: cython.long[:]):
    i: cython.Py_ssize_t
    x: cython.long
    y: cython.long
    r: cython.long
    for i in range(a.shape[0]):
        x = a[i]
        y = b[i]
        while y != 0:
            r = x % y
            x = y
            y = r
        out[i] = x

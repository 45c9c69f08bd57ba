# cython: boundscheck=False, wraparound=False
"""Euclidean distances between every pair of n points in d dimensions: out[i, j] = |p_i - p_j|."""
import cython
from cython.cimports.libc.math import sqrt


def pairwise(p: cython.double[:, ::1], out: cython.double[:, ::1]):
    n: cython.Py_ssize_t = p.shape[0]
    dims: cython.Py_ssize_t = p.shape[1]
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    d2: cython.double
    t: cython.double
    for i in range(n):
        for j in range(n):
            d2 = 0.0
            for k in range(dims):
                t = p[i, k] - p[j, k]
                d2 += t * t
            out[i, j] = sqrt(d2)

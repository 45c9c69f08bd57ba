# cython: boundscheck=False, wraparound=False
"""Inclusive prefix sum: out[i] = x[0] + ... + x[i], added left to right."""
import cython


def prefix_sum(x: cython.double[::1], out: cython.double[::1]):
    total: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(x.shape[0]):
        total += x[i]
        out[i] = total

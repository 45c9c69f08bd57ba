# cython: boundscheck=False, wraparound=False
"""The sum of a[i] + b[i] over two long arrays: memory-bound, one sequential reduction."""
import cython


def sum_pairs(a: cython.double[::1], b: cython.double[::1]) -> cython.double:
    total: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(a.shape[0]):
        total += a[i] + b[i]
    return total

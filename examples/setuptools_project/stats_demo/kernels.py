"""Small numeric kernels in Cython's pure-Python mode: pyc2c compiles them, CPython runs them."""
import cython
from cython.parallel import prange


def mean(a: cython.double[:]) -> cython.double:
    """The mean of a non-empty 1-D buffer of doubles."""
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s / a.shape[0]


def clipped_sum(a: cython.double[:], lo: cython.double = 0.0, hi: cython.double = 1.0) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += min(max(a[i], lo), hi)
    return s


def count_above(a: cython.long[:], limit: cython.long) -> cython.Py_ssize_t:
    n: cython.Py_ssize_t = 0
    for i in range(a.shape[0]):
        if a[i] > limit:
            n += 1
    return n


def sum_squares(a: cython.double[:]) -> cython.double:
    """Sum of squares, in parallel (OpenMP threads when built with openmp=True)."""
    s: cython.double = 0.0
    for i in prange(a.shape[0], nogil=True):
        s += a[i] * a[i]
    return s

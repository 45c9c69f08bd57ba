import cython
import numpy as np


def flags(n: cython.Py_ssize_t):
    a = np.zeros(n, dtype=bool)
    b = np.zeros(n, dtype=np.bool_)
    c = np.ones(n, dtype='?')
    return a, b, c


def from_cython(n: cython.Py_ssize_t):
    return np.zeros(n, dtype=cython.double)


def big_endian(n: cython.Py_ssize_t):
    return np.zeros(n, dtype='>f8')


def half(n: cython.Py_ssize_t):
    return np.zeros(n, dtype='f2')


def bool_fill(n: cython.Py_ssize_t):
    return np.full(n, False)


def object_fill(n: cython.Py_ssize_t, v):
    return np.full(n, v, dtype=np.uint8)

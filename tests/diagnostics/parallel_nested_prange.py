import cython
from cython.parallel import prange, parallel, threadid


def f(a: cython.double[:, :]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        for j in prange(a.shape[1]):
            s += a[i, j]
    return s

import cython
from cython.parallel import prange, parallel, threadid


def f(a: cython.double[:]) -> cython.double:
    m: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        m = max(m, a[i])
        m = min(m, -a[i])
    return m

import cython
from cython.parallel import prange, parallel, threadid


def f(a: cython.double[:]) -> cython.Py_ssize_t:
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        if a[i] < 0:
            break
    return i

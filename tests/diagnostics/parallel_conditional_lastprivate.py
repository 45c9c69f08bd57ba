import cython
from cython.parallel import prange, parallel, threadid


def f(a: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    last: cython.double = 0.0
    for i in prange(a.shape[0], nogil=True):
        if a[i] > 0:
            last = a[i]
    return last

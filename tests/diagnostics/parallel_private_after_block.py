import cython
from cython.parallel import prange, parallel, threadid


def f(a: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    with cython.nogil, parallel():
        g = 2.0
        for i in prange(a.shape[0]):
            out[i] = a[i] * g
    return g

import cython
from cython.parallel import prange, parallel, threadid


@cython.cfunc
def g(x: cython.double) -> cython.double:
    return x * 2.0


def f(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += g(a[i])
    return s

import cython
from cython.parallel import prange, parallel, threadid


def f(a: cython.double[:]) -> cython.int:
    n: cython.int = 0
    i: cython.Py_ssize_t
    with cython.nogil, parallel():
        n += 1
        for i in prange(a.shape[0]):
            a[i] = 0.0
    return n

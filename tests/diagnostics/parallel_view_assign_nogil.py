import cython
from cython.parallel import prange, parallel, threadid


def f(a: cython.double[:], b: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    with cython.nogil:
        c = a[1:]
        s = c[0]
    return s

import cython
from cython.parallel import prange, parallel, threadid


def f(a: cython.double[:], flag: cython.bint):
    i: cython.Py_ssize_t
    with cython.nogil, parallel():
        if flag:
            for i in prange(a.shape[0]):
                a[i] = 0.0

import cython
from cython.parallel import prange, parallel, threadid


def f(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    t: cython.double = 0.0
    for i in prange(a.shape[0], nogil=True):
        out[i] = t
        t = a[i]

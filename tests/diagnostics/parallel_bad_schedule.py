import cython
from cython.parallel import prange, parallel, threadid


def f(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule="fast"):
        out[i] = a[i]
    for i in prange(a.shape[0], nogil=True, chunksize=4):
        out[i] = a[i]

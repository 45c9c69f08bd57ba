import cython
from cython.parallel import prange


def biggest(a: cython.doublecomplex[:]) -> cython.doublecomplex:
    z: cython.doublecomplex = 0j
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        z = max(z, a[i])
    return z


def ok(a: cython.doublecomplex[:]) -> cython.doublecomplex:
    z: cython.doublecomplex = 1 + 0j
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        z *= a[i]
    return z

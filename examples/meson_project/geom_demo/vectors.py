"""Vector kernels in Cython's pure-Python mode (compiled by pyc2c; also run as plain Python)."""
import cython


def dot(a: cython.double[:], b: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


def norm2(a: cython.double[:]) -> cython.double:
    return dot(a, a)


def scale_into(out: cython.double[:], a: cython.double[:], k: cython.double) -> None:
    for i in range(a.shape[0]):
        out[i] = a[i] * k

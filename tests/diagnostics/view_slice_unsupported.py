import cython


def head(a: cython.double[:]) -> cython.double:
    b = a[1:3]
    return 0.0

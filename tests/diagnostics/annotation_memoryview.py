import cython


def total(a: cython.double[:]) -> cython.double:
    return 0.0

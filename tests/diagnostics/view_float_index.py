import cython


def at(a: cython.double[:], x: cython.double) -> cython.double:
    return a[x]

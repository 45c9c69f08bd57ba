import cython


def less(z: complex, w: complex) -> cython.bint:
    return z < w

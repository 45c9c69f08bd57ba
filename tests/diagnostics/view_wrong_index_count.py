import cython


def corner(a: cython.double[:, :]) -> cython.double:
    return a[0, 1, 2]

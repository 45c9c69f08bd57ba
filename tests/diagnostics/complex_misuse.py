import cython


def order(z: complex, w: complex) -> cython.bint:
    return z < w


def method_not_called(z: complex):
    f = z.conjugate
    return f


def two_values() -> cython.doublecomplex:
    return cython.doublecomplex(1.0, 2.0)


def bad_cast(a: cython.double[:]) -> cython.doublecomplex:
    return cython.cast(cython.doublecomplex, a)


def conj_args(z: complex) -> complex:
    return z.conjugate(1)

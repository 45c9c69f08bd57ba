import cython


def f(x: cython.int) -> cython.int:
    double = lambda y: 2 * y
    return double(x)

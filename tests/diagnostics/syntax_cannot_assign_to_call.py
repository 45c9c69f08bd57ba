import cython


def f(x: cython.int) -> cython.int:
    abs(x) = 3
    return x

import cython


def f(x: cython.int) -> cython.int
    return x

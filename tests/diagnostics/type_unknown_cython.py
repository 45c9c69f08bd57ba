import cython


def f(x: cython.integer) -> cython.int:
    return x

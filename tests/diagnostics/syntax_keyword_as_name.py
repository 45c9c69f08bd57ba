import cython


def f(x: cython.int, None) -> cython.int:
    return x

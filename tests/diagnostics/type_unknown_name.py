import cython


def f(x: cython.int) -> cython.int:
    y: integer = x
    return y

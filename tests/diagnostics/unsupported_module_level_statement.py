import cython

SCALE = 10


def f(x: cython.int) -> cython.int:
    return x * SCALE

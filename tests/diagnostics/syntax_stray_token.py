import cython


def f(x: cython.int, y: cython.int) -> cython.int:
    return x y

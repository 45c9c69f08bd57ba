import cython


def f(x: cython.int) -> cython.int:
    x += 0.5
    return x

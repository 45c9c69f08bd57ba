import cython


def f(x: cython.int) -> cython.int:
    y = x * 2
        return y

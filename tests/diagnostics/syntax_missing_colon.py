import cython


def f(x: cython.int) -> cython.int:
    if x > 0
        return x
    return -x

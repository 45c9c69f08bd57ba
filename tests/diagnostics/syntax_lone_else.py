import cython


def f(x: cython.int) -> cython.int:
    x = x + 1
    else:
        x = 0
    return x

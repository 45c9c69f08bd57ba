import cython


def f(x: cython.int) -> cython.int:
    if x > 10:
        break
    return x

import cython


def f() -> cython.char:
    c: cython.char = 200
    return c

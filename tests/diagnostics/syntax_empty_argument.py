import cython


def g(a: cython.int) -> cython.int:
    return a


def f() -> cython.int:
    return g(1,, 2)

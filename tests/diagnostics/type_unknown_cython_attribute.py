import cython


def f(x: cython.foo) -> cython.int:
    return 0

import cython


def f(x: cython.int) -> cython.int:

def g() -> cython.int:
    return 1

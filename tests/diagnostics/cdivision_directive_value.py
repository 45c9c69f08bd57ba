import cython


def f(a: cython.int, b: cython.int) -> cython.int:
    with cython.cdivision(1):
        return a // b

import cython


def power(x: cython.int, n: cython.int) -> cython.int:
    return x ** n

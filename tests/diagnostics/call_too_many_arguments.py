import cython


def add(a: cython.int, b: cython.int = 1) -> cython.int:
    return a + b


def f() -> cython.int:
    return add(1, 2, 3)

import cython


def add(a: cython.int, b: cython.int) -> cython.int:
    return a + b


def f() -> cython.int:
    return add(1, b=2, b=3)

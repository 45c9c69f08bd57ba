import cython


def f() -> cython.int:
    return 1_000_

import cython


def half(x: cython.int) -> cython.int:
    h: cython.int = x / 2
    return h

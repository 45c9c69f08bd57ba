import cython


def bump(x: cython.int) -> cython.int:
    global counter
    return x + 1

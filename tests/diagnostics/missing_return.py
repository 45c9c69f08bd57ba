import cython


def sign(x: cython.int) -> cython.int:
    if x > 0:
        return 1
    elif x < 0:
        return -1

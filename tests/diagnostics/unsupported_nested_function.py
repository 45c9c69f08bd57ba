import cython


def outer(x: cython.int) -> cython.int:
    def inner(y: cython.int) -> cython.int:
        return y + 1
    return inner(x)

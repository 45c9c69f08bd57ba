import cython


def g(n: cython.int):
    with cython.nogil:
        if n > 0:
            return 2.0
    return None

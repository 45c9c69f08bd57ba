import cython


def f(n: cython.int) -> cython.int:
    with cython.nogil:
        n += 1
    return n

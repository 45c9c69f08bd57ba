import cython


@cython.cfunc
@cython.nogil
def half(x, n: cython.int):
    if n > 0:
        return n / 2.0


def f(n: cython.int) -> cython.double:
    return 0.0

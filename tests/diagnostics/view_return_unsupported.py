import cython


@cython.cfunc
def same(a: cython.double[:]) -> cython.double:
    return a

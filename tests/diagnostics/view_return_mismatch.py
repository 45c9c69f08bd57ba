import cython


@cython.cfunc
def every_other(a: cython.double[::1]) -> cython.double[::1]:
    return a[::2]


@cython.cfunc
def loosen(a: cython.const[cython.double][:]) -> cython.double[:]:
    return a


@cython.cfunc
def flatten(a: cython.double[:, :]) -> cython.double[:]:
    return a


@cython.cfunc
@cython.nogil
def in_nogil(a: cython.double[:]) -> cython.double[:]:
    return a

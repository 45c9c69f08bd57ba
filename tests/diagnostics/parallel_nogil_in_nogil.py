import cython
from cython.parallel import prange, parallel, threadid


@cython.cfunc
@cython.nogil
def g(x: cython.double) -> cython.double:
    with cython.nogil:
        x = x + 1.0
    return x

import cython
from cython.parallel import prange, parallel, threadid


@cython.nogil
def f(x: cython.double) -> cython.double:
    return x * 2.0

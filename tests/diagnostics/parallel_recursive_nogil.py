import cython
from cython.parallel import prange, parallel, threadid


@cython.cfunc
@cython.nogil
def fact(n: cython.long) -> cython.long:
    if n <= 1:
        return 1
    return n * fact(n - 1)


def f(n: cython.long) -> cython.long:
    return fact(n)

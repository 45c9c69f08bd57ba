import cython
from cython.parallel import prange, parallel, threadid


def f(n: cython.int, k: int) -> cython.int:
    r: cython.int = 0
    with cython.nogil:
        r = n + k
    return r

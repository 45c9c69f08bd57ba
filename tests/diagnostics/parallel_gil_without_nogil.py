import cython
from cython.parallel import prange, parallel, threadid


def f(n: cython.int) -> cython.int:
    with cython.gil:
        n += 1
    return n

import cython
from cython.parallel import prange

@cython.cfunc
def ident(a: cython.double[:]) -> cython.double[:]:
    return a

def f(a: cython.double[:], m: cython.double[:, :]):
    s = 0.0
    with cython.nogil:
        s += ident(a)[0]
        for row in m:
            s += row[0]
    for i in prange(3, nogil=True):
        for x in m[i]:
            s += x
    return s

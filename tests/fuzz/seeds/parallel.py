import cython
from cython.parallel import prange, parallel, threadid


@cython.cfunc
@cython.nogil
def half(x: cython.double) -> cython.double:
    if x < 0.0:
        with cython.gil:
            raise ValueError("negative")
    return x / 2.0


def run(a: cython.double[:], partial: cython.double[:], out: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    m: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='dynamic', chunksize=2):
        t = half(a[i])
        s += t
        m = max(m, a[i])
        if a[i] > m:
            m = a[i]
        out[i] = t
    with cython.nogil, parallel(num_threads=2):
        tid = threadid()
        for i in prange(a.shape[0]):
            partial[tid] += a[i]
    with cython.nogil:
        for i in range(3):
            s = s + 1
    return s + m

"""Tutorial step 4: every local typed, helpers as C functions, bounds checks off, and (as the
tutorial writes it) a ccall declared to return a typed view, which gives back the new array."""
import cython
import numpy as np


@cython.cfunc
def f(x: cython.double) -> cython.double:
    return x * x - x


@cython.cfunc
def integrate(lo: cython.double, hi: cython.double, n: cython.long) -> cython.double:
    width: cython.double = (hi - lo) / n
    total: cython.double = 0.0
    k: cython.long
    for k in range(n):
        total += f(lo + k * width)
    return total * width


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def apply_integrate(col_lo: cython.double[:], col_hi: cython.double[:],
                    col_n: cython.long[:]) -> cython.double[:]:
    rows: cython.Py_ssize_t = col_n.shape[0]
    r: cython.Py_ssize_t
    res: cython.double[:] = np.empty(rows, dtype=np.float64)
    for r in range(rows):
        res[r] = integrate(col_lo[r], col_hi[r], col_n[r])
    return res

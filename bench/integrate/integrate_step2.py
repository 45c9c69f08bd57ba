"""Tutorial step 2: the same code with only the function arguments annotated.

The locals (width, total, k, rows, res) are left for the compiler to infer. Cython keeps
`total` a Python object here; pyc2c should infer a double and run at step-4 speed.
"""
import cython
import numpy as np


def f(x: cython.double):
    return x * x - x


def integrate(lo: cython.double, hi: cython.double, n: cython.long):
    width = (hi - lo) / n
    total = 0
    for k in range(n):
        total += f(lo + k * width)
    return total * width


def apply_integrate(col_lo: cython.double[:], col_hi: cython.double[:], col_n: cython.long[:]):
    rows = col_n.shape[0]
    res = np.empty(rows, dtype=np.float64)
    for r in range(rows):
        res[r] = integrate(col_lo[r], col_hi[r], col_n[r])
    return res

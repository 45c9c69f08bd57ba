"""Tutorial step 1: the integration example exactly as plain Python, with no annotations.

For each row r, integrate f(x) = x*x - x over [col_lo[r], col_hi[r]] with col_n[r] left
rectangles. pyc2c and Cython compile this file unchanged; the interpreter runs it as step 1.
"""
import numpy as np


def f(x):
    return x * x - x


def integrate(lo, hi, n):
    width = (hi - lo) / n
    total = 0
    for k in range(n):
        total += f(lo + k * width)
    return total * width


def apply_integrate(col_lo, col_hi, col_n):
    rows = len(col_n)
    res = np.empty(rows, dtype=np.float64)
    for r in range(rows):
        res[r] = integrate(col_lo[r], col_hi[r], col_n[r])
    return res

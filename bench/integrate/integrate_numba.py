"""The integrate kernel for Numba: the step-1 code under @njit."""
import numpy as np
from numba import njit


@njit
def f(x):
    return x * x - x


@njit
def integrate(lo, hi, n):
    width = (hi - lo) / n
    total = 0.0
    for k in range(n):
        total += f(lo + k * width)
    return total * width


@njit
def apply_integrate(col_lo, col_hi, col_n):
    rows = len(col_n)
    res = np.empty(rows, dtype=np.float64)
    for r in range(rows):
        res[r] = integrate(col_lo[r], col_hi[r], col_n[r])
    return res

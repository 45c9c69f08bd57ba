"""The integrate kernel for Pythran: the step-1 code, typed only by the export line."""
import numpy as np

#pythran export apply_integrate(float64[], float64[], int64[])


def f(x):
    return x * x - x


def integrate(lo, hi, n):
    width = (hi - lo) / n
    total = 0.0
    for k in range(n):
        total += f(lo + k * width)
    return total * width


def apply_integrate(col_lo, col_hi, col_n):
    rows = len(col_n)
    res = np.empty(rows, dtype=np.float64)
    for r in range(rows):
        res[r] = integrate(col_lo[r], col_hi[r], col_n[r])
    return res

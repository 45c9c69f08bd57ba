"""The integrate kernel in NumPy: each row's rectangles as one vector (also the reference)."""
import numpy as np


def apply_integrate(col_lo, col_hi, col_n):
    res = np.empty(len(col_n), dtype=np.float64)
    for r, (lo, hi, n) in enumerate(zip(col_lo, col_hi, col_n)):
        width = (hi - lo) / n
        x = lo + np.arange(n) * width
        res[r] = np.sum(x * x - x) * width
    return res

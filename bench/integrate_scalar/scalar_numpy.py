"""One integral of f(x) = x*x - x in NumPy: all rectangles as one vector (also the reference)."""
import numpy as np


def integrate(lo, hi, n):
    width = (hi - lo) / n
    x = lo + np.arange(n) * width
    return float(np.sum(x * x - x) * width)

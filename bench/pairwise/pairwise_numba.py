"""Pairwise Euclidean distances for Numba."""
import numpy as np
from numba import njit


@njit
def pairwise(p, out):
    n, dims = p.shape
    for i in range(n):
        for j in range(n):
            d2 = 0.0
            for k in range(dims):
                t = p[i, k] - p[j, k]
                d2 += t * t
            out[i, j] = np.sqrt(d2)

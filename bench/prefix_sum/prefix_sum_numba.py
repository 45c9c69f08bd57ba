"""Inclusive prefix sum for Numba."""
from numba import njit


@njit
def prefix_sum(x, out):
    total = 0.0
    for i in range(x.shape[0]):
        total += x[i]
        out[i] = total

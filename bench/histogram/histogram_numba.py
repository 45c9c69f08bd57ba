"""Histogram with integer counts for Numba."""
from numba import njit


@njit
def histogram(x, counts):
    nbins = counts.shape[0]
    for i in range(nbins):
        counts[i] = 0
    for i in range(x.shape[0]):
        counts[int(x[i] * nbins)] += 1

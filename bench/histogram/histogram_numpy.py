"""Histogram with integer counts in NumPy: bin indices, then np.bincount (also the reference)."""
import numpy as np


def histogram(x, counts):
    nbins = len(counts)
    counts[:] = np.bincount((x * nbins).astype(np.intp), minlength=nbins)

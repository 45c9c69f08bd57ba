# cython: boundscheck=False, wraparound=False
"""Histogram with integer counts of values in [0, 1) into len(counts) equal bins."""
import cython


def histogram(x: cython.double[::1], counts: cython.long[::1]):
    nbins: cython.Py_ssize_t = counts.shape[0]
    i: cython.Py_ssize_t
    for i in range(nbins):
        counts[i] = 0
    for i in range(x.shape[0]):
        counts[cython.cast(cython.Py_ssize_t, x[i] * nbins)] += 1

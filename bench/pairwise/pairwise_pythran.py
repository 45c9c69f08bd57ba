"""Pairwise Euclidean distances for Pythran."""
import numpy as np

#pythran export pairwise(float64[:,:], float64[:,:])


def pairwise(p, out):
    n, dims = p.shape
    for i in range(n):
        for j in range(n):
            d2 = 0.0
            for k in range(dims):
                t = p[i, k] - p[j, k]
                d2 += t * t
            out[i, j] = np.sqrt(d2)

"""RMS normalisation for Numba, parallel=True with prange."""
import numpy as np
from numba import njit, prange


@njit(parallel=True)
def normalize(x, out):
    n = x.shape[0]
    total = 0.0
    for i in prange(n):
        total += x[i] * x[i]
    rms = np.sqrt(total / n)
    for i in prange(n):
        out[i] = x[i] / rms

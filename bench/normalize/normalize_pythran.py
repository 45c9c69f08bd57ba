"""RMS normalisation for Pythran, both loops OpenMP-parallel."""
import numpy as np

#pythran export normalize(float64[], float64[])


def normalize(x, out):
    n = x.shape[0]
    total = 0.0
    #omp parallel for reduction(+:total)
    for i in range(n):
        total += x[i] * x[i]
    rms = np.sqrt(total / n)
    #omp parallel for
    for i in range(n):
        out[i] = x[i] / rms

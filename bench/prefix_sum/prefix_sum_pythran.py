"""Inclusive prefix sum for Pythran."""

#pythran export prefix_sum(float64[], float64[])


def prefix_sum(x, out):
    total = 0.0
    for i in range(x.shape[0]):
        total += x[i]
        out[i] = total

"""The sum of a[i] + b[i] for Pythran."""

#pythran export sum_pairs(float64[], float64[])


def sum_pairs(a, b):
    total = 0.0
    for i in range(a.shape[0]):
        total += a[i] + b[i]
    return total

"""The sum of a[i] + b[i] in NumPy, without a temporary array (also the reference)."""


def sum_pairs(a, b):
    return float(a.sum() + b.sum())

"""One integral of f(x) = x*x - x for Numba."""
from numba import njit


@njit
def f(x):
    return x * x - x


@njit
def integrate(lo, hi, n):
    width = (hi - lo) / n
    total = 0.0
    for k in range(n):
        total += f(lo + k * width)
    return total * width

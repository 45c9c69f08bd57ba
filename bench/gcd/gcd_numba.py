"""Elementwise GCD for Numba as a ufunc: @vectorize, serial target."""
from numba import vectorize


@vectorize(["int64(int64, int64)"])
def gcd(x, y):
    while y != 0:
        x, y = y, x % y
    return x

"""Elementwise GCD for Numba as a ufunc: @vectorize, target='parallel' (threads)."""
from numba import vectorize


@vectorize(["int64(int64, int64)"], target="parallel")
def gcd(x, y):
    while y != 0:
        x, y = y, x % y
    return x

import cython
from os import sqrt


def hyp(a: cython.double, b: cython.double) -> cython.double:
    return sqrt(a * a + b * b)

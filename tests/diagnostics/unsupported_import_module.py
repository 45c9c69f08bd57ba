import cython
import os


def hyp(a: cython.double, b: cython.double) -> cython.double:
    return os.sqrt(a * a + b * b)

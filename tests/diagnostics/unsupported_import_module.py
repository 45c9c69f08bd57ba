import cython
import math


def hyp(a: cython.double, b: cython.double) -> cython.double:
    return math.sqrt(a * a + b * b)

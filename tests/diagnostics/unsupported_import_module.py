import cython
import numpy


def hyp(a: cython.double, b: cython.double) -> cython.double:
    return numpy.sqrt(a * a + b * b)

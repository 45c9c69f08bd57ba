import cython


def mean(a: cython.double, b: cython.double) -> cython.double:
    total = (a + b
    return total / 2

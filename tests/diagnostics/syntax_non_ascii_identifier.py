import cython


def area(r: cython.double) -> cython.double:
    π = 3.14159
    return π * r * r

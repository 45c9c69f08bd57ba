import cython


class Point:
    x: cython.double
    y: cython.double

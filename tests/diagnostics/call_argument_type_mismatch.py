import cython


def area(w: cython.double, h: cython.double) -> cython.double:
    return w * h


def f() -> cython.double:
    return area(2.0, "3")

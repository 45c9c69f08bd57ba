import cython


def total(xs) -> cython.double:
    s: cython.double = 0.0
    for x in xs:
        s += x
    return s

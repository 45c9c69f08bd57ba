import cython


def middle(a: cython.double[:]):
    b = a[1:-1]
    return b

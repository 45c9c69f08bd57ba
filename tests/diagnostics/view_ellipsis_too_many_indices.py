import cython


def f(a: cython.double[:, :]):
    a[0, ..., 1] = 2.0
    a[..., 0, 1, 2] = 1.0

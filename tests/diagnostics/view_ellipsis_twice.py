import cython


def f(a: cython.double[:, :, :]) -> cython.double:
    return a[..., 0, ...][0]

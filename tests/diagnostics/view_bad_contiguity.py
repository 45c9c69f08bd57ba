import cython


def total(a: cython.double[:, ::1, :]) -> cython.double:
    return 0.0

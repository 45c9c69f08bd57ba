import cython


def f() -> cython.longlong:
    big: cython.longlong = 123456789012345678901234567890
    return big

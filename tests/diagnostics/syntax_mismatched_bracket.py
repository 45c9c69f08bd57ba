import cython


def f(x: cython.int) -> cython.int:
    y = (x +
         1]
    return y

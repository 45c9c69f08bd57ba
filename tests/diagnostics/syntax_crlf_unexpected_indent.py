import cython


def f(x: cython.int) -> cython.int:
    y = x
      return y

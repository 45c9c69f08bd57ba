import cython


def f(x: cython.int) -> cython.int:
    if x > 0:
        x = x - 1
      return x

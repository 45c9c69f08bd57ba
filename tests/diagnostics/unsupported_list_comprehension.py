import cython


def f(n: cython.int) -> cython.int:
    squares = [i * i for i in range(n)]
    return squares[-1]

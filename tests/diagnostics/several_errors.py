import cython


def f(x: cython.int) -> cython.int:
    y: cython.int = 1.5
    return y + z


def g(a: cython.int) -> cython.int:
    return f(a, a)


def h() -> cython.char:
    c: cython.char = 1000
    return c


def k(n: cython.foo) -> cython.int:
    return 0

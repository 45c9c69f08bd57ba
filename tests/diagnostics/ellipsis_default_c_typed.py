import cython


def ok(x=...):
    return x


def scaled(x: cython.double, factor: cython.double = ...) -> cython.double:
    return x * factor


def count(n: cython.int = ..., name: str = ...):
    return n

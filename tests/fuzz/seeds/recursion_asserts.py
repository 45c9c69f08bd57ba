"""Recursion, assert, raise."""
import cython


def fact(n: cython.ulonglong) -> cython.ulonglong:
    assert n < 21, "too big"
    if n <= 1:
        return 1
    return n * fact(n - 1)


def fib(n):
    if n < 0:
        raise ValueError("negative")
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def kw(a, b: cython.int = 2, c: cython.double = -1.5):
    return fib(n=a) + fact(b) + c

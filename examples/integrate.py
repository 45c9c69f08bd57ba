"""Numerical integration of f(x) = x**2 - x with the rectangle rule.

Our own scalar version of the classic Cython tutorial kernel. It runs unchanged under CPython
(the `cython` module makes the annotations harmless) and compiles with `pyc2c build`.
"""
import cython


@cython.cfunc
def f(x: cython.double) -> cython.double:
    return x**2 - x


def integrate_f(a: cython.double, b: cython.double, N: cython.int) -> cython.double:
    """Integrate f from a to b with N rectangles."""
    s: cython.double = 0.0
    dx: cython.double = (b - a) / N
    for i in range(N):
        s += f(a + i * dx)
    return s * dx

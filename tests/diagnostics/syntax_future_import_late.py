import cython
from __future__ import annotations


def f(x: cython.int) -> cython.int:
    return x

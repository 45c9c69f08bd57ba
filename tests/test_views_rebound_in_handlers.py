"""A name the loop body rebinds, however it rebinds it, is not loop-invariant: bounds facts
(typeinfer/bounds.c) and loop versioning (emit/version.c) must see tuple targets, `except`
handlers and `finally` blocks, or an index leaves its view unchecked (these read out of bounds
before the walkers looked there)."""
import numpy as np
import pytest

from conftest import check_same

SOURCE = '''
import cython


def offset_in_handler(a: cython.double[:], d: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    off: cython.Py_ssize_t = 0
    i: cython.Py_ssize_t
    for i in range(a.shape[0] - 1):
        s += a[i + off]
        try:
            s += 1.0 / d
        except ZeroDivisionError:
            off = 1000000
    return s


def offset_in_finally(a: cython.double[:], n: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    off: cython.Py_ssize_t = 0
    i: cython.Py_ssize_t
    for i in range(a.shape[0] - 1):
        s += a[i + off]
        try:
            s += 1.0
        finally:
            if i == n:
                off = 1000000
    return s


def offset_in_tuple(a: cython.double[:], n: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    off: cython.Py_ssize_t = 0
    k: cython.Py_ssize_t = 0
    i: cython.Py_ssize_t
    for i in range(a.shape[0] - 1):
        s += a[i + off]
        if i == n:
            off, k = 1000000, 1
    return s + k


def index_in_tuple(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    k: cython.Py_ssize_t
    for i in range(a.shape[0]):
        i, k = i + 1000000, 0
        s += a[i]
    return s


def index_in_handler(a: cython.double[:], d: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(a.shape[0]):
        try:
            s += 1.0 / d
        except ZeroDivisionError:
            i = i + 1000000
        s += a[i]
    return s
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("rebound"))


def test_rebound_names_keep_their_checks(built):
    a = memoryview(np.arange(8.0))  # interpreted, its elements are Python floats
    check_same(built, [
        ("offset_in_handler", (a, 1)), ("offset_in_handler", (a, 0)),
        ("offset_in_finally", (a, 3)), ("offset_in_finally", (a, 100)),
        ("offset_in_tuple", (a, 2)), ("offset_in_tuple", (a, 100)),
        ("index_in_tuple", (a,)), ("index_in_tuple", (a[:0],)),
        ("index_in_handler", (a, 1)), ("index_in_handler", (a, 0)),
    ])

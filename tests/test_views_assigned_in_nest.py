"""Names a loop nest assigns anywhere in it (compiler/emit/effects.c, assigned_symbols) are not
loop-invariant: the versioning test (compiler/emit/version.c) must not bound an index by their
value before the nest. Assignments in except handlers, finally blocks and list targets count like
plain ones; before they did not, and the unchecked copy read past the view's end. A
`for row in m` loop whose body may rebind m (compiler/emit/view.c) holds m's object. Each case runs
compiled and interpreted on the same inputs and compares the result or exception type (array.array where a division by an element must
raise ZeroDivisionError interpreted, as a NumPy float would not)."""
import array

import numpy as np
import pytest

SOURCE = '''
import cython

def in_handler(a: cython.double[:], b: cython.double[:], n: cython.Py_ssize_t) -> cython.double:
    k: cython.Py_ssize_t = 0
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(n):
        try:
            s += 1.0 / b[i]
        except ZeroDivisionError:
            k = 1000000
        s += a[k]
    return s

def in_finally(a: cython.double[:], b: cython.double[:], n: cython.Py_ssize_t) -> cython.double:
    k: cython.Py_ssize_t = 0
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(n):
        try:
            s += b[i]
        finally:
            k = k + 1000000 * i
        s += a[k]
    return s

def list_target(a: cython.double[:], n: cython.Py_ssize_t) -> cython.double:
    k: cython.Py_ssize_t = 0
    m: cython.Py_ssize_t = 0
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(n):
        s += a[k]
        [k, m] = [1000000 * i, m]
    return s

def assigned_in_nested_handler(a: cython.double[:, :], n: cython.Py_ssize_t) -> cython.double:
    k: cython.Py_ssize_t = 0
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(n):
        for j in range(n):
            s += a[k, j]
            try:
                s += 1.0 / (i - 1)
            except ZeroDivisionError:
                k = 1000000
    return s

def rows_rebound_in_handler(m: cython.double[:, :], other: cython.double[:, :]) -> cython.double:
    s: cython.double = 0.0
    for row in m:
        try:
            if row[0] == 0.0:
                raise ValueError
        except ValueError:
            m = other
        s += row[1] + m[0, 0]
    return s

def rows_rebound_in_with(m: cython.double[:, :], other: cython.double[:, :]) -> cython.double:
    s: cython.double = 0.0
    for row in m:
        with cython.boundscheck(False):
            s += row[0]
            if row[1] == 0.0:
                m = other
        s += m[0, 0]
    return s
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("assigned"))


def outcome(fn, args):
    try:
        return "value", fn(*args)
    except Exception as exc:  # the type is compared, as in check_same
        return "raise", type(exc)


@pytest.mark.parametrize("name, args", [
    ("in_handler", (np.ones(4), array.array("d", [1.0, 0.0, 1.0]), 3)),
    ("in_handler", (np.ones(4), array.array("d", [1.0, 2.0, 4.0]), 3)),
    ("in_finally", (np.ones(4), np.ones(3), 1)),
    ("in_finally", (np.ones(4), np.ones(3), 3)),
    ("list_target", (np.ones(4), 1)),
    ("list_target", (np.ones(4), 3)),
    ("assigned_in_nested_handler", (np.ones((3, 3)), 1)),
    ("assigned_in_nested_handler", (np.ones((3, 3)), 3)),
    ("rows_rebound_in_handler", (np.array([[1.0, 2.0], [0.0, 3.0], [4.0, 5.0]]), np.full((1, 1), 7.0))),
    ("rows_rebound_in_with", (np.array([[1.0, 2.0], [3.0, 0.0], [4.0, 5.0]]), np.full((1, 1), 7.0))),
])
def test_assigned_in_nest(mod, name, args):
    got = outcome(getattr(mod.compiled, name), args)
    want = outcome(getattr(mod.interpreted, name), args)
    assert got[0] == want[0] and (got[1] == want[1] if got[0] == "value" else got[1] is want[1]), (
        name, got, want)

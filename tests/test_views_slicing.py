"""Sub-views: a[lo:hi:step], a[:, j], a[i] of a 2-D view, and assignment into them, against
CPython on NumPy arrays (results compared as floats)."""
import itertools

import numpy as np
import pytest

from conftest import build_source

SOURCE = '''
import cython

def stepped(a: cython.double[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t, st: cython.Py_ssize_t) -> cython.double:
    b = a[lo:hi:st]
    s: cython.double = 0.0
    for x in b:
        s = s * 2.0 + x
    return s + b.shape[0] * 1000.0

def open_ends(a: cython.double[:]) -> cython.double:
    return a[:3][0] + a[3:][0] + a[::-1][0] + a[::2][1] + a[1:-1].shape[0]

def col_sum(m: cython.double[:, ::1], j: cython.Py_ssize_t) -> cython.double:
    c = m[:, j]
    s: cython.double = 0.0
    for i in range(c.shape[0]):
        s += c[i]
    return s

def row_ends(m: cython.double[:, :], i: cython.Py_ssize_t) -> cython.double:
    r = m[i]
    return r[0] + r[r.shape[0] - 1]

def block(m: cython.double[:, :, :], i: cython.Py_ssize_t) -> cython.double:
    b = m[i, 1:, ::2]
    s: cython.double = 0.0
    for p in range(b.shape[0]):
        for q in range(b.shape[1]):
            s = s * 3.0 + b[p, q]
    return s

@cython.cfunc
def total(v: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for x in v:
        s += x
    return s

def pass_slice(a: cython.double[:]) -> cython.double:
    return total(a[2:]) - total(a[:2])

def fill_mid(a: cython.double[:], x: cython.double):
    a[2:5] = x
    return 0

def copy_mid(a: cython.double[:], b: cython.double[:]):
    a[1:4] = b[0:3]
    return 0
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("slices"), "slices")


def outcome(fn, *args):
    try:
        return ("value", float(fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])))
    except Exception as exc:  # compared by type
        return ("raises", type(exc))


def agree(mod, name, *args):
    got = outcome(getattr(mod.compiled, name), *args)
    want = outcome(getattr(mod.interpreted, name), *args)
    assert got == want, (name, args, got, want)


def test_stepped_slices_clamp_like_python(mod):
    a = np.arange(10.0)
    for lo, hi, st in itertools.product([-12, -3, 0, 2, 9, 15], [-12, -1, 0, 4, 10, 20], [-3, -1, 1, 2, 0]):
        agree(mod, "stepped", a, lo, hi, st)


def test_open_ended_and_multi_dimensional_slices(mod):
    a = np.arange(1.0, 9.0)
    agree(mod, "open_ends", a)
    agree(mod, "open_ends", a[::-1].copy())
    m = np.arange(12.0).reshape(3, 4)
    for j in (-5, -4, -1, 0, 3, 4):
        agree(mod, "col_sum", m, j)
    for i in (-4, -1, 0, 2, 3):
        agree(mod, "row_ends", m, i)
        agree(mod, "row_ends", np.asfortranarray(m), i)
    cube = np.arange(60.0).reshape(3, 4, 5)
    for i in (-1, 0, 2, 3):
        agree(mod, "block", cube, i)
        agree(mod, "block", cube.transpose(0, 2, 1).copy().transpose(0, 2, 1), i)
    agree(mod, "pass_slice", a)


def test_assignment_into_sub_views(mod):
    for n in (8, 5, 3):
        a = np.arange(float(n))
        got, want = a.copy(), a.copy()
        try:
            mod.compiled.fill_mid(got, 7.5)
            mod.interpreted.fill_mid(want, 7.5)
        except ValueError:
            pass
        assert np.array_equal(got, want)
    got, want = np.zeros(6), np.zeros(6)
    mod.compiled.copy_mid(got, np.arange(6.0))
    mod.interpreted.copy_mid(want, np.arange(6.0))
    assert np.array_equal(got, want)
    with pytest.raises(ValueError):
        mod.compiled.copy_mid(np.zeros(2), np.arange(6.0))
    with pytest.raises(ValueError):
        mod.interpreted.copy_mid(np.zeros(2), np.arange(6.0))

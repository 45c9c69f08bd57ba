"""Shared harness for the typed-memoryview tests (tests/test_views_*.py), and its own checks.

A kernel may write into its array arguments, so each side gets its own fresh inputs: an argument
given as a callable (a factory such as `lambda: np.arange(6.)[::2]`) is called once for the
compiled call and once for the interpreted one, which keeps the layout (strides, order, offset)
that a copy would lose. After both calls the return values are compared (NumPy scalars the
interpreted file returns are compared as the Python values the compiled module returns) and so is
every array argument, element by element, with the same dtype.

Each test file compiles one module holding many kernels, once per file (`module_build`), so the
suite stays fast.
"""
import array
import ctypes
import sys

import numpy as np
import pytest

from conftest import build_source, same


def norm(x):
    """The interpreted file reads NumPy scalars out of arrays; the compiled module boxes C values."""
    if isinstance(x, np.longdouble):
        return float(x)  # .item() keeps a long double; the compiled module returns a float
    if isinstance(x, np.generic):
        return x.item()
    return x


def fresh(args):
    return [a() if callable(a) else a for a in args]


class ArrayInterface:
    """A duck array: __array_interface__ (no buffer protocol), plus indexing and len() so the
    interpreted file can use it too. Keeps the NumPy array (and so the memory) alive."""

    def __init__(self, arr, readonly=False):
        self.arr = arr
        self.readonly = readonly

    @property
    def __array_interface__(self):
        ai = dict(self.arr.__array_interface__)
        ai["data"] = (ai["data"][0], self.readonly)
        if ai.get("strides") is None and not self.arr.flags.c_contiguous:
            ai["strides"] = self.arr.strides
        return ai

    def __getitem__(self, i):
        return self.arr[i]

    def __setitem__(self, i, v):
        if self.readonly:
            raise ValueError("assignment destination is read-only")
        self.arr[i] = v

    def __len__(self):
        return len(self.arr)

    @property
    def shape(self):
        return self.arr.shape


def contents(x):
    """What an argument holds, comparable across the two sides."""
    if isinstance(x, np.ndarray):
        return ("ndarray", x.dtype.str, x.shape, x.strides, x.tolist())
    if isinstance(x, ArrayInterface):
        return ("ai",) + contents(x.arr)[1:]
    if isinstance(x, array.array):
        return ("array", x.typecode, x.tolist())
    if isinstance(x, memoryview):
        return ("memoryview", x.format, x.shape, x.tolist())
    if isinstance(x, ctypes.Array):
        return ("ctypes", type(x)._type_, list(x))
    if isinstance(x, (bytearray, bytes)):
        return (type(x).__name__, bytes(x))
    return ("value", x)


def same_contents(a, b):
    if a[0] in ("ndarray", "ai") and a[:4] == b[:4]:
        x, y = np.array(a[4]), np.array(b[4])
        return x.shape == y.shape and np.array_equal(x, y, equal_nan=x.dtype.kind in "fc")
    return a == b


def call(fn, args):
    try:
        return ("value", norm(fn(*args)))
    except Exception as exc:  # the exception's type is the outcome being compared
        return ("raises", type(exc))


def check_call(built, name, *args):
    """Runs name(*args) on fresh inputs on both sides; asserts the same result (value and type, or
    exception type) and the same final contents of every argument. Returns the compiled result."""
    cargs, iargs = fresh(args), fresh(args)
    got = call(getattr(built.compiled, name), cargs)
    want = call(getattr(built.interpreted, name), iargs)
    assert got[0] == want[0] and (same(got[1], want[1]) if got[0] == "value" else got[1] is want[1]), (
        f"{name}: compiled {got}, interpreted {want}")
    for k, (c, i) in enumerate(zip(cargs, iargs)):
        cc, ic = contents(c), contents(i)
        assert same_contents(cc, ic), f"{name}: argument {k} differs: compiled {cc}, interpreted {ic}"
    return got


def module_build(source, tmp_path_factory, name):
    """Compiles `source` once for a test file (pyc2c and the interpreted file, as conftest does)."""
    built = build_source(source, tmp_path_factory.mktemp(name), name)
    assert built.compiled.__file__.endswith(".so") and built.interpreted.__file__.endswith(".py")
    return built


# ---- the harness's own checks: it must see what it is meant to compare.

HARNESS_SRC = '''
import cython

def first(a: cython.double[:]) -> cython.double:
    return a[0]

def firstf(a: cython.double[:]):
    return float(a[0])

def bump(a: cython.double[:]):
    a[0] += 1.0
'''


def test_harness_detects_differences(differential):
    built = differential(HARNESS_SRC, [("firstf", (np.array([2.5]),))])
    assert check_call(built, "first", lambda: np.array([2.5, 1.0])) == ("value", 2.5)
    assert check_call(built, "bump", lambda: np.zeros(3)) == ("value", None)
    # A kernel whose effect differs between the sides is caught: make the interpreted one differ.
    built.interpreted.bump = lambda a: a.__setitem__(1, 5.0)
    with pytest.raises(AssertionError, match="argument 0 differs"):
        check_call(built, "bump", lambda: np.zeros(3))
    built.interpreted.first = lambda a: float(a[0]) + 1
    with pytest.raises(AssertionError, match="compiled"):
        check_call(built, "first", lambda: np.array([2.5]))


def test_fresh_inputs_keep_layout():
    base = lambda: np.arange(12.0).reshape(3, 4).T[::2]
    a, b = fresh([base])[0], fresh([base])[0]
    assert a is not b and a.strides == b.strides and not np.shares_memory(a, b)
    assert norm(np.float32(1.5)) == 1.5 and type(norm(np.int8(3))) is int
    assert sys.getrefcount(a) >= 2

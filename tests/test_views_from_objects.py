"""A Python object taken as a typed view inside compiled code: `a: cython.double[:] = obj` and an
object passed to a cfunc's view parameter. The buffer is acquired with the checks and messages
of an argument (without the argument's name) and kept by a holder object that the view's
aliases share, so it is released exactly once, after the last view of it (a bytearray stays
pinned while an alias lives), on every path, errors included."""
import sys
from array import array

import numpy as np
import pytest

from conftest import build_source

SOURCE = '''
import cython

@cython.cfunc
def total(v: cython.double[:]) -> cython.double:
    s = 0.0
    for x in v:
        s += x
    return s

@cython.cfunc
def bump(v: cython.double[:]) -> cython.void:
    v[0] += 1.0

def from_local(data):
    a: cython.double[:] = data
    s = 0.0
    for i in range(len(a)):
        s = s * 2 + a[i]
    return s

def from_declare(data):
    a = cython.declare(cython.long[:, :], data)
    return a[1, 0] - a[0, 1]

def to_cfunc(data):
    return total(data)

def write_cfunc(data):
    bump(data)

def give_back(data):
    a: cython.double[:, :] = data
    return a

def give_slice(data):
    a: cython.double[:] = data
    return a[1:]

def alias_outlives(data, other):
    a: cython.uchar[:] = data
    b = a
    a = other
    return b[0] + a[0]

def const_local(data):
    a: cython.const[cython.double][:] = data
    return a[0]

def reassigned(first, second):
    a: cython.int[:] = first
    s = a[0]
    a = second
    return s + a[0]

def fails_after(data, i: cython.Py_ssize_t):
    a: cython.double[:] = data
    return a[i]
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("from_objects"))


def py(x):
    return x.item() if isinstance(x, np.generic) else x


@pytest.mark.parametrize("name,args", [
    ("from_local", (np.arange(5.0),)), ("from_local", (array("d", [1.5, 2.5]),)),
    ("from_local", (memoryview(array("d", [3.0, 4.0, 5.0]))[::-1],)),
    ("from_local", (np.arange(10.0)[::3],)),
    ("from_declare", (np.arange(6).reshape(2, 3),)),
    ("to_cfunc", (np.arange(4.0),)), ("to_cfunc", (array("d", [0.5] * 3),)),
    ("alias_outlives", (bytearray(b"ab"), bytearray(b"cd"))),
    ("const_local", (np.arange(3.0),)),
    ("reassigned", (np.array([1, 2], dtype=np.intc), np.array([10], dtype=np.intc))),
    ("fails_after", (np.arange(3.0), 1)), ("fails_after", (np.arange(3.0), 3)),
])
def test_values_match(mod, name, args):
    def outcome(m):
        try:
            return "value", py(getattr(m, name)(*args))
        except Exception as exc:
            return "raises", type(exc)
    assert outcome(mod.compiled) == outcome(mod.interpreted)


@pytest.mark.parametrize("name,arg,exc,message", [
    ("from_local", np.arange(3), ValueError, "Buffer dtype mismatch, expected 'double' but got 'long'"),
    ("from_local", np.zeros((2, 2)), ValueError, r"Buffer has wrong number of dimensions \(expected 1, got 2\)"),
    ("from_local", None, TypeError, "cannot take a typed memoryview of None"),
    ("from_local", "text", TypeError, "bytes-like object is required"),
    ("to_cfunc", np.arange(3, dtype=np.float32), ValueError, "expected 'double' but got 'float'"),
    ("give_back", np.arange(3.0), ValueError, "wrong number of dimensions"),
])
def test_bad_objects(mod, name, arg, exc, message):
    with pytest.raises(exc, match=message):
        getattr(mod.compiled, name)(arg)


def test_read_only_buffers(mod):
    ro = np.arange(3.0)
    ro.setflags(write=False)
    assert mod.compiled.const_local(ro) == 0.0
    assert mod.compiled.to_cfunc(ro) == 3.0  # total() only reads its parameter
    with pytest.raises(ValueError, match="read-only"):
        mod.compiled.write_cfunc(ro)
    # a non-const local needs a writable buffer, as in Cython
    with pytest.raises(ValueError, match="read-only"):
        mod.compiled.from_local(ro)


def test_writes_and_identity(mod):
    a = np.arange(3.0)
    mod.compiled.write_cfunc(a)
    assert a.tolist() == [1.0, 1.0, 2.0]
    m = np.zeros((2, 2))
    assert mod.compiled.give_back(m) is m
    got = mod.compiled.give_slice(a)
    assert isinstance(got, memoryview) and np.asarray(got).tolist() == [1.0, 2.0]
    np.asarray(got)[0] = 7.0
    assert a[1] == 7.0


def test_buffers_released_exactly_once(mod):
    ba = bytearray(b"xyz")
    assert mod.compiled.alias_outlives(ba, bytearray(b"q")) == ord("x") + ord("q")
    ba.extend(b"more")  # no buffer left held
    a, m = np.arange(8.0), np.zeros((3, 3))
    ra, rm = sys.getrefcount(a), sys.getrefcount(m)
    for _ in range(500):
        mod.compiled.from_local(a)
        mod.compiled.to_cfunc(a)
        mod.compiled.give_back(m)
        mod.compiled.reassigned(np.array([1], dtype=np.intc), np.array([2], dtype=np.intc))
        with pytest.raises(IndexError):
            mod.compiled.fails_after(a, 8)
        with pytest.raises(ValueError):
            mod.compiled.from_local(m)
    assert (sys.getrefcount(a), sys.getrefcount(m)) == (ra, rm)
    ba2 = bytearray(b"abc")
    with pytest.raises(ValueError):
        mod.compiled.from_local(ba2)  # 'B' is not 'double'
    ba2.extend(b"d")  # released on the error path too


def test_array_interface_objects(mod):
    from test_views_harness import ArrayInterface
    arr = np.arange(4.0)
    duck = ArrayInterface(arr)
    assert mod.compiled.from_local(duck) == mod.interpreted.from_local(ArrayInterface(arr.copy()))
    mod.compiled.write_cfunc(duck)
    assert arr[0] == 1.0
    assert mod.compiled.give_back(ArrayInterface(np.zeros((2, 2)))) is not None
    d2 = ArrayInterface(np.zeros((2, 2)))
    assert mod.compiled.give_back(d2) is d2
    ro = ArrayInterface(np.arange(3.0), readonly=True)
    with pytest.raises(ValueError, match="read-only"):
        mod.compiled.write_cfunc(ro)
    assert mod.compiled.const_local(ro) == 0.0
    before = sys.getrefcount(duck)
    for _ in range(200):
        mod.compiled.to_cfunc(duck)
        mod.compiled.give_slice(duck)
    assert sys.getrefcount(duck) == before

"""Read-only views, `cython.const[cython.double][:]` (Cython's pure-mode spelling of
`const double[:]`): they accept read-only buffers (a NumPy array with writeable=False, bytes, a
read-only memoryview) that a writable view rejects, read like any view, and can be passed to
const parameters and sliced. Writes through them are compile-time errors (goldens
view_const_written and view_const_passed_as_writable in tests/diagnostics)."""
from array import array

import numpy as np
import pytest

from conftest import check_same

SOURCE = '''
import cython

def total(a: cython.const[cython.double][:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s

def last(a: cython.const[cython.double][::1]) -> cython.double:
    return a[-1]

def grid_sum(g: cython.const[cython.long][:, :]) -> cython.long:
    s: cython.long = 0
    for i in range(g.shape[0]):
        for j in range(g.shape[1]):
            s += g[i, j]
    return s

def byte_sum(b: cython.const[cython.uchar][:]) -> cython.long:
    s: cython.long = 0
    for x in b:
        s += x
    return s

@cython.cfunc
def inner(a: cython.const[cython.double][:]) -> cython.double:
    return a[0] + a[a.shape[0] - 1]

def through_cfunc(a: cython.const[cython.double][:]) -> cython.double:
    return inner(a[1:])

def copy_into(src: cython.const[cython.double][:], dst: cython.double[:]):
    dst[:] = src

def writable(a: cython.double[:]) -> cython.double:
    a[0] = 5.0
    return a[0]

def mixed(a: cython.double[:]) -> cython.double:
    return inner(a)
'''


def ro(arr):
    arr = np.array(arr)
    arr.setflags(write=False)
    return arr


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("const_views"))


def agree(built, name, *args):
    got = getattr(built.compiled, name)(*args)
    want = getattr(built.interpreted, name)(*args)
    assert type(got) in (int, float) and got == want, (name, got, want)


def test_read_only_numpy(built):
    agree(built, "total", ro([1.0, 2.0, 3.5]))
    agree(built, "total", ro(np.arange(10.0))[::3])
    agree(built, "last", ro([1.0, 2.0, 3.5]))
    agree(built, "grid_sum", ro(np.arange(12).reshape(3, 4)))
    agree(built, "grid_sum", ro(np.arange(12).reshape(3, 4)).T)
    agree(built, "through_cfunc", ro([1.0, 2.0, 4.0, 8.0]))
    agree(built, "mixed", np.array([1.0, 2.0, 4.0]))


def test_read_only_builtins(built):
    check_same(built, [
        ("byte_sum", (b"\x01\x02\xff",)),
        ("byte_sum", (memoryview(b"abc"),)),
        ("byte_sum", (bytearray(b"abc"),)),
        ("total", (memoryview(array("d", [1.5, 2.5])).toreadonly(),)),
        ("total", (memoryview(array("d", [1.5, 2.5, 4.0]))[::2],)),
    ])


def test_copy_from_read_only(built):
    src, dst_c, dst_i = ro([1.0, 2.0, 3.0]), np.zeros(3), np.zeros(3)
    built.compiled.copy_into(src, dst_c)
    built.interpreted.copy_into(src, dst_i)
    assert dst_c.tolist() == dst_i.tolist() == [1.0, 2.0, 3.0]


def test_writable_view_still_rejects_read_only(built):
    with pytest.raises(ValueError, match="read-only"):
        built.compiled.writable(ro([1.0, 2.0]))
    with pytest.raises(ValueError):
        built.interpreted.writable(ro([1.0, 2.0]))


@pytest.mark.parametrize("name,arg,exc,msg", [
    ("total", ro(np.arange(3)), ValueError, "Buffer dtype mismatch, expected 'double' but got"),
    ("total", ro(np.zeros((2, 2))), ValueError, r"wrong number of dimensions \(expected 1, got 2\)"),
    ("last", ro(np.arange(6.0))[::2], ValueError, "C-contiguous"),
    ("last", ro(np.zeros(0)), IndexError, r"Out of bounds on buffer access \(axis 0\)"),
    ("total", None, TypeError, ""),
    ("total", 3.0, TypeError, ""),
])
def test_const_view_errors_like_any_view(built, name, arg, exc, msg):
    with pytest.raises(exc, match=msg or None):
        getattr(built.compiled, name)(arg)

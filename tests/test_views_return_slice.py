"""A slice of a typed memoryview given back to Python (returned, or passed to a Python-level
function) is a Python `memoryview` with the slice's shape, strides and format over the same
memory: writes through it are seen in the original array and the other way round, it keeps the
array alive, it is read-only when the array is (or the view is const), and it pins a bytearray's
buffer like any export. A whole view still gives back the object itself."""
import gc
from array import array

import numpy as np
import pytest

SOURCE = '''
import cython

def middle(a: cython.double[:]):
    b = a[1:-1]
    return b

def column(m: cython.double[:, :], j: cython.Py_ssize_t):
    return m[:, j]

def corner(m: cython.int[:, ::1]):
    return m[1:, ::2]

def plane(t: cython.float[:, :, :], k: cython.Py_ssize_t):
    return t[k]

def reversed_bytes(b: cython.uchar[:]):
    return b[::-1]

def const_row(m: cython.const[cython.double][:, :]):
    return m[0]

def maybe_slice(a: cython.long[:], cut: cython.bint):
    v = a
    if cut:
        v = a[::2]
    return v

def whole(a: cython.double[:]):
    return a

def count(o):
    return len(o)

def through_python(a: cython.short[:, :]):
    return count(a[1:])

def nested_slice(a: cython.double[:, :]):
    b = a[1:]
    c = b[:, 1:]
    return c
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("return_slice"))


def same_values(got, want):
    assert isinstance(got, memoryview)
    assert np.asarray(got).tolist() == np.asarray(want).tolist()
    assert got.shape == np.asarray(want).shape


@pytest.mark.parametrize("name,make,args", [
    ("middle", lambda: np.arange(6.0), ()),
    ("middle", lambda: np.arange(12.0)[::2], ()),
    ("middle", lambda: array("d", [1.0, 2.0, 3.0, 4.0]), ()),
    ("column", lambda: np.arange(12.0).reshape(3, 4), (2,)),
    ("column", lambda: np.asfortranarray(np.arange(12.0).reshape(3, 4)), (-1,)),
    ("column", lambda: np.arange(12.0).reshape(4, 3).T, (0,)),
    ("corner", lambda: np.arange(12, dtype=np.intc).reshape(3, 4), ()),
    ("plane", lambda: np.arange(24, dtype=np.float32).reshape(2, 3, 4), (1,)),
    ("plane", lambda: np.arange(48, dtype=np.float32).reshape(2, 6, 4)[:, ::2], (-2,)),
    ("reversed_bytes", lambda: bytearray(b"abcdef"), ()),
    ("maybe_slice", lambda: np.arange(7, dtype=np.int_), (True,)),
    ("maybe_slice", lambda: np.arange(7, dtype=np.int_), (False,)),
    ("nested_slice", lambda: np.arange(20.0).reshape(4, 5), ()),
])
def test_values_shape_and_shared_writes(mod, name, make, args):
    base = make()
    got = getattr(mod.compiled, name)(base, *args)
    want = getattr(mod.interpreted, name)(make(), *args)
    same_values(got, want)
    if np.asarray(got).size == 0:
        return
    # a write through the returned memoryview is seen in the base, and one into the base in it
    first = (0,) * got.ndim
    old = np.asarray(got)[first]
    np.asarray(got)[first] = 7
    assert 7 in np.asarray(base).ravel().tolist()
    np.asarray(got)[first] = old
    assert np.asarray(base).ravel().tolist().count(7) == np.asarray(make()).ravel().tolist().count(7)


def test_format_and_strides(mod):
    m = np.arange(12.0).reshape(3, 4)
    col = mod.compiled.column(m, 1)
    assert (col.format, col.itemsize, col.strides, col.readonly) == ("d", 8, (32,), False)
    c = mod.compiled.corner(np.zeros((3, 4), dtype=np.intc))
    assert (c.format, c.shape, c.strides) == ("i", (2, 2), (16, 8))
    r = mod.compiled.reversed_bytes(bytearray(b"xyz"))
    assert (r.format, r.strides, r.tobytes()) == ("B", (-1,), b"zyx")


def test_keeps_the_base_alive(mod):
    got = mod.compiled.middle(np.arange(100.0))
    gc.collect()
    assert np.asarray(got).tolist() == list(np.arange(1.0, 99.0))


def test_pins_a_bytearray(mod):
    ba = bytearray(b"abcdef")
    got = mod.compiled.reversed_bytes(ba)
    with pytest.raises(BufferError):
        ba.extend(b"more")
    got.release()
    ba.extend(b"more")
    assert ba == bytearray(b"abcdefmore")


def test_read_only(mod):
    ro = np.arange(4.0).reshape(2, 2)
    ro.setflags(write=False)
    assert mod.compiled.const_row(ro).readonly
    assert mod.compiled.const_row(np.zeros((2, 2))).readonly  # a const view gives const slices
    got = mod.compiled.middle(memoryview(array("d", [1.0, 2.0, 3.0])).toreadonly())
    assert got.readonly and got.tolist() == [2.0]
    with pytest.raises(TypeError):
        got[0] = 5.0


def test_whole_view_is_the_object(mod):
    a = np.zeros(3)
    assert mod.compiled.whole(a) is a


def test_passed_to_a_python_function(mod):
    a = np.arange(12, dtype=np.int16).reshape(4, 3)
    assert mod.compiled.through_python(a) == mod.interpreted.through_python(a) == 3

"""A write through a slice, a row or a call's result writes the view it came from: that view's
argument needs a writable buffer (NumPy's ValueError "buffer source array is read-only",
CPython's BufferError for bytes), never a silent
write into a read-only array or an immutable bytes object. Views only read still accept
read-only buffers."""
import numpy as np
import pytest

from conftest import build_source

SOURCE = '''
import cython

def through_local_slice(a: cython.double[:]):
    b = a[1:]
    b[0] = 5.0

def through_slice_expr(a: cython.double[:]):
    a[1:][0] = 5.0

def through_nested_slices(a: cython.double[:, :]):
    b = a[1:]
    c = b[:, 1:]
    c[0, 0] = 5.0

def fill_slice_of_slice(a: cython.double[:]):
    b = a[::2]
    b[1:] = 0.0

@cython.cfunc
def set_first(r: cython.double[:]) -> cython.void:
    r[0] = 7.0

def slice_to_writer(a: cython.double[:]):
    set_first(a[1:])

def row_to_writer(a: cython.double[:, :]):
    set_first(a[1])

def either_written(a: cython.double[:], b: cython.double[:], c: cython.bint):
    v = a[1:] if c else b
    v[0] = 1.0

def bytes_slice(a: cython.uchar[:]):
    b = a[1:]
    b[0] = 65

def only_reads(a: cython.double[:, :]):
    b = a[1:]
    c = b[:, ::-1]
    s = 0.0
    for row in c:
        s += row[0]
    return s
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("readonly_flow"))


def read_only(a):
    a = np.array(a)
    a.setflags(write=False)
    return a


@pytest.mark.parametrize("name,make", [
    ("through_local_slice", lambda: (read_only(np.arange(4.0)),)),
    ("through_slice_expr", lambda: (read_only(np.arange(4.0)),)),
    ("through_nested_slices", lambda: (read_only(np.arange(9.0).reshape(3, 3)),)),
    ("fill_slice_of_slice", lambda: (read_only(np.arange(6.0)),)),
    ("slice_to_writer", lambda: (read_only(np.arange(4.0)),)),
    ("row_to_writer", lambda: (read_only(np.arange(6.0).reshape(2, 3)),)),
    ("either_written", lambda: (read_only(np.arange(3.0)), np.zeros(3), True)),
    ("either_written", lambda: (np.zeros(3), read_only(np.arange(3.0)), False)),
])
def test_read_only_written_through_an_alias(mod, name, make):
    args = make()
    before = [np.array(x).tolist() for x in args]
    with pytest.raises(ValueError, match="buffer source array is read-only"):
        getattr(mod.compiled, name)(*args)
    with pytest.raises(ValueError):  # NumPy: "assignment destination is read-only"
        getattr(mod.interpreted, name)(*make())
    assert [np.array(x).tolist() for x in args] == before


def test_immutable_bytes_stay_unchanged(mod):
    data = bytes(b"abcd")
    with pytest.raises(BufferError, match="not writable"):  # CPython's error for bytes
        mod.compiled.bytes_slice(data)
    assert data == b"abcd"
    ba = bytearray(b"abcd")
    mod.compiled.bytes_slice(ba)
    assert ba == bytearray(b"aAcd")


def test_writable_arrays_are_written(mod):
    a, b = np.arange(4.0), np.arange(4.0)
    mod.compiled.through_local_slice(a)
    mod.interpreted.through_local_slice(b)
    assert a.tolist() == b.tolist() == [0.0, 5.0, 2.0, 3.0]
    a, b = np.arange(6.0), np.arange(6.0)
    mod.compiled.fill_slice_of_slice(a)
    mod.interpreted.fill_slice_of_slice(b)
    assert a.tolist() == b.tolist()


def test_reads_accept_read_only(mod):
    ro = read_only(np.arange(12.0).reshape(4, 3))
    assert mod.compiled.only_reads(ro) == mod.interpreted.only_reads(ro).item()

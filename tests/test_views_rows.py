"""`for row in a` over a view of two or more dimensions: each row is a sub-view of one dimension
fewer sharing a's memory (no copy, no reference traffic per row), and `for x in a[i]` etc. over
sub-views. Interpreted, NumPy yields arrays; compiled results must be equal, and a row that
escapes to Python is a memoryview over the same memory."""
import sys

import numpy as np
import pytest

from conftest import build_source

SOURCE = '''
import cython
import numpy as np

def rowsums(a: cython.double[:, :]):
    out = []
    for row in a:
        s = 0.0
        for x in row:
            s += x
        out.append(s)
    return out

def weighted3(t: cython.int[:, :, ::1]):
    total = 0
    for plane in t:
        for row in plane:
            for j in range(row.shape[0]):
                total += row[j] * (j + 1)
    return total

def fortran_rows(a: cython.float[::1, :]):
    total = 0.0
    k = 1.0
    for row in a:
        for j in range(row.shape[0]):
            total += row[j] * k
            k += 1.0
    return total

def in_row(a: cython.double[:, :], i: cython.Py_ssize_t):
    s = 0.0
    for x in a[i]:
        s = s * 2 + x
    return s

def in_column(a: cython.long[:, :], j: cython.Py_ssize_t):
    s = 0
    for x in a[:, j]:
        s = s * 3 + x
    return s

def in_reversed(a: cython.double[:, :]):
    s = 0.0
    for row in a[::-1]:
        s = s * 10 + row[0]
    return s

def scale_rows(a: cython.double[:, ::1]):
    k = 1.0
    for row in a:
        for j in range(row.shape[0]):
            row[j] = row[j] * k
        k += 1.0

def first_negative_row(a: cython.long[:, :]):
    c = 0
    for row in a:
        if row[0] < 0:
            break
        c += 1
    else:
        c = -1
    return c

def skip_rows(a: cython.short[:, :]):
    s = 0
    for row in a:
        if row[1] == 0:
            continue
        s += row[0] // row[1]
    return s

def count_rows(a: cython.uchar[:, :, :]):
    n = 0
    for m in a:
        for r in m:
            n += r.shape[0]
    return n

def rows_out(a: cython.double[:, :]):
    res = []
    for row in a:
        res.append(row)
    return res

def last_row(a: cython.int[:, :]):
    row = a[0]
    for r in a:
        row = r
    return row

def swap_inside(a: cython.double[:, :], b: cython.double[:, :]):
    s = 0.0
    for row in a:
        s += row[0]
        row = b[0]
        s += row[0]
    return s

@cython.cfunc
def row_total(r: cython.double[:]) -> cython.double:
    s = 0.0
    for x in r:
        s += x
    return s

def via_cfunc(a: cython.double[:, :]):
    s = 0.0
    for row in a:
        s += row_total(row) * row.shape[0]
    return s

@cython.cfunc
def grid(n: cython.Py_ssize_t) -> cython.double[:, ::1]:
    g = np.zeros((n, 3))
    for i in range(n):
        for j in range(3):
            g[i, j] = i * 3 + j
    return g

def over_returned(n: cython.Py_ssize_t):
    s = 0.0
    for row in grid(n):
        s += row[2] - row[0] + row[1]
    return s

def read_rows(a: cython.const[cython.double][:, :]):
    s = 0.0
    for row in a:
        s += row[row.shape[0] - 1]
    return s

def rebind_while_iterating(a: cython.double[:, :]):
    s = 0.0
    m = np.full((3, 2), 2.0)
    for row in m:
        m = a
        for x in row:
            s += x
    v = np.full(4, 0.5)
    for x in v:
        v = a[0]
        s += x
    return s

def write_rows(a: cython.double[:, :]):
    for row in a:
        row[0] = -row[0]
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("rows"))


def py(x):
    if isinstance(x, (list, tuple)):
        return type(x)(py(v) for v in x)
    return x.item() if isinstance(x, np.generic) else x


M = np.arange(12.0).reshape(3, 4)
CASES = [
    ("rowsums", lambda: (M.copy(),)),
    ("rowsums", lambda: (M[:, ::-2],)),
    ("rowsums", lambda: (np.asfortranarray(M),)),
    ("rowsums", lambda: (M.T,)),
    ("rowsums", lambda: (np.zeros((0, 3)),)),
    ("rowsums", lambda: (np.zeros((2, 0)),)),
    ("weighted3", lambda: (np.arange(24, dtype=np.intc).reshape(2, 3, 4),)),
    ("weighted3", lambda: (np.arange(48, dtype=np.intc).reshape(4, 3, 4)[1:3],)),
    ("fortran_rows", lambda: (np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)),)),
    ("in_row", lambda: (M, 1)), ("in_row", lambda: (M, -1)), ("in_row", lambda: (M, 3)),
    ("in_column", lambda: (np.arange(12).reshape(3, 4), 2)),
    ("in_column", lambda: (np.arange(12).reshape(3, 4), -4)),
    ("in_column", lambda: (np.arange(12).reshape(3, 4), 4)),
    ("in_reversed", lambda: (M,)),
    ("first_negative_row", lambda: (np.array([[1, 2], [3, 4]]),)),
    ("first_negative_row", lambda: (np.array([[1, 2], [-3, 4], [-1, 0]]),)),
    ("skip_rows", lambda: (np.array([[7, 2], [5, 0], [-9, 4]], dtype=np.short),)),
    ("count_rows", lambda: (np.zeros((2, 3, 5), dtype=np.uint8),)),
    ("swap_inside", lambda: (M, M[1:])),
    ("via_cfunc", lambda: (M,)), ("via_cfunc", lambda: (M[::2, 1:],)),
    ("over_returned", lambda: (4,)), ("over_returned", lambda: (0,)),
    ("read_rows", lambda: (M,)),
    ("rebind_while_iterating", lambda: (M,)),
]


@pytest.mark.parametrize("name,make", CASES)
def test_rows_match_numpy_iteration(mod, name, make):
    def outcome(m):
        try:
            return "value", py(getattr(m, name)(*make()))
        except Exception as exc:
            return "raises", type(exc)
    assert outcome(mod.compiled) == outcome(mod.interpreted)


def test_writes_through_rows(mod):
    a, b = np.ones((3, 2)), np.ones((3, 2))
    mod.compiled.scale_rows(a)
    mod.interpreted.scale_rows(b)
    assert a.tolist() == b.tolist() == [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]
    a, b = np.arange(6.0).reshape(3, 2).T, np.arange(6.0).reshape(3, 2).T
    mod.compiled.write_rows(a)
    mod.interpreted.write_rows(b)
    assert a.tolist() == b.tolist()


def test_read_only_arrays(mod):
    ro = M.copy()
    ro.setflags(write=False)
    assert mod.compiled.read_rows(ro) == py(mod.interpreted.read_rows(ro))
    assert mod.compiled.rowsums(ro) == py(mod.interpreted.rowsums(ro))
    with pytest.raises(ValueError, match="read-only"):
        mod.compiled.write_rows(ro)
    with pytest.raises(ValueError):
        mod.interpreted.write_rows(ro)
    assert ro.tolist() == M.tolist()


def test_escaping_rows_share_memory(mod):
    a = np.arange(6.0).reshape(2, 3)
    rows = mod.compiled.rows_out(a)
    want = mod.interpreted.rows_out(a.copy())
    assert all(isinstance(r, memoryview) for r in rows)
    assert [np.asarray(r).tolist() for r in rows] == [r.tolist() for r in want]
    np.asarray(rows[1])[2] = 99.0
    assert a[1, 2] == 99.0
    last = mod.compiled.last_row(np.arange(6, dtype=np.intc).reshape(3, 2))
    assert np.asarray(last).tolist() == [4, 5]
    del rows


def test_no_reference_left_behind(mod):
    a = np.arange(20.0).reshape(4, 5)
    before = sys.getrefcount(a)
    for _ in range(300):
        mod.compiled.rowsums(a)
        mod.compiled.via_cfunc(a)
        mod.compiled.swap_inside(a, a)
        mod.compiled.in_row(a, 2)
        with pytest.raises(IndexError):
            mod.compiled.in_row(a, 7)
    assert sys.getrefcount(a) == before

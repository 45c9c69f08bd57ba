"""`a.T` (the transpose: same memory, dimensions reversed), `a.shape` / `a.strides` as tuples
(as NumPy gives them) and `np.zeros(a.shape)`, compared with the interpreted file on NumPy
arrays of every layout."""
import sys

import numpy as np
import pytest

from conftest import build_source

SOURCE = '''
import cython
import numpy as np

def trace_t(a: cython.double[:, :]):
    t = a.T
    s = 0.0
    for i in range(t.shape[0]):
        for j in range(t.shape[1]):
            s = s * 2 + t[i, j]
    return s

def t_element(a: cython.long[:, ::1], i: cython.Py_ssize_t, j: cython.Py_ssize_t):
    return a.T[i, j]

def t_fortran_sum(a: cython.float[:, ::1]):
    t: cython.float[::1, :] = a.T
    s = 0.0
    for j in range(t.shape[1]):
        for i in range(t.shape[0]):
            s = s * 3 + t[i, j]
    return s

def t3(a: cython.int[:, :, :]):
    t = a.T
    return t.shape[0] * 100 + t.shape[1] * 10 + t.shape[2], t[0, 1, 2], t.strides[0] == a.strides[2]

def t_write(a: cython.double[:, :]):
    a.T[0, 1] = -5.0

def t_rows(a: cython.double[:, :]):
    out = []
    for col in a.T:
        s = 0.0
        for x in col:
            s += x
        out.append(s)
    return out

def t_col(a: cython.double[:, :], j: cython.Py_ssize_t):
    s = 0.0
    for x in a.T[j]:
        s = s * 2 + x
    c = a.T[1:, ::-1]
    return s, c.shape[0], c[0, 0]

def t_alias_write(a: cython.double[:, :]):
    b = a.T
    b[1, 0] = 9.0

def t_out(a: cython.double[:, :]):
    return a.T

def shape_of(a: cython.double[:, :]):
    return a.shape

def strides_of(a: cython.short[:, :, :]):
    return a.strides

def unpack(a: cython.double[:, :]):
    n, m = a.shape
    return n * m + n

def dims_loop(a: cython.double[:, :, :]):
    s = 0
    for d in range(a.ndim):
        s = s * 10 + a.shape[d]
    for d in range(-1, -a.ndim - 1, -1):
        s = s * 100 + a.strides[d] // 8
    return s

def shape_item(a: cython.double[:, :], d, strides: cython.bint):
    return a.strides[d] if strides else a.shape[d]

def shape_item_c(a: cython.double[:, :], d: cython.int):
    return a.shape[d]

def t_nest(a: cython.double[:, :], out: cython.double[:, :]):
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = a.T[i, j] * 2.0 + out.T[j, i]

def zeros_shaped(a: cython.double[:, :]):
    z = np.zeros(a.shape)
    for i in range(z.shape[0]):
        z[i, 0] = a[i, 0] + 1
    return z

def full_shaped(a: cython.int[:, :, ::1]):
    return np.full(a.shape, 3, dtype=np.int32)
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("attrs"))


def py(x):
    if isinstance(x, (list, tuple)):
        return type(x)(py(v) for v in x)
    if isinstance(x, np.ndarray):
        return (x.dtype, x.shape, x.tolist())
    return x.item() if isinstance(x, np.generic) else x


M = np.arange(12.0).reshape(3, 4)
CASES = [
    ("trace_t", (M,)), ("trace_t", (np.asfortranarray(M),)), ("trace_t", (M[::-1, ::2],)),
    ("t_element", (np.arange(6).reshape(2, 3), 2, 1)), ("t_element", (np.arange(6).reshape(2, 3), -1, 0)),
    ("t_element", (np.arange(6).reshape(2, 3), 1, 2)),
    ("t_fortran_sum", (np.arange(6, dtype=np.float32).reshape(2, 3),)),
    ("t3", (np.arange(24, dtype=np.intc).reshape(2, 3, 4),)),
    ("t_rows", (M,)), ("t_rows", (M.T,)), ("t_col", (M, 2)), ("t_col", (M, -1)), ("t_col", (M, 4)),
    ("shape_of", (M,)), ("shape_of", (M[:, 1:3],)), ("strides_of", (np.zeros((2, 3, 4), dtype=np.short),)),
    ("strides_of", (np.zeros((2, 3, 4), dtype=np.short)[:, ::-1, ::2],)),
    ("unpack", (M,)), ("dims_loop", (np.zeros((2, 3, 4)),)), ("dims_loop", (np.zeros((2, 3, 4))[:, ::-1],)),
    *[("shape_item", (M, d, st)) for d in (0, 1, -1, -2, 2, -3, 2 ** 70, -2 ** 70, "x", 1.5, True)
      for st in (False, True)],
    *[("shape_item_c", (M, d)) for d in (0, -1, 2, -3)], ("zeros_shaped", (M,)), ("zeros_shaped", (np.zeros((0, 2)),)),
    ("full_shaped", (np.zeros((2, 1, 3), dtype=np.intc),)),
]


@pytest.mark.parametrize("name,args", CASES)
def test_matches_numpy(mod, name, args):
    def outcome(m):
        try:
            return "value", py(getattr(m, name)(*args))
        except Exception as exc:
            return "raises", type(exc)
    assert outcome(mod.compiled) == outcome(mod.interpreted)


def test_transpose_writes_and_escapes(mod):
    a, b = np.zeros((3, 2)), np.zeros((3, 2))
    mod.compiled.t_write(a)
    mod.interpreted.t_write(b)
    assert a.tolist() == b.tolist() and a[1, 0] == -5.0
    mod.compiled.t_alias_write(a)
    mod.interpreted.t_alias_write(b)
    assert a.tolist() == b.tolist() and a[0, 1] == 9.0
    ro = np.zeros((3, 2))
    ro.setflags(write=False)
    with pytest.raises(ValueError, match="read-only"):
        mod.compiled.t_write(ro)
    with pytest.raises(ValueError, match="read-only"):
        mod.compiled.t_alias_write(ro)
    before = sys.getrefcount(M)
    got = mod.compiled.t_out(M)
    assert isinstance(got, memoryview) and np.asarray(got).tolist() == M.T.tolist()
    assert got.strides == M.T.strides
    del got
    assert sys.getrefcount(M) == before


@pytest.mark.parametrize("alias", [False, True])
def test_transposes_in_loop_nests(mod, alias):
    """Loop nests over transposes, with the output disjoint from the input or the same array
    (the nest's restrict copy must not run then)."""
    def args():
        a = np.arange(16.0).reshape(4, 4)
        return (a, a) if alias else (a, np.arange(16.0).reshape(4, 4) * 0.5)
    got, want = args(), args()
    mod.compiled.t_nest(*got)
    mod.interpreted.t_nest(*want)
    assert got[1].tolist() == want[1].tolist()

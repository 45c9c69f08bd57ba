"""Ellipsis in view subscripts: a[...], a[...] = b, a[...] = x, a[i, ...], a[..., j],
a[i, ..., k], a[..., 1:3], elements reached through `...`, on C, Fortran and strided inputs and
every element type, with checks on and off; `...` on Python objects and as a statement.

Compiled results are compared with the same file run by CPython on NumPy arrays (NumPy's
semantics). A Python memoryview cannot be indexed with `...` by CPython (TypeError for ndim >= 1),
so memoryview and array.array inputs are compared with the interpreted file run on
np.asarray() of the same buffer."""
import array

import numpy as np
import pytest

from conftest import build_source

TYPES = [("char", np.int8), ("short", np.int16), ("int", np.int32), ("long", np.int64),
         ("uchar", np.uint8), ("ushort", np.uint16), ("uint", np.uint32), ("ulong", np.uint64),
         ("float", np.float32), ("double", np.float64), ("doublecomplex", np.complex128),
         ("floatcomplex", np.complex64)]

PER_TYPE = '''
def shift_{n}(a: cython.{t}[:, :], b: cython.{t}[:, :], i: cython.Py_ssize_t, x: cython.{t}):
    a[..., 1:] = b[..., :-1]
    a[..., 0] = x
    a[i, ..., 0] = b[i, ...][1]
    return a[i, ..., 1]

def fill_{n}(a: cython.{t}[:, :, :], x: cython.{t}):
    a[...] = x
    a[0, ..., 0] = a[..., 1][0, 0]
'''

SOURCE = '''
import cython
import numpy as np

def stub() -> None:
    ...

def dots_value():
    x = ...
    return x is Ellipsis, x

def whole_sum(a: cython.double[:]) -> cython.double:
    b = a[...]
    s: cython.double = 0.0
    for i in range(b.shape[0]):
        s = s * 2.0 + b[i]
    return s + b.shape[0] * 1000.0

def whole_shares(a: cython.double[:], x: cython.double) -> cython.double:
    b = a[...]
    b[0] = x
    return a[0]

def whole_back(a: cython.double[:, :]):
    return a[...]

def whole_tuple(a: cython.double[:]):
    return a[...,]

def copy_all(a: cython.double[:, :], b: cython.double[:, :]):
    a[...] = b
    return 0

def fill_all(a: cython.double[:, :, :], x: cython.double):
    a[...] = x
    return 0

def row_ell(m: cython.double[:, :], i: cython.Py_ssize_t) -> cython.double:
    r = m[i, ...]
    s: cython.double = 0.0
    for k in range(r.shape[0]):
        s = s * 3.0 + r[k]
    return s

def col_ell(m: cython.double[:, :], j: cython.Py_ssize_t) -> cython.double:
    c = m[..., j]
    s: cython.double = 0.0
    for k in range(c.shape[0]):
        s = s * 3.0 + c[k]
    return s

def mid_ell(t: cython.double[:, :, :, :], i: cython.Py_ssize_t, k: cython.Py_ssize_t) -> cython.double:
    v = t[i, ..., k]
    s: cython.double = 0.0
    for p in range(v.shape[0]):
        for q in range(v.shape[1]):
            s = s * 2.0 + v[p, q]
    return s + v.shape[0] * 100.0 + v.shape[1]

def last_slice(m: cython.double[:, :, :], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t) -> cython.double:
    v = m[..., lo:hi]
    s: cython.double = 0.0
    for p in range(v.shape[0]):
        for q in range(v.shape[1]):
            for r in range(v.shape[2]):
                s = s * 1.5 + v[p, q, r]
    return s + v.shape[2] * 1000.0

def first_slice(m: cython.double[:, :, :], st: cython.Py_ssize_t):
    return m[::st, ...]

def elem_read(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[..., i]

def elem_read_front(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i, ...]

def elem_write(m: cython.double[:, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t, x: cython.double):
    m[i, ..., j] = x
    m[..., i, j] += 1.0
    m[i, j, ...] *= 2.0
    return 0

@cython.boundscheck(False)
@cython.wraparound(False)
def unchecked(m: cython.double[:, ::1], out: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(m.shape[0]):
        r = m[i, ...]
        out[..., i] = r[0]
        for j in range(m.shape[1]):
            s += m[..., j][i] * m[i, ..., j]
    out[...] = out[...]
    return s

def nest(m: cython.double[:, :], out: cython.double[:, :], k: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            out[j, ..., i] = m[..., i, j] * 2.0
            s += m[i, ...][j] + m[..., j + k][i]
    return s

def transposed(m: cython.double[:, :], j: cython.Py_ssize_t) -> cython.double:
    return m.T[..., j][1] + m.T[j, ...][0] * 10.0

def shape_dots(m: cython.double[:, :]):
    return m.shape[...]

def fortran_col(m: cython.double[::1, :], j: cython.Py_ssize_t) -> cython.double:
    c = m[..., j]
    return c[0] + c[c.shape[0] - 1] * 10.0

def contiguous_row(m: cython.double[:, ::1], i: cython.Py_ssize_t) -> cython.double:
    r = m[i, ...]
    s: cython.double = 0.0
    for x in r:
        s = s * 2.0 + x
    return s

@cython.cfunc
def total(v: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for x in v:
        s += x
    return s

def pass_on(m: cython.double[:, :]) -> cython.double:
    return total(m[0, ...]) + total(m[..., 0]) * 10.0 + total(m[...][1]) * 100.0

def chained(m: cython.double[:, :]) -> cython.double:
    return m[1:, ...][..., 1:][...][0, ...][0]

def iterate_rows(m: cython.double[:, :]) -> cython.double:
    s: cython.double = 0.0
    for row in m[..., ::-1]:
        s = s * 2.0 + row[0]
    for x in m[..., 0]:
        s = s * 3.0 + x
    return s

def allocated(n: cython.Py_ssize_t):
    res = np.zeros((n, 3))
    res[...] = 2.0
    res[..., 1] = 5.0
    res[0, ...] = 7.0
    return res

def read_only_write(a: cython.double[:]) -> cython.double:
    b = a[...]
    b[0] = 1.0
    return b[0]

def const_read(a: cython.const[cython.double][:, :]) -> cython.double:
    return a[..., 0][1] + a[1, ...][0]

def obj_get(x: object):
    return x[...], x[1, ...], x[..., 0]

def obj_set(x: object):
    x[...] = 3
    x[0, ...] = 4
    x[..., 1] = 5
    return x

def obj_list(x: object):
    return x[...]
''' + ''.join(PER_TYPE.format(n=n, t=n) for n, _ in TYPES)


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("ellipsis"), "ellipsis_views")


def norm(x):
    """A comparable form: arrays and memoryviews by shape and values, tuples item by item."""
    if isinstance(x, np.ndarray) and x.ndim == 0:
        # a[..., i] indexing every dimension: NumPy gives a 0-d array holding the element,
        # compiled code the element itself (docs/language.md, "Typed memoryviews")
        return x.item()
    if isinstance(x, (np.ndarray, memoryview)):
        arr = np.asarray(x)
        return ("array", arr.shape, arr.tolist())
    if isinstance(x, tuple):
        return tuple(norm(i) for i in x)
    if isinstance(x, np.generic):
        return x.item()
    return x


def clone(a):
    """A copy with the same layout: C, Fortran, or strided (every other element of a buffer)."""
    if a.flags.c_contiguous or a.flags.f_contiguous:
        c = a.copy(order="K")
    else:
        big = np.zeros(tuple(2 * s for s in a.shape), dtype=a.dtype)
        c = big[tuple(slice(None, None, 2) for _ in a.shape)]
        c[...] = a
    c.flags.writeable = a.flags.writeable
    return c


def run(fn, args):
    args = [clone(a) if isinstance(a, np.ndarray) else a for a in args]
    try:
        r = fn(*args)
    except Exception as exc:  # compared by type
        return ("raises", type(exc)), None
    return ("value", norm(r)), [norm(a) for a in args]


def agree(mod, name, *args):
    got = run(getattr(mod.compiled, name), args)
    want = run(getattr(mod.interpreted, name), args)
    assert got == want, (name, args, got, want)
    return got


def layouts(shape):
    """The same values as a C array, a Fortran array and a strided view (every other element)."""
    base = np.arange(1.0, 1.0 + np.prod(shape)).reshape(shape) * 0.5
    big = np.zeros(tuple(2 * s for s in shape))
    strided = big[tuple(slice(None, None, 2) for _ in shape)]
    strided[...] = base
    return [base, np.asfortranarray(base), strided]


def test_bare_ellipsis_statement_and_value(mod):
    assert mod.compiled.stub() is None
    assert mod.compiled.dots_value() == (True, Ellipsis)
    agree(mod, "dots_value")


@pytest.mark.parametrize("layout", range(3))
def test_whole_view_reads(mod, layout):
    for a in layouts((7,)):
        agree(mod, "whole_sum", a if layout == 0 else a[::-1] if layout == 1 else a[::3])


def test_whole_view_shares_memory(mod):
    for a in layouts((5,)):
        got = a.copy()
        assert mod.compiled.whole_shares(got, 9.5) == 9.5 and got[0] == 9.5
        agree(mod, "whole_shares", a, -2.0)


def test_whole_view_given_to_python_shares_memory(mod):
    for m in layouts((3, 4)):
        agree(mod, "whole_back", m)
        m = m.copy()
        r = np.asarray(mod.compiled.whole_back(m))
        r[1, 2] = -1.0
        assert m[1, 2] == -1.0
    agree(mod, "whole_tuple", np.arange(4.0))


@pytest.mark.parametrize("shapes", [((3, 4), (3, 4)), ((3, 4), (2, 4)), ((3, 4), (3, 5)),
                                    ((1, 1), (1, 1)), ((0, 3), (0, 3))])
def test_copy_all_checks_shape(mod, shapes):
    for a in layouts(shapes[0]):
        for b in layouts(shapes[1]):
            agree(mod, "copy_all", a, b)


def test_copy_all_overlapping(mod):
    m = np.arange(16.0).reshape(4, 4)
    got, want = m.copy(), m.copy()
    mod.compiled.copy_all(got, got.T)
    mod.interpreted.copy_all(want, want.T)
    assert np.array_equal(got, want)


def test_fill_all(mod):
    for a in layouts((2, 3, 4)):
        agree(mod, "fill_all", a, 3.25)


@pytest.mark.parametrize("i", [-4, -3, -1, 0, 2, 3])
def test_leading_index(mod, i):
    for m in layouts((3, 4)):
        agree(mod, "row_ell", m, i)
        agree(mod, "contiguous_row", np.ascontiguousarray(m), i)


@pytest.mark.parametrize("j", [-5, -4, -1, 0, 3, 4])
def test_trailing_index(mod, j):
    for m in layouts((3, 4)):
        agree(mod, "col_ell", m, j)
        agree(mod, "fortran_col", np.asfortranarray(m), j)


@pytest.mark.parametrize("i,k", [(0, 0), (1, -1), (-2, 4), (2, 0), (0, 5), (-3, 1)])
def test_index_on_both_sides(mod, i, k):
    for t in layouts((2, 3, 4, 5)):
        agree(mod, "mid_ell", t, i, k)


@pytest.mark.parametrize("lo,hi", [(1, 3), (0, 10), (-2, -1), (3, 1), (-9, 2)])
def test_slice_after_ellipsis(mod, lo, hi):
    for m in layouts((2, 3, 4)):
        agree(mod, "last_slice", m, lo, hi)


@pytest.mark.parametrize("st", [1, 2, -1, 0])
def test_slice_before_ellipsis(mod, st):
    for m in layouts((3, 2, 2)):
        agree(mod, "first_slice", m, st)


@pytest.mark.parametrize("i", [-6, -5, -1, 0, 4, 5])
def test_element_through_ellipsis(mod, i):
    for a in layouts((5,)):
        agree(mod, "elem_read", a, i)
        agree(mod, "elem_read_front", a, i)


@pytest.mark.parametrize("i,j", [(0, 0), (1, 2), (-1, -1), (2, 0), (0, 3), (-3, -4)])
def test_element_writes(mod, i, j):
    for m in layouts((2, 3)):
        agree(mod, "elem_write", m, i, j, 4.5)


def test_checks_off(mod):
    for m in layouts((4, 4)):
        m = np.ascontiguousarray(m)
        agree(mod, "unchecked", m, np.zeros(4))
        agree(mod, "unchecked", m, np.zeros(8)[::2])


@pytest.mark.parametrize("k", [0, -1, 1])
def test_checked_loop_nest(mod, k):
    """Indices through `...` in a loop nest (versioned: the checks hoisted when they fit)."""
    for m in layouts((3, 4)):
        agree(mod, "nest", m, np.zeros((4, 3)), k)
        agree(mod, "nest", m, np.zeros((3, 3)), k)


def test_sub_views_passed_chained_and_iterated(mod):
    for m in layouts((3, 4)):
        agree(mod, "transposed", m, 1)
        agree(mod, "transposed", m, -3)
        agree(mod, "shape_dots", m)  # TypeError: a tuple takes no `...`
        agree(mod, "pass_on", m)
        agree(mod, "chained", m)
        agree(mod, "iterate_rows", m)


def test_numpy_allocated_local(mod):
    for n in (0, 1, 4):
        agree(mod, "allocated", n)


def test_read_only_buffer(mod):
    a = np.arange(3.0)
    a.flags.writeable = False
    agree(mod, "read_only_write", a)
    agree(mod, "const_read", np.arange(6.0).reshape(3, 2)[::-1])
    ro = np.arange(6.0).reshape(2, 3)
    ro.flags.writeable = False
    agree(mod, "const_read", ro)


@pytest.mark.parametrize("name,np_type", TYPES)
def test_element_types(mod, name, np_type):
    a = np.zeros((3, 4), dtype=np_type)
    b = (np.arange(12) % 7 + 1).reshape(3, 4).astype(np_type)
    for i in (-1, 0, 2, 3):
        agree(mod, f"shift_{name}", a, b, i, np_type(6).item())
        agree(mod, f"shift_{name}", np.asfortranarray(a), b[:, ::-1], i, np_type(5).item())
    for t in (np.zeros((2, 3, 2), dtype=np_type), np.zeros((4, 3, 4), dtype=np_type)[::2, :, ::2]):
        agree(mod, f"fill_{name}", t, np_type(3).item())


def test_memoryview_and_array_inputs(mod):
    """Compiled on Python memoryviews and array.array, as the interpreted file on NumPy arrays
    of the same buffers."""
    flat = array.array("d", [float(v) for v in range(12)])
    m = memoryview(flat).cast("B").cast("d", (3, 4))
    assert mod.compiled.col_ell(m, 1) == mod.interpreted.col_ell(np.asarray(m), 1)
    assert mod.compiled.row_ell(m, -1) == mod.interpreted.row_ell(np.asarray(m), -1)
    assert mod.compiled.whole_sum(flat) == mod.interpreted.whole_sum(np.asarray(flat))
    got = np.asarray(mod.compiled.whole_back(m))
    assert got.tolist() == np.asarray(m).tolist()
    mod.compiled.copy_all(m, np.full((3, 4), 2.0))
    assert list(flat) == [2.0] * 12
    with pytest.raises(TypeError):  # CPython's memoryview takes no `...` for ndim >= 1
        mod.interpreted.whole_back(m)


def test_python_objects_get_the_real_ellipsis(mod):
    agree(mod, "obj_get", np.arange(12).reshape(3, 4))
    agree(mod, "obj_get", np.arange(4))
    agree(mod, "obj_set", np.zeros((2, 3), dtype=np.int64))
    agree(mod, "obj_set", np.zeros(3))
    agree(mod, "obj_list", [1, 2, 3])
    agree(mod, "obj_list", {Ellipsis: "dots"})
    agree(mod, "obj_get", (1, 2))

"""Differential tests of complex memoryviews (cython.doublecomplex[:], cython.complex[:, ::1],
cython.floatcomplex[:, :, :]): reads, stores, in-place updates, .real/.imag of elements,
iteration, NumPy allocation with complex dtypes, slices returned as memoryviews, over C,
Fortran, strided and transposed NumPy arrays of complex64 and complex128, compiled and
interpreted on fresh copies of the same inputs (test_views_harness.py); plus Cython's
dtype-mismatch messages and reference counts."""
import sys

import numpy as np
import pytest

from test_views_harness import check_call, module_build

SRC = '''
import cython
import numpy as np

def total(a: cython.doublecomplex[:]) -> complex:
    s: complex = 0j
    for i in range(a.shape[0]):
        s += a[i]
    return s

def total_f(a: cython.floatcomplex[:]) -> complex:
    s: complex = 0j
    for i in range(a.shape[0]):
        s += a[i]
    return s

def get(a: cython.complex[:], i: cython.Py_ssize_t) -> complex:
    return a[i]

def put(a: cython.doublecomplex[:], i: cython.Py_ssize_t, v: complex):
    a[i] = v

def put_f(a: cython.floatcomplex[:], i: cython.Py_ssize_t, v: cython.double):
    a[i] = v

def scale(a: cython.doublecomplex[:, ::1], k: complex):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] *= k
            a[i, j] += 1
            a[i, j] -= 0.5j

def scale_any(a: cython.doublecomplex[:, :], k: cython.double):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = a[i, j] * k - a[i, j].imag

def scale_f(a: cython.floatcomplex[::1, :], k: complex):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] *= k

def parts(a: cython.floatcomplex[:]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        t += a[i].real * 2 - a[i].imag
    return t

def conj3(a: cython.doublecomplex[:, :, :]):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                a[i, j, k] = a[i, j, k].conjugate() * 2j + i - k

def norm3(a: cython.floatcomplex[:, :, :]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                t += a[i, j, k].real * 2 - a[i, j, k].imag
    return t

def dot(a: cython.doublecomplex[:], b: cython.doublecomplex[:]) -> complex:
    s = 0j
    for i in range(a.shape[0]):
        s += a[i].conjugate() * b[i]
    return s

def iterate(a: cython.doublecomplex[:]):
    s = 0j
    n = 0
    for x in a:
        s = s + x * x
        n += 1
    return s + n

def count_eq(a: cython.doublecomplex[:], v: complex) -> cython.int:
    c: cython.int = 0
    for i in range(a.shape[0]):
        if a[i] == v:
            c += 1
    return c

def make(n: cython.Py_ssize_t):
    r = np.empty(n, dtype=np.complex128)
    for i in range(n):
        r[i] = complex(i, -i) / (1 + 1j)
    return r

def make_zeros(n: cython.Py_ssize_t):
    r = np.zeros((n, 2), dtype=complex)
    r[0, 1] = 1j
    return r

def make_f(n: cython.Py_ssize_t):
    r = np.ones(n, dtype=np.complex64)
    r[n - 1] = 2.5 - 1j
    return r

def fill(a: cython.doublecomplex[:], v: complex):
    a[:] = v

def middle(a: cython.doublecomplex[:]):
    return a[1:-1]

def row(a: cython.floatcomplex[:, :], i: cython.Py_ssize_t):
    return a[i]

def whole(a: cython.doublecomplex[:]):
    return a

def stores(a: cython.doublecomplex[:], n: int):
    a[0] = 5
    a[1] = n
    a[2] = True
    a[3:] = 0
    return np.full(2, 1j), np.full(3, -2.5, dtype=np.complex64), np.ones(2, dtype='c8'), np.zeros_like(a)

def copy_into(a: cython.doublecomplex[:], b: cython.doublecomplex[:]):
    a[:] = b
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return module_build(SRC, tmp_path_factory, "cviews")


def arr(shape, dt, order="C"):
    n = int(np.prod(shape))
    k = np.arange(n)
    return ((k * 0.5 - 1) + 1j * (3 - k * 0.25)).astype(dt).reshape(shape, order=order)


C16, C8 = np.complex128, np.complex64


@pytest.mark.parametrize("name,make,args", [
    ("total", lambda: arr(7, C16), ()),
    ("total", lambda: arr(12, C16)[::3], ()),
    ("total", lambda: arr(12, C16)[::-2], ()),
    ("total", lambda: arr(0, C16), ()),
    ("total_f", lambda: arr(9, C8), ()),
    ("total_f", lambda: arr(9, C8)[1::2], ()),
    ("get", lambda: arr(5, C16), (-1,)),
    ("get", lambda: arr(5, C16), (5,)),
    ("put", lambda: arr(5, C16), (2, complex(float("inf"), -0.0))),
    ("put", lambda: arr(8, C16)[::2], (-2, 1j)),
    ("put_f", lambda: arr(4, C8), (1, 0.1)),
    ("scale", lambda: arr((3, 4), C16), (1 - 2j,)),
    ("scale", lambda: arr((3, 4), C16, "F").T, (2j,)),
    ("scale_any", lambda: arr((3, 4), C16, "F"), (-1.5,)),
    ("scale_any", lambda: arr((4, 6), C16)[::2, 1::2], (2.0,)),
    ("scale_any", lambda: arr((3, 4), C16).T, (0.5,)),
    ("scale_f", lambda: arr((3, 5), C8, "F"), (2 + 1j,)),
    ("scale_f", lambda: arr((3, 5), C8, "F"), (-1j,)),
    ("scale_f", lambda: arr((3, 10), C8, "F")[:, :5], (0.5 + 0.5j,)),
    ("parts", lambda: arr(6, C8), ()),
    ("conj3", lambda: arr((2, 3, 4), C16), ()),
    ("conj3", lambda: arr((2, 3, 4), C16, "F"), ()),
    ("conj3", lambda: arr((4, 3, 4), C16).transpose(2, 0, 1)[:, ::2], ()),
    ("norm3", lambda: arr((2, 3, 4), C8), ()),
    ("norm3", lambda: arr((2, 3, 4), C8)[:, ::-1, 1:], ()),
    ("iterate", lambda: arr(6, C16), ()),
    ("iterate", lambda: arr(6, C16)[::-1], ()),
    ("count_eq", lambda: np.array([1j, 2, 1j, np.nan, 1j]), (1j,)),
    ("fill", lambda: arr(5, C16)[::2], (2 - 3j,)),
])
def test_view_kernels(mod, name, make, args):
    check_call(mod, name, make, *args)


def test_two_views(mod):
    check_call(mod, "dot", lambda: arr(5, C16), lambda: arr(10, C16)[::2])
    check_call(mod, "copy_into", lambda: arr(4, C16), lambda: arr(8, C16)[1::2])
    check_call(mod, "copy_into", lambda: arr(4, C16), lambda: arr(3, C16))


def test_numpy_allocation(mod):
    for name, n, dtype in [("make", 5, C16), ("make_zeros", 3, C16), ("make_f", 4, C8)]:
        got, want = getattr(mod.compiled, name)(n), getattr(mod.interpreted, name)(n)
        assert isinstance(got, np.ndarray) and got.dtype == dtype == want.dtype
        assert got.shape == want.shape and np.array_equal(got, want)


def test_stores_of_real_values_and_fills(mod):
    for n in [3, -2**62, 2**70]:
        a, b = arr(6, C16), arr(6, C16)
        got, want = mod.compiled.stores(a, n), mod.interpreted.stores(b, n)
        assert np.array_equal(a, b)
        for g, w in zip(got, want):
            assert g.dtype == w.dtype and np.array_equal(g, w)


def test_slices_are_complex_memoryviews(mod):
    a = arr(6, C16)
    mv = mod.compiled.middle(a)
    assert isinstance(mv, memoryview) and mv.format == "Zd" and mv.shape == (4,)
    assert np.array_equal(np.asarray(mv), a[1:-1])
    np.asarray(mv)[0] = 9j
    assert a[1] == 9j
    b = arr((3, 2), C8)
    row = mod.compiled.row(b, 1)
    assert row.format == "Zf" and np.array_equal(np.asarray(row), b[1])
    assert mod.compiled.whole(a) is a


@pytest.mark.parametrize("name,make,message", [
    ("total", lambda: np.zeros(3), "Buffer dtype mismatch, expected 'double complex' but got 'double'"),
    ("total", lambda: np.zeros(3, C8), "Buffer dtype mismatch, expected 'double complex' but got 'complex float'"),
    ("total_f", lambda: np.zeros(3, C16), "Buffer dtype mismatch, expected 'float complex' but got 'complex double'"),
    ("total_f", lambda: np.zeros(3, np.float32), "Buffer dtype mismatch, expected 'float complex' but got 'float'"),
    ("total", lambda: np.zeros(3, np.int64), "Buffer dtype mismatch, expected 'double complex' but got 'long'"),
    ("total", lambda: np.zeros((2, 2), C16), "Buffer has wrong number of dimensions (expected 1, got 2)"),
    ("scale", lambda: arr((3, 4), C16, "F"), "ndarray is not C-contiguous"),
])
def test_mismatch_messages_are_cythons(mod, name, make, message):
    # the wording of Cython 3 for the same annotations (checked against a module built by Cython)
    with pytest.raises(ValueError) as info:
        getattr(mod.compiled, name)(make(), *( (1j,) if name == "scale" else ()))
    assert str(info.value).startswith(message)


def test_reference_counts_unchanged(mod):
    a, b = arr(8, C16), arr((3, 4), C16)
    before = sys.getrefcount(a), sys.getrefcount(b)
    for _ in range(500):
        mod.compiled.total(a)
        mod.compiled.scale(b, 1 + 0j)
        mod.compiled.iterate(a)
        mod.compiled.middle(a)
        mod.compiled.whole(a)
        try:
            mod.compiled.total(b)
        except ValueError:
            pass
    assert (sys.getrefcount(a), sys.getrefcount(b)) == before

"""NumPy allocation through the C API, views of new arrays, whole-view copy and fill."""
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT, build_source

SOURCE = '''
import cython
import numpy as np

def empty_filled(n: cython.Py_ssize_t):
    res = np.empty(n, dtype=np.float64)
    for i in range(n):
        res[i] = i * 0.5
    return res

def zeros2(r: cython.int, c: cython.int):
    z = np.zeros((r, c), dtype=np.int64)
    for i in range(r):
        z[i, i % c] = i + 1
    return z

def ones_f32(n: cython.int):
    return np.ones(n, dtype=np.float32)

def full3(a: cython.int, b: cython.int, c: cython.int, v: cython.double):
    return np.full((a, b, c), v)

def like(a: cython.double[:, :]):
    out = np.zeros_like(a)
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[i, j] = 2 * a[i, j]
    return out

def empty_like_int(a: cython.long[:]):
    out = np.empty_like(a)
    out[:] = 3
    return out

def fortran(r: cython.int, c: cython.int):
    f = np.zeros((r, c), dtype='float64', order='F')
    for i in range(r):
        for j in range(c):
            f[i, j] = i * 10 + j
    return f

def dtypes(n: cython.int):
    a = np.zeros(n, dtype=np.int32)
    b = np.zeros(n, dtype='uint8')
    c = np.zeros(n, dtype=float)
    d = np.zeros(n, dtype=int)
    return a, b, c, d

def copy_rows(a: cython.double[:, :], b: cython.double[:, :]):
    a[:, :] = b

def fill_view(a: cython.double[:], x: cython.double):
    a[:] = x

def self_copy(a: cython.double[:], b: cython.double[:]):
    a[:] = b
    return a

def kept_alive(n: cython.int):
    first = np.zeros(n)
    alias = first
    first = np.ones(n)
    return alias
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    src = SOURCE.replace("    return a, b, c, d\n", "    return a\n")
    return build_source(src, tmp_path_factory.mktemp("np"), "npalloc")


def both(built, name, *args):
    got = getattr(built.compiled, name)(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    want = getattr(built.interpreted, name)(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    assert type(got) is type(want) is np.ndarray
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(got, want)
    assert got.flags.c_contiguous == want.flags.c_contiguous
    assert got.flags.f_contiguous == want.flags.f_contiguous
    return got


@pytest.mark.parametrize("n", [0, 1, 7])
def test_empty_filled(mod, n):
    both(mod, "empty_filled", n)


@pytest.mark.parametrize("shape", [(1, 1), (3, 2), (2, 5), (0, 3)])
def test_zeros_2d(mod, shape):
    both(mod, "zeros2", *shape)


def test_ones_full_like(mod):
    both(mod, "ones_f32", 5)
    both(mod, "full3", 2, 3, 4, 1.5)
    a = np.arange(12.0).reshape(3, 4)
    both(mod, "like", a)
    both(mod, "like", a.T)
    both(mod, "like", a[::2, ::3])
    both(mod, "empty_like_int", np.arange(5))
    both(mod, "fortran", 3, 4)
    both(mod, "dtypes", 4)


def test_negative_dimension_raises_like_numpy(mod):
    for m in (mod.compiled, mod.interpreted):
        with pytest.raises(ValueError, match="negative dimensions"):
            m.empty_filled(-1)


def test_whole_view_copy_and_fill(mod):
    b = np.arange(6.0).reshape(2, 3)
    for src in (b, np.asfortranarray(b), np.arange(12.0).reshape(2, 6)[:, ::2]):
        a = np.zeros((2, 3))
        mod.compiled.copy_rows(a, src)
        assert np.array_equal(a, src)
    with pytest.raises(ValueError, match=r"got differing extents in dimension 0 \(got 3 and 2\)"):
        mod.compiled.copy_rows(np.zeros((3, 3)), b)
    a = np.zeros(10)
    mod.compiled.fill_view(a[1::3], 2.5)
    want = np.zeros(10)
    want[1::3] = 2.5
    assert np.array_equal(a, want)


def test_overlapping_copy_reads_source_first(mod):
    x = np.arange(10.0)
    y = x.copy()
    mod.compiled.self_copy(x[1:], x[:-1])
    y[1:] = y[:-1].copy()
    assert np.array_equal(x, y)
    r = mod.compiled.self_copy(np.zeros(3), np.ones(3))
    assert type(r) is np.ndarray and np.array_equal(r, np.ones(3))


def test_view_local_keeps_its_array_alive(mod):
    assert np.array_equal(mod.compiled.kept_alive(4), np.zeros(4))


def test_returned_arrays_do_not_leak(mod):
    import gc
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(2000):
        mod.compiled.empty_filled(10)
        mod.compiled.like(np.ones((2, 2)))
    gc.collect()
    assert len(gc.get_objects()) - before < 100


def test_module_without_numpy_does_not_import_it(tmp_path):
    build_source("import cython\n\ndef f(x: cython.int) -> cython.int:\n    return x + 1\n",
                 tmp_path, "nonumpy")
    so = next((tmp_path / "compiled").glob("nonumpy.*.so"))
    code = ("import importlib.util, sys\n"
            f"spec = importlib.util.spec_from_file_location('nonumpy', {str(so)!r})\n"
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
            "assert m.f(1) == 2\nprint('numpy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

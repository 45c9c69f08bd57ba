"""Complex element types with the view features of this area: a cfunc returning a complex view
(its transpose), row iteration writing through rows, and a Python object taken as a complex view
by compiled code; compared with the interpreted file on NumPy arrays."""
import numpy as np
import pytest

from conftest import build_source

SOURCE = '''
import cython

@cython.cfunc
def conj_rows(a: cython.doublecomplex[:, :]) -> cython.doublecomplex[:, :]:
    for row in a:
        for j in range(row.shape[0]):
            row[j] = row[j].conjugate()
    return a.T

def use(a: cython.doublecomplex[:, :]):
    t = conj_rows(a)
    s = 0j
    for row in t:
        for z in row:
            s = s * 2 + z
    return s

def from_obj(data):
    v: cython.floatcomplex[:] = data
    return v[v.shape[0] - 1]

def rows_out(a: cython.floatcomplex[:, ::1]):
    return [r for r in [a[0], a[1]]]
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("complex_rows"))


def test_rows_and_returns(mod):
    a = (np.arange(6) + 1j * np.arange(6)).reshape(2, 3)
    b = a.copy()
    assert mod.compiled.use(a) == complex(mod.interpreted.use(b))
    assert a.tolist() == b.tolist()
    f = np.asfortranarray(np.arange(6).reshape(3, 2) * (1 - 2j))
    g = f.copy(order="F")
    assert mod.compiled.use(f) == complex(mod.interpreted.use(g))


def test_object_as_complex_view(mod):
    data = np.array([1 + 2j, -3.5j], dtype=np.complex64)
    assert mod.compiled.from_obj(data) == complex(mod.interpreted.from_obj(data)) == -3.5j
    with pytest.raises(ValueError, match="Buffer dtype mismatch"):
        mod.compiled.from_obj(np.zeros(2))


def test_complex_rows_escape_as_memoryviews(mod):
    a = np.array([[1 + 1j, 2], [3, 4 - 1j]], dtype=np.complex64)
    rows = mod.compiled.rows_out(a)
    assert [r.format for r in rows] == ["Zf", "Zf"]
    assert [np.asarray(r).tolist() for r in rows] == a.tolist()

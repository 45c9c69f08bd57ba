"""np.full with an unsigned 64-bit C fill value past LLONG_MAX raises NumPy's OverflowError for a
signed array instead of wrapping (found in review; failed before the fix)."""
import pytest

from conftest import build_source

SOURCE = '''
import cython
import numpy as np


def fills(u: cython.ulonglong):
    r = []
    try:
        a: cython.long[:] = np.full(3, u, dtype=np.int64)
        r.append(int(a[0]))
    except OverflowError as e:
        r.append(str(e))
    try:
        b: cython.int[:] = np.full(3, u, dtype=np.int32)
        r.append(int(b[0]))
    except OverflowError as e:
        r.append(str(e))
    try:
        c: cython.ulong[:] = np.full(3, u, dtype=np.uint64)
        r.append(int(c[0]))
    except OverflowError as e:
        r.append(str(e))
    return r
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("ufill"), "ufill")


@pytest.mark.parametrize("u", [0, 5, 2**31, 2**63 - 1, 2**63, 2**64 - 1])
def test_unsigned_fill(built, u):
    assert built.compiled.fills(u) == built.interpreted.fills(u)


FLOAT_SOURCE = '''
import cython
import numpy as np


def float_fill_u64(v: cython.double):
    a: cython.ulong[:] = np.full(2, v, dtype=np.uint64)
    return int(a[0])
'''


@pytest.mark.parametrize("v", [0.0, 7.9, -1.0, 2.0**53, 2.0**63 - 1024, 2.0**63, 1e19, 1.5e19,
                               2.0**64 - 2048])
def test_float_fill_of_uint64_above_2_63(tmp_path, v):
    """A float fill of a uint64 array from 2**63 up to 2**64 is converted as NumPy converts it
    (it gave 2**63 for all of them; found in review)."""
    built = build_source(FLOAT_SOURCE, tmp_path, "ffill")
    assert built.compiled.float_fill_u64(v) == built.interpreted.float_fill_u64(v)

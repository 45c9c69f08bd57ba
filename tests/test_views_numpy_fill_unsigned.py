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

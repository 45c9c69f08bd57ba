"""with cython.boundscheck(...) / cython.wraparound(...) blocks set the checks for their body."""
from array import array

import pytest

SOURCE = '''
import cython

def checked(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]

def no_wrap(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    with cython.wraparound(False):
        return a[i]

def restored(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    with cython.wraparound(False):
        x = a[0]
    return a[i] + x

@cython.boundscheck(False)
def reenabled(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    with cython.boundscheck(True):
        return a[i]
'''


def test_directive_blocks(pyc2c_build):
    built = pyc2c_build(SOURCE)
    c = built.compiled
    a = memoryview(array("d", [1.0, 2.0, 3.0]))
    assert c.checked(a, -1) == 3.0
    with pytest.raises(IndexError, match=r"Out of bounds on buffer access \(axis 0\)"):
        c.no_wrap(a, -1)          # wraparound off, boundscheck still on: -1 is out of bounds
    assert c.no_wrap(a, 2) == 3.0
    assert c.restored(a, -1) == 4.0  # the block ended: wraparound is back
    with pytest.raises(IndexError):
        c.reenabled(a, 3)
    for fn, args in [("checked", (a, 1)), ("restored", (a, 2))]:
        assert getattr(c, fn)(*args) == getattr(built.interpreted, fn)(*args)

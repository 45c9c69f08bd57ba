"""A view written through `x if c else y` (assigned or passed) needs writable buffers on both
branches: a read-only array there is rejected, never written."""
import numpy as np
import pytest

SOURCE = '''
import cython

def assign(a: cython.double[:], c: cython.double[:], flag: cython.bint):
    b = a if flag else c
    b[0] = 42.0

@cython.cfunc
def wr(x: cython.double[:]):
    x[0] = 1.0

def passed(a: cython.double[:], c: cython.double[:], flag: cython.bint):
    wr(a if flag else c)
'''


@pytest.mark.parametrize("name", ["assign", "passed"])
def test_read_only_array_behind_conditional_is_not_written(pyc2c_build, name):
    built = pyc2c_build(SOURCE)
    fn = getattr(built.compiled, name)
    ro = np.zeros(3)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match=r"buffer source array is read-only \(argument 'a'\)"):
        fn(ro, np.zeros(3), True)
    assert not ro.any()
    w = np.zeros(3)
    fn(w, np.zeros(3), True)
    assert w[0] != 0.0

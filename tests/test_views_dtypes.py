"""Differential tests of typed memoryviews over every element type: each cython.<numeric> view
type is read, written, reduced and updated in place through 1-D to 3-D views of NumPy arrays of
the matching dtype (C, Fortran, strided, reversed and transposed layouts), compiled and
interpreted on fresh copies of the same inputs (see test_views_harness.py)."""
import numpy as np
import pytest

from test_views_harness import check_call, module_build

# cython type, NumPy dtype, whether it holds floats, its range (for the extremes test)
TYPES = [
    ("char", np.int8, False, (-128, 127)),
    ("schar", np.int8, False, (-128, 127)),
    ("uchar", np.uint8, False, (0, 255)),
    ("short", np.int16, False, (-2**15, 2**15 - 1)),
    ("ushort", np.uint16, False, (0, 2**16 - 1)),
    ("int", np.int32, False, (-2**31, 2**31 - 1)),
    ("uint", np.uint32, False, (0, 2**32 - 1)),
    ("long", np.int64, False, (-2**63, 2**63 - 1)),
    ("ulong", np.uint64, False, (0, 2**64 - 1)),
    ("longlong", np.longlong, False, (-2**63, 2**63 - 1)),
    ("ulonglong", np.ulonglong, False, (0, 2**64 - 1)),
    ("Py_ssize_t", np.intp, False, (-2**63, 2**63 - 1)),
    ("size_t", np.uintp, False, (0, 2**64 - 1)),
    ("float", np.float32, True, None),
    ("double", np.float64, True, None),
    ("longdouble", np.longdouble, True, None),
]
NAMES = [t[0] for t in TYPES]
BY_NAME = {t[0]: t for t in TYPES}

KERNELS = '''
def get_TT(a: cython.TT[:], i: cython.Py_ssize_t) -> cython.TT:
    return a[i]

def set_TT(a: cython.TT[:], i: cython.Py_ssize_t, v: cython.TT):
    a[i] = v

def sum_TT(a: cython.TT[:]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        t += a[i]
    return t

def twice_TT(a: cython.TT[:, :]):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = a[i, j] * 2 + 1

def aug_TT(a: cython.TT[:, :, :]) -> cython.Py_ssize_t:
    n: cython.Py_ssize_t = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                a[i, j, k] += 3
                a[i, j, k] -= 1
                a[i, j, k] *= 2
                n += 1
    return n

def fortran_TT(a: cython.TT[::1, :]) -> cython.double:
    t: cython.double = 0.0
    for j in range(a.shape[1]):
        for i in range(a.shape[0]):
            t = t * 2 + a[i, j]
    a[0, 0] = a[a.shape[0] - 1, a.shape[1] - 1]
    return t

def maxidx_TT(a: cython.TT[::1]) -> cython.Py_ssize_t:
    best: cython.Py_ssize_t = 0
    for i in range(1, a.shape[0]):
        if a[i] > a[best]:
            best = i
    return best

def ends_TT(a: cython.TT[:, ::1]) -> cython.TT:
    return a[-1, -1] + a[-a.shape[0], -2]

@cython.cfunc
def _dot_TT(a: cython.TT[:], b: cython.TT[:]) -> cython.double:
    t: cython.double = 0.0
    for i in range(len(a)):
        t += a[i] * b[i]
    return t

def dot_TT(a: cython.TT[:], b: cython.TT[:]) -> cython.double:
    return _dot_TT(a, b)
'''

SRC = "import cython\n" + "".join(KERNELS.replace("TT", name) for name in NAMES)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return module_build(SRC, tmp_path_factory, "views_dtypes")


def values(name, n=24):
    _, dtype, is_float, _ = BY_NAME[name]
    if is_float:
        base = [1.5, -2.25, 3.0, 0.5, -7.0, 1.0, 4.75, 2.0]
    elif BY_NAME[name][3][0] < 0:
        base = [3, -2, 5, 0, -7, 1, 4, 2]
    else:
        base = [3, 2, 5, 0, 7, 1, 4, 6]
    return np.array([base[k % 8] + (k // 8) for k in range(n)], dtype=dtype)


@pytest.mark.parametrize("name", NAMES)
def test_get_positive_and_negative(built, name):
    for i in (0, 3, 7, -1, -8):
        check_call(built, f"get_{name}", lambda: values(name, 8), i)
    # out of range either way is an IndexError on both sides
    for i in (8, -9):
        assert check_call(built, f"get_{name}", lambda: values(name, 8), i) == ("raises", IndexError)


@pytest.mark.parametrize("name", NAMES)
def test_set_strided(built, name):
    v = 2.5 if BY_NAME[name][2] else 9
    for i in (0, 2, -1, -3):
        check_call(built, f"set_{name}", lambda: values(name, 12)[::3], i, v)


@pytest.mark.parametrize("name", NAMES)
def test_extremes(built, name):
    _, dtype, is_float, rng = BY_NAME[name]
    specials = [float("inf"), float("-inf"), -0.0, 1e-30, float("nan")] if is_float else list(rng)
    for k, v in enumerate(specials):
        check_call(built, f"set_{name}", lambda: values(name, 8), k, v)
        arr = lambda: np.array(specials, dtype=dtype)
        check_call(built, f"get_{name}", arr, k)


@pytest.mark.parametrize("name", NAMES)
def test_sum_every_other(built, name):
    assert check_call(built, f"sum_{name}", lambda: values(name, 16)[::2])[0] == "value"
    check_call(built, f"sum_{name}", lambda: values(name, 0))


@pytest.mark.parametrize("name", NAMES)
def test_sum_reversed(built, name):
    check_call(built, f"sum_{name}", lambda: values(name, 11)[::-1])
    check_call(built, f"sum_{name}", lambda: values(name, 12)[10:2:-3])


@pytest.mark.parametrize("name", NAMES)
def test_twice_transposed(built, name):
    check_call(built, f"twice_{name}", lambda: values(name, 6).reshape(2, 3).T)
    check_call(built, f"twice_{name}", lambda: values(name, 20).reshape(4, 5)[1:, ::2])


@pytest.mark.parametrize("name", NAMES)
def test_aug_3d_fortran(built, name):
    check_call(built, f"aug_{name}", lambda: np.asfortranarray(values(name, 24).reshape(2, 3, 4)))
    check_call(built, f"aug_{name}", lambda: values(name, 24).reshape(2, 3, 4)[:, ::-1, 1::2])


@pytest.mark.parametrize("name", NAMES)
def test_fortran_order(built, name):
    check_call(built, f"fortran_{name}", lambda: np.asfortranarray(values(name, 12).reshape(3, 4)))
    check_call(built, f"fortran_{name}", lambda: values(name, 12).reshape(4, 3).T)


@pytest.mark.parametrize("name", NAMES)
def test_maxidx_contiguous(built, name):
    check_call(built, f"maxidx_{name}", lambda: values(name, 13))
    check_call(built, f"maxidx_{name}", lambda: values(name, 1))


@pytest.mark.parametrize("name", NAMES)
def test_ends_wraparound(built, name):
    check_call(built, f"ends_{name}", lambda: values(name, 12).reshape(3, 4))
    check_call(built, f"ends_{name}", lambda: values(name, 12).reshape(3, 4)[1:])


@pytest.mark.parametrize("name", NAMES)
def test_dot_through_cfunc(built, name):
    check_call(built, f"dot_{name}", lambda: values(name, 10), lambda: values(name, 20)[::2])
    check_call(built, f"dot_{name}", lambda: values(name, 10)[::-1], lambda: values(name, 10))

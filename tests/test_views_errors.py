"""The bad-input matrix for typed memoryview arguments: every case raises the documented exception
with Cython's wording plus the argument's name (checked word for word), never crashes, and
leaves nothing behind: the argument's reference count is unchanged and its buffer released (a
bytearray or array.array can be resized only when no export of its buffer is held, so the
resizable exporters prove the release directly; a NumPy array's export holds a reference to it,
so its unchanged count proves the same). Also: the boundscheck/wraparound directives at
module level (header comment) and function level, and buffers released on every exit path of a
def (another argument failing, an exception in the body, success)."""
import array
import gc
import sys

import numpy as np
import pytest

from test_views_harness import ArrayInterface, module_build

SRC = '''
import cython

def rd1(a: cython.double[:]) -> cython.Py_ssize_t:
    return a.shape[0]

def wr1(a: cython.double[:]):
    if a.shape[0] > 0:
        a[0] = 1.0

def rd2(a: cython.double[:, :]) -> cython.Py_ssize_t:
    return a.shape[0]

def rdc(a: cython.double[:, ::1]) -> cython.Py_ssize_t:
    return a.shape[0]

def rdf(a: cython.double[::1, :]) -> cython.Py_ssize_t:
    return a.shape[0]

def rdc1(a: cython.double[::1]) -> cython.Py_ssize_t:
    return a.shape[0]

def ri(a: cython.int[:]) -> cython.Py_ssize_t:
    return a.shape[0]

def ru(a: cython.uint[:]) -> cython.Py_ssize_t:
    return a.shape[0]

def rl(a: cython.long[:]) -> cython.Py_ssize_t:
    return a.shape[0]

def rf(a: cython.float[:]) -> cython.Py_ssize_t:
    return a.shape[0]

def rsc(a: cython.schar[:]) -> cython.Py_ssize_t:
    return a.shape[0]

def ruc(a: cython.uchar[:]) -> cython.Py_ssize_t:
    return a.shape[0]

def wuc(a: cython.uchar[:]):
    a[0] = 1

def iter_total(a: cython.double[:]) -> cython.double:
    t: cython.double = 0.0
    for x in a:
        t += x
    return t

def iter_write(a: cython.double[:]):
    for x in a:
        a[0] = x

def rsz(a: cython.size_t[:]) -> cython.Py_ssize_t:
    return a.shape[0]

def get1(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]

def set1(a: cython.double[:], i: cython.Py_ssize_t, v: cython.double):
    a[i] = v

def aug1(a: cython.double[:], i: cython.Py_ssize_t):
    a[i] += 1.0

def get2(a: cython.double[:, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t) -> cython.double:
    return a[i, j]

def set2(a: cython.double[:, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t, v: cython.double):
    a[i, j] = v

def get3(a: cython.int[:, :, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t, k: cython.Py_ssize_t) -> cython.int:
    return a[i, j, k]

def set3(a: cython.int[:, :, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t, k: cython.Py_ssize_t, v: cython.int):
    a[i, j, k] = v

def getc2(a: cython.double[:, ::1], i: cython.Py_ssize_t, j: cython.Py_ssize_t) -> cython.double:
    return a[i, j]

def setf2(a: cython.double[::1, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t, v: cython.double):
    a[i, j] = v

@cython.wraparound(False)
def get1_nowrap(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]

def get1_u64(a: cython.double[:], i: cython.size_t) -> cython.double:
    return a[i]

def set2_u64(a: cython.double[:, :], i: cython.ulonglong, j: cython.ulonglong, v: cython.double):
    a[i, j] = v

def narrow_schar(a: cython.double[:]) -> cython.double:
    i: cython.schar
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        t += a[i]
    return t

def narrow_uchar_shifted(a: cython.double[:]) -> cython.double:
    i: cython.uchar
    t: cython.double = 0.0
    for i in range(1, a.shape[0]):
        t += a[i - 1]
    return t

@cython.wraparound(False)
def narrow_schar_nowrap(a: cython.double[:]) -> cython.double:
    i: cython.schar
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        t += a[i]
    return t

@cython.wraparound(False)
def set2_nowrap(a: cython.double[:, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t, v: cython.double):
    a[i, j] = v

@cython.cfunc
def _get(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]

def via_cfunc(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return _get(a, i)

def two(a: cython.uchar[:], b: cython.double[:]) -> cython.Py_ssize_t:
    return a.shape[0] + b.shape[0]

def view_then_int(a: cython.uchar[:], n: cython.int) -> cython.int:
    return a[0] + n

def body_raises(a: cython.uchar[:], i: cython.Py_ssize_t, b: cython.uchar[:]) -> cython.int:
    a[0] = 7
    return a[i] + b[i]

def raise_in_body(a: cython.uchar[:], flag: cython.bint) -> cython.int:
    if flag:
        raise ValueError("from the body")
    return a[0]

def nest_product(a: cython.double[:, ::1], b: cython.double[:, ::1], out: cython.double[:, ::1]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            out[i, j] = 0.0
            for k in range(a.shape[1]):
                out[i, j] += a[i, k] * b[k, j]

def nest_shift_read(x: cython.double[:], k: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(x.shape[0]):
        s += x[i + k]
    return s

@cython.wraparound(False)
def nest_shift_read_nowrap(x: cython.double[:], k: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(x.shape[0]):
        s += x[i + k]
    return s

def const_sum(a: cython.const[cython.double][:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return module_build(SRC, tmp_path_factory, "views_errors").compiled


class RawInterface:
    """__array_interface__ as written by hand (data points at a live NumPy array unless given)."""

    def __init__(self, typestr, shape, data=(), strides=None):
        self.keep = np.zeros(8)
        data = (self.keep.ctypes.data, False) if data == () else data
        self.__array_interface__ = {"version": 3, "typestr": typestr, "shape": shape,
                                    "data": data, "strides": strides}


class FailingInterface:
    @property
    def __array_interface__(self):
        raise RuntimeError("no interface today")


def ro(arr):
    arr.flags.writeable = False
    return arr


def big_endian(dtype):
    return np.arange(3, dtype=np.dtype(dtype).newbyteorder(">"))


def mismatch(expected, got):
    return f"Buffer dtype mismatch, expected '{expected}' but got {got} (argument 'a')"


def ndim(e, g):
    return f"Buffer has wrong number of dimensions (expected {e}, got {g}) (argument 'a')"


OOB0 = "Out of bounds on buffer access (axis 0)"
OOB1 = "Out of bounds on buffer access (axis 1)"
OOB2 = "Out of bounds on buffer access (axis 2)"
C_CONTIG = "ndarray is not C-contiguous (argument 'a')"
F_CONTIG = "ndarray is not Fortran contiguous (argument 'a')"
READ_ONLY = "buffer source array is read-only (argument 'a')"
BIG = "Big-endian buffer not supported on little-endian compiler (argument 'a')"
A23 = lambda: np.arange(6.0).reshape(2, 3)
A234 = lambda: np.arange(24, dtype=np.int32).reshape(2, 3, 4)

# (id, function, argument factories and values, exception type, exact message)
MATRIX = [
    # each wrong dtype class
    ("int_for_double", "rd1", [lambda: np.arange(3)], ValueError, mismatch("double", "'long'")),
    ("float_for_int", "ri", [lambda: np.arange(3.0)], ValueError, mismatch("int", "'double'")),
    ("float32_for_double", "rd1", [lambda: np.zeros(3, np.float32)], ValueError, mismatch("double", "'float'")),
    ("double_for_float", "rf", [lambda: np.zeros(3)], ValueError, mismatch("float", "'double'")),
    ("unsigned_for_signed", "ri", [lambda: np.zeros(3, np.uint32)], ValueError, mismatch("int", "'unsigned int'")),
    ("signed_for_unsigned", "ru", [lambda: np.zeros(3, np.int32)], ValueError, mismatch("unsigned int", "'int'")),
    ("int8_for_uchar", "ruc", [lambda: np.zeros(3, np.int8)], ValueError, mismatch("unsigned char", "'signed char'")),
    ("int64_for_size_t", "rsz", [lambda: np.zeros(3, np.int64)], ValueError, mismatch("size_t", "'long'")),
    ("complex_for_double", "rd1", [lambda: np.zeros(3, complex)], ValueError, mismatch("double", "'complex double'")),
    ("complex64_for_float", "rf", [lambda: np.zeros(3, np.complex64)], ValueError, mismatch("float", "'complex float'")),
    ("int32_for_long", "rl", [lambda: np.zeros(3, np.int32)], ValueError, mismatch("long", "'int'")),
    ("bool_for_double", "rd1", [lambda: np.zeros(3, bool)], ValueError, mismatch("double", "'bool'")),
    ("bool_for_schar", "rsc", [lambda: np.zeros(3, bool)], ValueError, mismatch("signed char", "'bool'")),
    ("object_for_double", "rd1", [lambda: np.array([1.0, None])], ValueError, mismatch("double", "Python object")),
    ("float16_for_double", "rd1", [lambda: np.zeros(3, np.float16)], ValueError, mismatch("double", "'half'")),
    ("unicode_for_double", "rd1", [lambda: np.array(["x"])], ValueError,
     "Does not understand character buffer dtype format string ('w') (argument 'a')"),
    ("array_l_for_double", "rd1", [lambda: array.array("l", [1, 2])], ValueError, mismatch("double", "'long'")),
    ("array_B_for_schar", "rsc", [lambda: array.array("B", [1])], ValueError, mismatch("signed char", "'unsigned char'")),
    ("bytearray_for_double", "rd1", [lambda: bytearray(b"abcdefgh")], ValueError, mismatch("double", "'unsigned char'")),
    ("interface_int_for_double", "rd1", [lambda: ArrayInterface(np.arange(3))], ValueError, mismatch("double", "'long'")),
    ("interface_f4_for_double", "rd1", [lambda: ArrayInterface(np.zeros(2, np.float32))], ValueError,
     mismatch("double", "'float'")),
    ("big_endian_double", "rd1", [lambda: big_endian(np.float64)], ValueError, BIG),
    ("big_endian_int", "ri", [lambda: big_endian(np.int32)], ValueError, BIG),
    ("big_endian_interface", "rd1", [lambda: ArrayInterface(big_endian(np.float64))], ValueError, BIG),
    ("interface_negative_shape", "rd1", [lambda: RawInterface("<f8", (-1,))], ValueError,
     "invalid __array_interface__ shape (argument 'a')"),
    ("interface_without_data", "rd1", [lambda: RawInterface("<f8", (3,), data=None)], TypeError,
     "invalid __array_interface__ (argument 'a')"),
    # wrong number of dimensions, both ways
    ("2d_for_1d", "rd1", [A23], ValueError, ndim(1, 2)),
    ("1d_for_2d", "rd2", [lambda: np.zeros(3)], ValueError, ndim(2, 1)),
    ("3d_for_2d", "rd2", [lambda: np.zeros((2, 2, 2))], ValueError, ndim(2, 3)),
    ("0d_for_1d", "rd1", [lambda: np.array(1.0)], ValueError, ndim(1, 0)),
    ("array_for_2d", "rd2", [lambda: array.array("d", [1.0])], ValueError, ndim(2, 1)),
    ("memoryview_2d_for_1d", "rd1", [lambda: memoryview(bytearray(32)).cast("d", [2, 2])], ValueError, ndim(1, 2)),
    ("interface_1d_for_2d", "rd2", [lambda: ArrayInterface(np.zeros(3))], ValueError, ndim(2, 1)),
    ("ndim_before_dtype", "rd2", [lambda: np.zeros(3, np.int32)], ValueError, ndim(2, 1)),
    # contiguity
    ("fortran_for_c", "rdc", [lambda: np.asfortranarray(A23())], ValueError, C_CONTIG),
    ("strided_cols_for_c", "rdc", [lambda: np.zeros((3, 6))[:, ::2]], ValueError, C_CONTIG),
    ("transpose_for_c", "rdc", [lambda: A23().T], ValueError, C_CONTIG),
    ("strided_for_c_1d", "rdc1", [lambda: np.zeros(6)[::2]], ValueError, C_CONTIG),
    ("reversed_for_c_1d", "rdc1", [lambda: np.zeros(6)[::-1]], ValueError, C_CONTIG),
    ("c_for_fortran", "rdf", [A23], ValueError, F_CONTIG),
    ("strided_rows_for_fortran", "rdf", [lambda: np.asfortranarray(np.zeros((6, 3)))[::2]], ValueError, F_CONTIG),
    ("interface_fortran_for_c", "rdc", [lambda: ArrayInterface(np.asfortranarray(A23()))], ValueError, C_CONTIG),
    ("interface_c_for_fortran", "rdf", [lambda: ArrayInterface(A23())], ValueError, F_CONTIG),
    ("memoryview_strided_for_c", "rdc1", [lambda: memoryview(np.zeros(6))[::2]], BufferError,
     "memoryview: underlying buffer is not C-contiguous (argument 'a')"),
    # read-only buffers that are written
    ("read_only_written", "wr1", [lambda: ro(np.zeros(3))], ValueError, READ_ONLY),
    ("read_only_view_written", "wr1", [lambda: ro(np.zeros(6))[::2]], ValueError, READ_ONLY),
    ("read_only_iterated_and_written", "iter_write", [lambda: ro(np.zeros(3))], ValueError, READ_ONLY),
    ("broadcast_written", "wr1", [lambda: np.broadcast_to(np.zeros(1), (3,))], ValueError, READ_ONLY),
    ("interface_read_only_written", "wr1", [lambda: ArrayInterface(np.zeros(3), readonly=True)], ValueError,
     READ_ONLY),
    ("bytes_written", "wuc", [b"abc"], BufferError, "Object is not writable. (argument 'a')"),
    ("memoryview_read_only_written", "wuc", [lambda: memoryview(bytearray(3)).toreadonly()], BufferError,
     "memoryview: underlying buffer is not writable (argument 'a')"),
    # None and objects that are not buffers
    ("none", "rd1", [None], TypeError, "Argument 'a' must not be None"),
    ("none_written", "wr1", [None], TypeError, "Argument 'a' must not be None"),
    ("int", "rd1", [5], TypeError, "a bytes-like object is required, not 'int'"),
    ("list", "rd1", [lambda: [1.0, 2.0]], TypeError, "a bytes-like object is required, not 'list'"),
    ("str", "rd1", ["abc"], TypeError, "a bytes-like object is required, not 'str'"),
    ("float", "rd2", [1.5], TypeError, "a bytes-like object is required, not 'float'"),
    # out of bounds on each axis, reading and writing
    ("read_axis0", "get1", [lambda: np.zeros(3), 3], IndexError, OOB0),
    ("read_axis0_negative", "get1", [lambda: np.zeros(3), -4], IndexError, OOB0),
    ("read_axis0_empty", "get1", [lambda: np.zeros(0), 0], IndexError, OOB0),
    ("write_axis0", "set1", [lambda: np.zeros(3), 3, 1.0], IndexError, OOB0),
    ("write_axis0_negative", "set1", [lambda: np.zeros(3), -4, 1.0], IndexError, OOB0),
    ("augmented_axis0", "aug1", [lambda: np.zeros(3), 10], IndexError, OOB0),
    ("read_2d_axis0", "get2", [A23, 2, 0], IndexError, OOB0),
    ("read_2d_axis1", "get2", [A23, 0, 3], IndexError, OOB1),
    ("read_2d_axis1_negative", "get2", [A23, 0, -4], IndexError, OOB1),
    ("read_2d_both_axes_reports_0", "get2", [A23, 5, 5], IndexError, OOB0),
    ("write_2d_axis0", "set2", [A23, -3, 0, 1.0], IndexError, OOB0),
    ("write_2d_axis1", "set2", [A23, 1, 3, 1.0], IndexError, OOB1),
    ("read_3d_axis2", "get3", [A234, 1, 2, 4], IndexError, OOB2),
    ("read_3d_axis2_negative", "get3", [A234, 0, 0, -5], IndexError, OOB2),
    ("write_3d_axis1", "set3", [A234, 0, 3, 0, 1], IndexError, OOB1),
    ("write_3d_axis2", "set3", [A234, 0, 0, 4, 1], IndexError, OOB2),
    ("read_c_axis1", "getc2", [A23, 0, 3], IndexError, OOB1),
    ("write_fortran_axis0", "setf2", [lambda: np.asfortranarray(A23()), 2, 0, 1.0], IndexError, OOB0),
    ("read_in_cfunc", "via_cfunc", [lambda: np.zeros(2), 2], IndexError, OOB0),
    ("read_array_array", "get1", [lambda: array.array("d", [1.0]), 1], IndexError, OOB0),
    ("write_array_array", "set1", [lambda: array.array("d", [1.0]), -2, 0.0], IndexError, OOB0),
    # negative index with wraparound off and boundscheck on
    ("nowrap_read_negative", "get1_nowrap", [lambda: np.zeros(3), -1], IndexError, OOB0),
    ("nowrap_write_negative_axis1", "set2_nowrap", [A23, 0, -1, 1.0], IndexError, OOB1),
    ("nowrap_write_negative_axis0", "set2_nowrap", [A23, -1, 0, 1.0], IndexError, OOB0),
    ("nowrap_array_array", "get1_nowrap", [lambda: array.array("d", [1.0, 2.0]), -2], IndexError, OOB0),
    # unsigned indices are never wrapped: 2**64 - 1 is not the last element
    ("unsigned_read_max", "get1_u64", [lambda: np.zeros(3), 2 ** 64 - 1], IndexError, OOB0),
    ("unsigned_write_axis1", "set2_u64", [A23, 1, 2 ** 64 - 2, 1.0], IndexError, OOB1),
    # a loop variable of a narrow C type wraps (C semantics): its indices keep their checks
    ("narrow_loop_nowrap", "narrow_schar_nowrap", [lambda: np.ones(200)], IndexError, OOB0),
    # loop nests whose versioning test fails run the checked copy: the same errors
    ("nest_write_axis0", "nest_product", [lambda: np.ones((3, 2)), lambda: np.ones((2, 2)),
                                          lambda: np.zeros((2, 2))], IndexError, OOB0),
    ("nest_write_axis1", "nest_product", [lambda: np.ones((3, 2)), lambda: np.ones((2, 3)),
                                          lambda: np.zeros((3, 2))], IndexError, OOB1),
    ("nest_read_axis0", "nest_product", [lambda: np.ones((2, 3)), lambda: np.ones((2, 2)),
                                         lambda: np.zeros((2, 2))], IndexError, OOB0),
    ("nest_read_past_end", "nest_shift_read", [lambda: np.ones(4), 1], IndexError, OOB0),
    ("nest_read_before_start", "nest_shift_read", [lambda: np.ones(4), -5], IndexError, OOB0),
    ("nest_nowrap_negative", "nest_shift_read_nowrap", [lambda: np.ones(4), -1], IndexError, OOB0),
    # const views check the element type, dimensions and None like any other
    ("const_int_for_double", "const_sum", [lambda: np.arange(3)], ValueError,
     mismatch("double", "'long'")),
    ("const_2d_for_1d", "const_sum", [lambda: np.zeros((2, 2))], ValueError, ndim(1, 2)),
    ("const_none", "const_sum", [None], TypeError, "Argument 'a' must not be None"),
    # the argument's name: the second view argument
    ("second_argument_named", "two", [lambda: bytearray(b"ab"), lambda: bytearray(b"cd")], ValueError,
     "Buffer dtype mismatch, expected 'double' but got 'unsigned char' (argument 'b')"),
]


def resizable(x):
    return isinstance(x, (bytearray, array.array))


def refcounts(args):
    """Reference counts of the arguments that hold memory (not of shared ints, None, ...)."""
    return [sys.getrefcount(x) for x in args if not isinstance(x, (int, float, str, bytes, type(None)))]


def check_released(args, before):
    gc.collect()
    assert refcounts(args) == before, "a reference count changed"
    for x in args:
        if isinstance(x, bytearray):
            x.extend(b"xy")  # BufferError if an export were still held
            del x[-2:]
        elif isinstance(x, array.array):
            x.append(0)  # BufferError if an export were still held
            x.pop()


def test_matrix_is_large_enough():
    assert len(MATRIX) >= 30
    kinds = {case[3] for case in MATRIX}
    assert kinds == {ValueError, TypeError, IndexError, BufferError}


@pytest.mark.parametrize("case", MATRIX, ids=[c[0] for c in MATRIX])
def test_bad_input(mod, case):
    _, fname, factories, exc_type, message = case
    args = [f() if callable(f) else f for f in factories]
    before = refcounts(args)
    fn = getattr(mod, fname)
    for _ in range(3):  # the same failure again: nothing was left half-done
        with pytest.raises(exc_type) as info:
            fn(*args)
        assert type(info.value) is exc_type
        assert str(info.value) == message
        del info
    check_released(args, before)


def test_failing_array_interface_propagates(mod):
    x = FailingInterface()
    before = sys.getrefcount(x)
    with pytest.raises(RuntimeError, match="^no interface today$"):
        mod.rd1(x)
    assert sys.getrefcount(x) == before


def test_bad_input_through_keywords(mod):
    a = np.arange(3)
    before = sys.getrefcount(a)
    with pytest.raises(ValueError, match=r"^Buffer dtype mismatch, expected 'double' but got 'long' \(argument 'a'\)$"):
        mod.get1(i=0, a=a)
    with pytest.raises(TypeError):
        mod.get1(i=0)
    assert sys.getrefcount(a) == before


GOOD = [
    ("read_only_read", "rd1", [lambda: ro(np.zeros(4))], 4),
    ("read_only_2d_read", "rd2", [lambda: ro(np.zeros((3, 2)))], 3),
    ("read_only_c_read", "getc2", [lambda: ro(np.arange(6.0).reshape(2, 3)), 1, -1], 5.0),
    ("broadcast_read", "get2", [lambda: np.broadcast_to(np.arange(3.0), (4, 3)), 3, 2], 2.0),
    ("bytes_read", "ruc", [b"abc"], 3),
    ("read_only_iterated", "iter_total", [lambda: ro(np.arange(4.0))[::-1]], 6.0),
    ("read_only_memoryview_read", "ruc", [lambda: memoryview(bytearray(5)).toreadonly()], 5),
    ("interface_read_only_read", "get1", [lambda: ArrayInterface(np.arange(3.0), readonly=True), -1], 2.0),
    ("empty_c", "rdc", [lambda: np.zeros((0, 6))[:, ::2]], 0),
    ("empty_fortran", "rdf", [lambda: np.zeros((3, 0))], 3),
    ("one_element_any_stride", "rdc1", [lambda: np.zeros(9)[4:5]], 1),
    ("size1_axis_any_stride", "rdc", [lambda: np.zeros((6, 4))[2::5]], 1),
    ("bool_for_uchar", "ruc", [lambda: np.zeros(4, bool)], 4),
    ("uint8_bytearray", "wuc", [lambda: bytearray(2)], None),
    ("last_in_range", "get1", [lambda: array.array("d", [1.0, 2.0]), -2], 1.0),
]


@pytest.mark.parametrize("case", GOOD, ids=[c[0] for c in GOOD])
def test_good_input(mod, case):
    _, fname, factories, want = case
    args = [f() if callable(f) else f for f in factories]
    before = refcounts(args)
    got = getattr(mod, fname)(*args)
    assert got == want and type(got) is type(want)
    check_released(args, before)


def test_released_when_a_later_argument_fails(mod):
    a, b = bytearray(b"ab"), bytearray(b"cd")
    before = refcounts([a, b])
    with pytest.raises(ValueError):
        mod.two(a, b)
    with pytest.raises(TypeError, match="'a' must not be None"):
        mod.two(None, b)
    with pytest.raises(TypeError):
        mod.view_then_int(a, "x")
    with pytest.raises(OverflowError):
        mod.view_then_int(a, 2 ** 40)
    check_released([a, b], before)


def test_released_on_body_errors_and_success(mod):
    a, b = bytearray(b"abc"), bytearray(b"xyz")
    before = refcounts([a, b])
    with pytest.raises(IndexError, match=r"^Out of bounds on buffer access \(axis 0\)$"):
        mod.body_raises(a, 3, b)
    assert a[0] == 7  # the write before the failing read happened, as it would interpreted
    with pytest.raises(ValueError, match="from the body"):
        mod.raise_in_body(a, True)
    assert mod.raise_in_body(a, False) == 7
    assert mod.body_raises(a, 1, b) == ord("b") + ord("y")
    check_released([a, b], before)


def c_schar(k):
    return (k + 128) % 256 - 128


def test_narrow_loop_variable_keeps_checks(mod):
    """`i: cython.schar` counting to 200 wraps to -128 after 127, as in C and Cython: a[i] must
    then wrap around (or be checked), never read before the buffer."""
    a = np.arange(1.0, 301.0)
    for n in (200, 256, 300):
        want = sum(a[c_schar(k) % n] for k in range(n))
        assert mod.narrow_schar(a[:n]) == want
        want = sum(a[(k % 256) - 1] if k % 256 else a[n - 1] for k in range(1, n))
        assert mod.narrow_uchar_shifted(a[:n]) == want
    assert mod.narrow_schar(a[:127]) == sum(a[:127])


def test_no_leak_over_many_failures(mod):
    a = np.zeros((2, 3))
    before = sys.getrefcount(a)
    for _ in range(2000):
        try:
            mod.rd1(a)
        except ValueError:
            pass
        try:
            mod.get2(a, 0, 9)
        except IndexError:
            pass
    assert sys.getrefcount(a) == before


# ---- directives: module header comment and decorators (each needs its own module header)

HEADER_NOWRAP = '''# cython: boundscheck=True, wraparound=False
import cython

def get(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]

@cython.wraparound(True)
def get_wrap(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]

@cython.cfunc
def _get(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]

def via_cfunc(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return _get(a, i)
'''

HEADER_UNCHECKED = '''# cython: boundscheck=False, wraparound=False
import cython

def total(a: cython.double[:, :]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            t += a[i, j]
    return t

@cython.boundscheck(True)
def checked(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]

@cython.boundscheck(True)
@cython.wraparound(True)
def checked_wrap(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]
'''


def test_header_wraparound_off(pyc2c_build):
    m = pyc2c_build(HEADER_NOWRAP).compiled
    a = np.arange(3.0)
    assert m.get(a, 2) == 2.0
    for fn in (m.get, m.via_cfunc):
        with pytest.raises(IndexError, match=r"^Out of bounds on buffer access \(axis 0\)$"):
            fn(a, -1)
    assert m.get_wrap(a, -1) == 2.0
    with pytest.raises(IndexError, match=r"axis 0"):
        m.get_wrap(a, -4)


def test_header_checks_off_decorators_back_on(differential):
    built = differential(HEADER_UNCHECKED, [])
    m = built.compiled
    assert m.total(np.arange(6.0).reshape(2, 3)[:, ::-1]) == 15.0
    assert m.total(np.arange(6.0).reshape(3, 2).T) == built.interpreted.total(np.arange(6.0).reshape(3, 2).T)
    with pytest.raises(IndexError, match=r"^Out of bounds on buffer access \(axis 0\)$"):
        m.checked(np.zeros(2), 2)
    with pytest.raises(IndexError, match=r"axis 0"):
        m.checked(np.zeros(2), -1)  # wraparound is still off for it
    assert m.checked_wrap(np.arange(2.0), -1) == 1.0
    with pytest.raises(IndexError, match=r"axis 0"):
        m.checked_wrap(np.zeros(2), -3)

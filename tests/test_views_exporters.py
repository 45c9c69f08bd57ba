"""Differential tests of typed memoryviews over every kind of buffer exporter: array.array of each
typecode, memoryview (1-D, strided, reversed, cast to 2-D, read-only), bytearray and bytes
(uchar/char), ctypes arrays, NumPy arrays of the dtypes Cython also accepts for a type (bool for
uchar, uint8 for char, 'l' and 'q' for long and long long), and objects that offer only
__array_interface__. Kernels use only len() and indexing, which every exporter supports when the
file runs interpreted."""
import array
import ctypes

import numpy as np
import pytest

from test_views_harness import ArrayInterface, check_call, module_build

CTYPES = ["schar", "uchar", "short", "ushort", "int", "uint", "long", "ulong", "longlong",
          "ulonglong", "float", "double", "char", "Py_ssize_t", "size_t"]

KERNELS = '''
def rsum_TT(a: cython.TT[:]) -> cython.double:
    t: cython.double = 0.0
    for i in range(len(a)):
        t += a[i] * (i + 1)
    return t

def inc_TT(a: cython.TT[:]) -> cython.TT:
    for i in range(len(a)):
        a[i] += 1
    a[-1] = a[0]
    return a[-2]
'''

SRC = "import cython\n" + "".join(KERNELS.replace("TT", t) for t in CTYPES) + '''
def sum2(a: cython.double[:, :]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            t = t * 2 + a[i, j]
    return t

def neg2(a: cython.int[:, :]):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = -a[i, j] * (j + 1)

def fsum2(a: cython.double[::1, :]) -> cython.double:
    t: cython.double = 0.0
    for j in range(a.shape[1]):
        for i in range(a.shape[0]):
            t = t * 2 + a[i, j]
    return t

def csum(a: cython.double[::1]) -> cython.double:
    t: cython.double = 0.0
    for i in range(len(a)):
        t = t * 2 + a[i]
    return t

def upper(a: cython.uchar[:]) -> cython.int:
    n: cython.int = 0
    for i in range(len(a)):
        if a[i] >= 97 and a[i] <= 122:
            a[i] -= 32
            n += 1
    return n

def count_byte(a: cython.uchar[::1], c: cython.uchar) -> cython.int:
    n: cython.int = 0
    for i in range(len(a)):
        if a[i] == c:
            n += 1
    return n
'''

TYPECODES = {"b": "schar", "B": "uchar", "h": "short", "H": "ushort", "i": "int", "I": "uint",
             "l": "long", "L": "ulong", "q": "longlong", "Q": "ulonglong", "f": "float", "d": "double"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return module_build(SRC, tmp_path_factory, "views_exporters")


def vals(tc, n=7):
    if tc in "fd":
        return [0.5 * k - 1.25 for k in range(n)]
    if tc.isupper():
        return [3 * k % 11 for k in range(n)]
    return [3 * k % 11 - 5 for k in range(n)]


@pytest.mark.parametrize("tc", TYPECODES)
def test_array_array(built, tc):
    t = TYPECODES[tc]
    check_call(built, f"rsum_{t}", lambda: array.array(tc, vals(tc)))
    check_call(built, f"inc_{t}", lambda: array.array(tc, vals(tc)))
    check_call(built, f"rsum_{t}", lambda: array.array(tc))


def test_array_array_long_and_long_long_agree(built):
    # 'l' and 'q' are the same type where both are 8 bytes (Cython compares size and kind)
    check_call(built, "inc_longlong", lambda: array.array("l", vals("l")))
    check_call(built, "inc_long", lambda: array.array("q", vals("q")))
    check_call(built, "inc_Py_ssize_t", lambda: array.array("q", vals("q")))
    check_call(built, "inc_size_t", lambda: array.array("Q", vals("Q")))


def test_memoryview_of_numpy(built):
    check_call(built, "rsum_double", lambda: memoryview(np.arange(6.0)))
    check_call(built, "inc_double", lambda: memoryview(np.arange(6.0)))
    check_call(built, "inc_int", lambda: memoryview(np.arange(12, dtype=np.int32)[::3]))


def test_memoryview_sliced(built):
    check_call(built, "rsum_double", lambda: memoryview(array.array("d", vals("d", 9)))[::-2])
    check_call(built, "inc_short", lambda: memoryview(array.array("h", vals("h", 9)))[1::3])


def test_memoryview_cast_2d(built):
    def m():
        return memoryview(bytearray(array.array("i", vals("i", 6)).tobytes())).cast("i", shape=[2, 3])
    check_call(built, "neg2", m)
    check_call(built, "sum2", lambda: memoryview(array.array("d", vals("d", 6))).cast("B").cast("d", [3, 2]))


def test_memoryview_read_only_read(built):
    check_call(built, "rsum_uchar", lambda: memoryview(b"hello"))
    check_call(built, "rsum_double", lambda: memoryview(array.array("d", vals("d"))).toreadonly())


def test_bytearray_uchar(built):
    check_call(built, "upper", lambda: bytearray(b"Hello, World! abc"))
    check_call(built, "rsum_uchar", lambda: bytearray(b"\x00\x7f\x80\xff"))
    check_call(built, "inc_uchar", lambda: bytearray(b"abcz"))
    check_call(built, "count_byte", lambda: bytearray(b"banana"), ord("a"))
    check_call(built, "upper", lambda: bytearray())


def test_bytearray_char(built):
    # Cython accepts an unsigned byte buffer for a char view (chars have either signedness)
    check_call(built, "rsum_char", lambda: bytearray(b"abc\x01"))
    check_call(built, "inc_char", lambda: bytearray(b"xyz"))


def test_bytes_read_only(built):
    check_call(built, "count_byte", b"mississippi", ord("s"))
    check_call(built, "rsum_uchar", b"\x01\x02\xfe")


def test_ctypes_arrays(built):
    check_call(built, "inc_double", lambda: (ctypes.c_double * 4)(1.5, 2.5, -3.0, 4.0))
    check_call(built, "rsum_int", lambda: (ctypes.c_int * 5)(1, -2, 3, -4, 5))
    check_call(built, "inc_long", lambda: (ctypes.c_long * 3)(7, 8, 9))
    check_call(built, "inc_float", lambda: (ctypes.c_float * 3)(0.5, 0.25, 8.0))


def test_numpy_bool_as_uchar(built):
    check_call(built, "rsum_uchar", lambda: np.array([True, False, True, True]))
    check_call(built, "count_byte", lambda: np.array([True, False, True]), 1)


def test_numpy_uint8_and_int8_as_char(built):
    check_call(built, "inc_char", lambda: np.array([1, 2, 100], dtype=np.uint8))
    check_call(built, "rsum_char", lambda: np.array([-1, 2, -30], dtype=np.int8))


def test_numpy_long_long_dtypes(built):
    check_call(built, "inc_long", lambda: np.array([1, -2, 3], dtype=np.longlong))
    check_call(built, "inc_longlong", lambda: np.array([1, -2, 3], dtype=np.int64))
    check_call(built, "inc_ulong", lambda: np.array([1, 2, 3], dtype=np.ulonglong))
    check_call(built, "inc_ulonglong", lambda: np.array([1, 2, 3], dtype=np.uint64))


def test_array_interface_1d(built):
    check_call(built, "rsum_double", lambda: ArrayInterface(np.arange(5.0)))
    check_call(built, "inc_double", lambda: ArrayInterface(np.arange(5.0)))
    check_call(built, "inc_long", lambda: ArrayInterface(np.arange(9)[::-2]))
    check_call(built, "inc_uchar", lambda: ArrayInterface(np.arange(4, dtype=np.uint8)))
    check_call(built, "rsum_float", lambda: ArrayInterface(np.arange(4, dtype=np.float32)))
    check_call(built, "rsum_double", lambda: ArrayInterface(np.zeros(0)))


def test_array_interface_2d(built):
    check_call(built, "sum2", lambda: ArrayInterface(np.arange(6.0).reshape(2, 3)))
    check_call(built, "sum2", lambda: ArrayInterface(np.arange(12.0).reshape(3, 4)[::2, 1::2]))
    check_call(built, "fsum2", lambda: ArrayInterface(np.asfortranarray(np.arange(6.0).reshape(2, 3))))
    check_call(built, "neg2", lambda: ArrayInterface(np.arange(6, dtype=np.int32).reshape(3, 2).T))


def test_array_interface_read_only_read(built):
    check_call(built, "rsum_double", lambda: ArrayInterface(np.arange(5.0), readonly=True))
    check_call(built, "csum", lambda: ArrayInterface(np.arange(5.0), readonly=True))


def test_contiguous_spec_accepts_every_contiguous_exporter(built):
    check_call(built, "csum", lambda: array.array("d", vals("d")))
    check_call(built, "csum", lambda: memoryview(np.arange(4.0)))
    check_call(built, "csum", lambda: (ctypes.c_double * 3)(1.0, 2.0, 3.0))
    check_call(built, "csum", lambda: np.arange(8.0).reshape(2, 4)[1])
    check_call(built, "csum", lambda: np.arange(8.0)[3:4:5])  # one element: any stride is contiguous
    check_call(built, "count_byte", lambda: bytearray(b"aaa"), ord("a"))

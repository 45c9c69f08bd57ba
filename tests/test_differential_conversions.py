"""Differential tests: argument conversion, builtins (abs/min/max/int/float/bool), cython.cast,
cython.<type>(x), cython.sizeof, cython.compiled, and the errors Cython documents for converting
Python objects to C numbers (TypeError for a non-integer, OverflowError when it does not fit)."""
import math

import pytest

INT_MIN, INT_MAX = -2**31, 2**31 - 1


def calls(names, argsets):
    return [(n, a) for n in names for a in argsets]


BUILTINS_SRC = '''
import cython

def abs_i(a: cython.int) -> cython.int:
    return abs(a)

def abs_f(a: float):
    return abs(a)

def abs_p(a: int):
    return abs(a)

def abs_o(a):
    return abs(a)

def abs_b(a: bool):
    return abs(a)

def min2_i(a: cython.int, b: cython.int):
    return min(a, b)

def max3_i(a: cython.int, b: cython.int, c: cython.int):
    return max(a, b, c)

def min_f(a: float, b: float):
    return min(a, b)

def max_f(a: float, b: float):
    return max(a, b)

def min_lit(a: cython.int):
    return min(a, 10, -3)

def max_lit(a: cython.long):
    return max(0, a)

def max_lits():
    return max(3, 9, -1)

def int_of_f(a: float):
    return int(a)

def int_of_o(a):
    return int(a)

def int_of_i(a: cython.short):
    return int(a)

def int_of_b(a: bool):
    return int(a)

def float_of_i(a: cython.int):
    return float(a)

def float_of_o(a):
    return float(a)

def float_of_p(a: int):
    return float(a)

def float_of_single(a: cython.float):
    return float(a)

def bool_of_i(a: cython.int):
    return bool(a)

def bool_of_f(a: float):
    return bool(a)

def bool_of_o(a):
    return bool(a)
'''


def test_abs_min_max(differential):
    ints = [-5, -1, 0, 3, INT_MAX, INT_MIN + 1]
    fl = [-2.5, -0.0, 0.0, 1.0, math.inf, -math.inf, math.nan]
    built = differential(BUILTINS_SRC, calls(["abs_i"], [(x,) for x in ints])
                         + calls(["abs_f"], [(x,) for x in fl])
                         + calls(["abs_p"], [(x,) for x in (-3**50, 0, 5, True)])
                         + calls(["abs_o"], [(x,) for x in (-3, -2.5, -0.0, 3**50, False)])
                         + calls(["abs_b"], [(True,), (False,)])
                         + calls(["min2_i"], [(a, b) for a in ints for b in ints])
                         + calls(["max3_i"], [(a, b, c) for a in (-1, 0, 7) for b in (-9, 7) for c in (7, 100)])
                         + calls(["min_f", "max_f"], [(a, b) for a in fl for b in fl])
                         + calls(["min_lit", "max_lit"], [(x,) for x in ints])
                         + [("max_lits", ())])
    c = built.compiled
    assert c.max_lits() == 9 and type(c.max_lits()) is int
    assert c.abs_i(INT_MIN) == INT_MIN  # C abs wraps, as Cython's abs() of a C int does


def test_int_float_bool_builtins(differential):
    fl = [-2.7, -0.5, -0.0, 0.0, 0.9, 2.5, 1e20, -1e300, math.inf, -math.inf, math.nan]
    differential(BUILTINS_SRC, calls(["int_of_f"], [(x,) for x in fl])
                 + calls(["int_of_o"], [(x,) for x in fl + [3, -3**50, True]])
                 + calls(["int_of_i"], [(x,) for x in (-32768, 0, 32767)])
                 + calls(["int_of_b"], [(True,), (False,)])
                 + calls(["float_of_i"], [(x,) for x in (INT_MIN, -1, 0, INT_MAX)])
                 + calls(["float_of_o"], [(x,) for x in [3, -3**50, 10**400, 2.5, True, math.nan]])
                 + calls(["float_of_p"], [(x,) for x in [0, 2**53 + 1, 10**400, -10**400]])
                 + calls(["float_of_single"], [(0.5,), (-2.25,), (math.inf,)])
                 + calls(["bool_of_i"], [(x,) for x in (-1, 0, 5)])
                 + calls(["bool_of_f"], [(x,) for x in (-0.0, 0.0, math.nan, 1e-300)])
                 + calls(["bool_of_o"], [(x,) for x in (0, 1, 0.0, "", "a", 3**50, None)]))


CAST_SRC = '''
import cython

def cast_i(a: float) -> cython.int:
    return cython.cast(cython.int, a)

def cint_call(a: float):
    return cython.int(a)

def to_double(a: cython.int):
    return cython.cast(cython.double, a) / 2

def long_of(a: cython.int):
    return cython.long(a) * 3

def char_wrap(a: cython.int):
    return cython.cast(cython.char, a)

def uchar_wrap(a: cython.int):
    return cython.cast(cython.uchar, a)

def size_int():
    return cython.sizeof(cython.int)

def size_double():
    return cython.sizeof(cython.double)

def size_local(a: cython.short):
    return cython.sizeof(a)

def is_compiled():
    return cython.compiled

def bint_of(a: cython.int):
    return cython.bint(a)
'''


def test_cast_and_type_calls(differential):
    built = differential(CAST_SRC, calls(["cast_i", "cint_call"], [(x,) for x in (-2.7, -0.5, 0.0, 1.9, 1e9)])
                         + calls(["to_double", "long_of"], [(x,) for x in (INT_MIN, -3, 0, 7, INT_MAX)])
                         + calls(["char_wrap", "uchar_wrap"], [(x,) for x in (0, 5, 100, 127)])
                         + calls(["bint_of"], [(x,) for x in (-1, 0, 3)]))
    c = built.compiled
    assert c.char_wrap(300) == 44 and c.char_wrap(-129) == 127
    assert c.uchar_wrap(-1) == 255 and c.uchar_wrap(256) == 0
    assert c.size_int() == 4 and c.size_double() == 8 and c.size_local(3) == 2
    assert c.is_compiled() is True and built.interpreted.is_compiled() is False
    assert c.bint_of(7) is True


ARGCONV_SRC = '''
import cython

def take_int(a: cython.int) -> cython.int:
    return a

def take_uint(a: cython.uint):
    return a

def take_char(a: cython.char):
    return a

def take_uchar(a: cython.uchar):
    return a

def take_short(a: cython.short):
    return a

def take_long(a: cython.long):
    return a

def take_ulonglong(a: cython.ulonglong):
    return a

def take_ssize(a: cython.Py_ssize_t):
    return a

def take_size(a: cython.size_t):
    return a

def take_double(a: cython.double) -> float:
    return a

def take_single(a: cython.float) -> float:
    return a

def take_pyint(a: int):
    return a

def take_str(a: str):
    return a

def take_bint(a: cython.bint):
    return a
'''


class Idx:
    """An object with __index__ (accepted where a C integer is expected)."""

    def __index__(self):
        return 42


def test_argument_conversion_in_range(differential):
    differential(ARGCONV_SRC, calls(["take_int"], [(x,) for x in (INT_MIN, -1, 0, INT_MAX)])
                 + calls(["take_uint"], [(x,) for x in (0, 2**32 - 1)])
                 + calls(["take_char"], [(x,) for x in (-128, 0, 127)])
                 + calls(["take_uchar"], [(x,) for x in (0, 255)])
                 + calls(["take_short"], [(x,) for x in (-32768, 32767)])
                 + calls(["take_long", "take_ssize"], [(x,) for x in (-2**63, 0, 2**63 - 1)])
                 + calls(["take_ulonglong", "take_size"], [(x,) for x in (0, 2**64 - 1)])
                 + calls(["take_double"], [(x,) for x in (-0.0, 1.5, math.inf, math.nan)])
                 + calls(["take_single"], [(0.5,), (-2.0,)])
                 + calls(["take_pyint"], [(x,) for x in (0, 3**50, -3**50, True)])
                 + calls(["take_str"], [("",), ("héllo\x00",)]))


def test_argument_conversion_errors_and_messages(pyc2c_build):
    c = pyc2c_build(ARGCONV_SRC).compiled
    with pytest.raises(TypeError):
        c.take_int(1.0)
    with pytest.raises(TypeError):
        c.take_int("1")
    with pytest.raises(TypeError):
        c.take_int(None)
    with pytest.raises(OverflowError, match="value too large to convert to int"):
        c.take_int(2**40)
    with pytest.raises(OverflowError):
        c.take_int(-2**31 - 1)
    with pytest.raises(OverflowError):
        c.take_int(3**50)
    with pytest.raises(OverflowError, match="can't convert negative value to unsigned int"):
        c.take_uint(-1)
    with pytest.raises(OverflowError):
        c.take_uint(2**32)
    with pytest.raises(OverflowError):
        c.take_char(128)
    with pytest.raises(OverflowError):
        c.take_uchar(256)
    with pytest.raises(OverflowError):
        c.take_uchar(-1)
    with pytest.raises(OverflowError):
        c.take_short(-32769)
    with pytest.raises(OverflowError):
        c.take_long(2**63)
    with pytest.raises(OverflowError):
        c.take_ulonglong(2**64)
    with pytest.raises(OverflowError):
        c.take_ulonglong(-1)
    with pytest.raises(OverflowError):
        c.take_size(-1)
    with pytest.raises(TypeError):
        c.take_double("1.0")
    with pytest.raises(TypeError):
        c.take_double(None)
    with pytest.raises(OverflowError):
        c.take_double(10**400)
    with pytest.raises(TypeError, match=r"Argument 'a' has incorrect type \(expected int, got float\)"):
        c.take_pyint(1.0)
    with pytest.raises(TypeError, match=r"Argument 'a' has incorrect type \(expected str, got int\)"):
        c.take_str(1)
    assert c.take_int(Idx()) == 42
    assert c.take_ulonglong(Idx()) == 42
    assert c.take_double(3) == 3.0 and type(c.take_double(3)) is float
    assert c.take_bint([]) is False and c.take_bint([0]) is True
    assert c.take_char(-5) == -5
    assert c.take_int(True) == 1 and type(c.take_int(True)) is int  # converted to a C int
    assert type(c.take_pyint(True)) is bool


RETCONV_SRC = '''
import cython

def ret_int(a) -> cython.int:
    return a

def ret_uchar(a) -> cython.uchar:
    return a

def ret_double(a) -> cython.double:
    return a

def ret_pyint(a) -> int:
    return a

def ret_bool(a) -> bool:
    return a

def ret_str(a) -> str:
    return a

def local_int(a):
    x: cython.int = a
    return x

def local_pyint(a):
    x: int = a
    return x

def local_double(a):
    d: cython.double = a
    return d
'''


def test_return_and_local_conversions(pyc2c_build):
    built = pyc2c_build(RETCONV_SRC)
    c, i = built.compiled, built.interpreted
    for v in (-5, 0, 2**31 - 1):
        assert c.ret_int(v) == i.ret_int(v) and c.local_int(v) == i.local_int(v)
    for v in (0, 3**50, -1):
        assert c.ret_pyint(v) == i.ret_pyint(v) and c.local_pyint(v) == i.local_pyint(v)
    for v in (1.5, -0.0, math.inf):
        assert c.ret_double(v) == i.ret_double(v) and c.local_double(v) == i.local_double(v)
    assert c.ret_str("s") == "s"
    # Cython's coercions when an object becomes a C value or a typed object
    assert c.ret_double(3) == 3.0 and type(c.ret_double(3)) is float
    assert c.ret_bool([1]) is True and c.ret_bool("") is False
    assert c.local_double(True) == 1.0
    with pytest.raises(OverflowError):
        c.ret_int(2**31)
    with pytest.raises(OverflowError):
        c.local_int(-2**31 - 1)
    with pytest.raises(OverflowError):
        c.ret_uchar(256)
    with pytest.raises(OverflowError):
        c.ret_uchar(-1)
    with pytest.raises(TypeError):
        c.ret_int(1.5)
    with pytest.raises(TypeError):
        c.ret_double("x")
    with pytest.raises(TypeError, match="expected int, got str"):
        c.ret_pyint("x")
    with pytest.raises(TypeError, match="expected int, got float"):
        c.local_pyint(1.0)
    with pytest.raises(TypeError, match="expected str, got int"):
        c.ret_str(1)


SINGLE_SRC = '''
import cython

def f32_ops(a: cython.float, b: cython.float) -> cython.float:
    return a * b + a - b / 4

def f32_cmp(a: cython.float, b: cython.double) -> bool:
    return a < b

def f32_to_double(a: cython.float) -> cython.double:
    return a * 2

def longdouble_ops(a: cython.longdouble, b: cython.longdouble) -> cython.double:
    return a * b - a
'''


def test_float32_and_longdouble_exact_cases(differential):
    exact = [-2.0, -0.5, 0.0, 0.25, 1.0, 3.0, 1024.0]
    built = differential(SINGLE_SRC, calls(["f32_ops", "longdouble_ops"], [(a, b) for a in exact for b in exact])
                         + calls(["f32_cmp"], [(a, b) for a in exact for b in (-1.0, 0.25, math.nan)])
                         + calls(["f32_to_double"], [(a,) for a in exact + [math.inf, -math.inf]]))
    c = built.compiled
    assert c.f32_to_double(0.1) == float.fromhex("0x1.99999ap-3")  # 0.1 rounded to single precision, doubled
    assert c.f32_to_double(1e39) == math.inf  # beyond single precision

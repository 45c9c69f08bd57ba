"""math and cython.cimports.libc.math: Python's errors for math.*, C semantics for libc."""
import math

import pytest

SOURCE = '''
import cython
import math
import math as m
from math import sqrt, floor, ceil, trunc, isnan, isinf, isfinite, atan2, hypot, fmod, copysign
from cython.cimports.libc.math import exp as c_exp, log as c_log, sqrt as c_sqrt

def f_sqrt(x: cython.double) -> cython.double:
    return sqrt(x)

def f_exp(x: cython.double) -> cython.double:
    return math.exp(x)

def f_log(x: cython.double) -> cython.double:
    return m.log(x)

def f_log10(x: cython.double) -> cython.double:
    return math.log10(x)

def f_trig(x: cython.double) -> cython.double:
    return math.sin(x) + math.cos(x) * math.tan(x) - math.atan(x)

def f_asin(x: cython.double) -> cython.double:
    return math.asin(x)

def f_cosh(x: cython.double) -> cython.double:
    return math.cosh(x)

def f_floor(x: cython.double):
    return floor(x)

def f_ceil(x: cython.double):
    return ceil(x)

def f_trunc(x: cython.double):
    return trunc(x)

def f_class(x: cython.double):
    return isnan(x) + 2 * isinf(x) + 4 * isfinite(x)

def f_two(x: cython.double, y: cython.double) -> cython.double:
    return atan2(x, y) + hypot(x, y) + copysign(1.0, y)

def f_fmod(x: cython.double, y: cython.double) -> cython.double:
    return fmod(x, y)

def f_hypot(x: cython.double, y: cython.double) -> cython.double:
    return hypot(x, y)

def f_consts() -> cython.double:
    return math.pi + math.e + math.tau

def f_int_arg(n: cython.int) -> cython.double:
    return math.sqrt(n)

def f_obj_arg(n):
    return math.sqrt(n)

def c_funcs(x: cython.double) -> cython.double:
    return c_exp(x) + c_log(x) + c_sqrt(x)
'''

FLOATS = [0.0, -0.0, 0.5, 1.0, 2.0, -1.0, 1e-300, 1e300, 710.0, -710.0, float("inf"),
          float("-inf"), float("nan")]


def test_math_functions_match_cpython(pyc2c_build):
    built = pyc2c_build(SOURCE)
    from conftest import check_same
    calls = []
    for fn in ["f_sqrt", "f_exp", "f_log", "f_log10", "f_trig", "f_asin", "f_cosh", "f_floor",
               "f_ceil", "f_trunc"]:
        calls += [(fn, (x,)) for x in FLOATS]
    for x in FLOATS[:8]:
        for y in [0.0, -2.0, 3.0, float("inf")]:
            calls += [("f_two", (x, y)), ("f_fmod", (x, y)), ("f_hypot", (x, y))]
    calls += [("f_consts", ()), ("f_int_arg", (16,)), ("f_int_arg", (-4,)), ("f_obj_arg", (2,)),
              ("f_obj_arg", (2.25,)), ("f_obj_arg", ("x",))]
    check_same(built, calls)
    check_same(built, [("f_class", (x,)) for x in FLOATS])


def test_math_errors_carry_python_messages(pyc2c_build):
    built = pyc2c_build(SOURCE)
    with pytest.raises(ValueError, match="math domain error"):
        built.compiled.f_sqrt(-1.0)
    with pytest.raises(OverflowError, match="math range error"):
        built.compiled.f_exp(1000.0)
    with pytest.raises(ValueError, match="math domain error"):
        built.compiled.f_log(0.0)
    with pytest.raises(OverflowError, match="cannot convert float infinity to integer"):
        built.compiled.f_floor(float("inf"))
    assert type(built.compiled.f_floor(2.5)) is int


def test_libc_math_has_c_semantics(pyc2c_build):
    """A cimport asks for the C function: no Python errors, IEEE results (documented)."""
    built = pyc2c_build(SOURCE)
    assert built.compiled.c_funcs(1.0) == math.exp(1.0) + 0.0 + 1.0
    assert math.isnan(built.compiled.c_funcs(-1.0))
    assert built.compiled.c_funcs(0.0) == float("-inf")

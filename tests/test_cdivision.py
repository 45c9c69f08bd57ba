"""cython.cdivision(True): C's truncating integer / // %, IEEE float division, as Cython does
(results checked against a Cython 3.3.1 build of the same functions), except that an integer
zero divisor raises ZeroDivisionError instead of trapping."""
import math

import pytest

from conftest import build_source

SOURCE = '''
import cython

@cython.cdivision(True)
def c_floordiv(a: cython.int, b: cython.int) -> cython.int:
    return a // b

@cython.cdivision(True)
def c_mod(a: cython.int, b: cython.int) -> cython.int:
    return a % b

@cython.cdivision(True)
def c_truediv(a: cython.int, b: cython.int) -> cython.double:
    return a / b

@cython.cdivision(True)
def c_fdiv(a: cython.double, b: cython.double) -> cython.double:
    return a / b

@cython.cdivision(True)
def c_ffloordiv(a: cython.double, b: cython.double) -> cython.double:
    return a // b

@cython.cdivision(True)
def c_fmod(a: cython.double, b: cython.double) -> cython.double:
    return a % b

def py_floordiv(a: cython.int, b: cython.int) -> cython.int:
    return a // b

def block(a: cython.long, b: cython.long) -> cython.long:
    with cython.cdivision(True):
        x = a % b
    return x * 100 + a % b
'''

HEADER = '''# cython: cdivision=True
import cython

def m(a: cython.long, b: cython.long) -> cython.long:
    return a % b
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("cdiv"), "cdiv").compiled


def test_c_integer_division(mod):
    assert mod.c_floordiv(-7, 2) == -3 and mod.py_floordiv(-7, 2) == -4
    assert mod.c_mod(-7, 2) == -1 and mod.c_mod(7, -2) == 1
    assert mod.c_truediv(7, 2) == 3.0
    assert mod.c_floordiv(-2**31, -1) == -2**31 and mod.c_mod(-2**31, -1) == 0
    for fn in (mod.c_floordiv, mod.c_mod, mod.c_truediv):
        with pytest.raises(ZeroDivisionError):
            fn(1, 0)


def test_c_float_division(mod):
    assert mod.c_fdiv(1.0, 0.0) == math.inf
    assert math.isnan(mod.c_fdiv(0.0, 0.0))
    assert mod.c_ffloordiv(-7.0, 2.0) == -4.0 and mod.c_ffloordiv(1.0, 0.0) == math.inf
    assert mod.c_fmod(-7.0, 2.0) == -1.0 and math.isnan(mod.c_fmod(1.0, 0.0))


def test_block_and_header_directives(mod, tmp_path):
    assert mod.block(-7, 3) == -1 * 100 + 2  # C inside the block, Python after it
    assert build_source(HEADER, tmp_path, "cdivhdr").compiled.m(-7, 3) == -1

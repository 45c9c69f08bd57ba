"""Evaluation order: Python evaluates operands and arguments left to right. A view element is read
inline in the generated C, so when a later operand or argument calls a function that writes the
same memory, the element must be read first, as the interpreted file reads it."""
import numpy as np
import pytest

from conftest import build_source

SOURCE = '''
import cython


@cython.cfunc
def poke(a: cython.double[:], v: cython.double) -> cython.double:
    a[0] = v
    return 1.0


@cython.cfunc
def pair(x: cython.double, y: cython.double) -> cython.double:
    return x * 10.0 + y


def plus_call(a: cython.double[:]) -> cython.double:
    return a[0] + poke(a, 5.0)


def expr_then_call(a: cython.double[:]) -> cython.double:
    x: cython.double = a[0] * 2.0 + poke(a, 3.0)
    return x


def call_after_args(a: cython.double[:]) -> cython.double:
    return pair(a[0], poke(a, 7.0))


def keyword_order(a: cython.double[:]) -> cython.double:
    return pair(y=poke(a, 7.0), x=a[0])


def keyword_first(a: cython.double[:]) -> cython.double:
    return pair(x=a[0], y=poke(a, 7.0))


def augmented(a: cython.double[:]) -> cython.double:
    a[0] += poke(a, 4.0)
    return a[0]


def compared(a: cython.double[:]) -> bool:
    return a[0] < poke(a, 9.0)


def chained(a: cython.double[:]) -> cython.double:
    return a[0] * 1.0 + a[0] + poke(a, 2.0) + a[0]


def through_python(a: cython.double[:], bump) -> cython.double:
    return a[1] + bump()


def right_first_is_fine(a: cython.double[:]) -> cython.double:
    return poke(a, 6.0) + a[0]


def int_view(a: cython.long[:], b: cython.double[:]) -> cython.double:
    return a[0] + poke(b, 1.0)
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("evalorder"), "evalorder")


NAMES = ["plus_call", "expr_then_call", "call_after_args", "keyword_order", "keyword_first",
         "augmented", "compared", "chained", "right_first_is_fine"]


@pytest.mark.parametrize("name", NAMES)
def test_left_operand_is_read_before_the_call(built, name):
    results = []
    for mod in (built.compiled, built.interpreted):
        a = np.array([1.0, 2.0])
        results.append((getattr(mod, name)(a), a.tolist()))
    assert results[0] == results[1]


def test_object_call_on_the_right_sees_the_old_element(built):
    results = []
    for mod in (built.compiled, built.interpreted):
        a = np.array([1.0, 2.0])

        def bump():
            a[1] += 100.0
            return 0.5
        results.append((mod.through_python(a, bump), a.tolist()))
    assert results[0] == results[1] == (2.5, [1.0, 102.0])


def test_int_view_element_then_call(built):
    for mod in (built.compiled, built.interpreted):
        assert mod.int_view(np.array([3]), np.array([0.0])) == 4.0

"""Indices proven in bounds by their loop skip the checks; everything else keeps them. Each case
compares with CPython (on array.array and memoryview inputs, whose items are plain floats),
including the ones that must still raise IndexError."""
from array import array

from conftest import check_same

SOURCE = '''
import cython

def inside(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(1, a.shape[0] - 1):
        s += a[i - 1] + a[i] + a[i + 1]
    return s

def one_past(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += a[i + 1]
    return s

def one_before(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += a[i - 1]
    return s

def by_len(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(len(a) - 2):
        s += a[i + 2]
    return s

def var_reassigned(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        i = i + 2
        s += a[i]
    return s

def view_reassigned(a: cython.double[:], b: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += a[i]
        a = b
    return s

def other_view(a: cython.double[:], b: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += b[i]
    return s

def other_axis(m: cython.double[:, :]) -> cython.double:
    s: cython.double = 0.0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[j, i]
    return s

def stepped(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(0, a.shape[0], 3):
        s += a[i]
    return s

def var_reassigned_in_tuple(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    k: cython.Py_ssize_t
    for i in range(a.shape[0]):
        i, k = i + 1000000, 0
        s += a[i]
    return s

def view_reassigned_in_tuple(a: cython.double[:], b: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += a[i]
        a, b = b, a
    return s

def var_reassigned_in_handler(a: cython.double[:], d: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        try:
            s += 1.0 / d
        except ZeroDivisionError:
            i = i + 1000000
        s += a[i]
    return s

def var_reassigned_in_finally(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        try:
            s += 1.0
        finally:
            i = i + 1000000
        s += a[i]
    return s
'''


def test_bounds_elimination_matches_cpython(pyc2c_build):
    built = pyc2c_build(SOURCE)
    def vec(n):
        return memoryview(array("d", [float(k * k) for k in range(n)]))

    def mat(r, c):
        return vec(r * c).cast("B").cast("d", [r, c])

    a, short = vec(6), vec(3)
    square, wide = mat(3, 3), mat(2, 4)
    check_same(built, [
        ("inside", (a,)), ("inside", (short,)), ("inside", (vec(0),)),
        ("one_past", (a,)), ("one_before", (a,)), ("by_len", (a,)), ("by_len", (vec(1),)),
        ("var_reassigned", (a,)), ("view_reassigned", (a, short)), ("view_reassigned", (short, a)),
        ("other_view", (a, short)), ("other_view", (short, a)),
        ("other_axis", (square,)), ("other_axis", (wide,)), ("other_axis", (mat(4, 2),)),
        ("stepped", (a,)), ("stepped", (vec(10),)),
        ("var_reassigned_in_tuple", (a,)), ("view_reassigned_in_tuple", (a, short)),
        ("view_reassigned_in_tuple", (a, vec(0))), ("var_reassigned_in_handler", (a, 1)),
        ("var_reassigned_in_handler", (a, 0)), ("var_reassigned_in_finally", (a,)),
    ])

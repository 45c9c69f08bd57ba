"""for x in a over a 1-D typed memoryview, compared with CPython iterating the same object."""
from array import array

from conftest import check_same

SOURCE = '''
import cython

def total(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for x in a:
        s += x
    return s

def first_negative(a: cython.long[:]) -> cython.long:
    for x in a:
        if x < 0:
            return x
    else:
        return 0
    return 1

def count_until(a: cython.int[:], stop: cython.int) -> cython.int:
    n: cython.int = 0
    for x in a:
        if x == stop:
            break
        n += 1
    else:
        n = -1
    return n

def sees_writes(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t = 0
    for x in a:
        if i + 1 < a.shape[0]:
            a[i + 1] = a[i + 1] + x
        s += x
        i += 1
    return s
'''


def test_iteration_matches_cpython(pyc2c_build):
    built = pyc2c_build(SOURCE)
    mv = lambda code, items: memoryview(array(code, items))
    check_same(built, [
        ("total", (mv("d", [1.5, 2.5, -1.0]),)), ("total", (mv("d", []),)),
        ("first_negative", (mv("l", [3, 4, -2, -7]),)), ("first_negative", (mv("l", [1, 2]),)),
        ("count_until", (mv("i", [5, 6, 7]), 7)), ("count_until", (mv("i", [5, 6, 7]), 9)),
        ("total", (mv("d", [float(k) for k in range(10)])[::3],)),
    ])
    for items in ([1.0, 2.0, 3.0], [0.5]):
        assert built.compiled.sees_writes(mv("d", items)) == built.interpreted.sees_writes(mv("d", items))

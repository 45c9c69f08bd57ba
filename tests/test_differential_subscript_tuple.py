"""obj[x,] subscripts a Python object with the 1-tuple (x,), as CPython does (and obj[x, y,]
with (x, y)); obj[x] passes x itself. Loads, stores, del and augmented assignment. A view's
a[i,] is a[i], as in NumPy."""
import numpy as np

SRC = '''
import cython


def view_elem(a: cython.double[:, :], i: cython.Py_ssize_t) -> cython.double:
    return float(a[i,][1] + a[i, 0,])


def load(d, x):
    return d[x,]


def load_plain(d, x):
    return d[x]


def load_pair(d, x, y):
    return d[x, y,]


def store(d, x, v):
    d = dict(d)
    d[x,] = v
    return d


def delete(d, x):
    d = dict(d)
    del d[x,]
    return d


def bump(d, x):
    d = dict(d)
    d[x,] += 1
    return d


def store_in(d, x, v):
    d[x,] = v


def delete_in(d, x):
    del d[x,]


def bump_in(d, x):
    d[x,] += 1


def sliced(d):
    return d[1:2,]
'''


class Recorder:
    """Records every key its __getitem__, __setitem__ and __delitem__ receive."""

    def __init__(self):
        self.keys = []

    def __getitem__(self, key):
        self.keys.append(("get", key))
        return 1

    def __setitem__(self, key, value):
        self.keys.append(("set", key, value))

    def __delitem__(self, key):
        self.keys.append(("del", key))

    def __eq__(self, other):
        return isinstance(other, Recorder) and self.keys == other.keys


def test_dict_keyed_by_one_tuples(differential):
    differential(SRC, [
        ("load", ({(1,): "one", 1: "bare"}, 1)), ("load", ({1: "bare"}, 1)),
        ("load_plain", ({(1,): "one", 1: "bare"}, 1)), ("load_pair", ({(1, 2): "pair"}, 1, 2)),
        ("store", ({}, "k", 5)), ("store", ({"k": 1}, "k", 5)), ("delete", ({("k",): 1, "k": 2}, "k")),
        ("delete", ({"k": 2}, "k")), ("bump", ({(3,): 1}, 3)), ("load", ([1, 2], 0)),
        ("view_elem", (np.arange(6.0).reshape(3, 2), 1)),
    ])


def test_getitem_sees_the_tuple(pyc2c_build):
    built = pyc2c_build(SRC)
    for mod in (built.compiled, built.interpreted):
        r = Recorder()
        mod.load(r, 7)
        mod.load_plain(r, 7)
        mod.load_pair(r, 7, 8)
        mod.store_in(r, 7, "v")
        mod.delete_in(r, 7)
        mod.bump_in(r, 7)
        mod.sliced(r)
        assert r.keys == [("get", (7,)), ("get", 7), ("get", (7, 8)), ("set", (7,), "v"),
                          ("del", (7,)), ("get", (7,)), ("set", (7,), 2),
                          ("get", (slice(1, 2, None),))], mod

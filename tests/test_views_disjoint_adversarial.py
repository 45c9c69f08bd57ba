"""Adversarial tests of the copy of a loop nest over disjoint views (compiler/emit/version.c, the
test pyc2c_view_disjoint in include/pyc2c/view.h). That copy runs with restrict-qualified base
pointers, so a wrong disjointness test or a wrong rule for which views a nest writes gives
silently wrong results. Each case runs the compiled and the interpreted function on separate
copies of the same inputs (aliasing each other exactly as the originals do) and compares results,
exception types and every array afterwards; some cases also read the emitted C. A seeded
generator at the end makes small kernels and overlapping views of one buffer and compares the
same way."""
import array
import random

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

from test_views_disjoint import emitted, outcome


def same_run(mod, name, make):
    """Like test_views_disjoint.same_run, but also for bytearray / array.array arguments, and the
    buffers listed after the arguments (make() returns (args, buffers)) are compared too."""
    (ca, cb), (ia, ib) = make(), make()
    got = outcome(getattr(mod.compiled, name), ca)
    want = outcome(getattr(mod.interpreted, name), ia)
    assert got[0] == want[0], (name, got, want)
    if got[0] == "value":
        assert got[1] == want[1], (name, got, want)
    else:
        assert got[1] is want[1], (name, got, want)
    for c, i in zip(list(ca) + list(cb), list(ia) + list(ib)):
        if isinstance(c, (np.ndarray, memoryview, bytearray, array.array)) and \
                np.asarray(c).size < 1 << 20:  # (views of 2**55 rows: their buffers are compared)
            np.testing.assert_array_equal(np.asarray(c), np.asarray(i), err_msg=name)
    return got


def rand(n, seed=1):
    return np.random.default_rng(seed).random(n)


SOURCE = '''
# cython: boundscheck=False, wraparound=False
import cython

def rows(a: cython.double[:, :], out: cython.double[:, :], n: cython.Py_ssize_t):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(1, n):
        for j in range(out.shape[1]):
            out[i - 1, j] = a[i, j] + 1.0

@cython.cfunc
@cython.inline
def setat(r: cython.double[:], j: cython.Py_ssize_t, x: cython.double):
    r[j] = x

def via_slice(a: cython.double[:, :], b: cython.double[:, :], c: cython.double[::1]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(a.shape[0]):
        c[i] = 0.0
        for j in range(a.shape[1]):
            setat(a[i], j, b[i, j] + 1.0)
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("adv"))


# Address ranges whose computation overflows: a view with 2**55 rows 512 bytes apart spans
# (2**55 - 1) * 512 = 2**64 - 512 bytes, which wraps to -512 in 64 bits, so its range looked like
# [data - 512, data + 128) and a view 520 bytes in looked disjoint from it. With a negative row
# stride the low end wraps below address 0 instead. Only rows 0 and 1 are touched.
def huge_rows(negative):
    def make():
        buf = rand(128)
        if negative:
            a = as_strided(buf[64:], shape=(2 ** 55, 16), strides=(-128, 8))
            out = buf[49:65].reshape(1, 16)  # a[1, j] is out[0, j - 1]
        else:
            a = as_strided(buf, shape=(2 ** 55, 16), strides=(512, 8))
            out = buf[65:81].reshape(1, 16)  # a[1, j] is out[0, j - 1]
        return (a, out, 2), (buf,)
    return make


@pytest.mark.parametrize("negative", [False, True])
def test_extent_overflow(mod, negative):
    same_run(mod, "rows", huge_rows(negative))


def test_written_through_a_sliced_argument(mod, tmp_path):
    # setat writes a's row: a counts as written, and is tested against b
    def make():
        buf = rand(80).reshape(2, 40)
        return (buf[:, 1:33], buf[:, 0:32], np.zeros(2)), (buf,)
    same_run(mod, "via_slice", make)
    c = emitted(tmp_path, SOURCE)
    body = c[c.index("static int f_via_slice(pyc2c_View arg_v_a, pyc2c_View arg_v_b, pyc2c_View arg_v_c) {"):]
    body = body[:body.index("\n}\n")]
    assert "pyc2c_view_disjoint(v_a, 2, sizeof(double), v_b, 2, sizeof(double))" in body

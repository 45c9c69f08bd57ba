"""Loop nests over disjoint views (compiler/emit/version.c) inside a try body, an except handler
or a finally block. A nest that cannot raise still gets its restrict helper; one that can keeps
its copies in the function when its errors land on the construct's label. Either way the handler
runs after the same writes as in the interpreted file. Each case runs compiled and interpreted on
separate copies of the same inputs (memoryviews, whose elements are Python floats: a division by
zero raises) and compares the result and every array afterwards."""
import numpy as np
import pytest

SOURCE = '''
import cython

def in_try(x: cython.double[:], d: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    s: cython.double = 0.0
    try:
        for i in range(x.shape[0]):
            out[i] = x[i] / d[i]
            s += out[i]
    except ZeroDivisionError:
        s = -s
    return s

def quiet_in_try(x: cython.double[:], d: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    s: cython.double = 0.0
    try:
        s = 1.0 / d[0]
        for i in range(x.shape[0]):
            out[i] = x[i] * d[i]
            s += out[i]
    except ZeroDivisionError:
        s = -s
    return s

def in_handler(x: cython.double[:], d: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    s: cython.double = 0.0
    try:
        s = 1.0 / d[0]
    except ZeroDivisionError:
        for i in range(1, x.shape[0]):
            out[i] = x[i] / d[i]
            s += out[i]
    return s

def in_finally(x: cython.double[:], d: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    s: cython.double = 0.0
    try:
        s = 1.0 / d[0]
    finally:
        for i in range(1, x.shape[0]):
            out[i] = x[i] / d[i]
            s += out[i]
    return s
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("disjoint_try"))


def outcome(fn, args):
    try:
        return "value", fn(*args)
    except Exception as exc:  # the type is compared, as in check_same
        return "raise", type(exc)


def make(case):
    rng = np.random.default_rng(3)
    x, d = rng.random(10), rng.random(10) + 0.5
    if case in ("zero_at_0", "zeros"):
        d[0] = 0.0
    if case in ("zero_at_6", "zeros"):
        d[6] = 0.0
    out = d if case == "out_is_d" else np.zeros(10)
    return memoryview(x), memoryview(d), memoryview(out)


@pytest.mark.parametrize("name", ["in_try", "quiet_in_try", "in_handler", "in_finally"])
@pytest.mark.parametrize("case", ["none", "zero_at_0", "zero_at_6", "zeros", "out_is_d"])
def test_nest_in_try(mod, name, case):
    ca, ia = make(case), make(case)
    got = outcome(getattr(mod.compiled, name), ca)
    want = outcome(getattr(mod.interpreted, name), ia)
    assert got[0] == want[0], (name, got, want)
    if got[0] == "value":
        assert got[1] == pytest.approx(want[1])
    else:
        assert got[1] is want[1], (name, got, want)
    for c, i in zip(ca, ia):
        np.testing.assert_array_equal(np.asarray(c), np.asarray(i), err_msg=name)


def test_helpers_in_try(tmp_path):
    from conftest import run_pyc2c
    src = tmp_path / "dj_try.py"
    src.write_text(SOURCE)
    proc = run_pyc2c("emit", src, "--no-line-directives")
    assert proc.returncode == 0, proc.stderr
    names = [line.split("(")[0].split()[-1] for line in proc.stdout.splitlines()
             if line.startswith("PYC2C_NEST")]
    # a finally block is emitted twice: on the normal way out (errors go to the function's error
    # label, the helper is taken) and on the exceptional one (they land on a label: no helper)
    assert sorted(n.rsplit("_nest", 1)[0] for n in names) == ["f_in_finally", "f_quiet_in_try"]

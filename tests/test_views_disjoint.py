"""The copy of a loop nest for disjoint views (compiler/emit/version.c): when every view a nest
writes through is disjoint from every other view it reaches, a test before the nest sends it to a
helper whose views' base pointers are restrict-qualified, so the C compiler may reorder their loads
and stores. Views that overlap (out is a, out is a slice of a, views of one array at different
offsets, transposes) must run a copy without restrict and give what the interpreted file gives.
Each case runs the compiled and the interpreted function on separate copies of the same inputs
(the copies alias each other exactly as the originals do) and compares the result or exception
type and every array afterwards."""
import numpy as np
import pytest

SOURCE = '''
# cython: boundscheck=False, wraparound=False
import cython

def matmul(a: cython.double[:, ::1], b: cython.double[:, ::1], out: cython.double[:, ::1]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    aik: cython.double
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            out[i, j] = 0.0
        for k in range(a.shape[1]):
            aik = a[i, k]
            for j in range(b.shape[1]):
                out[i, j] += aik * b[k, j]

def matmul_generic(a: cython.double[:, :], b: cython.double[:, :], out: cython.double[:, :]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    for i in range(a.shape[0]):
        for k in range(a.shape[1]):
            for j in range(b.shape[1]):
                out[i, j] += a[i, k] * b[k, j]

def shift(src: cython.double[:], dst: cython.double[:]):
    i: cython.Py_ssize_t
    for i in range(dst.shape[0]):
        dst[i] = src[i] * 2.0 + 1.0

def running(a: cython.double[:, ::1], w: cython.double[::1]) -> cython.Py_ssize_t:
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t = -1
    for i in range(a.shape[0]):
        for j in range(1, a.shape[1]):
            a[i, j] += a[i, j - 1] * w[j]
    return j

def axpy_sum(x: cython.float[:], y: cython.float[:], alpha: cython.float) -> cython.double:
    i: cython.Py_ssize_t
    s: cython.double = 0.0
    for i in range(x.shape[0]):
        y[i] = alpha * x[i] + y[i]
        s += y[i]
    return s

def last_value(x: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    for i in range(x.shape[0]):
        v = x[i] + 1.0
        out[i] = v
    return v

def hist(idx: cython.long[:], counts: cython.long[:]):
    i: cython.Py_ssize_t
    for i in range(idx.shape[0]):
        counts[idx[i]] += 1
'''

CHECKED = '''
import cython

def divide(x: cython.double[:], d: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    s: cython.double = 0.0
    for i in range(x.shape[0]):
        out[i] = x[i] / d[i]
        s += out[i]
    return s

def stencil(src: cython.double[:, ::1], dst: cython.double[:, ::1]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(1, src.shape[0] - 1):
        for j in range(1, src.shape[1] - 1):
            dst[i, j] = 0.25 * (src[i - 1, j] + src[i + 1, j] + src[i, j - 1] + src[i, j + 1])

def hist(idx: cython.int[:], counts: cython.int[:]):
    i: cython.Py_ssize_t
    for i in range(idx.shape[0]):
        counts[idx[i]] += 1

@cython.cfunc
def bump(v: cython.double[:], i: cython.Py_ssize_t, x: cython.double):
    v[i] += x

def through_cfunc(x: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    for i in range(x.shape[0]):
        bump(out, i, x[i])

def matmul_checked(a: cython.double[:, ::1], b: cython.double[:, ::1], out: cython.double[:, ::1]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            out[i, j] = 0.0
        for k in range(a.shape[1]):
            for j in range(b.shape[1]):
                out[i, j] += a[i, k] * b[k, j]
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("disjoint"))


@pytest.fixture(scope="module")
def chk(tmp_path_factory):
    from conftest import build_source
    return build_source(CHECKED, tmp_path_factory.mktemp("disjoint_checked"))


def outcome(fn, args):
    try:
        return "value", fn(*args)
    except Exception as exc:  # the type is compared, as in check_same
        return "raise", type(exc)


def same_run(mod, name, make):
    """make() gives the arguments (arrays possibly sharing memory); each module gets its own set,
    and every array of each set is compared afterwards, also after an exception."""
    ca, ia = make(), make()
    got = outcome(getattr(mod.compiled, name), ca)
    want = outcome(getattr(mod.interpreted, name), ia)
    assert got[0] == want[0], (name, got, want)
    if got[0] == "value":
        # (interpreted, float32 elements make float32 sums: compared as floats)
        assert got[1] == pytest.approx(want[1]) if isinstance(want[1], (float, np.floating)) \
            else got[1] == want[1]
    else:
        assert got[1] is want[1], (name, got, want)
    for c, i in zip(ca, ia):
        if isinstance(c, (np.ndarray, memoryview)):
            np.testing.assert_array_equal(np.asarray(c), np.asarray(i), err_msg=name)
    return got


def seeded(*shape, seed=5):
    return np.random.default_rng(seed).random(shape)


MATMUL_CASES = {
    "distinct": lambda n: (seeded(n, n), seeded(n, n, seed=6), np.zeros((n, n))),
    "a_is_b": lambda n: (lambda a: (a, a, np.zeros((n, n))))(seeded(n, n)),
    "out_is_a": lambda n: (lambda a: (a, seeded(n, n, seed=6), a))(seeded(n, n)),
    "out_is_b": lambda n: (lambda b: (seeded(n, n), b, b))(seeded(n, n, seed=6)),
    "all_same": lambda n: (lambda a: (a, a, a))(seeded(n, n)),
    # one array, three row blocks: a, b and out at different offsets, disjoint
    "blocks_disjoint": lambda n: (lambda m: (m[:n], m[n:2 * n], m[2 * n:]))(seeded(3 * n, n)),
    # out starts half way into a: overlapping rows
    "out_overlaps_a": lambda n: (lambda m: (m[:n], seeded(n, n, seed=6), m[n // 2:n // 2 + n]))(
        seeded(2 * n, n)),
    # out ends where b begins (adjacent, not overlapping)
    "adjacent": lambda n: (lambda m: (seeded(n, n, seed=7), m[n:], m[:n]))(seeded(2 * n, n)),
    # out's last element is b's first
    "one_shared_element": lambda n: (lambda f: (seeded(n, n, seed=7), f[n * n - 1:2 * n * n - 1].reshape(n, n),
                                                f[:n * n].reshape(n, n)))(seeded(2 * n * n)),
}


@pytest.mark.parametrize("case", sorted(MATMUL_CASES))
@pytest.mark.parametrize("n", [1, 6, 17])
def test_matmul_aliasing(mod, case, n):
    same_run(mod, "matmul", lambda: MATMUL_CASES[case](n))


@pytest.mark.parametrize("case", ["distinct", "a_is_b", "out_is_a", "out_overlaps_a", "blocks_disjoint"])
def test_matmul_checked_aliasing(chk, case):
    same_run(chk, "matmul_checked", lambda: MATMUL_CASES[case](9))


GENERIC_CASES = {
    "distinct": lambda: (seeded(7, 5), seeded(5, 7, seed=6), np.ones((7, 7))),
    "out_is_a_transposed": lambda: (lambda a: (a, seeded(7, 7, seed=6), a.T))(seeded(7, 7)),
    "out_is_b_reversed": lambda: (lambda b: (seeded(7, 7), b, b[::-1]))(seeded(7, 7, seed=6)),
    "interleaved_columns": lambda: (lambda m: (m[:, ::2], seeded(7, 7, seed=6), m[:, 1::2]))(
        seeded(7, 14)),
    "strided_disjoint": lambda: (seeded(14, 10)[::2, ::2], seeded(10, 14, seed=6)[::2, ::2],
                                 np.ones((7, 7))),
    "fortran": lambda: (np.asfortranarray(seeded(7, 5)), np.asfortranarray(seeded(5, 7, seed=6)),
                        np.asfortranarray(np.ones((7, 7)))),
}


@pytest.mark.parametrize("case", sorted(GENERIC_CASES))
def test_generic_views_aliasing(mod, case):
    same_run(mod, "matmul_generic", GENERIC_CASES[case])


# src and dst in one array: dst[i] = f(src[i]) reads what an earlier iteration wrote when dst
# lies behind src (forward propagation), and never does when it lies ahead or apart.
SHIFTS = [(0, 1), (1, 0), (0, 5), (5, 0), (0, 40), (40, 0), (0, 0), (3, 7)]


@pytest.mark.parametrize("src_at,dst_at", SHIFTS)
def test_shifted_views_of_one_array(mod, src_at, dst_at):
    def make():
        base = np.arange(80.0)
        return base[src_at:src_at + 40], base[dst_at:dst_at + 40]
    same_run(mod, "shift", make)


@pytest.mark.parametrize("step", [2, -2])
def test_interleaved_views_of_one_array(mod, step):
    def make():
        base = np.arange(81.0)
        return (base[0::2], base[1::2]) if step > 0 else (base[::-2], base[-2::-2])
    same_run(mod, "shift", make)


@pytest.mark.parametrize("w", ["own", "row_of_a", "other_row_of_a", "empty_rows"])
def test_in_place_running_update(mod, w):
    def make():
        a = seeded(4, 9) if w != "empty_rows" else np.zeros((0, 9))
        if w in ("own", "empty_rows"):
            return a, seeded(9, seed=8)
        return a, a[0] if w == "row_of_a" else a[3]
    same_run(mod, "running", make)


@pytest.mark.parametrize("case", ["distinct", "same", "offset", "empty"])
def test_float32_accumulator(mod, case):
    def make():
        base = seeded(30).astype(np.float32)
        x, y = {"distinct": (base[:15], seeded(15, seed=3).astype(np.float32)),
                "same": (base, base), "offset": (base[:20], base[10:]),
                "empty": (base[:0], base[:0])}[case]
        return x, y, np.float32(0.5)
    same_run(mod, "axpy_sum", make)


@pytest.mark.parametrize("n", [0, 3])
def test_local_bound_in_nest(mod, n):
    # v is bound only if the loop runs: UnboundLocalError after an empty nest, in both copies
    same_run(mod, "last_value", lambda: (seeded(n), np.zeros(n)))
    same_run(mod, "last_value", lambda: (lambda m: (m, m))(seeded(n)))


@pytest.mark.parametrize("case", ["distinct", "counts_are_idx"])
def test_data_dependent_index(mod, case):
    def make():
        idx = np.array([0, 1, 1, 3, 2, 1, 0, 3], dtype=np.int_)
        return (idx, np.zeros(4, dtype=np.int_)) if case == "distinct" else (idx, idx)
    same_run(mod, "hist", make)


@pytest.mark.parametrize("case", ["distinct", "zero_at_5", "out_is_d", "out_is_x_zero", "shifted"])
def test_error_inside_the_helper(chk, case):
    # ZeroDivisionError half way: the same elements written before it, in both modules. The
    # arrays go in as memoryviews, whose elements are Python floats (NumPy's divide by zero
    # gives inf where Python raises).
    def make():
        x, d = seeded(12), seeded(12, seed=9) + 0.5
        if case == "zero_at_5":
            d[5] = 0.0
            x, d, out = x, d, np.zeros(12)
        elif case == "out_is_d":
            out = d
        elif case == "out_is_x_zero":
            d[7] = 0.0
            out = x
        elif case == "shifted":
            base = seeded(13) + 0.5
            x, d, out = base[1:], base[:-1], base[:-1]
        else:
            out = np.zeros(12)
        return memoryview(x), memoryview(d), memoryview(out)
    got = same_run(chk, "divide", make)
    if case in ("zero_at_5", "out_is_x_zero"):
        assert got == ("raise", ZeroDivisionError)


@pytest.mark.parametrize("case", ["distinct", "dst_is_src", "dst_shifted", "dst_too_small"])
def test_checked_stencil(chk, case):
    def make():
        if case == "dst_is_src":
            m = seeded(6, 7)
            return m, m
        if case == "dst_shifted":
            base = seeded(7, 7)
            return base[:6], base[1:]
        return seeded(6, 7), np.zeros((5, 7) if case == "dst_too_small" else (6, 7))
    same_run(chk, "stencil", make)


@pytest.mark.parametrize("case", ["in_range", "out_of_range", "negative", "same_array"])
def test_checked_histogram(chk, case):
    def make():
        idx = np.array([0, 2, 1, 2, {"in_range": 3, "out_of_range": 4, "negative": -1,
                                     "same_array": 3}[case], 1], dtype=np.intc)
        return (idx, idx) if case == "same_array" else (idx, np.zeros(4, dtype=np.intc))
    same_run(chk, "hist", make)


@pytest.mark.parametrize("case", ["distinct", "same", "shifted"])
def test_view_written_by_a_cfunc(chk, case):
    def make():
        base = seeded(11)
        return {"distinct": (base[:10], np.ones(10)), "same": (base, base),
                "shifted": (base[1:], base[:-1])}[case]
    same_run(chk, "through_cfunc", make)


def emitted(tmp_path, source):
    from conftest import run_pyc2c
    src = tmp_path / "dj.py"
    src.write_text(source)
    proc = run_pyc2c("emit", src, "--no-line-directives")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_helper_and_its_test_are_emitted(tmp_path):
    c = emitted(tmp_path, SOURCE)
    # matmul: one helper with restrict base pointers, called after a test of the written view
    # against both others (a against b is not tested: both are only read)
    assert "PYC2C_NEST void f_matmul_nest" in c
    assert "char *restrict r_out" in c and "char *restrict r_a" in c and "char *restrict r_b" in c
    body = c[c.index("static void f_matmul(pyc2c_View arg_v_a, pyc2c_View arg_v_b, pyc2c_View arg_v_out) {"):]
    body = body[:body.index("\n}\n")]
    assert body.count("pyc2c_view_disjoint(") == 2
    assert "pyc2c_view_disjoint(v_out, 2, sizeof(double), v_a" in body
    assert "pyc2c_view_disjoint(v_out, 2, sizeof(double), v_b" in body
    # a view the nest only reads, alone, gains nothing: no helper
    c2 = emitted(tmp_path, '''
import cython
def total(x: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(x.shape[0]):
        s += x[i]
    return s
''')
    assert "PYC2C_NEST" not in c2


def test_no_helper_for_object_code(tmp_path):
    # a nest that calls into Python keeps its copies in the function
    c = emitted(tmp_path, '''
import cython
def logged(x: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    for i in range(x.shape[0]):
        out[i] = x[i]
        print(i)
''')
    assert "PYC2C_NEST" not in c


def test_helper_raises_with_its_line(chk):
    # the traceback names the line of the division inside the helper
    import traceback
    x, d = seeded(4), np.zeros(4)
    with pytest.raises(ZeroDivisionError) as info:
        chk.compiled.divide(x, d, np.zeros(4))
    frames = traceback.extract_tb(info.value.__traceback__)
    assert frames[-1].lineno == 7 and frames[-1].name == "divide"


SHAPES = '''
import cython

@cython.cfunc
@cython.exceptval(-1.0, check=True)
def inv(x: cython.double) -> cython.double:
    if x == 0.0:
        raise ValueError("zero")
    return 1.0 / x

def calls_raising(x: cython.double[:], out: cython.double[:]) -> cython.Py_ssize_t:
    i: cython.Py_ssize_t
    n: cython.Py_ssize_t = 0
    for i in range(x.shape[0]):
        out[i] = inv(x[i])
        n += 1
    return n

def for_else(x: cython.double[:], out: cython.double[:], stop: cython.double) -> cython.int:
    i: cython.Py_ssize_t
    found: cython.int = 0
    for i in range(x.shape[0]):
        if x[i] > stop:
            found = 1
            break
        out[i] = x[i]
    else:
        found = 2
    return found

def with_while(x: cython.double[:], out: cython.double[:]) -> cython.Py_ssize_t:
    i: cython.Py_ssize_t
    steps: cython.Py_ssize_t = 0
    for i in range(x.shape[0]):
        v: cython.double = x[i]
        while v > 1.0:
            v = v / 2.0
            steps += 1
        if v < 0.25:
            continue
        out[i] = v
    return steps

def in_try(x: cython.double[:], out: cython.double[:]) -> cython.int:
    i: cython.Py_ssize_t
    try:
        for i in range(x.shape[0]):
            out[i] = 1.0 / x[i]
    except ZeroDivisionError:
        return -1
    return 0

def int_counter(x: cython.long[:], out: cython.long[:]):
    i: cython.Py_ssize_t
    for i in range(x.shape[0]):
        out[i] = x[i] * 3 + 1

def two_written(a: cython.double[:], b: cython.double[:], c: cython.double[:]):
    i: cython.Py_ssize_t
    for i in range(c.shape[0]):
        a[i] = c[i] + 1.0
        b[i] = a[i] * 2.0
'''


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    from conftest import build_source
    return build_source(SHAPES, tmp_path_factory.mktemp("disjoint_shapes"))


def mv(*arrays):
    return tuple(memoryview(a) for a in arrays)


@pytest.mark.parametrize("case", ["fine", "zero", "aliased"])
def test_cfunc_raising_inside(shapes, case):
    def make():
        x = np.array([2.0, 4.0, 0.0 if case == "zero" else 8.0, 5.0])
        return mv(x, x if case == "aliased" else np.zeros(4))
    same_run(shapes, "calls_raising", make)


@pytest.mark.parametrize("stop", [0.5, 2.0])
@pytest.mark.parametrize("aliased", [False, True])
def test_for_else_break(shapes, stop, aliased):
    def make():
        x = seeded(9)
        return x, (x if aliased else np.zeros(9)), stop
    same_run(shapes, "for_else", make)


@pytest.mark.parametrize("aliased", [False, True])
def test_while_and_continue(shapes, aliased):
    def make():
        x = seeded(12) * 9.0
        return x, (x[::-1] if aliased else np.zeros(12))
    same_run(shapes, "with_while", make)


@pytest.mark.parametrize("case", ["fine", "zero", "aliased_zero"])
def test_nest_in_try(shapes, case):
    def make():
        x = np.array([2.0, 4.0, 0.0 if case != "fine" else 8.0, 5.0])
        return mv(x, x if case == "aliased_zero" else np.zeros(4))
    same_run(shapes, "in_try", make)


@pytest.mark.parametrize("case", ["distinct", "same", "overlap"])
def test_integer_elements(shapes, case):
    def make():
        base = np.arange(20, dtype=np.int_)
        return {"distinct": (base[:10], np.zeros(10, dtype=np.int_)), "same": (base, base),
                "overlap": (base[2:12], base[:10])}[case]
    same_run(shapes, "int_counter", make)


@pytest.mark.parametrize("case", ["distinct", "a_is_b", "b_is_c", "a_is_c", "a_after_b"])
def test_two_written_views(shapes, case):
    def make():
        base = seeded(40)
        a, b, c = base[:10], base[10:20], base[20:30]
        if case == "a_is_b":
            b = a
        elif case == "b_is_c":
            b = c
        elif case == "a_is_c":
            a = c
        elif case == "a_after_b":
            a = base[11:21]
        return a, b, c
    same_run(shapes, "two_written", make)


def test_shapes_helpers(tmp_path):
    # the nests calling a raising cfunc, with a while loop, on integers get a helper, the one in
    # a try body with an error path does not (its errors go to a label of the function); a nest
    # with two written views tests each against the other and the view read
    c = emitted(tmp_path, SHAPES)
    names = [line.split("(")[0].split()[-1] for line in c.splitlines() if line.startswith("PYC2C_NEST")]
    assert any(n.startswith("f_calls_raising_nest") for n in names)
    assert any(n.startswith("f_with_while_nest") for n in names)
    assert any(n.startswith("f_int_counter_nest") for n in names)
    assert not any(n.startswith("f_in_try_nest") for n in names)
    body = c[c.index("static int f_two_written(pyc2c_View arg_v_a, pyc2c_View arg_v_b, pyc2c_View arg_v_c) {"):]
    assert body[:body.index("\n}\n")].count("pyc2c_view_disjoint(") == 3


COMPLEX = '''
import cython

def cscale(a: cython.doublecomplex[:], out: cython.doublecomplex[:],
           k: cython.doublecomplex) -> cython.doublecomplex:
    i: cython.Py_ssize_t
    s: cython.doublecomplex = 0
    for i in range(a.shape[0]):
        out[i] = a[i] * k + out[i]
        s += out[i]
    return s
'''


@pytest.mark.parametrize("case", ["distinct", "same", "shifted", "reversed"])
def test_complex_elements(tmp_path, case):
    # complex scalars are copied in and out of the helper like the others
    from conftest import build_source
    built = build_source(COMPLEX, tmp_path)

    def make():
        base = seeded(21) + 1j * seeded(21, seed=2)
        a, out = {"distinct": (base[:10], base[10:20]), "same": (base, base),
                  "shifted": (base[1:], base[:-1]), "reversed": (base, base[::-1])}[case]
        return a, out, 0.5 - 2j
    same_run(built, "cscale", make)

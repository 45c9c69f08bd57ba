"""Loop versioning (compiler/emit/version.c): a checked loop nest over views runs a check-free copy
when a test before the nest shows no index can leave its view, and the checked copy otherwise. Each
case runs the compiled and the interpreted function on separate copies of the same inputs and
compares the result or exception type, and every array afterwards: an out-of-bounds index must
raise at the same iteration, after the same writes, as in CPython. Generic views whose buffer is
contiguous at run time take the contiguous copy; strided inputs (a[::2], transposes) the other."""
import numpy as np
import pytest

SOURCE = '''
import cython

def matmul(a: cython.double[:, ::1], b: cython.double[:, ::1], out: cython.double[:, ::1]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            out[i, j] = 0.0
        for k in range(a.shape[1]):
            aik: cython.double = a[i, k]
            for j in range(b.shape[1]):
                out[i, j] += aik * b[k, j]

def pairwise(p: cython.double[:, :], out: cython.double[:, :]):
    n: cython.Py_ssize_t = p.shape[0]
    dims: cython.Py_ssize_t = p.shape[1]
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    for i in range(n):
        for j in range(n):
            d2: cython.double = 0.0
            for k in range(dims):
                t: cython.double = p[i, k] - p[j, k]
                d2 += t * t
            out[i, j] = d2

def stencil(src: cython.double[:, ::1], dst: cython.double[:, ::1]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(1, src.shape[0] - 1):
        for j in range(1, src.shape[1] - 1):
            dst[i, j] = 0.25 * (src[i - 1, j] + src[i + 1, j] + src[i, j - 1] + src[i, j + 1])

def triangle(x: cython.double[:], out: cython.double[:, :]) -> cython.double:
    n: cython.Py_ssize_t = x.shape[0]
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(n):
        for j in range(i + 1, n + 1):
            out[i, j - 1] = x[i] * x[j - 1]
            s += out[i, j - 1]
    return s

def shifted(x: cython.double[:], out: cython.double[:], lo: cython.Py_ssize_t,
            hi: cython.Py_ssize_t, k: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(lo, hi, 2):
        out[i] = x[i + k]
        s += out[i]
    return s

def fixed_row(m: cython.double[:, :], r: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    j: cython.Py_ssize_t
    for j in range(m.shape[1]):
        s += m[r, j]
    return s

def prefix(x: cython.double[:], out: cython.double[:]):
    total: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(x.shape[0]):
        total += x[i]
        out[i] = total

def last_j(x: cython.double[:], m: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t = 100
    for i in range(3):
        for j in range(m):
            s += x[j]
        s += x[j]
    return s

def rms(x: cython.double[:], out: cython.double[:]):
    n: cython.Py_ssize_t = x.shape[0]
    total: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(n):
        total += x[i] * x[i]
    r: cython.double = (total / n) ** 0.5
    for i in range(n):
        out[i] = x[i] / r

def reassigned_bound(x: cython.double[:], n: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(2):
        for j in range(n):
            s += x[j]
        n = n + 3
    return s

def row_sums(a: cython.int[:, :], out: cython.long[:]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(a.shape[0]):
        row = a[i]
        out[i] = 0
        for j in range(a.shape[1]):
            out[i] += row[j] * a[i, j]

def scaled(a: cython.float[:, :, :], k: cython.float, out: cython.float[:, :, :]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    m: cython.Py_ssize_t
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for m in range(a.shape[2]):
                out[i, j, m] = a[i, j, m] * k

def nested_views(a: cython.double[:, :], out: cython.double[:]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(a.shape[0]):
        row = a[i]
        for j in range(row.shape[0]):
            out[j] += row[j] + a[i, j]
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("versioning"))


def outcome(fn, args):
    try:
        return "value", fn(*args)
    except Exception as exc:  # the type is compared, as in check_same
        return "raise", type(exc)


def same_run(mod, name, *args):
    """Runs name on copies of args in both modules; the outcome and every array must agree."""
    ca = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    ia = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    got = outcome(getattr(mod.compiled, name), ca)
    want = outcome(getattr(mod.interpreted, name), ia)
    assert got[0] == want[0], (name, got, want)
    if got[0] == "value":
        assert got[1] == pytest.approx(want[1]) if isinstance(want[1], float) else got[1] == want[1]
    else:
        assert got[1] is want[1], (name, got, want)
    for c, i in zip(ca, ia):
        if isinstance(c, np.ndarray):
            np.testing.assert_allclose(c, i, err_msg=name)
    return got


rng = np.random.default_rng(4)


def r(*shape):
    return rng.random(shape)


@pytest.mark.parametrize("n,m,p,oshape", [
    (5, 4, 3, (5, 3)),    # fits: the check-free copy
    (5, 4, 3, (4, 3)),    # out too short on axis 0: IndexError at i == 4, rows 0..3 written
    (5, 4, 3, (5, 2)),    # out too narrow on axis 1: IndexError at j == 2 of row 0
    (0, 4, 3, (0, 3)),    # empty outer range
    (5, 0, 3, (5, 3)),    # empty inner range over k
    (5, 4, 3, (6, 4)),    # out larger than needed
])
def test_matmul(mod, n, m, p, oshape):
    out = np.full(oshape, 7.0)
    got = same_run(mod, "matmul", r(n, m), r(m, p), out)
    if oshape[0] < n or oshape[1] < p:
        assert got == ("raise", IndexError)


@pytest.mark.parametrize("pin,oshape", [
    ("c", (6, 6)), ("c", (5, 6)), ("c", (6, 5)), ("f", (6, 6)), ("strided", (6, 6)),
    ("strided", (6, 4)), ("transposed_out", (6, 6)),
])
def test_pairwise(mod, pin, oshape):
    p = r(6, 3)
    if pin == "f":
        p = np.asfortranarray(p)
    elif pin == "strided":
        p = r(12, 6)[::2, ::2]
    out = np.zeros(oshape)
    if pin == "transposed_out":
        out = np.zeros(oshape).T
    same_run(mod, "pairwise", p, out)


@pytest.mark.parametrize("sshape,dshape", [((6, 7), (6, 7)), ((6, 7), (5, 7)), ((6, 7), (6, 6)),
                                           ((2, 2), (1, 1)), ((6, 7), (8, 9))])
def test_stencil(mod, sshape, dshape):
    same_run(mod, "stencil", r(*sshape), np.zeros(dshape))


@pytest.mark.parametrize("n,oshape", [(5, (5, 5)), (5, (4, 5)), (5, (5, 4)), (0, (0, 0)), (1, (1, 1))])
def test_triangle(mod, n, oshape):
    same_run(mod, "triangle", r(n), np.zeros(oshape))


@pytest.mark.parametrize("lo,hi,k", [
    (0, 10, 0), (0, 10, 1), (0, 9, 1), (1, 10, -1), (0, 10, -1), (2, 11, 0), (-3, 4, 0),
    (5, 2, 100), (0, 10, 2**62), (2**62, 2**62 + 4, -(2**62)), (-(2**63) + 1, -(2**63) + 5, 3),
])
def test_shifted(mod, lo, hi, k):
    # negative indices wrap (wraparound is on): they must keep doing so in whichever copy runs
    same_run(mod, "shifted", r(10), np.zeros(10), lo, hi, k)


@pytest.mark.parametrize("row", [0, 2, 3, -1, -4, -5])
def test_fixed_row(mod, row):
    same_run(mod, "fixed_row", r(4, 5), row)
    same_run(mod, "fixed_row", r(8, 10)[::2, ::2], row)


@pytest.mark.parametrize("n,on", [(6, 6), (6, 5), (6, 7), (0, 0)])
def test_prefix(mod, n, on):
    same_run(mod, "prefix", r(n), np.zeros(on))
    same_run(mod, "prefix", r(2 * n)[::2], np.zeros(2 * on)[::2])


@pytest.mark.parametrize("m", [0, 3, 5, 6])
def test_loop_variable_after_its_loop(mod, m):
    # after an empty inner loop j keeps its old value (100 at first): only the checked copy is right
    same_run(mod, "last_j", r(5), m)


@pytest.mark.parametrize("layout", ["contiguous", "every_other", "reversed", "column"])
def test_generic_view_layouts(mod, layout):
    base = r(16, 3)
    x = {"contiguous": base[:, 0].copy(), "every_other": base[::2, 0].copy()[::1],
         "reversed": base[::-1, 1], "column": base[:, 2]}[layout]
    same_run(mod, "rms", x, np.zeros(x.shape[0]))
    same_run(mod, "rms", x, np.zeros(2 * x.shape[0])[::2])


@pytest.mark.parametrize("n", [1, 3, 4])
def test_bound_reassigned_in_nest(mod, n):
    same_run(mod, "reassigned_bound", r(8), n)


@pytest.mark.parametrize("shape,on", [((3, 4), 4), ((3, 4), 3), ((3, 4), 5)])
def test_views_made_inside(mod, shape, on):
    same_run(mod, "nested_views", r(*shape), np.zeros(on))


@pytest.mark.parametrize("layout,on", [("c", 3), ("f", 3), ("cols", 3), ("c", 2), ("c", 4)])
def test_rows_and_generic_2d(mod, layout, on):
    a = np.arange(12, dtype=np.intc).reshape(3, 4)
    a = {"c": a, "f": np.asfortranarray(a), "cols": np.arange(24, dtype=np.intc).reshape(3, 8)[:, ::2]}[layout]
    same_run(mod, "row_sums", a, np.zeros(on, dtype=np.int_))


@pytest.mark.parametrize("layout,oshape", [("c", (2, 3, 4)), ("f", (2, 3, 4)), ("t", (4, 3, 2)),
                                           ("c", (2, 3, 3)), ("c", (2, 2, 4)), ("c", (1, 3, 4))])
def test_generic_3d(mod, layout, oshape):
    a = r(2, 3, 4).astype(np.float32)
    a = {"c": a, "f": np.asfortranarray(a), "t": a.T.copy()}[layout]
    out = np.zeros(oshape, dtype=np.float32)
    same_run(mod, "scaled", a, np.float32(1.5), out)
    same_run(mod, "scaled", a, np.float32(1.5), np.zeros(oshape[::-1], dtype=np.float32).T)


def test_emitted_test_and_copies(tmp_path):
    """The checked matmul gets one test and a copy with no IndexError path; a generic view gets a
    unit-stride test and is indexed as a plain array in the fast copy."""
    from conftest import run_pyc2c
    src = tmp_path / "vm.py"
    src.write_text(SOURCE)
    proc = run_pyc2c("emit", src, "--no-line-directives")
    assert proc.returncode == 0, proc.stderr
    c = proc.stdout
    body = c[c.index("static int f_matmul(pyc2c_View arg_v_a, pyc2c_View arg_v_b, pyc2c_View arg_v_out) {"):]
    body = body[:body.index("\n}\n")]
    fast, slow = body.split("} else {", 1)
    assert "pyc2c_bound_sub" in fast and "pyc2c_view_index_error" not in fast
    assert slow.count("pyc2c_view_index_error") >= 3
    rms = c[c.index("static int f_rms(pyc2c_View arg_v_x, pyc2c_View arg_v_out) {"):]
    rms = rms[:rms.index("\n}\n")]
    assert "v_x.strides[0] == (Py_ssize_t)sizeof(double)" in rms
    assert "((double *)(v_x.data))[v_i]" in rms

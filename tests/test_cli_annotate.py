"""pyc2c annotate (--json, HTML) and build --strict-native: the Python-object work the compiler
knows each line does, from its types (docs/annotate.md)."""
import json
import re
import sys
import textwrap

from conftest import ROOT, run_pyc2c

UNTYPED = '''\
import cython

def f(n: cython.int, xs) -> float:
    s = 0
    t: cython.double = 0.0
    for i in range(n):
        s = s + xs[i]
        t += i * 0.5
    return s + t
'''

TYPED = '''\
# cython: boundscheck=False, wraparound=False
import cython

@cython.cfunc
def half(x: cython.long) -> cython.long:
    return x * 2 + 1

def total(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(a.shape[0]):
        s += a[i] * half(i)
    return s
'''


def annotate_json(tmp_path, source, name="m"):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source))
    proc = run_pyc2c("annotate", path, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def reasons(report, line):
    return {r["reason"] for r in report["lines"][line - 1]["reasons"]}


def test_untyped_code_is_marked_line_by_line(tmp_path):
    rep = annotate_json(tmp_path, UNTYPED)
    assert [l["line"] for l in rep["lines"]] == list(range(1, 10))
    assert reasons(rep, 3) == {"Python entry point", "untyped local"}  # xs has no annotation
    assert reasons(rep, 4) == {"untyped local"}  # s = 0: the module's int constant, no box
    assert reasons(rep, 5) == set()  # a typed local with a literal: plain C
    assert reasons(rep, 6) == set()  # range() over a C int: a C loop
    assert reasons(rep, 7) == {"untyped local", "object arithmetic", "object indexing", "boxing"}
    assert reasons(rep, 8) == set()
    assert reasons(rep, 9) == {"untyped local", "object arithmetic", "boxing", "unboxing"}
    details = [r["detail"] for r in rep["lines"][6]["reasons"]]
    assert "'s' is a Python object" in details and "'i' cython.Py_ssize_t -> object" in details
    assert rep["lines"][6]["score"] > rep["lines"][3]["score"] > 0
    assert rep["summary"]["reasons"]["untyped local"] == 4  # lines 3, 4, 7 and 9
    assert rep["functions"] == [{"name": "f", "line": 3, "score": rep["summary"]["total_score"],
                                 "native": False}]


def test_each_line_carries_its_own_generated_c(tmp_path):
    rep = annotate_json(tmp_path, UNTYPED)
    c7 = rep["lines"][6]["c"]
    assert "PyObject_GetItem" in c7 and "PyNumber_Add" in c7 and "PYC2C_ERR(7)" in c7
    assert "PyObject_GetItem" not in rep["lines"][7]["c"]
    assert "PyNumber" not in rep["lines"][7]["c"] and rep["lines"][7]["c"].strip()
    c3 = rep["lines"][2]["c"]  # the def line: the C function's head and the Python wrapper
    assert "static int f_f(" in c3 and "w_f(" in c3 and "pyc2c_parse_args" in c3
    assert rep["lines"][0]["c"] == ""  # `import cython` generates nothing


def test_typed_code_has_no_object_work(tmp_path):
    rep = annotate_json(tmp_path, TYPED)
    for l in rep["lines"]:
        assert not any(r["object"] for r in l["reasons"]), l
    assert reasons(rep, 8) == {"Python entry point"}
    assert reasons(rep, 12) == set()  # bounds checks off; half() cannot raise


def test_checks_left_on_are_reported(tmp_path):
    rep = annotate_json(tmp_path, '''\
        import cython

        def get(a: cython.double[:], i: cython.int, d: cython.int) -> cython.double:
            return a[i] / d
        ''')
    assert reasons(rep, 4) == {"bounds checks left on", "wraparound left on", "error check"}
    assert not any(r["object"] for r in rep["lines"][3]["reasons"])


def test_directive_blocks_turn_checks_off(tmp_path):
    rep = annotate_json(tmp_path, '''\
        import cython

        def get(a: cython.double[:], i: cython.int) -> cython.double:
            with cython.boundscheck(False), cython.wraparound(False):
                return a[i]
        ''')
    assert reasons(rep, 5) == set()


def test_calls_and_conversions_follow_the_callee_types(tmp_path):
    rep = annotate_json(tmp_path, '''\
        import cython

        @cython.cfunc
        def g(x) -> cython.int:
            return 1

        def f(n: cython.int) -> cython.int:
            return g(n)
        ''')
    # n goes to g's untyped parameter as an object; g may raise (its argument's conversion)
    assert reasons(rep, 8) == {"boxing", "error check"}
    assert reasons(rep, 4) == {"untyped local"}  # the untyped parameter of a cfunc


def test_html_report_is_self_contained(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(UNTYPED)
    out = tmp_path / "m.html"
    proc = run_pyc2c("annotate", path, "-o", out)
    assert proc.returncode == 0 and proc.stdout == "", proc.stderr
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert page.count('class="line l') == 9
    assert 'id="line7" data-line="7" data-score="%d"' % annotate_json(tmp_path, UNTYPED)["lines"][6]["score"] in page
    assert "PyObject_GetItem(" in page and "&lt;" in page  # the C, HTML-escaped
    assert 'data-reason="object indexing"' in page


def test_annotate_rejects_what_check_rejects(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text("def f():\n    return y\n")
    out = tmp_path / "bad.html"
    proc = run_pyc2c("annotate", path, "-o", out)
    assert proc.returncode == 1
    assert "bad.py:2:12: error: name 'y' is not defined" in proc.stderr
    assert not out.exists()


def test_json_is_an_annotate_option(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(TYPED)
    proc = run_pyc2c("check", path, "--json")
    assert proc.returncode == 2 and "--json is an option of 'annotate'" in proc.stderr


NATIVE = '''\
import cython
import pyc2c

@pyc2c.native
def good(a: cython.double[:], n: cython.int) -> cython.double:
    s: cython.double = 0.0
    for i in range(n):
        s += a[i]
    return s

@pyc2c.native()
def bad(a: cython.double[:], n: cython.int):
    t = []
    for i in range(n):
        t.append(a[i])
    return len(t)

def free(x):
    return x + 1
'''


def test_strict_native_reports_object_work_in_native_functions(tmp_path):
    path = tmp_path / "nat.py"
    path.write_text(NATIVE)
    proc = run_pyc2c("build", path, "-o", tmp_path, "--strict-native", "--python", sys.executable)
    assert proc.returncode == 1
    assert proc.stderr == (
        f"{path}:13:5: error: Python-object work in @pyc2c.native function 'bad': object "
        "operation (list display), untyped local ('t' is a Python object)\n"
        "   13 |     t = []\n"
        "      |     ^\n"
        f"{path}:15:9: error: Python-object work in @pyc2c.native function 'bad': object call "
        "(.append() called through the C API), attribute lookup ('.append' looked up), untyped "
        "local ('t' is a Python object), boxing (subscript cython.double -> object)\n"
        "   15 |         t.append(a[i])\n"
        "      |         ^\n"
        f"{path}:16:12: error: Python-object work in @pyc2c.native function 'bad': object call "
        "(len() of an object), untyped local ('t' is a Python object)\n"
        "   16 |     return len(t)\n"
        "      |            ^\n")
    assert not list(tmp_path.glob("nat.*.so"))


def test_strict_native_passes_native_code_and_ignores_other_functions(tmp_path):
    path = tmp_path / "nat2.py"
    path.write_text(NATIVE.split("@pyc2c.native()")[0] + "def free(x):\n    return x + 1\n")
    proc = run_pyc2c("build", path, "-o", tmp_path, "--strict-native", "--python", sys.executable)
    assert proc.returncode == 0, proc.stderr
    assert list(tmp_path.glob("nat2.*.so"))


def test_native_decorator_compiles_without_strict(tmp_path):
    path = tmp_path / "nat3.py"
    path.write_text(NATIVE)
    assert run_pyc2c("check", path).returncode == 0
    rep = annotate_json(tmp_path, NATIVE, "nat3")
    assert [f["native"] for f in rep["functions"]] == [True, True, False]


def test_native_needs_the_pyc2c_import(tmp_path):
    path = tmp_path / "nat4.py"
    path.write_text("import cython\n@pyc2c.native\ndef f() -> cython.int:\n    return 1\n")
    proc = run_pyc2c("check", path)
    assert proc.returncode == 1 and "decorator 'pyc2c.native' is not supported" in proc.stderr


# The report against the C it describes: a line whose C calls the C API on objects has an object
# reason, and each C-API reason's line has such a call (a regular expression over the C is the
# test's oracle only; the report itself never reads the text).
C_API = re.compile(r"Py(Number|Object|Sequence|Dict|List|Tuple|Set|Unicode|Long|Float|Iter|Import)_|"
                   r"pyc2c_from_|pyc2c_as_|pyc2c_np_new|pyc2c_global_|PyGILState_Ensure|"
                   r"pyc2c_int_box|pyc2c_int_from_object")
API_REASONS = {"object call", "object arithmetic", "object comparison", "object indexing",
               "boxing", "unboxing", "object truth test", "array allocation", "GIL taken"}

OBJECTS = '''\
import cython

def mix(a, b: cython.int, c: cython.double, s: str):
    x = a + b
    y: cython.double = a * c
    if a:
        x = -x
    while x < b and not a:
        x += 1
    z = a if b > 2 else c
    n = len(a)
    f = float(a)
    i = int(c)
    t = abs(a)
    a[b] = c
    return x

def cmp1(a, c: cython.double):
    return a == c

def cmp2(a):
    return a is None

def cmp3(b: cython.int, c: cython.double) -> cython.bint:
    return b < c < 9

def neg():
    return -6

def half():
    return 0.5

def either(a):
    return a or 7
'''


PARALLEL = '''\
import cython
import pyc2c
from cython.parallel import prange

@cython.cfunc
@cython.nogil
def sq(x: cython.double) -> cython.double:
    return x * x

def total(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += sq(a[i])
    return s

@pyc2c.native
def check(a: cython.double[:], n: cython.int) -> cython.double:
    s: cython.double = 0.0
    with cython.nogil:
        for i in range(n):
            if a[i] < 0:
                with cython.gil:
                    raise ValueError("negative")
            s += a[i]
    return s
'''


def test_parallel_loops_nogil_and_gil_blocks(tmp_path):
    rep = annotate_json(tmp_path, PARALLEL)
    assert reasons(rep, 8) == set()  # a nogil cfunc: plain C
    assert reasons(rep, 13) == set()  # prange counts in C, like range
    assert reasons(rep, 14) == {"bounds checks left on", "wraparound left on"}
    assert reasons(rep, 23) == {"GIL taken"} and reasons(rep, 24) == {"raise"}
    assert not any(r["object"] and r["reason"] != "GIL taken" for l in rep["lines"]
                   for r in l["reasons"])
    # the GIL taken explicitly, with `with cython.gil:`, is no error in a native function
    path = tmp_path / "m.py"
    proc = run_pyc2c("check", path, "--strict-native")
    assert proc.returncode == 0, proc.stderr


def test_strict_native_in_nogil_blocks(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(textwrap.dedent('''\
        import cython

        def f(n: cython.int):
            t = [0]
            with cython.nogil:
                for i in range(n):
                    pass
            return t
        '''))
    assert run_pyc2c("check", path, "--strict-native").returncode == 0  # t is outside the block
    rep = annotate_json(tmp_path, path.read_text(), "nb")
    assert reasons(rep, 4) == {"untyped local", "object operation"}


MODULE = '''\
import cython
import json

LIMIT = 10
names = ["a", "b"]


def count(xs) -> cython.int:
    n: cython.int = 0
    for x in xs:
        if x in names:
            n += 1
    return n + LIMIT


def first(d, k):
    try:
        return d[k]
    except KeyError:
        raise ValueError(f"no {k}")


try:
    extra = int("x")
except ValueError:
    extra = -1
del names
'''


def test_module_variables_imports_and_objects(tmp_path):
    rep = annotate_json(tmp_path, MODULE)
    assert reasons(rep, 1) == set()  # a compile-time import
    assert reasons(rep, 2) == {"object call", "module variable"}  # imported when the module loads
    assert reasons(rep, 4) == {"module variable"}  # the int 10: a constant object, no box
    assert reasons(rep, 5) == {"object operation", "module variable"}  # a list display
    assert reasons(rep, 10) == {"object iteration", "untyped local"}
    assert reasons(rep, 11) == {"object comparison", "untyped local", "module variable"}
    assert reasons(rep, 13) == {"object arithmetic", "boxing", "unboxing", "module variable"}
    assert reasons(rep, 20) >= {"raise", "object call"}  # ValueError(f"...") is built
    assert reasons(rep, 26) == {"module variable"}  # extra = -1: a constant object
    assert reasons(rep, 27) == {"module variable"}  # del names
    assert [f["name"] for f in rep["functions"]] == ["count", "first", "<module>"]


def test_report_agrees_with_the_generated_c(tmp_path):
    sources = [ROOT / "examples" / "integrate.py", *sorted(ROOT.glob("bench/*/*.py"))]
    for i, text in enumerate([UNTYPED, TYPED, NATIVE, OBJECTS, PARALLEL, MODULE]):
        p = tmp_path / f"inline{i}.py"
        p.write_text(text)
        sources.append(p)
    checked = 0
    for src in sources:
        if run_pyc2c("check", src).returncode != 0:
            assert "bench" in src.parts, src  # a peer's source (Cython syntax), not pyc2c's
            continue
        proc = run_pyc2c("annotate", src, "--json")
        assert proc.returncode == 0, proc.stderr
        for l in json.loads(proc.stdout)["lines"]:
            names = {r["reason"] for r in l["reasons"]}
            if "Python entry point" in names or not l["c"]:
                continue  # the def line's wrapper converts by design; continuation lines
            where = f"{src.name}:{l['line']}: {l['text'].strip()}"
            if C_API.search(l["c"]):
                assert any(r["object"] for r in l["reasons"]), where
            if names & API_REASONS:
                assert C_API.search(l["c"]), (where, names)
            checked += 1
    assert checked > 150


def test_functions_and_continuation_lines(tmp_path):
    src = '''\
        import cython

        def obj(a, b):
            return max2(a,
                        b + 1)

        def max2(x: cython.double, y: cython.double) -> cython.double:
            return x if x > y else y
        '''
    rep = annotate_json(tmp_path, src)
    # b + 1 on its own line (the int 1 is a constant object), unboxed there into max2's C
    # parameter; a unboxed on line 4
    assert reasons(rep, 5) == {"object arithmetic", "unboxing"}
    assert reasons(rep, 4) == {"unboxing"}
    scores = {f["name"]: f["score"] for f in rep["functions"]}
    assert scores["max2"] == rep["lines"][6]["score"] + rep["lines"][7]["score"] == 2
    assert scores["obj"] == sum(l["score"] for l in rep["lines"][2:5])
    assert rep["lines"][4]["c"] == ""  # its C is in the statement's, line 4
    assert "PyNumber_Add(" in rep["lines"][3]["c"]
    path = tmp_path / "m.py"
    page = tmp_path / "m.html"
    assert run_pyc2c("annotate", path, "-o", page).returncode == 0
    assert "part of the statement on line 4: its C is shown there" in page.read_text()

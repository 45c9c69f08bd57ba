"""The pyc2c command line: exit statuses, usage errors, check / emit / build and their options.

Exit status: 0 success, 1 diagnostics in the source, 2 usage or I/O errors, 3 internal errors.
"""
import importlib.util
import re
import subprocess
import sys
import sysconfig
import textwrap

import pytest

from conftest import PYC2C, ROOT, run_pyc2c

pytestmark = pytest.mark.compiler

# The interpreter the tests run under is the one modules are built for.
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")

SOURCE = textwrap.dedent("""\
    import cython


    def scale(x: cython.double, n: cython.int = 2) -> cython.double:
        total = 0.0
        for i in range(n):
            total += x * i
        return total


    def count(n):
        k = 0
        while k < n:
            k += 1
        return k
    """)

# --dump=types of SOURCE: every function's signature and every local's inferred type.
DUMP_TYPES = textwrap.dedent("""\
    def scale(x: cython.double, n: cython.int) -> cython.double:  # cannot raise
        total: cython.double  # inferred
        i: cython.Py_ssize_t  # inferred
    def count(n: object) -> int:  # can raise
        k: int  # inferred
    """)

BROKEN = "import cython\n\n\ndef f(x: cython.int) -> cython.int:\n    return x +\n"


def write(directory, name, text):
    path = directory / name
    path.write_text(text)
    return path


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- help, version, usage errors

@pytest.mark.parametrize("args", [["--help"], ["-h"], ["build", "--help"], ["check", "x.py", "-h"]])
def test_help(args):
    proc = run_pyc2c(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: pyc2c build FILE.py")
    for word in ("build FILE.py", "emit FILE.py", "check FILE.py", "--no-line-directives",
                 "--dump=ast|types", "exit status"):
        assert word in proc.stdout
    assert proc.stderr == ""


def test_version():
    proc = run_pyc2c("--version")
    assert proc.returncode == 0
    assert re.fullmatch(r"pyc2c \d+\.\d+\.\d+\n", proc.stdout), proc.stdout
    assert proc.stderr == ""


@pytest.mark.parametrize("args, message", [
    ([], "no command given"),
    (["frobnicate", "x.py"], "unknown command 'frobnicate'"),
    (["check", "--frobnicate", "x.py"], "unknown option '--frobnicate'"),
    (["check"], "'check' needs a FILE.py"),
    (["build"], "'build' needs a FILE.py"),
    (["emit", "x.py", "-o"], "option -o needs a value"),
    (["check", "x.py", "--dump=bogus"], "--dump takes 'ast' or 'types', not 'bogus'"),
    (["check", "x.py", "y.py"], "unexpected argument 'y.py'"),
])
def test_usage_errors(args, message):
    proc = run_pyc2c(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"pyc2c: {message}\nusage: pyc2c build FILE.py"), proc.stderr


@pytest.mark.parametrize("command", ["check", "emit", "build"])
def test_missing_file(tmp_path, command):
    missing = tmp_path / "nope.py"
    proc = run_pyc2c(command, missing)
    assert proc.returncode == 2
    assert proc.stderr == f"pyc2c: cannot read '{missing}': No such file or directory\n"
    assert proc.stdout == ""


# ---- check

def test_check_ok(tmp_path):
    proc = run_pyc2c("check", write(tmp_path, "m.py", SOURCE))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_check_error(tmp_path):
    path = write(tmp_path, "m.py", BROKEN)
    proc = run_pyc2c("check", path)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == (f"{path}:5:15: error: invalid syntax: expected an expression after '+'\n"
                           "    5 |     return x +\n"
                           "      |               ^\n")


def test_dump_types(tmp_path):
    proc = run_pyc2c("check", write(tmp_path, "m.py", SOURCE), "--dump=types")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == DUMP_TYPES
    assert proc.stderr == ""


def test_dump_ast(tmp_path):
    proc = run_pyc2c("check", write(tmp_path, "m.py", SOURCE), "--dump=ast")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("MODULE 1:1\n")
    assert "FUNCDEF 4:5 'scale'" in proc.stdout
    assert "FUNCDEF 11:5 'count'" in proc.stdout


def test_non_identifier_module_name(tmp_path):
    path = write(tmp_path, "my-module.py", SOURCE)
    for command in ("check", "emit", "build"):
        proc = run_pyc2c(command, path, "-o", tmp_path / "out.c" if command == "emit" else tmp_path)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.startswith(
            f"{path}:1:1: error: the module name 'my-module' (from the file name) is not a Python "
            "identifier; rename the file, for example to 'my_module.py'\n"), proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-module.py"]


# Valid layouts that are easy to get wrong: each must be accepted.
LAYOUTS = {
    "empty": "",
    "only_comments": "# nothing\n# here\n",
    "docstring_only": '"""A module."""\n',
    "bom": "\ufeffimport cython\n\ndef f(x: cython.int) -> cython.int:\n    return x\n",
    "crlf": "import cython\r\n\r\ndef f(x: cython.int) -> cython.int:\r\n    if x:\r\n"
            "        return 1\r\n    return 2\r\n",
    "lone_cr": "def f(x):\r    if x:\r        return 1\r    return 2\r",
    "tabs": "def f(x):\n\tif x:\n\t\treturn 1\n\treturn 2\n",
    "form_feed": "def f(x):\n\x0c    return x\n",
    "comment_at_column_0_in_brackets": "def f(x):\n    return (x +\n# one\n  1)\n",
    "continuation_less_indented": "def f(x):\n    y = (x +\n1)\n    return y\n",
    "backslash_continuation": "def f(x):\n    y = x + \\\n1\n    return y\n",
    "comments_everywhere": "def f(x):  # c\n    # c\n        # deeper\n# col 0\n    return x  # c\n",
    "number_then_keyword": "def f(x):\n    return 1if x else 2\n",
    "huge_int_literal": "def f():\n    return 1" + "0" * 400 + "\n",
    "future_import": '"""doc"""\nfrom __future__ import annotations\n\ndef f(x):\n    return x\n',
    "deep_parens_199": "def f(x):\n    return " + "(" * 199 + "x" + ")" * 199 + "\n",
    "one_line_blocks": "def f(x):\n    if x: return 1\n    elif x is None: return 2\n    else: return 3\n",
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_check_accepts_layout(tmp_path, name):
    path = tmp_path / "m.py"
    path.write_bytes(LAYOUTS[name].encode())
    proc = run_pyc2c("check", path)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_tricky_layouts_compile_correctly(tmp_path):
    """BOM, CRLF, tabs, comments and continuation lines at any indentation, in one module that
    must behave as it does interpreted."""
    source = ("\ufeffimport cython\r\n\r\n"
              "def f(x: cython.int) -> cython.int:\r\n"
              "\ty: cython.int = (x +\r\n"
              "# a comment at column 0 inside brackets\r\n"
              "  2)\r\n"
              "\tz = y * \\\r\n"
              "3\r\n"
              "\tif z > 10: return z\r\n"
              "\telse: return -z\r\n")
    path = tmp_path / "layout.py"
    path.write_bytes(source.encode())
    outdir = tmp_path / "out"
    outdir.mkdir()
    proc = run_pyc2c("build", path, "-o", outdir, "--python", sys.executable)
    assert proc.returncode == 0, proc.stderr
    compiled = load("layout", outdir / f"layout{EXT_SUFFIX}")
    interpreted = load("layout_interpreted", path)
    for x in (-5, 0, 1, 2, 7):
        assert compiled.f(x) == interpreted.f(x)
    assert [compiled.f(x) for x in (0, 2)] == [-6, 12]


# ---- emit

def test_emit_line_directives(tmp_path):
    path = write(tmp_path, "m.py", SOURCE)
    out = tmp_path / "m.c"
    proc = run_pyc2c("emit", path, "-o", out)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    c = out.read_text()
    assert "#include" in c and "PyInit_m" in c
    directives = re.findall(r'^#line (\d+) "(.*)"$', c, re.M)
    assert directives
    assert {name for _, name in directives} == {str(path.resolve())}
    lines = {int(n) for n, _ in directives}
    assert {5, 6, 7, 8, 12, 13, 14, 15} <= lines  # every statement of both bodies
    assert lines <= set(range(1, SOURCE.count("\n") + 1))


def test_emit_relative_path_gives_absolute_line_directives(tmp_path):
    write(tmp_path, "m.py", SOURCE)
    proc = run_pyc2c("emit", "m.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f'#line 5 "{(tmp_path / "m.py").resolve()}"' in proc.stdout


def test_emit_dash_writes_to_stdout(tmp_path):
    write(tmp_path, "m.py", SOURCE)
    proc = run_pyc2c("emit", "m.py", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "PyInit_m" in proc.stdout
    assert not (tmp_path / "-").exists()


TRY_SOURCE = """\
def safe_inverse(x: float) -> float:
    r = 0.0
    try:
        r = 1 / x
    except ZeroDivisionError:
        r = -1.0
    return r


def described(x):
    try:
        return 1 / x
    except ZeroDivisionError as e:
        return str(e) + str(1 / (x + 1))
"""


def test_emitted_c_is_free_of_common_warnings(tmp_path):
    """-Wall on the generated C: no label left without a jump, no comment opening a comment."""
    path = write(tmp_path, "tw.py", TRY_SOURCE)
    out = tmp_path / "tw.c"
    assert run_pyc2c("emit", path, "-o", out).returncode == 0
    include = sysconfig.get_paths()["include"]
    proc = subprocess.run(["gcc", "-Wall", "-Werror", "-fsyntax-only", f"-I{ROOT / 'include'}",
                           f"-I{include}", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().count("_handler_error:") == 1  # described() can fail in its handler


PRANGE_SOURCE = """\
# cython: boundscheck=False, wraparound=False
import cython
from cython.parallel import prange, parallel


def total(x: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(x.shape[0], nogil=True):
        s += x[i]
    return s


def fill(x: cython.double[:]):
    i: cython.Py_ssize_t
    with cython.nogil, parallel():
        for i in prange(x.shape[0]):
            x[i] = 1.0


def twice(x: cython.double[:]):
    i: cython.Py_ssize_t
    for i in prange(x.shape[0], nogil=True):
        x[i] = 2.0
    for i in prange(x.shape[0], nogil=True):
        x[i] += 1.0


def last(x: cython.double[:]) -> cython.Py_ssize_t:
    i: cython.Py_ssize_t = -1
    for i in prange(x.shape[0], nogil=True):
        x[i] = 3.0
    return i
"""


def test_emitted_parallel_c_is_free_of_warnings(tmp_path):
    """No unused stop flag, and no loop index left set but unread after a prange loop (total(),
    fill() and twice() never read i after their loops; last() does)."""
    path = write(tmp_path, "pw.py", PRANGE_SOURCE)
    out = tmp_path / "pw.c"
    assert run_pyc2c("emit", path, "-o", out).returncode == 0
    include = sysconfig.get_paths()["include"]
    proc = subprocess.run(["gcc", "-Wall", "-Wextra", "-Werror", "-fopenmp",
                           "-fsyntax-only", f"-I{ROOT / 'include'}", f"-I{include}", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


CHECKS_REMOVED_SOURCE = """\
import cython


def fill(out: cython.int[:], cr: cython.double, maxiter: cython.int):
    # out[i] is kept in bounds by its loop: a function that could raise, with no check left
    i: cython.Py_ssize_t
    it: cython.int
    z: cython.double
    for i in range(out.shape[0]):
        z = 0.0
        it = 0
        while it < maxiter and z * z <= 4.0:
            z = z * z + cr
            it += 1
        out[i] = it


def euclid(x: cython.long, y: cython.long) -> cython.long:
    while y != 0:
        x, y = y, x % y
    return x
"""


def test_emitted_c_without_error_exits_has_no_error_path(tmp_path):
    """No `pyc2c_error:` label (nor its line variable) where nothing jumps to it."""
    path = write(tmp_path, "cr.py", CHECKS_REMOVED_SOURCE)
    out = tmp_path / "cr.c"
    assert run_pyc2c("emit", path, "-o", out).returncode == 0
    include = sysconfig.get_paths()["include"]
    proc = subprocess.run(["gcc", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                           f"-I{ROOT / 'include'}", f"-I{include}", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_call_chains_compile_without_blowing_up(tmp_path):
    """Each f_n calls f_(n-1) four times: call-graph questions (is a function on a cycle, can a
    callee run Python code) must visit each function once, not each of the 4**16 call paths
    (this hung before: a hang guard, not a speed measurement)."""
    lines = ["import cython", "", "@cython.cfunc", "def f0(x: cython.double) -> cython.double:",
             "    return x * 0.5", ""]
    for n in range(1, 17):
        lines += ["@cython.cfunc", f"def f{n}(x: cython.double) -> cython.double:",
                  f"    return f{n-1}(x) + f{n-1}(x + 1.0) + f{n-1}(x + 2.0) + f{n-1}(x + 3.0)", ""]
    lines += ["def run(a: cython.double[:], b: cython.double[:]):",
              "    for i in range(a.shape[0]):", "        a[i] = f16(b[i])", ""]
    path = write(tmp_path, "chain.py", "\n".join(lines))
    proc = run_pyc2c("emit", path, "-o", tmp_path / "chain.c", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "f_f16(" in (tmp_path / "chain.c").read_text()


def test_emit_no_line_directives(tmp_path):
    path = write(tmp_path, "m.py", SOURCE)
    proc = run_pyc2c("emit", path, "--no-line-directives")
    assert proc.returncode == 0, proc.stderr
    assert "PyInit_m" in proc.stdout
    assert "#line" not in proc.stdout


def test_emit_error_writes_no_file(tmp_path):
    path = write(tmp_path, "m.py", BROKEN)
    out = tmp_path / "m.c"
    proc = run_pyc2c("emit", path, "-o", out)
    assert proc.returncode == 1
    assert ": error: " in proc.stderr
    assert proc.stdout == ""
    assert not out.exists()


# ---- build

def test_build_writes_importable_module(tmp_path):
    path = write(tmp_path, "scaler.py", SOURCE)
    outdir = tmp_path / "out"
    outdir.mkdir()
    proc = run_pyc2c("build", path, "-o", outdir, "--python", sys.executable)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert sorted(p.name for p in outdir.iterdir()) == [f"scaler{EXT_SUFFIX}", "scaler.pyi"]
    compiled = load("scaler", outdir / f"scaler{EXT_SUFFIX}")
    interpreted = load("scaler_interpreted", path)
    for args in [(1.5,), (2.0, 5), (-1.0, 0)]:
        assert compiled.scale(*args) == interpreted.scale(*args)
    assert compiled.count(7) == 7


def test_build_default_directory_is_beside_the_source(tmp_path):
    path = write(tmp_path, "beside.py", SOURCE)
    proc = run_pyc2c("build", path, "--python", sys.executable)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / f"beside{EXT_SUFFIX}").exists()


def test_build_error_writes_nothing(tmp_path):
    path = write(tmp_path, "broken.py", BROKEN)
    outdir = tmp_path / "out"
    outdir.mkdir()
    proc = run_pyc2c("build", path, "-o", outdir, "--python", sys.executable)
    assert proc.returncode == 1
    assert f"{path}:5:15: error: " in proc.stderr
    assert list(outdir.iterdir()) == []


def test_build_missing_output_directory(tmp_path):
    path = write(tmp_path, "m.py", SOURCE)
    proc = run_pyc2c("build", path, "-o", tmp_path / "absent", "--python", sys.executable)
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr


def test_build_twice_concurrently_into_one_directory(tmp_path):
    path = write(tmp_path, "twice.py", SOURCE)
    outdir = tmp_path / "out"
    outdir.mkdir()
    argv = [PYC2C, "build", str(path), "-o", str(outdir), "--python", sys.executable]
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err
    # one finished module and its stub, no temporary files left behind
    assert sorted(p.name for p in outdir.iterdir()) == [f"twice{EXT_SUFFIX}", "twice.pyi"]
    assert load("twice", outdir / f"twice{EXT_SUFFIX}").count(3) == 3


def test_check_types_prints_inferred_locals(tmp_path):
    src = tmp_path / "inferred.py"
    src.write_text("import cython\n\ndef f(a: cython.double, n: cython.int):\n"
                   "    total = 0\n    for i in range(n):\n        total += a\n    return total\n")
    proc = run_pyc2c("check", "--types", src)
    assert proc.returncode == 0
    assert "total: cython.double  # inferred" in proc.stdout
    assert "i: cython.Py_ssize_t  # inferred" in proc.stdout

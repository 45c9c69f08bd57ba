"""The %%pyc2c cell magic in a real IPython InteractiveShell, and once in a notebook executed
headless by nbclient on an ipykernel running this interpreter (docs/ipython.md)."""
import json
import os
import subprocess
import sys
import textwrap

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from conftest import PYC2C, ROOT
from pyc2c.ipython import Pyc2cCompileError, cell_diagnostics, with_boundscheck

SQUARE = """\
import cython

def square(x: cython.double) -> cython.double:
    return x * x

def _helper() -> cython.int:
    return 1
"""

GET = """\
import cython

def get(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]
"""


@pytest.fixture
def ip(tmp_path, monkeypatch):
    monkeypatch.setenv("PYC2C", PYC2C)
    monkeypatch.setenv("PYC2C_MAGIC_DIR", str(tmp_path / "magic"))
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "pyc2c")
    yield shell
    for name in ("square", "get", "hello", "value", "total"):
        shell.user_ns.pop(name, None)


def run(ip, line, cell):
    """Runs `%%pyc2c line` + cell as a real cell; returns (result, captured output)."""
    with capture_output() as cap:
        result = ip.run_cell(f"%%pyc2c {line}\n{cell}".replace("%%pyc2c \n", "%%pyc2c\n"))
    return result, cap


def builds(tmp_path):
    return sorted((tmp_path / "magic").glob("*/*.so"))


def test_cell_is_compiled_imported_and_bound(ip, tmp_path):
    result, _ = run(ip, "", SQUARE)
    assert result.success, result.error_in_exec
    square = ip.user_ns["square"]
    assert square(3.0) == 9.0
    assert type(square).__name__ == "builtin_function_or_method"  # compiled, not interpreted
    assert "_helper" not in ip.user_ns  # only public names are bound
    assert square.__module__.startswith("_pyc2c_magic_")
    with pytest.raises(TypeError):
        square("x")  # the compiled argument conversion
    assert ip.run_cell("square(1.5) + 1").result == 3.25


def test_unchanged_cell_is_reused_and_f_rebuilds(ip, tmp_path):
    run(ip, "", SQUARE)
    (so,) = builds(tmp_path)
    stamp = so.stat().st_mtime_ns
    run(ip, "", SQUARE)
    assert builds(tmp_path) == [so] and so.stat().st_mtime_ns == stamp  # no rebuild
    result, _ = run(ip, "-f", SQUARE)
    assert result.success
    (so2,) = builds(tmp_path)
    assert so2 == so and so2.stat().st_mtime_ns != stamp  # -f: built again
    run(ip, "", SQUARE.replace("x * x", "x * x * x"))
    assert len(builds(tmp_path)) == 2 and ip.user_ns["square"](2.0) == 8.0  # a new module


def test_name_option_names_the_module(ip, tmp_path):
    result, _ = run(ip, "-n hello", "def hello() -> int:\n    return 42\n")
    assert result.success, result.error_in_exec
    assert ip.user_ns["hello"]() == 42 and sys.modules["hello"].hello() == 42
    assert [p.name.split(".")[0] for p in builds(tmp_path)] == ["hello"]
    result, _ = run(ip, "-n hello", "def hello() -> int:\n    return 43\n")
    assert ip.user_ns["hello"]() == 43  # same name, new cell: the new module
    result, _ = run(ip, "-n 1bad", "def hello() -> int:\n    return 43\n")
    assert not result.success and "module name must be a Python identifier" in str(
        result.error_in_exec)


def test_boundscheck_options_set_the_module_directive(ip, tmp_path):
    import numpy as np
    a = np.arange(3.0)
    # the cell turns bounds checks off; --boundscheck overrides it: the check is back
    result, _ = run(ip, "--boundscheck", "# cython: boundscheck=False\n" + GET)
    assert result.success, result.error_in_exec
    with pytest.raises(IndexError):
        ip.user_ns["get"](a, 3)
    assert ip.user_ns["get"](a, 2) == 2.0
    result, _ = run(ip, "--no-boundscheck", GET)
    assert result.success, result.error_in_exec
    (src,) = [p for p in (tmp_path / "magic").glob("*/*.py") if "boundscheck=False" in
              p.read_text() and p.read_text().startswith("# cython: boundscheck=False\nimport")]
    report = json.loads(subprocess.run([PYC2C, "annotate", src, "--json"], capture_output=True,
                                       text=True, check=True).stdout)
    assert not any(r["reason"] == "bounds checks left on" for l in report["lines"]
                   for r in l["reasons"])
    assert ip.user_ns["get"](a, 1) == 1.0


def test_with_boundscheck_edits_the_header_in_place_or_prepends():
    assert with_boundscheck("import cython\n", False) == (
        "# cython: boundscheck=False\nimport cython\n", 1)
    src = "# cython: wraparound=False, boundscheck=True\nimport cython\n"
    assert with_boundscheck(src, False) == (
        "# cython: wraparound=False, boundscheck=False\nimport cython\n", 0)
    # a directive after the first statement is no header: prepend
    assert with_boundscheck("x = 1\n# cython: boundscheck=True\n", False)[1] == 1


def test_compile_errors_show_in_the_cell_output_and_raise(ip, tmp_path):
    bad = "import cython\n\ndef f(x: cython.int) -> cython.int:\n    return y\n"
    result, cap = run(ip, "", bad)
    assert isinstance(result.error_in_exec, Pyc2cCompileError)
    expected = ("<cell>:4:12: error: name 'y' is not defined\n"
                "    4 |     return y\n"
                "      |            ^\n")
    assert expected in cap.stderr
    assert expected in str(result.error_in_exec)
    # with a header line prepended, positions still count the cell's own lines
    result, cap = run(ip, "--no-boundscheck", bad)
    assert isinstance(result.error_in_exec, Pyc2cCompileError)
    assert expected in cap.stderr
    assert "f" not in ip.user_ns  # nothing bound from a cell that did not compile


def test_cell_diagnostics_renumbers_lines():
    err = "/x/m.py:5:3: error: boom\n    5 |   y\n      |   ^\n"
    assert cell_diagnostics(err, "/x/m.py", 1) == "<cell>:4:3: error: boom\n    4 |   y\n      |   ^\n"


def test_annotate_option_displays_the_report_inline(ip, tmp_path):
    result, cap = run(ip, "-a", "def total(n: int):\n    s = 0\n    for i in range(n):\n"
                                "        s = s + i\n    return s\n")
    assert result.success, result.error_in_exec
    assert ip.user_ns["total"](4) == 6
    (out,) = cap.outputs
    page = out.data["text/html"]
    assert page.startswith('<div class="pyc2c-annotate"><iframe') and "srcdoc=" in page
    # s is a Python int: exact, C speed while small; its + is pyint.h's
    assert "pyc2c annotate" in page and "Python int" in page and "pyc2c_int_add(" in page


def test_openmp_option(ip, tmp_path):
    result, _ = run(ip, "--openmp", SQUARE)  # no prange: builds either way
    assert result.success, result.error_in_exec
    assert ip.user_ns["square"](4.0) == 16.0
    prange_cell = textwrap.dedent("""\
        import cython
        from cython.parallel import prange

        def total(n: cython.int) -> cython.long:
            s: cython.long = 0
            i: cython.int
            for i in prange(n, nogil=True):
                s += i
            return s
        """)
    result, cap = run(ip, "--openmp", prange_cell)
    assert result.success, cap.stderr
    assert ip.user_ns["total"](100) == 4950
    assert ip.user_ns["total"].__self__.__pyc2c__["openmp"] is True  # built with OpenMP
    result, cap = run(ip, "", prange_cell)  # without --openmp: the same loop, serial
    assert result.success, cap.stderr
    assert ip.user_ns["total"](100) == 4950
    assert ip.user_ns["total"].__self__.__pyc2c__["openmp"] is False


def test_notebook_runs_headless_with_nbclient(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    # a kernelspec for this interpreter, with the package and the compiler under test
    spec = tmp_path / "jupyter" / "kernels" / "pyc2c-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "pyc2c test", "language": "python",
        "env": {"PYTHONPATH": str(ROOT / "python"), "PYC2C": PYC2C,
                "PYC2C_MAGIC_DIR": str(tmp_path / "magic")}}))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in (
        "%load_ext pyc2c",
        "%%pyc2c -a\n" + SQUARE,
        "print(square(7.0), type(square).__name__)",
        "%%pyc2c\ndef broken() -> int:\n    return nope\n",
    )]
    env = dict(os.environ, JUPYTER_PATH=str(tmp_path / "jupyter"))
    old = os.environ.copy()
    os.environ.update(env)
    try:
        client = NotebookClient(nb, kernel_name="pyc2c-test", timeout=180, allow_errors=True)
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    annotate_out = nb.cells[1].outputs
    assert any("text/html" in o.get("data", {}) and "pyc2c-annotate" in o["data"]["text/html"]
               for o in annotate_out)
    (printed,) = [o for o in nb.cells[2].outputs if o.output_type == "stream"]
    assert printed.text == "49.0 builtin_function_or_method\n"
    outs = nb.cells[3].outputs
    stderr = "".join(o.text for o in outs if o.output_type == "stream" and o.name == "stderr")
    assert "<cell>:2:12: error: name 'nope' is not defined" in stderr
    (error,) = [o for o in outs if o.output_type == "error"]
    assert error.ename == "Pyc2cCompileError"

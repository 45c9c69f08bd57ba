"""Test harness: compile a module with pyc2c into a temporary directory, import it, and compare
it with the same file interpreted by CPython.

    def test_x(differential):
        differential('''
            import cython
            def f(a: cython.int) -> cython.int:
                return a // 2
        ''', [("f", (7,)), ("f", (-7,))])

The compiler under test is $PYC2C (the ASan build in `make test-asan`) or build/pyc2c.
"""
import hashlib
import importlib.util
import math
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYC2C = os.environ.get("PYC2C", str(ROOT / "build" / "pyc2c"))
sys.path.insert(0, str(ROOT / "python"))

# The tests' own build cache (runtime objects, modules, interpreter memos): never the user's;
# and a directory the xdist workers share (tests/test_hooks.py installs pyc2c there once).
# Set before xdist starts its workers, which inherit them; removed by the process that made them.
_OWN_DIRS = []
for _var, _prefix in (("PYC2C_CACHE_DIR", "pyc2c-test-cache-"), ("PYC2C_TEST_SHARED", "pyc2c-test-shared-")):
    if not os.environ.get(_var):
        os.environ[_var] = tempfile.mkdtemp(prefix=_prefix)
        _OWN_DIRS.append(os.environ[_var])


def pytest_unconfigure(config):
    for d in _OWN_DIRS:
        shutil.rmtree(d, ignore_errors=True)


def pytest_configure(config):
    config.addinivalue_line("markers", "compiler: exercises the compiler itself (also run under ASan)")


# Test files that drive the compiler; `make test-asan` reruns them with the ASan+UBSan build.
COMPILER_TEST_PREFIXES = ("test_smoke", "test_differential", "test_diagnostics", "test_cli",
                          "test_views")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name.startswith(COMPILER_TEST_PREFIXES):
            item.add_marker(pytest.mark.compiler)


def run_pyc2c(*args, cwd=None, timeout=120):
    """Runs the pyc2c CLI; returns the CompletedProcess (text mode)."""
    return subprocess.run([PYC2C, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Built:
    """A source compiled by pyc2c and the same source interpreted."""

    def __init__(self, compiled, interpreted, path):
        self.compiled = compiled
        self.interpreted = interpreted
        self.path = path


def build_source(source, directory, name=None):
    source = textwrap.dedent(source).lstrip("\n")
    digest = hashlib.sha1(source.encode()).hexdigest()[:12]
    name = name or f"m_{digest}"
    directory = Path(directory)
    path = directory / f"{name}.py"
    path.write_text(source)
    outdir = directory / "compiled"
    outdir.mkdir(exist_ok=True)
    proc = run_pyc2c("build", path, "-o", outdir, "--python", sys.executable)
    if proc.returncode != 0:
        raise AssertionError(f"pyc2c build failed ({proc.returncode}):\n{proc.stderr}")
    so = next(outdir.glob(f"{name}.*.so"))
    compiled = _load(name, so)
    interpreted = _load(f"{name}_interpreted", path)
    return Built(compiled, interpreted, path)


@pytest.fixture
def pyc2c_build(tmp_path):
    """build(source, name=None) -> Built, with .compiled and .interpreted modules."""
    return lambda source, name=None: build_source(source, tmp_path, name)


def same(a, b):
    """Equal values of the same type; NaN equals NaN; -0.0 differs from 0.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def outcome(fn, args, kwargs):
    try:
        return ("value", fn(*args, **kwargs))
    except Exception as exc:  # the exception's type is the outcome being compared
        return ("raises", type(exc))


def check_same(built, calls):
    """Calls each (name, args[, kwargs]) on both modules; asserts equal values or exception types."""
    for call in calls:
        name, args = call[0], call[1]
        kwargs = call[2] if len(call) > 2 else {}
        got = outcome(getattr(built.compiled, name), args, kwargs)
        want = outcome(getattr(built.interpreted, name), args, kwargs)
        assert got[0] == want[0] and (same(got[1], want[1]) if got[0] == "value" else got[1] is want[1]), (
            f"{name}{args}{kwargs or ''}: compiled {got}, interpreted {want}")


@pytest.fixture
def differential(pyc2c_build):
    """differential(source, calls) compiles source, runs calls on both modules, returns Built."""
    def run(source, calls, name=None):
        built = pyc2c_build(source, name)
        check_same(built, calls)
        return built
    return run

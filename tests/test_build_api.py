"""pyc2c.build: the Python API over `pyc2c build` that the hooks and the magic use."""
import importlib.util
import os
import sys

import pytest

from conftest import PYC2C
from pyc2c import build as pb

SRC = """\
import cython

def get(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]
"""


def load(name, so):
    spec = importlib.util.spec_from_file_location(name, so)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_find_compiler_prefers_env(monkeypatch):
    monkeypatch.setenv("PYC2C", "/some/where/pyc2c")
    assert pb.find_compiler() == "/some/where/pyc2c"
    monkeypatch.delenv("PYC2C")
    found = pb.find_compiler()
    assert os.access(found, os.X_OK) and found.endswith("pyc2c")


def test_home_has_the_runtime():
    h = pb.home()
    assert (h / "include" / "pyc2c" / "runtime.h").is_file()
    assert (h / "runtime" / "args.c").is_file()


def test_compile_file_returns_the_extension(tmp_path):
    src = tmp_path / "apimod.py"
    src.write_text(SRC)
    so = pb.compile_file(src, tmp_path / "out", compiler=PYC2C)
    assert so.is_file() and so.name.endswith(pb.ext_suffix())
    assert (tmp_path / "out" / "apimod.pyi").is_file()
    mod = load("apimod", so)
    assert mod.get(__import__("array").array("d", [1.0, 2.0]), 1) == 2.0
    with pytest.raises(IndexError):
        mod.get(__import__("array").array("d", [1.0]), 5)
    # default outdir: beside the source
    assert pb.compile_file(src, compiler=PYC2C).parent == tmp_path


def test_compile_file_directives_and_force(tmp_path):
    src = tmp_path / "apidir.py"
    src.write_text(SRC)
    pb.compile_file(src, tmp_path, keep_c=True, compiler=PYC2C)
    assert "pyc2c_view_index_error" in (tmp_path / "apidir.c").read_text()
    so = pb.compile_file(src, tmp_path, boundscheck=False, wraparound=False, force=True,
                         keep_c=True, compiler=PYC2C)
    assert so.is_file()
    c = (tmp_path / "apidir.c").read_text()
    assert "pyc2c_view_index_error" not in c
    with pytest.raises(TypeError):
        pb.compile_file(src, tmp_path, boundscheck="no", compiler=PYC2C)
    assert "associative-math" not in c
    pb.compile_file(src, tmp_path, fastmath=True, keep_c=True, compiler=PYC2C)
    assert '#pragma GCC optimize ("associative-math"' in (tmp_path / "apidir.c").read_text()


def test_compile_error_carries_diagnostics(tmp_path):
    src = tmp_path / "apibad.py"
    src.write_text("def f():\n    return totl\n")
    with pytest.raises(pb.CompileError) as info:
        pb.compile_file(src, tmp_path, compiler=PYC2C)
    assert info.value.returncode == 1
    assert "apibad.py:2:12: error: name 'totl' is not defined" in info.value.stderr


PRANGE_SRC = """\
import cython
from cython.parallel import prange

def total(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in prange(a.shape[0], nogil=True):
        s += a[i]
    return s
"""


def test_openmp_option_builds_a_module_without_prange(tmp_path):
    src = tmp_path / "apiomp.py"
    src.write_text(SRC)
    for openmp in (True, False):
        assert pb.compile_file(src, tmp_path, openmp=openmp, compiler=PYC2C).is_file()


def test_openmp_option_with_prange(tmp_path):
    from array import array
    src = tmp_path / "apipar.py"
    src.write_text(PRANGE_SRC)
    for openmp in (True, False):
        out = tmp_path / str(openmp)
        mod = load("apipar", pb.compile_file(src, out, openmp=openmp, compiler=PYC2C))
        assert mod.__pyc2c__["openmp"] is openmp
        assert mod.total(array("d", [1.0, 2.0, 3.5])) == 6.5

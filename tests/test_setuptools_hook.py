"""pyc2c.setuptools without installing anything: what pyc2cize returns, the hook that picks
pyc2c's build_ext, and an in-place build_ext run with the checkout's compiler. (The full
pip install / python -m build of the sample project is in test_hooks.py.)"""
import os
import subprocess
import sys
import textwrap

import pytest
from setuptools import Distribution, Extension

from conftest import PYC2C, ROOT
from pyc2c.setuptools import Pyc2cExtension, build_ext, finalize_distribution_options, pyc2cize

MOD = "import cython\n\ndef inc(x: cython.int) -> cython.int:\n    return x + 1\n"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    for rel in ("pkg/__init__.py", "pkg/a.py", "pkg/sub/__init__.py", "pkg/sub/b.py",
                "pkg/keep_python.py", "src/lib2/__init__.py", "src/lib2/c.py"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("" if rel.endswith("__init__.py") else MOD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pyc2cize_names_and_options(tree):
    exts = pyc2cize(["pkg/**/*.py"], boundscheck=False, openmp=True, exclude=["pkg/keep_*.py"])
    assert [e.name for e in exts] == ["pkg.a", "pkg.sub.b"]
    assert all(isinstance(e, Pyc2cExtension) for e in exts)
    assert exts[0].sources == [os.path.join("pkg", "a.py")]
    assert exts[0].pyc2c_options["boundscheck"] is False and exts[0].pyc2c_options["openmp"] is True
    assert exts[0].pyc2c_options["portable"] is True
    assert exts[0].pyc2c_options["fastmath"] is None
    assert pyc2cize("pkg/a.py", fastmath=True)[0].pyc2c_options["fastmath"] is True
    assert [e.name for e in pyc2cize("src/lib2/*.py", package_root="src")] == ["lib2.c"]


def test_pyc2cize_errors(tree):
    with pytest.raises(ValueError, match="no file matches"):
        pyc2cize(["nothing/*.py"])
    with pytest.raises(ValueError, match="package root"):
        pyc2cize(["pkg/a.py"], package_root="src")


def test_hook_switches_build_ext_only_for_pyc2c_modules(tree):
    dist = Distribution({"ext_modules": pyc2cize(["pkg/a.py"])})
    finalize_distribution_options(dist)
    assert dist.cmdclass["build_ext"] is build_ext
    plain = Distribution({"ext_modules": [Extension("x", ["x.c"])]})
    finalize_distribution_options(plain)
    assert "build_ext" not in plain.cmdclass


def test_build_ext_inplace_with_the_checkout_compiler(tree):
    (tree / "setup.py").write_text(textwrap.dedent("""\
        from setuptools import setup
        from pyc2c.setuptools import pyc2cize, build_ext
        setup(name="t", packages=["pkg", "pkg.sub"],
              ext_modules=pyc2cize(["pkg/**/*.py"]), cmdclass={"build_ext": build_ext})
    """))
    env = dict(os.environ, PYC2C=PYC2C, PYTHONPATH=str(ROOT / "python"))
    proc = subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=tree,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = subprocess.run([sys.executable, "-c", "import pkg.a, pkg.sub.b; "
                          "print(pkg.a.inc(1), pkg.sub.b.inc(2), type(pkg.a.__loader__).__name__)"],
                         cwd=tree, capture_output=True, text=True, env=env).stdout.split()
    assert out == ["2", "3", "ExtensionFileLoader"]
    # errors in a module stop the build with pyc2c's diagnostics
    (tree / "pkg" / "a.py").write_text("def f():\n    return nope\n")
    proc = subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=tree,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "a.py:2:12: error: name 'nope' is not defined" in proc.stderr

"""Installing pyc2c with pip, and the build hooks with the real tools: setuptools (pip install .
and python -m build) and meson-python, on the sample projects in examples/. pyc2c is installed
once per session into a private prefix (shared by the xdist workers under a lock); the samples'
builds use --no-build-isolation with the build dependencies of requirements-dev.txt."""
import fcntl
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

SITE = Path(sysconfig.get_path("purelib", vars={"base": "", "platbase": ""}).lstrip("/"))
EXT = sysconfig.get_config_var("EXT_SUFFIX")


def run(args, env, cwd=None, timeout=300):
    proc = subprocess.run([str(a) for a in args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def pip_install(target, prefix, env):
    return run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "--no-build-isolation", "--no-deps", "--prefix", prefix, target], env)


def env_with(*prefixes):
    """An environment that sees the packages and scripts installed under `prefixes` (and no
    $PYC2C: the installed compiler must be the one found)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYC2C", "PYC2C_HOME", "PYTHONPATH")}
    env["PYTHONPATH"] = os.pathsep.join(str(p / SITE) for p in prefixes)
    env["PATH"] = os.pathsep.join([*(str(p / "bin") for p in prefixes),
                                   str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


@pytest.fixture(scope="session")
def installed():
    """A prefix holding `pip install .` of this checkout (done once for all workers)."""
    shared = Path(os.environ["PYC2C_TEST_SHARED"])
    prefix = shared / "pyc2c-prefix"
    with open(shared / "install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (prefix / ".done").exists():
            shutil.rmtree(prefix, ignore_errors=True)
            pip_install(ROOT, prefix, env_with())
            (prefix / ".done").write_text("")
    return prefix


def copy_project(name, tmp_path):
    dst = tmp_path / name
    shutil.copytree(ROOT / "examples" / name, dst,
                    ignore=shutil.ignore_patterns("build", "dist", "*.egg-info", "__pycache__", "*.so"))
    return dst


def run_project_tests(project, env, tmp_path):
    """The sample's own tests, from outside its tree: they must import the installed package."""
    return run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                project / "tests"], env, cwd=tmp_path)


def test_pip_install_layout(installed):
    share = installed / "share" / "pyc2c"
    exe = installed / "bin" / "pyc2c"
    assert os.access(exe, os.X_OK) and exe.read_bytes()[:4] == b"\x7fELF"  # the compiler itself
    assert (share / "include" / "pyc2c" / "runtime.h").is_file()
    assert sorted(p.name for p in (share / "runtime").glob("*.c")) == sorted(
        p.name for p in (ROOT / "runtime").glob("*.c"))
    assert sorted(p.name for p in (share / "include" / "pyc2c").glob("*.h")) == sorted(
        p.name for p in (ROOT / "include" / "pyc2c").glob("*.h"))
    pkg = installed / SITE / "pyc2c"
    for mod in ("__init__.py", "shadow.py", "build.py", "setuptools.py", "__main__.py"):
        assert (pkg / mod).is_file(), mod


def test_installed_command_builds_with_its_own_runtime(installed, tmp_path):
    env = env_with(installed)
    share = (installed / "share" / "pyc2c").resolve()
    assert run(["pyc2c", "--version"], env).stdout.strip() == "pyc2c 0.1.0"
    assert run(["pyc2c", "config", "--home"], env).stdout.strip() == str(share)
    src = tmp_path / "inst.py"
    src.write_text("import cython\n\ndef twice(x: cython.int) -> cython.int:\n    return 2 * x\n")
    proc = run(["pyc2c", "build", src, "--python", sys.executable, "-v", "--no-cache"], env)
    assert f"-I{share}/include" in proc.stderr
    out = run([sys.executable, "-c", "import inst; print(inst.twice(21), inst.__file__)"], env,
              cwd=tmp_path).stdout.split()
    assert out[0] == "42" and out[1].endswith(EXT)
    # the Python API finds the installed compiler and runtime too, and python -m pyc2c runs it
    probe = run([sys.executable, "-c", "from pyc2c import build; print(build.find_compiler()); "
                 "print(build.home())"], env, cwd=tmp_path).stdout.split()
    assert probe == [str((installed / "bin" / "pyc2c").resolve()), str(share)]
    assert run([sys.executable, "-m", "pyc2c", "--version"], env, cwd=tmp_path).stdout.strip() == "pyc2c 0.1.0"


def test_pkg_config_file(installed):
    env = env_with(installed)
    pcdir = run(["pyc2c", "config", "--pkgconfigdir"], env).stdout.strip()
    env["PKG_CONFIG_PATH"] = pcdir
    cflags = run(["pkg-config", "--cflags", "pyc2c"], env).stdout.split()
    inc = Path(cflags[0][2:])
    assert (inc / "pyc2c" / "runtime.h").is_file()
    assert {"-fwrapv", "-ffp-contract=off", "-fno-strict-aliasing"} <= set(cflags)
    runtime = Path(run(["pkg-config", "--variable=runtime_dir", "pyc2c"], env).stdout.strip())
    assert (runtime / "args.c").is_file()


def test_setuptools_pip_install(installed, tmp_path):
    project = copy_project("setuptools_project", tmp_path)
    target = tmp_path / "target"
    env = env_with(installed)
    pip_install(project, target, env)
    pkg = target / SITE / "stats_demo"
    assert (pkg / f"kernels{EXT}").is_file() and (pkg / "kernels.pyi").is_file()
    run_project_tests(project, env_with(target, installed), tmp_path)


def test_setuptools_python_m_build(installed, tmp_path):
    project = copy_project("setuptools_project", tmp_path)
    env = env_with(installed)
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, project], env)
    sdist = next(dist.glob("*.tar.gz"))
    with tarfile.open(sdist) as tf:
        assert any(n.endswith("stats_demo/kernels.py") for n in tf.getnames())
    wheel = next(dist.glob("*.whl"))
    assert "py3-none-any" not in wheel.name  # a platform wheel
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert f"stats_demo/kernels{EXT}" in names and "stats_demo/kernels.pyi" in names
    target = tmp_path / "target"
    pip_install(wheel, target, env)
    run_project_tests(project, env_with(target, installed), tmp_path)


def test_meson_python_pip_install(installed, tmp_path):
    project = copy_project("meson_project", tmp_path)
    target = tmp_path / "target"
    env = env_with(installed)
    pip_install(project, target, env)
    pkg = target / SITE / "geom_demo"
    assert (pkg / f"vectors{EXT}").is_file() and (pkg / "vectors.pyi").is_file()
    assert not (pkg / "vectors.py").exists()
    run_project_tests(project, env_with(target, installed), tmp_path)

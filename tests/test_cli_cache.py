"""The content-addressed build cache of `pyc2c build` (docs/cache.md), the `pyc2c cache`
command, -X directive defaults and the .pyi stub written beside every build."""
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PYC2C, run_pyc2c

SRC = """\
import cython

def scale(x: cython.double, k: cython.int = 2) -> cython.double:
    return x * k
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private cache directory for this test, holding no module (only the session's compiled
    runtime, when there is one, to save compiling it again)."""
    d = tmp_path / "cache"
    d.mkdir()
    session = Path(os.environ["PYC2C_CACHE_DIR"])
    for rt in session.glob("runtime-*"):
        if rt.is_dir():
            shutil.copytree(rt, d / rt.name, ignore=shutil.ignore_patterns("*.tmp"))
    monkeypatch.setenv("PYC2C_CACHE_DIR", str(d))
    return d


def build(path, outdir, *extra):
    return run_pyc2c("build", path, "-o", outdir, "--python", sys.executable, "-v", *extra)


def load(name, so):
    spec = importlib.util.spec_from_file_location(name, so)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def modules_in(cache):
    return sorted((cache / "modules").glob("*/*.so"))


def test_second_build_is_a_cache_hit(tmp_path, cache):
    src = tmp_path / "cmod.py"
    src.write_text(SRC)
    out = tmp_path / "out"
    out.mkdir()
    first = build(src, out)
    assert first.returncode == 0, first.stderr
    assert "cache hit" not in first.stderr and " -shared " in first.stderr
    assert len(modules_in(cache)) == 1
    so = next(out.glob("cmod.*.so"))
    so.unlink()
    second = build(src, out)
    assert second.returncode == 0, second.stderr
    assert "cache hit" in second.stderr and " -shared " not in second.stderr
    assert load("cmod", so).scale(1.5) == 3.0
    assert len(modules_in(cache)) == 1
    assert not list(out.glob("*.tmp"))


def test_changes_that_matter_miss_the_cache(tmp_path, cache):
    src = tmp_path / "cmiss.py"
    src.write_text(SRC)
    out = tmp_path / "out"
    out.mkdir()
    assert build(src, out).returncode == 0
    # a comment changes the source but not the C... except its #line directives: still a hit only
    # when the generated C is the same; an edit of the code is a miss
    src.write_text(SRC.replace("x * k", "x * k + 1.0"))
    edited = build(src, out)
    assert "cache hit" not in edited.stderr
    assert load("cmiss", next(out.glob("cmiss.*.so"))).scale(1.0) == 3.0
    for options in (["--portable"], ["-X", "boundscheck=False"], ["--no-line-directives"]):
        proc = build(src, out, *options)
        assert proc.returncode == 0, proc.stderr
        assert "cache hit" not in proc.stderr, options
        again = build(src, out, *options)
        assert "cache hit" in again.stderr, options
    assert len(modules_in(cache)) == 5


def test_no_cache_and_force_rebuild(tmp_path, cache):
    src = tmp_path / "cforce.py"
    src.write_text(SRC)
    assert build(src, tmp_path).returncode == 0
    for flag in ("--no-cache", "-f", "--force"):
        proc = build(src, tmp_path, flag)
        assert proc.returncode == 0, proc.stderr
        assert "cache hit" not in proc.stderr and " -shared " in proc.stderr


def test_a_corrupt_interpreter_memo_is_not_trusted(tmp_path, cache):
    src = tmp_path / "cmemo.py"
    src.write_text(SRC)
    assert build(src, tmp_path).returncode == 0
    for memo in (cache / "targets").iterdir():
        memo.write_text("garbage\n")
    proc = build(src, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert load("cmemo", next(tmp_path.glob("cmemo.*.so"))).scale(2.0, 3) == 6.0


def test_concurrent_builds_of_one_module(tmp_path, cache):
    """Six processes build the same module at once, into one directory and into their own, on
    an empty cache: every result imports, the cache holds one complete entry, no temporaries."""
    src = tmp_path / "cconc.py"
    src.write_text(SRC)
    shared = tmp_path / "shared"
    shared.mkdir()
    outs = [shared] * 3 + [tmp_path / f"own{i}" for i in range(3)]
    for o in outs:
        o.mkdir(exist_ok=True)
    procs = [subprocess.Popen([PYC2C, "build", str(src), "-o", str(o), "--python", sys.executable],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for o in outs]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    entries = modules_in(cache)
    assert len(entries) == 1
    for i, o in enumerate(sorted(set(outs))):
        so = next(o.glob("cconc.*.so"))
        assert so.read_bytes() == entries[0].read_bytes()
        assert load("cconc", so).scale(2.0) == 4.0
    leftovers = [p for p in cache.rglob("*") if p.name.endswith(".tmp")]
    leftovers += [p for o in outs for p in o.glob("*.tmp")]
    assert leftovers == []
    # and the entry serves the next build
    assert "cache hit" in build(src, shared).stderr


def test_cache_hit_is_fast(tmp_path, cache):
    """Reported, not asserted (speed belongs to benchmarks): the best of five hits."""
    src = tmp_path / "cfast.py"
    src.write_text(SRC)
    assert build(src, tmp_path).returncode == 0
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        proc = build(src, tmp_path)
        times.append(time.perf_counter() - t0)
        assert "cache hit" in proc.stderr
    print(f"cache hit: best {min(times) * 1000:.1f} ms of 5")


NUMPY_SRC = """\
import cython
import numpy as np

def zeros(n: cython.Py_ssize_t):
    a = np.zeros(n)
    return a
"""


def test_numpy_abi_is_part_of_the_key(tmp_path, cache):
    src = tmp_path / "cnp.py"
    src.write_text(NUMPY_SRC)
    assert build(src, tmp_path).returncode == 0
    hit = build(src, tmp_path)
    assert "cache hit" in hit.stderr, hit.stderr
    # another NumPy (here: a copy of its headers with another ABI line) is another entry
    memo = next((cache / "targets").glob("*.numpy"))
    real_inc = Path(memo.read_text().strip())
    fake = tmp_path / "fake_numpy_include"
    shutil.copytree(real_inc, fake)
    cfg = fake / "numpy" / "_numpyconfig.h"
    cfg.write_text(cfg.read_text() + "\n/* another ABI */\n")
    memo.write_text(str(fake))
    assert "cache hit" not in build(src, tmp_path).stderr
    assert len(modules_in(cache)) == 2
    assert load("cnp", next(tmp_path.glob("cnp.*.so"))).zeros(3).tolist() == [0.0, 0.0, 0.0]


def test_cache_dir_info_clear(tmp_path, cache):
    assert run_pyc2c("cache", "dir").stdout.strip() == str(cache)
    src = tmp_path / "cclear.py"
    src.write_text(SRC)
    assert build(src, tmp_path).returncode == 0
    (cache / "unrelated.txt").write_text("not pyc2c's")
    info = run_pyc2c("cache", "info")
    assert info.returncode == 0 and "1 cached modules" in info.stdout
    cleared = run_pyc2c("cache", "clear")
    assert cleared.returncode == 0, cleared.stderr
    assert sorted(p.name for p in cache.iterdir()) == ["unrelated.txt"]
    assert "cache hit" not in build(src, tmp_path).stderr
    for bad in (["cache"], ["cache", "nuke"], ["cache", "dir", "x"]):
        proc = run_pyc2c(*bad)
        assert proc.returncode == 2 and "usage: pyc2c cache" in proc.stderr


def test_default_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("PYC2C_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert run_pyc2c("cache", "dir").stdout.strip() == f"{tmp_path}/pyc2c"


# ---- -X directive defaults

VIEW_SRC = """\
import cython

def get(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]
"""


def test_x_boundscheck_false_drops_the_check(tmp_path, cache):
    src = tmp_path / "xview.py"
    src.write_text(VIEW_SRC)
    on = run_pyc2c("emit", src)
    off = run_pyc2c("emit", src, "-X", "boundscheck=False")
    assert on.returncode == 0 and off.returncode == 0, off.stderr
    assert "pyc2c_view_index_error" in on.stdout and "pyc2c_view_index_error" not in off.stdout
    # the file's own header wins over -X
    src.write_text("# cython: boundscheck=True\n" + VIEW_SRC)
    assert "pyc2c_view_index_error" in run_pyc2c("emit", src, "-X", "boundscheck=False").stdout


FLOAT_SRC = """\
import cython

def dot(a: cython.double[:], b: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s

def scale(x: cython.double) -> cython.double:
    return 2.0 * x + 1.0
"""


def test_x_fastmath_applies_to_every_function(tmp_path, cache):
    src = tmp_path / "xfast.py"
    src.write_text(FLOAT_SRC)
    default = run_pyc2c("emit", src)
    fast = run_pyc2c("emit", src, "-X", "fastmath=True")
    off = run_pyc2c("emit", src, "-X", "fastmath=False")
    assert default.returncode == fast.returncode == off.returncode == 0, fast.stderr
    pragma = '#pragma GCC optimize ("associative-math"'
    assert pragma not in default.stdout and pragma not in off.stdout
    assert fast.stdout.count(pragma) == 2  # dot() and scale()
    assert fast.stdout.count("#pragma GCC pop_options") == 2
    # a module built with it still imports and computes (reassociated sums agree closely)
    import numpy as np
    proc = build(src, tmp_path, "-X", "fastmath=True")
    assert proc.returncode == 0, proc.stderr
    mod = load("xfast", next(tmp_path.glob("xfast.*.so")))
    a = np.linspace(0.0, 1.0, 1001)
    assert abs(mod.dot(a, a) - float(a @ a)) < 1e-9 * float(a @ a)
    assert mod.scale(3.0) == 7.0
    # the option is part of the cache key: the default build is a module of its own
    assert "cache hit" not in build(src, tmp_path).stderr
    assert len(modules_in(cache)) == 2


@pytest.mark.parametrize("value", ["boundscheck=maybe", "nonsense=True", "boundscheck",
                                   "fastmath=maybe"])
def test_x_rejects_bad_values(tmp_path, value):
    src = tmp_path / "xbad.py"
    src.write_text(SRC)
    proc = run_pyc2c("build", src, "-X", value)
    assert proc.returncode == 2 and "-X" in proc.stderr


# ---- the .pyi stub

def test_build_writes_a_stub(tmp_path, cache):
    src = tmp_path / "stubbed.py"
    src.write_text("""\
import cython

def f(a: cython.double[:, ::1], n: cython.int, flag: cython.bint = True) -> cython.double:
    return a[0, 0] if flag else n

def g(x, y: cython.float = 1.5):
    return x

def h(v: cython.int[:]) -> None:
    v[0] = 1

@cython.cfunc
def hidden(x: cython.int) -> cython.int:
    return x

def k(b: cython.uchar[:], s: cython.longlong) -> cython.bint:
    return s > 0
""")
    proc = build(src, tmp_path)
    assert proc.returncode == 0, proc.stderr
    stub = (tmp_path / "stubbed.pyi").read_text()
    lines = [ln for ln in stub.splitlines() if ln.startswith("def ")]
    assert lines == [
        "def f(a: numpy.typing.NDArray[numpy.float64], n: int, flag: bool = ...) -> float: ...",
        "def g(x: Any, y: float = ...) -> Any: ...",
        "def h(v: numpy.typing.NDArray[numpy.int32]) -> None: ...",
        "def k(b: numpy.typing.NDArray[numpy.uint8], s: int) -> bool: ...",
    ]
    assert "import numpy.typing" in stub
    # a cache hit writes it too
    (tmp_path / "stubbed.pyi").unlink()
    assert "cache hit" in build(src, tmp_path).stderr
    assert (tmp_path / "stubbed.pyi").read_text() == stub


def test_stub_without_views_does_not_import_numpy(tmp_path, cache):
    src = tmp_path / "plain.py"
    src.write_text(SRC)
    assert build(src, tmp_path).returncode == 0
    stub = (tmp_path / "plain.pyi").read_text()
    assert "numpy" not in stub
    assert "def scale(x: float, k: int = ...) -> float: ..." in stub


# ---- pyc2c config and emit --stub (what meson uses)

def test_config_reports_the_runtime():
    home = Path(run_pyc2c("config", "--home").stdout.strip())
    assert (home / "include" / "pyc2c" / "runtime.h").is_file()
    out = run_pyc2c("config", "--includedir", "--runtime-sources", "--cflags", "--pkgconfigdir")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"{home}/include"
    sources = [ln for ln in lines if ln.endswith(".c")]
    assert sorted(Path(s).name for s in sources) == sorted(p.name for p in (home / "runtime").glob("*.c"))
    assert all(Path(s).is_file() for s in sources)
    cflags = lines[1 + len(sources)].split()
    assert cflags == [f"-I{home}/include", "-fwrapv", "-ffp-contract=off", "-fno-strict-aliasing"]
    assert lines[-1] == f"{home}/lib/pkgconfig"


def test_config_home_follows_pyc2c_home(monkeypatch, tmp_path):
    monkeypatch.setenv("PYC2C_HOME", str(tmp_path))
    assert run_pyc2c("config", "--home").stdout.strip() == str(tmp_path)
    proc = run_pyc2c("config", "--runtime-sources")  # an empty home has no runtime
    assert proc.returncode == 2 and "no runtime sources" in proc.stderr


@pytest.mark.parametrize("args", [[], ["--bogus"]])
def test_config_usage(args):
    proc = run_pyc2c("config", *args)
    assert proc.returncode == 2 and "usage: pyc2c config" in proc.stderr


def test_emit_stub(tmp_path):
    src = tmp_path / "estub.py"
    src.write_text(SRC)
    proc = run_pyc2c("emit", src, "-o", tmp_path / "estub.c", "--stub", tmp_path / "estub.pyi")
    assert proc.returncode == 0, proc.stderr
    assert "PyInit_estub" in (tmp_path / "estub.c").read_text()
    assert "def scale(x: float, k: int = ...) -> float: ..." in (tmp_path / "estub.pyi").read_text()
    # errors leave neither file; an unwritable stub path is an I/O error that leaves no C
    src.write_text("def f():\n    return nope\n")
    for f in ("estub.c", "estub.pyi"):
        (tmp_path / f).unlink()
    proc = run_pyc2c("emit", src, "-o", tmp_path / "estub.c", "--stub", tmp_path / "estub.pyi")
    assert proc.returncode == 1
    assert not (tmp_path / "estub.c").exists() and not (tmp_path / "estub.pyi").exists()
    src.write_text(SRC)
    proc = run_pyc2c("emit", src, "-o", tmp_path / "estub.c", "--stub", tmp_path / "no" / "x.pyi")
    assert proc.returncode == 2 and "cannot write" in proc.stderr
    assert not (tmp_path / "estub.c").exists()

"""Building parallel modules: OpenMP detection, --no-openmp, mod.__pyc2c__, OMP_NUM_THREADS and
num_threads=, and the GIL really released by nogil regions."""
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import run_pyc2c

pytestmark = pytest.mark.compiler

PAR = """
import cython
from cython.parallel import prange, parallel, threadid

def used_threads(out: cython.long[:], n: cython.int) -> cython.long:
    with cython.nogil, parallel(num_threads=n):
        out[threadid()] = 1
    c = 0
    for k in range(out.shape[0]):
        c += out[k]
    return c

def default_threads(out: cython.long[:]) -> cython.long:
    with cython.nogil, parallel():
        out[threadid()] = 1
    c = 0
    for k in range(out.shape[0]):
        c += out[k]
    return c

def total(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i]
    return s
"""

SERIAL = """
import cython

def twice(x: cython.int) -> cython.int:
    return 2 * x
"""

SPIN = """
import cython
from cython.parallel import prange

def spin_nogil(n: cython.long) -> cython.double:
    s: cython.double = 0.0
    with cython.nogil:
        for i in range(n):
            s = s * 0.999999 + i % 7
    return s

def spin_prange(n: cython.long) -> cython.double:
    s: cython.double = 0.0
    i: cython.long
    j: cython.long
    t: cython.double
    for i in prange(n, nogil=True, num_threads=1):
        t = 0.0
        for j in range(1000):
            t = t * 0.999999 + j % 7
        s += t
    return s
"""


def build(tmp_path, name, source, *extra, env=None):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    if env is None:
        proc = run_pyc2c("build", path, "--python", sys.executable, *extra)
    else:
        from conftest import PYC2C
        proc = subprocess.run([PYC2C, "build", str(path), "--python", sys.executable, *extra],
                              capture_output=True, text=True, timeout=300, env=env)
    return proc, path


def run_py(tmp_path, code, **env):
    e = dict(os.environ, **env)
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, env=e)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def needed_libs(so):
    out = subprocess.run(["readelf", "-d", str(so)], capture_output=True, text=True).stdout
    return [l for l in out.splitlines() if "NEEDED" in l]


def so_of(tmp_path, name):
    return next(tmp_path.glob(f"{name}.*.so"))


def test_only_parallel_modules_link_openmp(tmp_path):
    assert build(tmp_path, "par_mod", PAR)[0].returncode == 0
    assert build(tmp_path, "ser_mod", SERIAL)[0].returncode == 0
    assert any("gomp" in l for l in needed_libs(so_of(tmp_path, "par_mod")))
    assert not any("gomp" in l for l in needed_libs(so_of(tmp_path, "ser_mod")))


def test_pyc2c_info(tmp_path):
    assert build(tmp_path, "par_info", PAR)[0].returncode == 0
    assert build(tmp_path, "ser_info", SERIAL)[0].returncode == 0
    out = run_py(tmp_path, """
        import par_info, ser_info
        print(par_info.__pyc2c__["openmp"], par_info.__pyc2c__["num_threads"])
        print(ser_info.__pyc2c__["openmp"], ser_info.__pyc2c__["num_threads"])
        print(type(par_info.__pyc2c__).__name__)
    """, OMP_NUM_THREADS="3")
    assert out == ["True", "3", "False", "1", "dict"]


def test_omp_num_threads_and_num_threads_honoured(tmp_path):
    assert build(tmp_path, "par_threads", PAR)[0].returncode == 0
    code = """
        import numpy as np, par_threads as m
        print(m.__pyc2c__["num_threads"])
        print(m.default_threads(np.zeros(8, dtype=np.int64)))
        print(m.used_threads(np.zeros(8, dtype=np.int64), 2))
        print(m.used_threads(np.zeros(8, dtype=np.int64), 1))
        print(m.total(np.arange(1000.0)))
    """
    assert run_py(tmp_path, code, OMP_NUM_THREADS="1") == ["1", "1", "2", "1", "499500.0"]
    assert run_py(tmp_path, code, OMP_NUM_THREADS="2") == ["2", "2", "2", "1", "499500.0"]


def test_no_openmp_builds_serial(tmp_path):
    proc, _ = build(tmp_path, "par_serial", PAR, "--no-openmp")
    assert proc.returncode == 0, proc.stderr
    out = run_py(tmp_path, """
        import numpy as np, par_serial as m
        print(m.__pyc2c__["openmp"], m.__pyc2c__["num_threads"])
        print(m.used_threads(np.zeros(8, dtype=np.int64), 2), m.total(np.arange(1000.0)))
    """, OMP_NUM_THREADS="2")
    assert out == ["False", "1", "1", "499500.0"]
    assert not any("gomp" in l for l in needed_libs(so_of(tmp_path, "par_serial")))


def test_missing_openmp_is_a_clear_error(tmp_path):
    """A C compiler that cannot do -fopenmp: a parallel module fails unless --no-openmp; a module
    without prange builds as before."""
    cc = shutil.which("gcc") or shutil.which("cc")
    wrapper = tmp_path / "cc-no-openmp"
    wrapper.write_text(f'#!/bin/sh\nfor a in "$@"; do [ "$a" = -fopenmp ] && '
                       f'{{ echo "unsupported option -fopenmp" >&2; exit 1; }}; done\nexec {cc} "$@"\n')
    wrapper.chmod(0o755)
    env = dict(os.environ, CC=str(wrapper), PYC2C_CACHE_DIR=str(tmp_path / "cache"))
    proc, path = build(tmp_path, "par_nomp", PAR, env=env)
    assert proc.returncode == 2
    assert "OpenMP" in proc.stderr and "--no-openmp" in proc.stderr and str(path) in proc.stderr
    assert not list(tmp_path.glob("par_nomp.*.so"))
    proc, _ = build(tmp_path, "par_nomp", PAR, "--no-openmp", env=env)
    assert proc.returncode == 0, proc.stderr
    proc, _ = build(tmp_path, "ser_nomp", SERIAL, env=env)
    assert proc.returncode == 0, proc.stderr
    # the answer is cached: asked once per compiler
    assert [p.name for p in (tmp_path / "cache").glob("openmp-*")]


@pytest.mark.parametrize("fn", ["spin_nogil", "spin_prange"])
def test_gil_released(tmp_path, fn):
    """Another Python thread makes progress while a nogil loop runs."""
    assert build(tmp_path, "spin_mod", SPIN)[0].returncode == 0
    out = run_py(tmp_path, f"""
        import threading, time, spin_mod
        n = 1
        while True:  # a loop long enough to measure (about 0.3 s)
            t0 = time.perf_counter(); spin_mod.{fn}(n); dt = time.perf_counter() - t0
            if dt > 0.3 or n > 1 << 40:
                break
            n *= 4
        done = threading.Event()
        def work():
            spin_mod.{fn}(n)
            done.set()
        t = threading.Thread(target=work)
        count = 0
        t.start()
        while not done.is_set():
            count += 1
        t.join()
        print(count)
    """)
    # Holding the GIL, the loop would block this thread for its whole run (count in single digits).
    assert int(out[0]) > 10000, out


ATTR_FORM = """
import cython
import cython.parallel

def total(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    with cython.nogil, cython.parallel.parallel(num_threads=2):
        for i in cython.parallel.prange(a.shape[0], schedule='guided'):
            s += a[i] + cython.parallel.threadid() * 0
    return s
"""


def test_cython_parallel_attribute_form(tmp_path):
    """cython.parallel.prange / parallel / threadid through `import cython.parallel` (Cython's
    shadow module does not support this spelling interpreted, so only the compiled result is
    checked, against the serial sum)."""
    proc, _ = build(tmp_path, "attr_form", ATTR_FORM)
    assert proc.returncode == 0, proc.stderr
    out = run_py(tmp_path, """
        import numpy as np, attr_form
        print(attr_form.total(np.arange(1001.0)))
    """)
    assert out == ["500500.0"]

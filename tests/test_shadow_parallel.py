"""Files with prange, parallel(), threadid(), nogil and gil run interpreted under pyc2c's own
shadow module (pyc2c.shadow installed as `cython`) as well as under Cython's, with the results of
the compiled module."""
import subprocess
import sys
import textwrap

from conftest import ROOT, build_source

SOURCE = """
import cython
from cython.parallel import prange, parallel, threadid

@cython.cfunc
@cython.nogil
def half(x: cython.double) -> cython.double:
    if x < 0.0:
        with cython.gil:
            raise ValueError("negative")
    return x / 2.0


def run(a: cython.double[:], partial: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    m: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='dynamic', chunksize=2):
        s += half(a[i])
        m = max(m, a[i])
    with cython.nogil, parallel(num_threads=2):
        tid = threadid()
        for i in prange(a.shape[0]):
            partial[tid] += a[i]
    t = 0.0
    for k in range(partial.shape[0]):
        t += partial[k]
    return s + m + t
"""

RUNNER = """
import sys, importlib.util, array
sys.path.insert(0, {python!r})
import pyc2c.shadow
sys.modules["cython"] = pyc2c.shadow
sys.modules["cython.parallel"] = pyc2c.shadow.parallel
spec = importlib.util.spec_from_file_location("shadowed", {path!r})
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
a = memoryview(array.array("d", [float(k % 13) for k in range(200)]))
print(repr(m.run(a, memoryview(array.array("d", [0.0, 0.0])))))
try:
    m.run(memoryview(array.array("d", [1.0, -1.0])), memoryview(array.array("d", [0.0, 0.0])))
except ValueError as e:
    print("ValueError", e)
"""


def test_parallel_file_under_pyc2c_shadow(tmp_path):
    built = build_source(SOURCE, tmp_path, "shadow_par")
    proc = subprocess.run([sys.executable, "-c", RUNNER.format(python=str(ROOT / "python"),
                                                               path=str(built.path))],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    value, err = proc.stdout.splitlines()
    import array
    a = memoryview(array.array("d", [float(k % 13) for k in range(200)]))
    compiled = built.compiled.run(a, memoryview(array.array("d", [0.0, 0.0])))
    cython_shadow = built.interpreted.run(a, memoryview(array.array("d", [0.0, 0.0])))
    assert abs(float(value) - compiled) < 1e-9 and abs(cython_shadow - compiled) < 1e-9
    assert err == "ValueError negative"

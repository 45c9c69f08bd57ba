"""Complex types outside the generated code: what --dump=types infers (a local assigned a
complex is complex, z.real is a double), the .pyi stub (complex, NDArray[numpy.complex128]),
and the annotate report (complex arithmetic is C, not Python-object work)."""
import json
import sys
import textwrap

from conftest import run_pyc2c

SOURCE = '''\
import cython
import numpy as np

def kernel(a: cython.doublecomplex[:], b: cython.floatcomplex[:, ::1], k: complex) -> complex:
    s = 0j
    for i in range(a.shape[0]):
        z = a[i] * k + 1
        s += z / 2j
    r = s.real
    w = abs(s) + r
    return s * w

def make(n: cython.Py_ssize_t):
    out = np.zeros(n, dtype=np.complex64)
    return out

def part(z: cython.floatcomplex) -> cython.float:
    return z.imag

def castit(x: cython.double) -> complex:
    return cython.cast(cython.doublecomplex, x) * complex(x, 1.0).conjugate()
'''


def write(tmp_path, text):
    path = tmp_path / "cm.py"
    path.write_text(textwrap.dedent(text))
    return path


def test_dump_types_infers_complex_locals(tmp_path):
    proc = run_pyc2c("check", write(tmp_path, SOURCE), "--dump=types")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "s: cython.doublecomplex" in out and "z: cython.doublecomplex" in out
    assert "r: cython.double" in out and "w: cython.double" in out
    assert "out: cython.floatcomplex[::1]" in out


def test_stub_names_complex_types(tmp_path):
    path = write(tmp_path, SOURCE)
    proc = run_pyc2c("build", path, "-o", tmp_path, "--python", sys.executable)
    assert proc.returncode == 0, proc.stderr
    stub = (tmp_path / "cm.pyi").read_text()
    assert ("def kernel(a: numpy.typing.NDArray[numpy.complex128], "
            "b: numpy.typing.NDArray[numpy.complex64], k: complex) -> complex: ...") in stub
    assert "def part(z: complex) -> float: ..." in stub


def test_annotate_sees_no_object_work_in_complex_arithmetic(tmp_path):
    proc = run_pyc2c("annotate", write(tmp_path, SOURCE), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    for line in report["lines"][4:11] + report["lines"][22:23]:  # kernel() and castit()
        assert not any(r["object"] for r in line["reasons"]), line
    checks = {r["reason"] for r in report["lines"][7]["reasons"]}  # s += z / 2j: a nonzero literal divisor
    assert "error check" not in checks
    proc = run_pyc2c("check", write(tmp_path, SOURCE), "--strict-native")
    assert proc.returncode == 0, proc.stderr


def test_numpy_names_are_aliases(tmp_path):
    """cython.complex64 / cython.complex128 (NumPy's names, not Cython's) are float complex and
    double complex. Interpreted, such a file needs pyc2c.shadow in place of Cython's module."""
    path = tmp_path / "alias.py"
    path.write_text(textwrap.dedent('''\
        import cython

        def twice(a: cython.complex64[:], b: cython.complex128[:, ::1]) -> cython.complex128:
            a[0] = a[0] * 2
            b[0, 0] = b[0, 0] * 2
            return a[0] + b[0, 0]
        '''))
    proc = run_pyc2c("check", path, "--dump=types")
    assert proc.returncode == 0, proc.stderr
    assert "a: cython.floatcomplex[:]" in proc.stdout and "b: cython.doublecomplex[:, ::1]" in proc.stdout
    from pyc2c import shadow
    assert shadow.sizeof(shadow.complex64) == 8 and shadow.sizeof(shadow.complex128) == 16

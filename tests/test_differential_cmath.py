"""cmath compiled natively (sqrt, exp, log, log10, sin, cos, sinh, cosh, phase,
isfinite, isinf, isnan and the constants; tan and tanh through Python's cmath, tested on the same
grid): exact
equality with the interpreted file over a dense grid of ordinary and special values (signed
zeros, subnormals, huge values, infinities, NaNs), parts compared with their signs; the same
exception types (ValueError "math domain error", OverflowError "math range error"). Other cmath
functions, and arguments that are not C values, still go through Python's cmath."""
import cmath
import itertools
import math

import pytest

from conftest import check_same

pytestmark = pytest.mark.compiler

PARTS = [0.0, -0.0, 5e-324, -1e-320, 2.2250738585072014e-308, -1e-300, 1e-10, 0.5, -0.5, 1.0,
         -1.0, 0.7, 1.3, 2.0, -3.7, 1e10, -1e16, 1e300, -1e300, 1.7976931348623157e308,
         -1.7976931348623157e308, 709.0, 709.8, 710.0, -745.2, math.pi, -math.pi / 2, 1e-5,
         math.inf, -math.inf, math.nan]
GRID = [complex(re, im) for re, im in itertools.product(PARTS, PARTS)]

SOURCE = """
import cython
import cmath
import math
from cmath import sqrt as csqrt, exp, phase, isfinite, isinf, isnan

def parts(z: cython.doublecomplex):
    return z.real, z.imag

def c_sqrt(z: complex):
    return parts(cmath.sqrt(z))

def c_sqrt_from(z: cython.doublecomplex):
    return parts(csqrt(z))

def c_exp(z: complex):
    return parts(cmath.exp(z))

def c_exp_from(z: cython.doublecomplex):
    return parts(exp(z))

def c_log(z: complex):
    return parts(cmath.log(z))

def c_log10(z: cython.doublecomplex):
    return parts(cmath.log10(z))

def c_log_base(z: complex, b: complex):
    return parts(cmath.log(z, b))

def c_trig(z: complex):
    return parts(cmath.sin(z)), parts(cmath.cos(z)), parts(cmath.tan(z))

def c_sin(z: complex):
    return parts(cmath.sin(z))

def c_cos(z: complex):
    return parts(cmath.cos(z))

def c_tan(z: complex):
    return parts(cmath.tan(z))

def c_sinh(z: complex):
    return parts(cmath.sinh(z))

def c_cosh(z: complex):
    return parts(cmath.cosh(z))

def c_tanh(z: complex):
    return parts(cmath.tanh(z))

def c_phase(z: complex) -> float:
    return cmath.phase(z)

def c_preds(z: complex):
    return cmath.isfinite(z), cmath.isinf(z), cmath.isnan(z), isfinite(z), isinf(z), isnan(z)

def real_args(x: cython.double):
    return (parts(cmath.sqrt(x)), parts(cmath.exp(x)), parts(cmath.log(x)), parts(cmath.log10(x)),
            parts(cmath.sin(x)), parts(cmath.cosh(x)), parts(cmath.tan(x)), cmath.phase(x), phase(x), cmath.isinf(x))

def int_args(n: cython.long):
    return parts(cmath.sqrt(n)), parts(csqrt(n)), cmath.phase(n), cmath.isnan(n)

def float_complex(z: cython.floatcomplex):
    return parts(cmath.sqrt(z)), parts(cmath.exp(z))

def constants():
    return (cmath.pi, cmath.e, cmath.tau, cmath.inf, parts(cmath.infj), parts(cmath.nanj),
            math.copysign(1.0, cmath.nan), math.isnan(cmath.nan))

def constants_typed() -> cython.double:
    return cmath.pi + cmath.tau + cmath.e

def in_expression(z: complex):
    w: cython.doublecomplex = cmath.sqrt(z) * 2 + cmath.exp(z / 4) - cmath.infj * 0
    return parts(w), cmath.phase(cmath.sqrt(z))

def with_nogil(z: cython.doublecomplex):
    w: cython.doublecomplex
    with cython.nogil:
        w = cmath.exp(z) + cmath.sqrt(z)
    return parts(w)

def through_python(z: complex, n: int, o: object):
    # asin and the others are Python's cmath; a Python int or an object argument too
    return parts(cmath.asin(z)), parts(cmath.sqrt(n)), parts(cmath.exp(o)), cmath.phase(n)

def sqrt_of_string(s: str):
    return cmath.sqrt(s)

def exp_two_args(z: complex):
    return cmath.exp(z, z)
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("cmath"))


@pytest.mark.parametrize("name", ["c_sqrt", "c_sqrt_from", "c_exp", "c_exp_from", "c_phase",
                                  "c_log", "c_log10", "c_sin", "c_cos", "c_tan", "c_sinh",
                                  "c_cosh", "c_tanh", "c_trig", "c_preds", "in_expression", "with_nogil"])
def test_grid(built, name):
    check_same(built, [(name, (z,)) for z in GRID])


def test_real_arguments(built):
    check_same(built, [("real_args", (x,)) for x in PARTS])
    check_same(built, [("int_args", (n,)) for n in [0, 1, -1, 4, -4, 2**53 + 1, -2**62, 2**63 - 1]])
    # float complex arguments: parts a float holds exactly (interpreted, they are not rounded)
    exact = [0.0, -0.0, 0.5, -1.0, 2.0, 709.0, 1e-5, math.inf, -math.inf, math.nan]
    exact = [x for x in exact if x != 1e-5]
    check_same(built, [("float_complex", (complex(a, b),)) for a in exact for b in exact])


def test_log_with_base_through_python(built):
    check_same(built, [("c_log_base", (z, b)) for z in GRID[::37] for b in [2 + 0j, 1j, 0j, 1 + 0j]])


def test_constants(built):
    check_same(built, [("constants", ()), ("constants_typed", ())])


def test_through_python(built):
    check_same(built, [("through_python", (z, n, o)) for z, n, o in
                       [(1 + 1j, 4, 2j), (-1 + 0j, 10**400, 1.5), (0j, -9, 3)]])
    check_same(built, [("sqrt_of_string", ("x",)), ("exp_two_args", (1j,)),
                       ("through_python", (0j, 1, "s"))])


def test_exact_errors(built):
    for z, exc in [(complex(1000, 1), OverflowError), (complex(1.0, math.inf), ValueError),
                   (complex(math.inf, math.inf), ValueError), (complex(-math.inf, math.inf), None),
                   (complex(709.8, 1.0), None)]:
        if exc is None:
            assert built.compiled.c_exp(z) == tuple((cmath.exp(z).real, cmath.exp(z).imag))
        else:
            with pytest.raises(exc, match="math (range|domain) error"):
                built.compiled.c_exp(z)


def test_rebound_name_goes_through_python(pyc2c_build):
    built = pyc2c_build("""
import cmath
from cmath import sqrt

sqrt = cmath.exp

def f(z: complex):
    return sqrt(z), cmath.sqrt(z)

cmath = __import__("math")
""")
    check_same(built, [("f", (4.0 + 0j,)), ("f", (-4.0 + 0j,))])


def test_emitted_natively(pyc2c_build, tmp_path):
    from conftest import run_pyc2c
    src = tmp_path / "cm.py"
    src.write_text("import cmath\n\ndef f(z: complex) -> complex:\n"
                   "    return cmath.sqrt(z) + cmath.exp(z)\n")
    proc = run_pyc2c("emit", src, "-o", tmp_path / "cm.c")
    assert proc.returncode == 0, proc.stderr
    c = (tmp_path / "cm.c").read_text()
    assert "pyc2c_cmath_sqrt(" in c and "pyc2c_cmath_exp(" in c


def test_annotate_native_and_object_calls(tmp_path):
    import json
    from conftest import run_pyc2c
    src = tmp_path / "an.py"
    src.write_text("import cmath\n\n"
                   "def f(z: complex) -> complex:\n"
                   "    w: complex = cmath.sqrt(z) * cmath.pi\n"
                   "    w = w + cmath.exp(z)\n"
                   "    return w + cmath.asin(z)\n")
    proc = run_pyc2c("annotate", src, "--json")
    assert proc.returncode == 0, proc.stderr
    lines = json.loads(proc.stdout)["lines"]
    assert not any(r["object"] for r in lines[3]["reasons"]), lines[3]
    assert any("cmath.exp" in r.get("detail", "") + r.get("message", "") + json.dumps(r)
               for r in lines[4]["reasons"]) and not any(r["object"] for r in lines[4]["reasons"])
    assert any(r["object"] for r in lines[5]["reasons"])  # cmath.asin: through Python


@pytest.mark.parametrize("rebinding", [
    "try:\n    cmath = __import__('math')\nexcept ImportError:\n    pass\n",
    "try:\n    pass\nexcept ImportError:\n    pass\nelse:\n    cmath = __import__('math')\n",
    "try:\n    pass\nfinally:\n    cmath = __import__('math')\n",
    "for cmath in [__import__('math')]:\n    pass\n",
    "import contextlib\nwith contextlib.nullcontext(__import__('math')) as cmath:\n    pass\n",
])
def test_rebound_in_a_block_goes_through_python(pyc2c_build, rebinding):
    # a module-level binding of cmath anywhere (a try body too) makes cmath.f a Python call
    built = pyc2c_build("import cmath\n\n" + rebinding + "\n\ndef f(z: complex):\n"
                        "    return cmath.sqrt(z)\n")
    check_same(built, [("f", (4.0 + 0j,)), ("f", (-4.0 + 0j,))])

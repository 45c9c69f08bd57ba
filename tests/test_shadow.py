"""pyc2c.shadow: the pure-Python stand-in for Cython's `cython` module, and the pyc2c decorators.

The shadow module must let an annotated file run interpreted exactly as it does with Cython's own
`cython` module: the same sample module is loaded once with each and every function must give the
same values of the same types (or the same exception types).
"""
import ctypes
import importlib.util
import math
import subprocess
import sys
import textwrap

import cython as real_cython
import pytest

import pyc2c
import pyc2c.shadow as shadow
from conftest import ROOT, outcome, same

SAMPLE = '''
@cython.cfunc
@cython.inline
@cython.exceptval(-1, check=False)
def sq(x: cython.int) -> cython.int:
    return x * x


@cython.ccall
@cython.locals(i=cython.int, s=cython.double)
@cython.returns(cython.double)
def total(n):
    s = 0
    for i in range(n):
        s += sq(i)
    return s


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cdivision(True)
@cython.initializedcheck(False)
@cython.nonecheck(False)
def summed(a: cython.double[:, ::1], b: cython.int[:] = None) -> cython.double:
    t: cython.double = 0
    for row in a:
        for v in row:
            t += v
    return t


@cython.exceptval(check=True)
@cython.cfunc
def half(x: cython.long) -> cython.long:
    return x // 2


@cython.nogil
@cython.cfunc
def nog(x: cython.int) -> cython.int:
    return x + 1


@cython.nogil(False)
def nog_flag(x: cython.int) -> cython.int:
    return x - 1


def calls(x: cython.long):
    return half(x), nog(3), nog_flag(3), total(4)


def conversions(v):
    return (cython.int(v), cython.uint(v), cython.long(v), cython.longlong(v),
            cython.short(v), cython.Py_ssize_t(v), cython.size_t(v), cython.double(v),
            cython.float(v), cython.longdouble(v), cython.bint(v))


def no_arguments():
    return cython.int(), cython.double(), cython.bint(), cython.complex()


def casts(x: cython.double):
    a = cython.cast(cython.int, x)
    b = cython.declare(cython.double, a)
    c = cython.declare(cython.int)
    d = cython.cast(int, x)
    e = cython.cast(float, 2)
    f = cython.cast(cython.double[:], [x])
    g = cython.cast(cython.bint, x, typecheck=True)
    return a, b, c, d, e, f[0], g


def blocks(n: cython.int) -> cython.long:
    acc: cython.long = 0
    with cython.nogil:
        acc += 1
        with cython.gil:
            acc += 10
    with cython.boundscheck(False), cython.wraparound(False):
        acc += 100
    with cython.cdivision(True), cython.initializedcheck(False), cython.nonecheck(False):
        acc += n // 3
    with cython.nogil(n > 3):
        acc += n
    with parallel(num_threads=2):
        acc += threadid()
    for i in prange(n, nogil=True, schedule="static", chunksize=2, num_threads=2):
        acc += i
    for i in prange(1, n, 2, schedule="dynamic"):
        acc += i * 1000
    for i in prange(n, 0, -3):
        acc -= i
    return acc


def raising(n: cython.int) -> cython.int:
    with cython.nogil:
        if n < 0:
            raise ValueError("negative")
    return n


def flag():
    return cython.compiled, cython.typeof(1.5)
'''

REAL_IMPORT = """
import cython
from cython.parallel import prange, parallel, threadid
"""
SHADOW_IMPORTS = {
    "import-as": """
import pyc2c.shadow as cython
from pyc2c.shadow.parallel import prange, parallel, threadid
""",
    "from-import": """
from pyc2c import shadow as cython
prange, parallel, threadid = cython.parallel.prange, cython.parallel.parallel, cython.parallel.threadid
""",
}

CALLS = [
    ("calls", (7,)), ("calls", (-7,)),
    ("summed", ([[1.0, 2.5], [3.0, -0.5]],)), ("summed", ([],)),
    ("no_arguments", ()),
    ("casts", (2.75,)), ("casts", (-2.75,)), ("casts", (0.0,)), ("casts", (math.inf,)),
    ("blocks", (0,)), ("blocks", (1,)), ("blocks", (10,)),
    ("raising", (3,)), ("raising", (-3,)),
    ("flag", ()),
] + [("conversions", (v,)) for v in
     (0, 1, -1, 3.9, -3.9, True, False, 2**70, -(2**70), 1e300, "12", "x", None, math.nan,
      math.inf, 1 + 2j, [1])]


def _load(tmp_path, name, header):
    path = tmp_path / f"{name}.py"
    path.write_text(header + SAMPLE)
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _same_value(a, b):
    """conftest.same, also for complex numbers (NaN parts equal) and tuples holding them."""
    if type(a) is complex and type(b) is complex:
        return same(a.real, b.real) and same(a.imag, b.imag)
    if type(a) is tuple and type(b) is tuple:
        return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b))
    return same(a, b)


def _same_outcome(got, want):
    if got[0] != want[0]:
        return False
    return _same_value(got[1], want[1]) if got[0] == "value" else got[1] is want[1]


@pytest.mark.parametrize("style", sorted(SHADOW_IMPORTS))
def test_sample_module_same_as_real_cython(tmp_path, style):
    real = _load(tmp_path, "sample_real", REAL_IMPORT)
    shadowed = _load(tmp_path, f"sample_shadow_{style.replace('-', '_')}", SHADOW_IMPORTS[style])
    assert shadowed.cython is shadow and real.cython is real_cython
    for name, args in CALLS:
        want = outcome(getattr(real, name), args, {})
        got = outcome(getattr(shadowed, name), args, {})
        assert _same_outcome(got, want), f"{name}{args}: shadow {got}, cython {want}"


def test_runs_without_cython_installed(tmp_path):
    """A file importing pyc2c.shadow runs where `import cython` fails."""
    path = tmp_path / "sample_nocython.py"
    path.write_text(SHADOW_IMPORTS["import-as"] + SAMPLE + textwrap.dedent("""
        try:
            import cython as _c
        except ImportError:
            print("no cython")
        print(calls(9), blocks(5), casts(1.5), flag())
    """))
    code = ("import sys; sys.modules['cython'] = None; sys.modules['Cython'] = None; "
            f"sys.path.insert(0, {str(ROOT / 'python')!r}); "
            f"import runpy; runpy.run_path({str(path)!r}, run_name='__main__')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "no cython", "(4, 4, 2, 14) 4120 (1, 1.0, None, 1, 2.0, 1.5, True) (False, 'float')"]


TYPE_NAMES = ["char", "schar", "uchar", "short", "ushort", "int", "uint", "long", "ulong",
              "longlong", "ulonglong", "float", "double", "longdouble", "bint", "Py_ssize_t",
              "size_t", "complex", "floatcomplex", "doublecomplex"]
VALUES = [0, 1, -1, 255, 3.9, -3.9, True, False, 2**70, "12", "1.5", "x", None, math.nan,
          math.inf, 1 + 2j, 2.5 + 0j, [1], b"7"]


@pytest.mark.parametrize("tname", TYPE_NAMES)
def test_type_conversions_match_cython(tname):
    mine, theirs = getattr(shadow, tname), getattr(real_cython, tname)
    assert repr(mine) == repr(theirs)
    for v in VALUES:
        for args in ((v,), (v, 16) if isinstance(v, str) else (v,)):
            got, want = outcome(mine, args, {}), outcome(theirs, args, {})
            assert _same_outcome(got, want), f"cython.{tname}{args}: shadow {got}, cython {want}"
        got = outcome(shadow.cast, (mine, v), {})
        want = outcome(real_cython.cast, (theirs, v), {})
        assert _same_outcome(got, want), f"cast({tname}, {v!r}): shadow {got}, cython {want}"
        got = outcome(shadow.declare, (mine, v), {})
        want = outcome(real_cython.declare, (theirs, v), {})
        assert _same_outcome(got, want), f"declare({tname}, {v!r}): shadow {got}, cython {want}"
    assert shadow.declare(mine) is None and real_cython.declare(theirs) is None
    assert same(mine(), theirs())


def test_type_conversion_kinds():
    assert type(shadow.int(3.9)) is int and shadow.int(3.9) == 3
    assert type(shadow.ulonglong(-2.5)) is int and shadow.ulonglong(-2.5) == -2  # no C wraparound
    assert type(shadow.double(2)) is float and type(shadow.longdouble(2)) is float
    assert shadow.bint(5) is True and shadow.bint(0) is False and shadow.bint("") is False
    assert shadow.complex(2) == 2 + 0j and type(shadow.floatcomplex(1, 2)) is complex
    assert shadow.int(True) is True  # values of the right Python type pass through, as in Cython
    with pytest.raises(ValueError):
        shadow.int("x")
    with pytest.raises(TypeError):
        shadow.double([1.0])
    with pytest.raises(TypeError):
        shadow.void(1)


@pytest.mark.parametrize("t", [int, float, bool, complex, object, str])
def test_cast_python_types_match_cython(t):
    for v in VALUES:
        got, want = outcome(shadow.cast, (t, v), {}), outcome(real_cython.cast, (t, v), {})
        assert _same_outcome(got, want), f"cast({t.__name__}, {v!r}): shadow {got}, cython {want}"


def test_memoryview_annotations():
    for spec in [(slice(None),), (slice(None), slice(None, None, 1)),
                 (slice(None, None, 1), slice(None)), (slice(None),) * 3]:
        mine = shadow.double[spec if len(spec) > 1 else spec[0]]
        theirs = real_cython.double[spec if len(spec) > 1 else spec[0]]
        assert repr(mine) == repr(theirs)
    assert repr(shadow.double[:, ::1]) == "double[:, ::1]"
    assert repr(shadow.int[::1, :]) == "int[::1, :]"
    assert repr(shadow.uchar[:]) == "unsigned char[:]"
    assert shadow.double[:, ::1] == shadow.double[:, ::1] != shadow.double[:, :]
    assert shadow.double[:, ::1].is_c_contig and shadow.double[::1, :].is_f_contig
    assert shadow.double[:, ::1].ndim == 2 and shadow.double[:, ::1].dtype is shadow.double
    for bad in [slice(1, 2), slice(None, None, 2), (slice(None), slice(None, None, 1), slice(None)),
                (slice(None), 3), "x"]:
        with pytest.raises(shadow.InvalidTypeSpecification):
            shadow.double[bad]
        with pytest.raises(Exception):
            real_cython.double[bad]
    # Cython's shadow module lets '::1' twice through (its compiler rejects it); we reject it.
    with pytest.raises(shadow.InvalidTypeSpecification):
        shadow.double[::1, ::1]
    arr = [[1.0]]
    assert shadow.cast(shadow.double[:, ::1], arr) is arr
    assert shadow.declare(shadow.double[:, ::1], arr) is arr


def test_array_types():
    t = shadow.int[8]
    assert repr(t) == "int[8]" and t == shadow.int[8]
    assert shadow.declare(t) == [0] * 8
    assert shadow.sizeof(t) == 8 * ctypes.sizeof(ctypes.c_int)


@pytest.mark.parametrize("tname,ctype", [
    ("char", ctypes.c_char), ("schar", ctypes.c_byte), ("uchar", ctypes.c_ubyte),
    ("short", ctypes.c_short), ("ushort", ctypes.c_ushort), ("int", ctypes.c_int),
    ("uint", ctypes.c_uint), ("long", ctypes.c_long), ("ulong", ctypes.c_ulong),
    ("longlong", ctypes.c_longlong), ("ulonglong", ctypes.c_ulonglong),
    ("float", ctypes.c_float), ("double", ctypes.c_double), ("longdouble", ctypes.c_longdouble),
    ("bint", ctypes.c_int), ("Py_ssize_t", ctypes.c_ssize_t), ("size_t", ctypes.c_size_t)])
def test_sizeof_types(tname, ctype):
    assert shadow.sizeof(getattr(shadow, tname)) == ctypes.sizeof(ctype)


def test_sizeof_other():
    assert shadow.sizeof(shadow.doublecomplex) == shadow.sizeof(shadow.complex) == 16
    assert shadow.sizeof(shadow.floatcomplex) == 8
    assert shadow.sizeof(1.5) == 8 and shadow.sizeof(True) == 4
    assert shadow.sizeof(7) == ctypes.sizeof(ctypes.c_long)
    with pytest.raises(TypeError):
        shadow.sizeof("text")
    with pytest.raises(TypeError):
        shadow.sizeof(shadow.double[:])


def _f(x):
    return x + 1


@pytest.mark.parametrize("deco", [
    shadow.cfunc, shadow.ccall, shadow.inline, shadow.nogil, shadow.gil, shadow.nogil(True),
    shadow.locals(x=shadow.int), shadow.returns(shadow.double), shadow.exceptval(),
    shadow.exceptval(-1), shadow.exceptval(-1, check=False), shadow.exceptval(check=True),
    shadow.boundscheck(False), shadow.wraparound(False), shadow.cdivision(True),
    shadow.initializedcheck(False), shadow.nonecheck(False), shadow.overflowcheck(True),
    shadow.infer_types(True), shadow.cpow(True),
    pyc2c.fastmath, pyc2c.fastmath(), pyc2c.native, pyc2c.native()])
def test_decorators_are_identity(deco):
    assert deco(_f) is _f


@pytest.mark.parametrize("manager", [
    shadow.nogil, shadow.gil, shadow.nogil(True), shadow.nogil(False), shadow.gil(False),
    shadow.boundscheck(False), shadow.wraparound(True), shadow.cdivision(True),
    shadow.initializedcheck(False), shadow.nonecheck(True), shadow.parallel.parallel(),
    shadow.parallel.parallel(num_threads=4)])
def test_context_managers_run_the_block_and_propagate(manager):
    ran = []
    with manager:
        ran.append(1)
    assert ran == [1]
    with pytest.raises(KeyError):
        with manager:
            raise KeyError("k")


def test_directives_need_a_flag():
    for directive in (shadow.boundscheck, shadow.wraparound, shadow.cdivision,
                      shadow.initializedcheck, shadow.nonecheck):
        with pytest.raises(TypeError, match=r"@cython\.\w+\(False\)"):
            directive(_f)


def test_inline_code_string_is_not_supported():
    with pytest.raises(NotImplementedError):
        shadow.inline("return a + b", a=1, b=2)


def test_parallel():
    from pyc2c.shadow.parallel import prange, threadid
    import pyc2c.shadow.parallel as par
    assert par is shadow.parallel and prange is par.prange
    assert prange(5) == range(5) and prange(2, 9, 3) == range(2, 9, 3)
    assert prange(9, 0, -2, nogil=True, schedule="guided", chunksize=3, num_threads=2) == \
        range(9, 0, -2)
    assert prange(stop=4) == range(4) and prange(start=1, stop=4) == range(1, 4)
    assert threadid() == 0
    for schedule in (None, "static", "dynamic", "guided", "runtime"):
        assert list(prange(3, schedule=schedule)) == [0, 1, 2]
    with pytest.raises(ValueError):
        prange(3, schedule="fastest")
    with pytest.raises(TypeError):
        prange(3, foo=1)
    with pytest.raises(TypeError):
        prange(0, 3, 1, True)  # nogil and the others are keyword-only, as in Cython code


def test_module_attributes():
    assert shadow.compiled is False and real_cython.compiled is False
    assert shadow.typeof(3) == real_cython.typeof(3) == "int"
    with pytest.raises(AttributeError, match="pyc2c supports"):
        shadow.pointer  # noqa: B018  (not part of the supported subset)
    assert pyc2c.__version__ == "0.1.0"
    assert pyc2c.shadow is shadow


def test_fastmath_native_reject_non_callables():
    for deco in (pyc2c.fastmath, pyc2c.native):
        with pytest.raises(TypeError):
            deco(3)
        assert deco.__name__ in ("fastmath", "native")


def test_import_pyc2c_is_light():
    code = ("import sys; before = set(sys.modules); "
            f"sys.path.insert(0, {str(ROOT / 'python')!r}); import pyc2c; "
            "print(sorted(set(sys.modules) - before)); "
            "import pyc2c.shadow; print('ctypes' in sys.modules, 'Cython' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["['pyc2c']", "False False"]

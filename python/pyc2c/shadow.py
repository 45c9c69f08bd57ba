"""pyc2c.shadow: a pure-Python stand-in for Cython's ``cython`` module (pure-Python mode).

A file annotated for pyc2c (or Cython) imports ``cython``. To run such a file interpreted on a
machine without Cython, import this module under that name instead::

    from pyc2c import shadow as cython      # or: import pyc2c.shadow as cython
    from pyc2c.shadow.parallel import prange

Everything here does what Cython's own shadow module does when the code is interpreted:
annotations and decorators are accepted and change nothing, the C type names convert values
(``cython.int(3.7) == 3``, ``cython.double(2) == 2.0``, ``cython.bint(5) is True``), and
``cython.compiled`` is False. Like Cython's shadow module, the conversions do not emulate C
arithmetic (no wraparound to the type's range): only compiled code has C semantics.

Differences from Cython's shadow module: ``sizeof`` returns the real C size of a type (Cython's
returns 1); directives that take a flag (``boundscheck`` and the like) reject being used bare as a
decorator; names outside the supported subset (pointers, structs, fused types, ``cython.inline``
of a code string...) are missing and raise AttributeError or NotImplementedError.
"""
import struct as _struct
import sys as _sys
import types as _types

# The C type names below (int, float, long, complex...) shadow the builtins at module level once
# they are defined, so the code refers to the builtins through these aliases only.
_py_int, _py_float, _py_bool, _py_complex, _py_range = int, float, bool, complex, range

compiled = False


# ---- C types --------------------------------------------------------------------------------

class _CType:
    """A C scalar type such as cython.int: calling it converts a value, indexing it names a
    memoryview (cython.double[:, ::1]) or a fixed-size array (cython.int[8]) type."""

    __slots__ = ("name", "_pytype", "_size")

    def __init__(self, name, pytype, size):
        self.name = name
        self._pytype = pytype  # what values of this type are when interpreted
        self._size = size      # () -> sizeof in bytes

    def __call__(self, *args):
        # A value that already has the Python type is returned as it is (True stays True for
        # cython.int, as in Cython's shadow module); otherwise the Python type converts it.
        if len(args) == 1 and (args[0] is None or isinstance(args[0], self._pytype)):
            return args[0]
        return self._pytype(*args)

    def __getitem__(self, item):
        return _index_type(self, item)

    def __repr__(self):
        return self.name


class _VoidType:
    """cython.void: only meaningful as a return annotation."""

    def __call__(self, *args):
        raise TypeError("cython.void cannot hold a value")

    def __repr__(self):
        return "void"


class InvalidTypeSpecification(TypeError):
    """A memoryview type spelled wrongly, e.g. cython.double[1:2] or cython.int[::2]."""


class _MemoryviewType:
    """cython.double[:, ::1] and the like: an annotation only; cast/declare pass values through."""

    __slots__ = ("dtype", "ndim", "is_c_contig", "is_f_contig")

    def __init__(self, dtype, ndim, is_c_contig=False, is_f_contig=False):
        self.dtype = dtype
        self.ndim = ndim
        self.is_c_contig = is_c_contig
        self.is_f_contig = is_f_contig

    def __eq__(self, other):
        return (isinstance(other, _MemoryviewType) and self.dtype is other.dtype
                and self.ndim == other.ndim and self.is_c_contig == other.is_c_contig
                and self.is_f_contig == other.is_f_contig)

    def __hash__(self):
        return hash((self.dtype.name, self.ndim, self.is_c_contig, self.is_f_contig))

    def __repr__(self):
        dims = [":"] * self.ndim
        if self.is_c_contig:
            dims[-1] = "::1"
        elif self.is_f_contig:
            dims[0] = "::1"
        return f"{self.dtype!r}[{', '.join(dims)}]"


class _ArrayType:
    """cython.int[8]: a C array type; calling it gives a list of n zero values."""

    __slots__ = ("dtype", "n")

    def __init__(self, dtype, n):
        self.dtype = dtype
        self.n = n

    def __call__(self):
        return [self.dtype(0) for _ in _py_range(self.n)]

    def __eq__(self, other):
        return isinstance(other, _ArrayType) and self.dtype is other.dtype and self.n == other.n

    def __hash__(self):
        return hash((self.dtype.name, self.n))

    def __repr__(self):
        return f"{self.dtype!r}[{self.n}]"


def _check_dim(s):
    if not isinstance(s, slice):
        raise InvalidTypeSpecification(
            f"memoryview dimensions are written ':' or '::1', not {s!r}")
    if s.start is not None or s.stop is not None or s.step not in (None, 1):
        raise InvalidTypeSpecification(
            "a memoryview dimension takes no bounds, and only '::1' (contiguous) as a step")


def _index_type(dtype, item):
    if isinstance(item, tuple):
        contiguous = None
        for i, s in enumerate(item):
            _check_dim(s)
            if s.step == 1:
                if contiguous is not None or i not in (0, len(item) - 1):
                    raise InvalidTypeSpecification(
                        "'::1' may appear once, in the first or the last dimension only")
                contiguous = i
        return _MemoryviewType(dtype, len(item), is_c_contig=contiguous == len(item) - 1,
                               is_f_contig=contiguous == 0 and len(item) > 1)
    if isinstance(item, slice):
        _check_dim(item)
        return _MemoryviewType(dtype, 1, is_c_contig=item.step == 1)
    if isinstance(item, _py_int) and not isinstance(item, _py_bool) and item >= 0:
        return _ArrayType(dtype, item)
    raise InvalidTypeSpecification(f"cannot index the type {dtype!r} with {item!r}")


def _native(code):
    return lambda: _struct.calcsize(code)


def _long_double_size():
    import ctypes  # only when asked: sizeof(cython.longdouble)
    return ctypes.sizeof(ctypes.c_longdouble)


_TYPES = {}


def _define(attr, name, pytype, size):
    _TYPES[attr] = _CType(name, pytype, size)


for _attr, _name, _code in (
        ("char", "char", "b"), ("schar", "signed char", "b"), ("uchar", "unsigned char", "B"),
        ("short", "short", "h"), ("sshort", "signed short", "h"),
        ("ushort", "unsigned short", "H"),
        ("int", "int", "i"), ("sint", "signed int", "i"), ("uint", "unsigned int", "I"),
        ("long", "long", "l"), ("slong", "signed long", "l"), ("ulong", "unsigned long", "L"),
        ("longlong", "long long", "q"), ("slonglong", "signed long long", "q"),
        ("ulonglong", "unsigned long long", "Q"),
        ("Py_ssize_t", "Py_ssize_t", "n"), ("ssize_t", "ssize_t", "n"),
        ("size_t", "size_t", "N"), ("Py_hash_t", "Py_hash_t", "n")):
    _define(_attr, _name, _py_int, _native(_code))
_define("float", "float", _py_float, _native("f"))
_define("double", "double", _py_float, _native("d"))
_define("longdouble", "long double", _py_float, _long_double_size)
_define("floatcomplex", "float complex", _py_complex, lambda: 2 * _struct.calcsize("f"))
_define("doublecomplex", "double complex", _py_complex, lambda: 2 * _struct.calcsize("d"))
_define("complex", "complex", _py_complex, lambda: 2 * _struct.calcsize("d"))
_define("longdoublecomplex", "long double complex", _py_complex,
        lambda: 2 * _long_double_size())
# NumPy's names for the same types, which pyc2c also accepts (Cython's shadow module has no such
# names: a file that uses them runs interpreted with this module as `cython`).
_define("complex64", "float complex", _py_complex, lambda: 2 * _struct.calcsize("f"))
_define("complex128", "double complex", _py_complex, lambda: 2 * _struct.calcsize("d"))
_define("bint", "bint", _py_bool, _native("i"))  # a C int that converts to and from bool
del _attr, _name, _code


def cast(t, *args, typecheck=False):
    """cython.cast(T, value): the value converted to T as interpreted code sees it."""
    if isinstance(t, _CType):
        return t(*args)
    if isinstance(t, type):
        if len(args) == 1 and (args[0] is None or isinstance(args[0], t)):
            return args[0]
        return t(*args)
    if len(args) != 1:
        raise TypeError(f"cython.cast({t!r}, ...) takes one value")
    return args[0]  # memoryview and array types: the object itself


_UNSET = object()


def declare(t=None, value=_UNSET, **names):
    """x = cython.declare(T, value) gives the value converted to T; cython.declare(T) alone (an
    uninitialised C variable) gives None, or the zeroed array for an array type."""
    if value is not _UNSET:
        return cast(t, value)
    if isinstance(t, _ArrayType):
        return t()
    return None


_PY_VALUE_TYPES = ((_py_bool, "bint"), (_py_int, "long"), (_py_float, "double"),
                   (_py_complex, "doublecomplex"))


def sizeof(t):
    """The size in bytes of a C type on this machine (sizeof(cython.int) == 4). Given a value
    instead, the size of the C type such values usually have (int -> long, float -> double)."""
    if isinstance(t, _CType):
        return t._size()
    if isinstance(t, _ArrayType):
        return t.n * sizeof(t.dtype)
    if isinstance(t, _MemoryviewType):
        raise TypeError("sizeof() of a memoryview type is not known when interpreted")
    for pytype, name in _PY_VALUE_TYPES:
        if isinstance(t, pytype):
            return _TYPES[name]._size()
    raise TypeError(f"sizeof() needs a C type such as cython.int, not {type(t).__name__}")


def typeof(value):
    """The type's name, as the interpreted value has it ('int', 'float'...)."""
    return type(value).__name__


# ---- decorators and context managers --------------------------------------------------------

def _identity(func):
    return func


def cfunc(func):
    """@cython.cfunc: a C function when compiled; unchanged when interpreted."""
    return func


def ccall(func):
    """@cython.ccall: a C function callable from Python when compiled; unchanged here."""
    return func


def cclass(cls):
    return cls


def final(obj):
    return obj


def inline(func, *args, **kwargs):
    """@cython.inline: a hint to the C compiler; unchanged when interpreted."""
    if isinstance(func, str):
        raise NotImplementedError("cython.inline() of a code string needs Cython itself")
    if args or kwargs:
        raise TypeError("@cython.inline takes no arguments")
    return func


def locals(**types):
    """@cython.locals(name=type, ...): the C types of a function's variables."""
    return _identity


def returns(t):
    """@cython.returns(type): the C return type of a function."""
    return _identity


class _Directive:
    """What boundscheck(False) and the like give: usable as a decorator (the function is
    unchanged) and as a context manager (the block runs as it is)."""

    __slots__ = ("name", "value")

    def __init__(self, name, value):
        self.name = name
        self.value = value

    def __call__(self, func):
        return func

    def __enter__(self):
        return None

    def __exit__(self, exc_type, exc, tb):
        return False  # exceptions propagate

    def __repr__(self):
        return f"cython.{self.name}({self.value!r})"


def _directive(name):
    def directive(value):
        if callable(value):
            raise TypeError(f"cython.{name} takes True or False: write @cython.{name}(False)")
        return _Directive(name, value)
    directive.__name__ = directive.__qualname__ = name
    directive.__doc__ = (f"@cython.{name}(flag) or `with cython.{name}(flag):`: a compiler "
                         f"directive; nothing changes when interpreted.")
    return directive


boundscheck = _directive("boundscheck")
wraparound = _directive("wraparound")
cdivision = _directive("cdivision")
initializedcheck = _directive("initializedcheck")
nonecheck = _directive("nonecheck")
overflowcheck = _directive("overflowcheck")
infer_types = _directive("infer_types")
cpow = _directive("cpow")
profile = _directive("profile")
linetrace = _directive("linetrace")
embedsignature = _directive("embedsignature")
binding = _directive("binding")
always_allow_keywords = _directive("always_allow_keywords")


def exceptval(value=None, check=True):
    """@cython.exceptval(value, check=...): how a C function signals an exception."""
    return _Directive("exceptval", value)


class _GilState:
    """cython.nogil / cython.gil: a decorator (@cython.nogil, @cython.nogil(flag)) and a
    context manager (`with cython.nogil:`, `with cython.nogil(flag):`). Interpreted code always
    holds the GIL, so none of these changes anything."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __call__(self, arg):
        if callable(arg):
            return arg  # @cython.nogil on a function
        return self     # nogil(flag): a conditional context manager or decorator

    def __enter__(self):
        return None

    def __exit__(self, exc_type, exc, tb):
        return False

    def __repr__(self):
        return f"cython.{self.name}"


nogil = _GilState("nogil")
gil = _GilState("gil")
with_gil = _GilState("with_gil")


# ---- cython.parallel ------------------------------------------------------------------------

_SCHEDULES = (None, "static", "dynamic", "guided", "runtime")


def _prange(start=0, stop=None, step=1, *, nogil=False, schedule=None, chunksize=None,
            num_threads=None):
    """prange(stop) / prange(start, stop[, step]): range() when interpreted."""
    if schedule not in _SCHEDULES:
        raise ValueError(f"prange(): schedule must be one of 'static', 'dynamic', 'guided', "
                         f"'runtime', not {schedule!r}")
    if stop is None:
        start, stop = 0, start
    return _py_range(start, stop, step)


def _parallel(num_threads=None):
    """`with cython.parallel.parallel():` runs the block once, in this thread."""
    return nogil


def _threadid():
    """The OpenMP thread number: always 0 when interpreted."""
    return 0


parallel = _types.ModuleType(__name__ + ".parallel",
                             "pyc2c.shadow.parallel: cython.parallel when interpreted.")
parallel.prange = _prange
parallel.parallel = _parallel
parallel.threadid = _threadid
parallel.__all__ = ["prange", "parallel", "threadid"]
for _f, _n in ((_prange, "prange"), (_parallel, "parallel"), (_threadid, "threadid")):
    _f.__name__ = _f.__qualname__ = _n
    _f.__module__ = parallel.__name__
del _f, _n
# `import pyc2c.shadow.parallel` and `from pyc2c.shadow.parallel import prange` find it here.
_sys.modules[parallel.__name__] = parallel


class _ConstType:
    """cython.const[cython.double]: the element type of a read-only memoryview
    (cython.const[cython.double][:]); calling it converts like the type it qualifies."""

    __slots__ = ("base",)

    def __init__(self, base):
        self.base = base

    def __call__(self, *args):
        return self.base(*args)

    def __getitem__(self, item):
        return _index_type(self.base, item)

    def __eq__(self, other):
        return isinstance(other, _ConstType) and self.base is other.base

    def __hash__(self):
        return hash(("const", self.base.name))

    def __repr__(self):
        return f"const {self.base!r}"


class _Const:
    """cython.const: cython.const[T] qualifies a C type as read-only."""

    def __getitem__(self, t):
        if not isinstance(t, _CType):
            raise TypeError(f"cython.const[...] takes a C type such as cython.double, not {t!r}")
        return _ConstType(t)

    def __repr__(self):
        return "const"


const = _Const()


# The type names go in last: from here on `int`, `float`... in this module are C types.
globals().update(_TYPES)
void = _VoidType()


def __getattr__(name):
    raise AttributeError(
        f"pyc2c.shadow has no attribute {name!r}: it covers the part of Cython's `cython` "
        f"module that pyc2c supports")

"""What a bench/<kernel>/spec.py declares, through `from benchlib import defs`: kernels (one
section of the tables each) and their variants.

A spec module defines KERNELS, a list of Kernel. Every variant of a kernel is called with the
same arguments, made once by Kernel.make_args; its result (the returned value, or the content of
the output arrays named by Kernel.outputs) must match what Kernel.reference gives on the same
arguments. The harness checks that before it times anything.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from .build import load_module

# Roles decide the ratio columns.
OURS = "ours"          # pyc2c: the variant being judged
PEER = "peer"          # Cython, Pythran, Numba, NumPy: "best peer" is the fastest of these
C_REF = "c"            # hand-written C: the denominator of "vs C"
LIMIT = "limit"        # reassociated C, BLAS: what is reachable with extra licence
BASELINE = "baseline"  # the source run by the interpreter

# Variant kinds: how the harness builds and loads a variant.
KINDS = ("python", "pyc2c", "cython", "pythran", "numba", "numpy", "c")


@dataclass
class Variant:
    label: str
    kind: str
    source: str            # file name in the kernel's folder
    entry: str             # the function to call (for C: the exported symbol)
    role: str
    checked: bool = False  # pyc2c/Cython: the source with bounds and wraparound checks turned on
    reassoc: bool = False  # C: compiled with reassociation; pyc2c: with -X fastmath=True
    restype: Any = None    # C: ctypes result type of the symbol
    argtypes: tuple = ()   # C: ctypes argument types of the symbol
    bind: Optional[Callable] = None  # C: bind(cfunc, *args) -> zero-argument callable

    def __post_init__(self):
        assert self.kind in KINDS, self.kind
        assert self.kind == "c" or self.bind is None, "bind is for C variants"


@dataclass
class Kernel:
    name: str                          # identifier, shown in the tables
    title: str                         # what is computed, at which size
    make_args: Callable[[bool], tuple]  # make_args(quick) -> the arguments of every call
    reference: Callable[..., Any]      # a trusted implementation, called like the variants
    variants: list
    outputs: tuple = ()    # indices of output arrays among the arguments; they are the result
    scratch: tuple = ()    # indices of work arrays a variant may overwrite
    parallel: bool = False  # built with OpenMP and run on the configured threads
    rtol: float = 1e-9
    atol: float = 0.0      # absolute tolerance, as a fraction of the largest expected magnitude
    check: Optional[Callable[[Any, Any], Optional[str]]] = None  # custom check: message or None
    bytes_moved: Optional[Callable[[tuple], int]] = None  # memory-bound: bytes one call streams
    notes: str = ""        # one line shown under the table, e.g. how the result is defined


def sibling(spec_file, filename):
    """Import a module beside spec.py, such as the NumPy version that serves as reference."""
    path = Path(spec_file).with_name(filename)
    return load_module(path.stem + "_for_spec", path)


# Constructors, so that a spec reads as a list of what is compared.

def python(source, entry, label="Python (interpreted)"):
    return Variant(label, "python", source, entry, BASELINE)


def pyc2c(source, entry, label="pyc2c", checked=False):
    return Variant(label, "pyc2c", source, entry, OURS, checked=checked)


def cython(source, entry, label="Cython", checked=False):
    return Variant(label, "cython", source, entry, PEER, checked=checked)


def pyc2c_fastmath(source, entry, label="pyc2c -X fastmath"):
    """pyc2c built with -X fastmath=True: reassociation and fused multiply-adds allowed in every
    function, the licence gcc gives Cython's C by default (fused multiply-adds) and more."""
    return Variant(label, "pyc2c", source, entry, LIMIT, reassoc=True)


def same_source(source, entry, suffix="", checked=False):
    """pyc2c and Cython 3 compiling one unchanged source file."""
    return [pyc2c(source, entry, "pyc2c" + suffix, checked),
            cython(source, entry, "Cython" + suffix, checked)]


def pythran(source, entry, label="Pythran"):
    return Variant(label, "pythran", source, entry, PEER)


def numba(source, entry, label="Numba"):
    return Variant(label, "numba", source, entry, PEER)


def numpy(source, entry, label="NumPy", role=PEER):
    return Variant(label, "numpy", source, entry, role)


def c(source, symbol, restype, argtypes, bind, reassoc=False):
    """Hand-written C; with reassoc=True, the same file compiled with reassociation."""
    label, role = ("C reassoc", LIMIT) if reassoc else ("C", C_REF)
    return Variant(label, "c", source, symbol, role, reassoc=reassoc,
                   restype=restype, argtypes=tuple(argtypes), bind=bind)


def c_pair(source, symbol, restype, argtypes, bind):
    """Hand-written C, plain and reassociated (for kernels that reduce)."""
    return [c(source, symbol, restype, argtypes, bind),
            c(source, symbol, restype, argtypes, bind, reassoc=True)]


@dataclass
class Outcome:
    """What happened to one variant: filled in by the build, check and timing stages."""
    kernel: Kernel
    variant: Variant
    status: str = "ok"     # ok, not yet, build failed, import failed, error, WRONG
    note: str = ""         # short, shown in the table
    detail: str = ""       # long (a compiler's stderr tail), listed under the tables
    build_s: Optional[float] = None
    best_s: Optional[float] = None
    calls: int = 0         # calls per timed sample
    thunk: Optional[Callable] = None
    bytes_moved: Optional[int] = None  # memory-bound kernels: bytes one call streams

    def fail(self, status, note, detail=""):
        self.status, self.note, self.detail, self.thunk = status, note, detail, None

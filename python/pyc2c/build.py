"""Compiling modules from Python: the API the setuptools hook, the IPython magic and scripts use.

    from pyc2c.build import compile_file, find_compiler
    so = compile_file("pkg/kernels.py", "build/lib/pkg", boundscheck=False)

Every build goes through `pyc2c build`, so every caller shares its content-addressed cache
($PYC2C_CACHE_DIR, default ~/.cache/pyc2c; see docs/cache.md): rebuilding an unchanged module
is a cache hit that takes milliseconds. Errors in the source raise `CompileError`, whose
message is the compiler's gcc-style diagnostics.
"""
import os
import shutil
import subprocess
import sys
import sysconfig
from functools import lru_cache
from pathlib import Path

__all__ = ["CompileError", "compile_file", "find_compiler", "home", "ext_suffix"]

_PACKAGE = Path(__file__).resolve().parent


class CompileError(Exception):
    """`pyc2c build` failed. `returncode` is the CLI's exit status (1: errors in the source,
    2: usage or I/O error, 3: internal error); `stderr` holds its diagnostics."""

    def __init__(self, message, returncode, stderr):
        super().__init__(message)
        self.returncode = returncode
        self.stderr = stderr


def _checkout():
    """The pyc2c checkout this package runs from (python/pyc2c in it), or None when installed."""
    root = _PACKAGE.parent.parent
    return root if (root / "compiler" / "main.c").is_file() else None


@lru_cache(maxsize=None)
def _installed_file(rel):
    """A file `pip install .` put under the environment's prefix (bin/pyc2c,
    share/pyc2c/...), located through this distribution's RECORD; None if not installed."""
    try:
        from importlib import metadata
        dist = metadata.distribution("pyc2c")
    except Exception:  # not installed (running from a checkout), or broken metadata
        return None
    for f in dist.files or ():
        if str(f).replace("\\", "/").endswith(rel):
            path = Path(dist.locate_file(f)).resolve()
            if path.exists():
                return path
    return None


def find_compiler():
    """The pyc2c executable, as a str path. In order: $PYC2C; the checkout's build/pyc2c when
    this package runs from a checkout; the bin/pyc2c that `pip install .` installed with this
    package; a `pyc2c` on PATH. Raises FileNotFoundError when there is none."""
    env = os.environ.get("PYC2C")
    if env:
        return env
    root = _checkout()
    if root and os.access(root / "build" / "pyc2c", os.X_OK):
        return str(root / "build" / "pyc2c")
    installed = _installed_file("bin/pyc2c")
    if installed and os.access(installed, os.X_OK):
        return str(installed)
    found = shutil.which("pyc2c")
    if found:
        return found
    raise FileNotFoundError(
        "no pyc2c compiler: install pyc2c (`pip install .` in its checkout), run `make` in the "
        "checkout, or set $PYC2C to the executable")


def home():
    """pyc2c's data directory: include/pyc2c/*.h (the runtime headers) and runtime/*.c (the
    runtime sources) that generated C needs. $PYC2C_HOME, else the checkout, else the installed
    share/pyc2c (the same directory `pyc2c config --home` prints)."""
    env = os.environ.get("PYC2C_HOME")
    if env:
        return Path(env)
    root = _checkout()
    if root:
        return root
    hdr = _installed_file("share/pyc2c/include/pyc2c/runtime.h")
    if hdr:
        return hdr.parents[2]
    raise FileNotFoundError("pyc2c's runtime headers are not installed with this package")


def ext_suffix(python=None):
    """EXT_SUFFIX of `python` (default: this interpreter), e.g. '.cpython-311-x86_64-linux-gnu.so'."""
    if python is None or os.path.realpath(python) == os.path.realpath(sys.executable):
        return sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    return _ext_suffix_of(os.path.realpath(python))


@lru_cache(maxsize=None)
def _ext_suffix_of(python):
    return subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"],
                          check=True, capture_output=True, text=True).stdout.strip()


@lru_cache(maxsize=None)
def _cli_options(compiler):
    """The options this pyc2c executable knows (from its --help)."""
    try:
        out = subprocess.run([compiler, "--help"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return frozenset()
    return frozenset(w.strip(",[]|") for w in out.split() if w.startswith("-"))


def _directive(name, value):
    if value is None:
        return []
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True, False or None, not {value!r}")
    return ["-X", f"{name}={value}"]


def compile_file(path, outdir=None, *, boundscheck=None, wraparound=None, cdivision=None,
                 fastmath=None, openmp=None, force=False, portable=False, keep_c=False, python=None,
                 extra_args=(), compiler=None):
    """Compiles the annotated module `path` with `pyc2c build`; returns the Path of the built
    extension, `outdir/NAME<EXT_SUFFIX>` (outdir defaults to the source's directory). A `.pyi`
    stub with the exported functions' signatures is written beside it.

    boundscheck, wraparound, cdivision: the module-wide default of that directive (True/False;
        None keeps pyc2c's default); a `# cython:` header line in the file still wins.
    fastmath: True compiles every function as `@pyc2c.fastmath` (float arithmetic may be
        reassociated and fused; results can differ from CPython's in the last bits).
    openmp: True builds prange loops with OpenMP; False asks for a serial build (`--no-openmp`,
        when the compiler has it); None keeps the compiler's default. A module without prange
        builds the same either way.
    force: rebuild even when the cache holds the module (`--no-cache`); the cache is refreshed.
    portable: no -march=native (for extensions copied to other machines, e.g. wheels).
    keep_c: keep the generated C beside the extension as NAME.c.
    python: the interpreter to build for (default: this one).
    extra_args: more `pyc2c build` arguments, passed as they are.
    compiler: the pyc2c executable (default: find_compiler()).

    Raises CompileError (with the diagnostics) when the build fails.
    """
    path = Path(path)
    outdir = Path(outdir) if outdir is not None else path.parent
    outdir.mkdir(parents=True, exist_ok=True)
    python = python or sys.executable
    compiler = compiler or find_compiler()
    args = [compiler, "build", str(path), "-o", str(outdir), "--python", python]
    args += _directive("boundscheck", boundscheck)
    args += _directive("wraparound", wraparound)
    args += _directive("cdivision", cdivision)
    args += _directive("fastmath", fastmath)
    if openmp is not None:
        flag = "--openmp" if openmp else "--no-openmp"
        if flag in _cli_options(compiler):
            args.append(flag)
    if force:
        args.append("--no-cache")
    if portable:
        args.append("--portable")
    if keep_c:
        args.append("--keep-c")
    args += [str(a) for a in extra_args]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise CompileError(f"pyc2c build {path} failed (exit status {proc.returncode}):\n"
                           f"{proc.stderr}", proc.returncode, proc.stderr)
    name = path.name[:-3] if path.name.endswith(".py") else path.stem
    return outdir / f"{name}{ext_suffix(python)}"

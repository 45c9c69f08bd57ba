"""Building and loading every variant, each build timed as a user would run it.

pyc2c, Cython + gcc and Pythran run as command-line tools; hand-written C is compiled by gcc into a
shared library loaded through ctypes; Python, NumPy and Numba modules are imported from their
files (Numba's compile time is its first call, which the checker adds). Artefacts go under
build/bench/<kernel folder>/<tool>/<source name>/; nothing is written into bench/.
"""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from . import cbind

EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")
PY_INCLUDE = sysconfig.get_paths()["include"]
CC = os.environ.get("CC") or "gcc"
# gcc's default dialect (gnu17) as for Cython's C: an ISO -std= would turn off the fused
# multiply-adds gcc otherwise forms.
OPT = ["-O3", "-march=native"]
# The licence a vectorised float reduction needs, as @pyc2c.fastmath (and Numba's fastmath=True)
# grants it; without errno, loops that call sqrt vectorise too.
REASSOC = ["-fassociative-math", "-fno-signed-zeros", "-fno-trapping-math", "-fno-math-errno"]
OPENMP = ["-fopenmp"]
BUILD_TIMEOUT_S = 600
TAIL_LINES = 15

CHECKS_OFF = "# cython: boundscheck=False, wraparound=False"
CHECKS_ON = "# cython: boundscheck=True, wraparound=True"


class BuildError(Exception):
    def __init__(self, status, note, detail=""):
        super().__init__(note)
        self.status, self.note, self.detail = status, note, detail


def tail(text, lines=TAIL_LINES):
    return "\n".join(text.strip().splitlines()[-lines:])


def load_module(name, path):
    """Import a .py or extension module from its file, without touching sys.modules."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def command_line(cmd):
    return " ".join(str(c) for c in cmd)


class Builder:
    """Builds variants on demand; a module shared by several variants is built once."""

    def __init__(self, out_dir: Path, pyc2c: Path):
        self.out_dir = out_dir
        self.pyc2c = pyc2c
        self.cache = {}

    def build(self, kdir: Path, variant, openmp: bool):
        """Return (seconds or None, the callable or module attribute); raise BuildError."""
        src = kdir / variant.source
        key = (variant.kind, src, variant.checked, variant.reassoc, openmp)
        if key not in self.cache:
            try:
                self.cache[key] = self._build(kdir, src, variant, openmp)
            except BuildError as e:
                self.cache[key] = e
        built = self.cache[key]
        if isinstance(built, BuildError):
            raise built
        seconds, module = built
        if variant.kind == "c":
            fn = cbind.load(module, variant.entry, variant.restype, variant.argtypes)
            return seconds, fn
        if not hasattr(module, variant.entry):
            raise BuildError("import failed", f"{variant.source} has no '{variant.entry}'")
        return seconds, getattr(module, variant.entry)

    def _out(self, kdir, src, v):
        tool = v.kind + ("-checked" if v.checked else "") + ("-reassoc" if v.reassoc else "")
        return self.out_dir / kdir.name / tool / src.stem

    def load_built(self, kdir: Path, variant):
        """The function of a pyc2c variant built earlier (by the parent of a probe process)."""
        src = kdir / variant.source
        stem = src.stem + ("_checked" if variant.checked else "")
        module = load_module(stem, self._out(kdir, src, variant) / (stem + EXT_SUFFIX))
        return getattr(module, variant.entry)

    def _build(self, kdir, src, v, openmp):
        out = self._out(kdir, src, v)
        if v.kind in ("python", "numpy", "numba"):
            return self._import_python(src, v.kind)
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        if v.checked:
            src = checked_copy(src, out / "src")
        return {"pyc2c": self._pyc2c, "cython": self._cython, "pythran": self._pythran,
                "c": self._c}[v.kind](src, out, openmp, v)

    def _import_python(self, src, kind):
        name = src.stem + ("_interpreted" if kind == "python" else "")
        t0 = time.perf_counter()
        try:
            module = load_module(name, src)
        except Exception as e:  # a peer that cannot import is reported, not hidden
            raise BuildError("import failed", f"{type(e).__name__}: {e}") from None
        return (time.perf_counter() - t0 if kind == "numba" else None), module

    def _run(self, cmd, diagnostics_mean_not_yet=False):
        """Run a build tool; any failure is a BuildError carrying the end of its output.

        pyc2c exits with status 1 when it printed diagnostics: the source uses something it does
        not support yet, which the table shows as "not yet" with the first diagnostic.
        """
        try:
            p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                               timeout=BUILD_TIMEOUT_S)
        except FileNotFoundError as e:
            raise BuildError("build failed", f"{e.filename} not found") from None
        except subprocess.TimeoutExpired:
            raise BuildError("build failed", f"timed out after {BUILD_TIMEOUT_S} s",
                             command_line(cmd)) from None
        if p.returncode == 1 and diagnostics_mean_not_yet:
            raise BuildError("not yet", first_diagnostic(p.stderr))
        if p.returncode != 0:
            raise BuildError("build failed", describe_exit(p.returncode),
                             command_line(cmd) + "\n" + tail(p.stderr + p.stdout))

    def _import_extension(self, path):
        if not path.exists():
            raise BuildError("build failed", f"the build did not write {path.name}")
        try:
            return load_module(path.name.split(".")[0], path)
        except Exception as e:
            raise BuildError("import failed", f"{type(e).__name__}: {e}") from None

    def _pyc2c(self, src, out, openmp, v):
        if not self.pyc2c.exists():
            raise BuildError("not yet", f"{self.pyc2c} is not built")
        t0 = time.perf_counter()
        # --no-cache: the build time of a changed module (a cache hit would time a file copy)
        fastmath = ["-X", "fastmath=True"] if v.reassoc else []
        self._run([self.pyc2c, "build", src, "-o", out, "--python", sys.executable, "--no-cache",
                   *fastmath], diagnostics_mean_not_yet=True)
        return time.perf_counter() - t0, self._import_extension(out / (src.stem + EXT_SUFFIX))

    def _cython(self, src, out, openmp, v):
        c_file = out / (src.stem + ".c")
        so = out / (src.stem + EXT_SUFFIX)
        t0 = time.perf_counter()
        self._run([sys.executable, "-m", "cython", "-3", src, "-o", c_file])
        self._run([CC, *OPT, *(OPENMP if openmp else []), "-shared", "-fPIC", "-w",
                   f"-I{PY_INCLUDE}", c_file, "-o", so])
        return time.perf_counter() - t0, self._import_extension(so)

    def _pythran(self, src, out, openmp, v):
        so = out / (src.stem + EXT_SUFFIX)
        pythran = Path(sys.executable).with_name("pythran")
        t0 = time.perf_counter()
        self._run([pythran, *OPT, *(OPENMP if openmp else []), src, "-o", so])
        return time.perf_counter() - t0, self._import_extension(so)

    def _c(self, src, out, openmp, v):
        so = out / (src.stem + ".so")
        t0 = time.perf_counter()
        self._run([CC, *OPT, *(REASSOC if v.reassoc else []),
                   *(OPENMP if openmp else []), "-shared", "-fPIC", src, "-o", so, "-lm"])
        return time.perf_counter() - t0, so


def checked_copy(src: Path, out_dir: Path) -> Path:
    """The source with bounds and wraparound checks on: its directive header line flipped.

    The copy is named <stem>_checked.py so that its module name differs from the unchecked one.
    """
    text = src.read_text()
    if CHECKS_OFF not in text.splitlines()[:3]:
        raise BuildError("build failed", f"{src.name} does not start with '{CHECKS_OFF}'")
    out_dir.mkdir(parents=True, exist_ok=True)
    dst = out_dir / (src.stem + "_checked.py")
    dst.write_text(text.replace(CHECKS_OFF, CHECKS_ON, 1))
    return dst


def first_diagnostic(stderr):
    """The first 'file:line:col: error: ...' line of pyc2c's diagnostics, without the path."""
    for line in stderr.splitlines():
        if "error" in line:
            return re.sub(r"^\S*/(?=[^/\s]+:\d+)", "", line.strip())
    lines = stderr.strip().splitlines()
    return lines[0] if lines else "pyc2c reported errors"


def describe_exit(rc):
    if rc < 0:
        return f"killed by signal {-rc}"
    return f"exit status {rc}"

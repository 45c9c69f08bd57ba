"""setuptools integration: compile annotated .py modules with pyc2c in `setup.py`.

    from setuptools import setup
    from pyc2c.setuptools import pyc2cize

    setup(ext_modules=pyc2cize(["pkg/*.py"], boundscheck=False, openmp=True))

with `pyc2c` in the project's build requirements (pyproject.toml). Each matching file becomes an
extension module named after its path ("pkg/kernels.py" -> "pkg.kernels"), built by
`pyc2c build` (through its cache) into the place setuptools expects, with a `.pyi` stub beside
it. `__init__.py` files are skipped. The plain .py files stay in the package (`build_py` copies
them): the interpreter imports the compiled extension first, and the sources stay available.

Installed pyc2c registers a setuptools hook that switches `build_ext` to this module's
`build_ext` whenever ext_modules holds pyc2c extensions; `cmdclass={"build_ext": build_ext}`
does the same explicitly. See docs/setuptools.md.
"""
import glob
import os
from pathlib import Path

from setuptools import Extension
from setuptools.command.build_ext import build_ext as _build_ext

from . import build as _build

__all__ = ["Pyc2cExtension", "build_ext", "pyc2cize"]


class Pyc2cExtension(Extension):
    """An extension module compiled from one annotated .py file by pyc2c."""

    def __init__(self, name, source, *, boundscheck=None, wraparound=None, cdivision=None,
                 fastmath=None, openmp=None, portable=True, extra_args=()):
        super().__init__(name, sources=[source])
        self.pyc2c_options = dict(boundscheck=boundscheck, wraparound=wraparound,
                                  cdivision=cdivision, fastmath=fastmath, openmp=openmp,
                                  portable=portable,
                                  extra_args=tuple(extra_args))


def _module_name(path, package_root):
    rel = Path(os.path.relpath(path, package_root)) if package_root else Path(path)
    if rel.is_absolute() or ".." in rel.parts:
        raise ValueError(f"{path}: not under the package root {package_root or '.'!r}; "
                         "pass package_root= (the directory that holds the top-level package)")
    return ".".join(rel.with_suffix("").parts)


def pyc2cize(patterns, *, boundscheck=None, wraparound=None, cdivision=None, fastmath=None,
             openmp=None, portable=True, package_root=None, exclude=(), extra_args=()):
    """A list of setuptools Extensions, one per annotated .py file matching `patterns` (a glob
    pattern or a list of them, relative to setup.py's directory; `**` recurses).

    boundscheck, wraparound, cdivision: module-wide directive defaults (True/False; None keeps
        pyc2c's); a file's `# cython:` header still wins.
    fastmath: True compiles every function as `@pyc2c.fastmath` (see docs/language.md).
    openmp: build prange loops with OpenMP (True) or serially (False); None: pyc2c's default.
    portable: no -march=native (the default, since wheels travel); False tunes for this CPU.
    package_root: the directory holding the top-level packages ("src" for a src layout); module
        names are the paths relative to it.
    exclude: glob patterns of files to leave out.
    extra_args: more `pyc2c build` arguments for every module.
    """
    if isinstance(patterns, (str, os.PathLike)):
        patterns = [patterns]
    excluded = {os.path.normpath(p) for pat in exclude for p in glob.glob(str(pat), recursive=True)}
    exts, seen = [], set()
    for pat in patterns:
        matches = sorted(glob.glob(str(pat), recursive=True))
        if not matches:
            raise ValueError(f"pyc2cize: no file matches {str(pat)!r}")
        for path in matches:
            path = os.path.normpath(path)
            if (not path.endswith(".py") or os.path.basename(path) == "__init__.py"
                    or path in excluded or path in seen):
                continue
            seen.add(path)
            exts.append(Pyc2cExtension(_module_name(path, package_root), path,
                                       boundscheck=boundscheck, wraparound=wraparound,
                                       cdivision=cdivision, fastmath=fastmath, openmp=openmp,
                                       portable=portable, extra_args=extra_args))
    return exts


class build_ext(_build_ext):
    """setuptools' build_ext, building Pyc2cExtension modules with `pyc2c build`."""

    def build_extension(self, ext):
        if not isinstance(ext, Pyc2cExtension):
            return super().build_extension(ext)
        target = Path(self.get_ext_fullpath(ext.name))
        built = _build.compile_file(ext.sources[0], target.parent, force=bool(self.force),
                                    **ext.pyc2c_options)
        if built != target:  # a suffix setuptools chose differently: keep its name
            os.replace(built, target)

    def get_outputs(self):
        # the .pyi stubs written beside the extensions are outputs too (for install --record)
        outputs = super().get_outputs()
        for ext in self.extensions:
            if isinstance(ext, Pyc2cExtension):
                outputs.append(str(Path(self.get_ext_fullpath(ext.name)).parent /
                                   (ext.name.rsplit(".", 1)[-1] + ".pyi")))
        return outputs


def finalize_distribution_options(dist):
    """setuptools hook (entry point): use pyc2c's build_ext when ext_modules has pyc2c modules."""
    if any(isinstance(e, Pyc2cExtension) for e in (dist.ext_modules or [])):
        current = dist.cmdclass.get("build_ext")
        if current is None or not issubclass(current, build_ext):
            dist.cmdclass["build_ext"] = build_ext

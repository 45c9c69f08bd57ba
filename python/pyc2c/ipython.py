"""The %%pyc2c cell magic: compile a cell with pyc2c, import it, bind its public names.

    %load_ext pyc2c

    %%pyc2c [-a] [-f] [--boundscheck | --no-boundscheck] [--openmp] [-n NAME]
    import cython
    def f(x: cython.double) -> cython.double:
        return x * x

The module is named after a hash of the cell and the options (or NAME), written with its build
under IPython's cache directory (``$PYC2C_MAGIC_DIR`` overrides), and reused while the cell and
the options are unchanged. Compile errors are printed in the cell's output as pyc2c's gcc-style
diagnostics (line numbers counted in the cell), then raised as ``Pyc2cCompileError``.
"""
import hashlib
import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

import pyc2c
from pyc2c.build import CompileError, compile_file, find_compiler


class Pyc2cCompileError(CompileError):
    """pyc2c rejected the cell; the message holds its diagnostics (with the cell's lines)."""


def _compiler():
    try:
        return find_compiler()
    except FileNotFoundError as e:
        raise UsageError(str(e)) from None


_HEADER_DIRECTIVE = re.compile(r"^(\s*#\s*cython:.*?\bboundscheck\s*=\s*)(True|False)")


def with_boundscheck(source, value):
    """The cell with the module's boundscheck directive set to `value`, and how many lines were
    added at the top (0 when an existing `# cython:` header line was changed in place)."""
    lines = source.split("\n")
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break  # the header is the comment block before the first statement
        m = _HEADER_DIRECTIVE.match(line)
        if m:
            lines[i] = m.group(1) + str(value) + line[m.end():]
            return "\n".join(lines), 0
    return f"# cython: boundscheck={value}\n" + source, 1


def cell_diagnostics(stderr, path, offset):
    """pyc2c's diagnostics for the saved module, with the cell's own line numbers."""
    def fix_position(m):
        return f"<cell>:{int(m.group(1)) - offset}:{m.group(2)}:"

    def fix_gutter(m):
        return f"{m.group(1)}{int(m.group(2)) - offset:>{len(m.group(2))}} |"

    text = re.sub(re.escape(str(path)) + r":(\d+):(\d+):", fix_position, stderr)
    if offset:
        text = re.sub(r"(?m)^(\s*)(\d+) \|", fix_gutter, text)
    return text


def cache_dir():
    d = os.environ.get("PYC2C_MAGIC_DIR")
    if not d:
        from IPython.paths import get_ipython_cache_dir
        d = os.path.join(get_ipython_cache_dir(), "pyc2c")
    Path(d).mkdir(parents=True, exist_ok=True)
    return Path(d)


def _load(name, so):
    spec = importlib.util.spec_from_file_location(name, so)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[name] = module
    return module


def annotate_frame(path):
    """The annotate report of `path` as an <iframe> (its styles and script stay inside)."""
    proc = subprocess.run([_compiler(), "annotate", str(path)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise Pyc2cCompileError(proc.stderr, proc.returncode, proc.stderr)
    return ('<div class="pyc2c-annotate"><iframe style="width:100%;height:30em;border:1px solid '
            f'#ccc" srcdoc="{html.escape(proc.stdout, quote=True)}"></iframe></div>')


@magics_class
class Pyc2cMagics(Magics):
    @magic_arguments()
    @argument("-a", "--annotate", action="store_true",
              help="show the annotate report (Python-object work per line) below the cell")
    @argument("-f", "--force", action="store_true", help="rebuild even if the cell is cached")
    @argument("--boundscheck", dest="boundscheck", action="store_const", const=True, default=None,
              help="set the module's boundscheck directive to True")
    @argument("--no-boundscheck", dest="boundscheck", action="store_const", const=False,
              help="set the module's boundscheck directive to False")
    @argument("--openmp", action="store_true", help="compile prange loops with OpenMP")
    @argument("-n", "--name", help="the module's name (default: from a hash of the cell)")
    @cell_magic
    def pyc2c(self, line, cell):
        """Compile the cell with pyc2c, import it and bind its public names."""
        args = parse_argstring(self.pyc2c, line)
        source, offset = cell, 0
        if args.boundscheck is not None:
            source, offset = with_boundscheck(cell, args.boundscheck)
        # OpenMP is opt-in, as with Cython's magic: without --openmp, prange loops run serially
        options = {"openmp": bool(args.openmp), "python": sys.executable}
        key = hashlib.sha256("\0".join([source, repr(sorted(options.items())), pyc2c.__version__,
                                        args.name or ""]).encode()).hexdigest()[:20]
        name = args.name or f"_pyc2c_magic_{key}"
        if not name.isidentifier():
            raise UsageError(f"-n {name}: a module name must be a Python identifier")
        # one directory per key: a changed cell is a new file, which the interpreter loads anew
        # even when a module of that name was imported before
        workdir = cache_dir() / key
        path = workdir / f"{name}.py"
        built = sorted(workdir.glob(f"{name}.*.so")) if workdir.exists() else []
        if args.force or not built:
            workdir.mkdir(parents=True, exist_ok=True)
            for old in built:
                old.unlink()
            path.write_text(source)
            try:
                compile_file(path, workdir, force=args.force, compiler=_compiler(), **options)
            except CompileError as e:
                message = cell_diagnostics(e.stderr, path, offset)
                print(message, file=sys.stderr, end="" if message.endswith("\n") else "\n")
                raise Pyc2cCompileError(f"pyc2c could not compile the cell:\n{message}",
                                        e.returncode, message) from None
            built = sorted(workdir.glob(f"{name}.*.so"))
        module = _load(name, built[0])
        public = {k: v for k, v in vars(module).items() if not k.startswith("_")}
        self.shell.push(public)
        if args.annotate:
            from IPython.display import HTML, display
            display(HTML(annotate_frame(path)))
        return None


def load_ipython_extension(ip):
    ip.register_magics(Pyc2cMagics)

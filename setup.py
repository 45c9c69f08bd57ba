"""pip install . : build the C compiler with the Makefile and install it with its runtime.

Installed layout, relative to the environment's prefix (a venv, --user, --prefix):
    bin/pyc2c                              the compiler itself (no Python wrapper: a cache hit
                                           takes milliseconds)
    share/pyc2c/include/pyc2c/*.h          the runtime headers the generated C includes
    share/pyc2c/runtime/*.c                the runtime sources, compiled once per target
    share/pyc2c/lib/pkgconfig/pyc2c.pc     for meson/pkg-config users (relocatable: ${pcfiledir})
plus the pyc2c Python package (site-packages/pyc2c). The compiler finds its runtime as
../share/pyc2c from its own executable; the package finds both through its installed RECORD.
"""
import os
import subprocess
import sys
from glob import glob
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
PC = """\
prefix=${pcfiledir}/../..
includedir=${prefix}/include
runtime_dir=${prefix}/runtime

Name: pyc2c
Description: pyc2c runtime: headers for generated C; compile runtime_dir/*.c into each module
Version: %s
Cflags: -I${includedir} -fwrapv -ffp-contract=off -fno-strict-aliasing
"""


class build_with_make(build_py):
    """Runs `make build/pyc2c` (system packages, grammar, compiler) and writes pyc2c.pc."""

    def run(self):
        super().run()
        env = dict(os.environ, PYTHON=os.environ.get("PYTHON", sys.executable))
        subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "build/pyc2c"],
                       check=True, env=env)
        (ROOT / "build" / "pkgconfig").mkdir(parents=True, exist_ok=True)
        (ROOT / "build" / "pkgconfig" / "pyc2c.pc").write_text(PC % self.distribution.get_version())


class BinaryDistribution(Distribution):
    """The wheel holds an executable for this platform: not a pure-Python wheel."""

    def has_ext_modules(self):
        return True


def rel(pattern):
    return sorted(os.path.relpath(p, ROOT) for p in glob(str(ROOT / pattern)))


setup(
    cmdclass={"build_py": build_with_make},
    distclass=BinaryDistribution,
    # build/ files exist by the time install_data runs (build_py made them)
    data_files=[
        ("bin", ["build/pyc2c"]),
        ("share/pyc2c/include/pyc2c", rel("include/pyc2c/*.h")),
        ("share/pyc2c/runtime", rel("runtime/*.c")),
        ("share/pyc2c/lib/pkgconfig", ["build/pkgconfig/pyc2c.pc"]),
    ],
)

"""pip install . : build the C compiler with the Makefile and ship it inside the package.

The wheel's pyc2c/_home holds what the compiler and the build hooks need at run time:
    bin/pyc2c                  the compiler (finds its home as the directory above itself)
    include/pyc2c/*.h          the runtime headers the generated C includes
    runtime/*.c                the runtime sources, compiled once per target into the cache
    lib/pkgconfig/pyc2c.pc     for meson/pkg-config users (relocatable: ${pcfiledir})
"""
import os
import shutil
import subprocess
import sys
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
    """Runs `make` (the compiler binary), then copies it and the runtime into pyc2c/_home."""

    def run(self):
        super().run()
        env = dict(os.environ, PYTHON=os.environ.get("PYTHON", sys.executable))
        subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "build/pyc2c"],
                       check=True, env=env)
        home = Path(self.build_lib) / "pyc2c" / "_home"
        if home.exists():
            shutil.rmtree(home)
        (home / "bin").mkdir(parents=True)
        shutil.copy2(ROOT / "build" / "pyc2c", home / "bin" / "pyc2c")
        shutil.copytree(ROOT / "include" / "pyc2c", home / "include" / "pyc2c")
        shutil.copytree(ROOT / "runtime", home / "runtime",
                        ignore=shutil.ignore_patterns("*.o", "__pycache__"))
        (home / "lib" / "pkgconfig").mkdir(parents=True)
        version = self.distribution.get_version()
        (home / "lib" / "pkgconfig" / "pyc2c.pc").write_text(PC % version)


class BinaryDistribution(Distribution):
    """The wheel holds an executable for this platform: not a pure-Python wheel."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": build_with_make}, distclass=BinaryDistribution)

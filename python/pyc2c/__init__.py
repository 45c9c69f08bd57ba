"""pyc2c: compile Python annotated in Cython's pure-Python mode into CPython extension modules.

This package is the Python side of pyc2c. Importing it stays cheap (no submodule is imported
until used):

    pyc2c.fastmath, pyc2c.native   decorators, unchanged functions when interpreted
    pyc2c.shadow                   a stand-in for Cython's `cython` module, for running
                                   annotated files without Cython: `from pyc2c import shadow as cython`
    %load_ext pyc2c                the %%pyc2c cell magic for IPython (pyc2c.ipython)
"""

__version__ = "0.1.0"
__all__ = ["__version__", "fastmath", "native", "shadow"]


def _marker(name, doc):
    def decorator(func=None, /):
        # @pyc2c.<name> gives the function itself; @pyc2c.<name>() gives this decorator first.
        if func is None:
            return decorator
        if not callable(func):
            raise TypeError(f"@pyc2c.{name} decorates a function, not {type(func).__name__}")
        return func

    decorator.__name__ = decorator.__qualname__ = name
    decorator.__module__ = __name__
    decorator.__doc__ = doc
    return decorator


fastmath = _marker("fastmath", """@pyc2c.fastmath or @pyc2c.fastmath(): let the compiled function
use fast floating-point math (reassociation, no NaN/inf checks). Interpreted: no change.""")

native = _marker("native", """@pyc2c.native or @pyc2c.native(): the function must compile to
native code (an error rather than a fallback to Python objects). Interpreted: no change.""")


def load_ipython_extension(ip):
    """`%load_ext pyc2c`: registers the %%pyc2c cell magic (see pyc2c.ipython)."""
    from .ipython import load_ipython_extension as load
    load(ip)


def __getattr__(name):
    if name == "shadow":  # imported on first use: `import pyc2c` stays light
        import importlib
        return importlib.import_module(".shadow", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Which function bodies always return: try/except/else/finally and with-blocks. A function
declared to return a C type whose body always returns compiles; its inferred return type stays a
C type; a body that can fall through (a handler that does not return, a context manager whose
__exit__ may swallow the exception) returns None, as interpreted."""
import contextlib

from conftest import run_pyc2c

SRC = '''
import cython


def try_finally(x: cython.int) -> cython.int:
    try:
        return x * 2
    finally:
        x = 0


def try_except_all(x: cython.double) -> cython.double:
    try:
        return 1.0 / x
    except ZeroDivisionError:
        return -1.0
    except (TypeError, ValueError):
        raise


def try_else(x: cython.int) -> cython.int:
    try:
        y: cython.int = 10 // x
    except ZeroDivisionError:
        return -1
    else:
        return y


def finally_returns(x: cython.int) -> cython.int:
    try:
        if x > 0:
            raise ValueError("dropped")
    finally:
        return x + 1


def nested(x: cython.int) -> cython.int:
    if x > 5:
        try:
            return 1
        finally:
            pass
    else:
        with cython.boundscheck(False):
            try:
                return 10 // x
            except ZeroDivisionError:
                return 0


def nogil_block(x: cython.int) -> cython.int:
    with cython.nogil:
        return x + 1


def inferred(x: cython.double):
    try:
        return 1.0 / x
    except ZeroDivisionError:
        return 0.0


def handler_falls(x: cython.double):
    try:
        return 1.0 / x
    except ZeroDivisionError:
        pass


def else_falls(x: cython.double):
    try:
        y = 1.0 / x
    except ZeroDivisionError:
        return 0.0
    else:
        if y > 1.0:
            return y


def with_manager(cm, x: cython.double):
    with cm:
        return 1.0 / x
'''


def test_try_bodies_that_always_return(differential):
    differential(SRC, [
        ("try_finally", (3,)), ("try_except_all", (4.0,)), ("try_except_all", (0.0,)),
        ("try_except_all", ("a",)), ("try_else", (3,)), ("try_else", (0,)),
        ("finally_returns", (2,)), ("finally_returns", (-2,)), ("nested", (7,)), ("nested", (2,)),
        ("nested", (0,)), ("nogil_block", (4,)), ("inferred", (2.0,)), ("inferred", (0.0,)),
        ("handler_falls", (2.0,)), ("handler_falls", (0.0,)), ("else_falls", (0.5,)),
        ("else_falls", (2.0,)), ("else_falls", (0.0,)),
        ("with_manager", (contextlib.nullcontext(), 2.0)),
        ("with_manager", (contextlib.suppress(ZeroDivisionError), 2.0)),
        ("with_manager", (contextlib.nullcontext(), 0.0)),
    ])



def test_inferred_return_types(tmp_path):
    """Bodies that always return keep a C return type; one that can fall through also returns
    None, so its value is an object."""
    path = tmp_path / "r.py"
    path.write_text(SRC)
    proc = run_pyc2c("check", "--types", path)
    assert proc.returncode == 0, proc.stderr
    sigs = {line.split("(")[0][4:]: line.split("->")[1].split(":")[0].strip()
            for line in proc.stdout.splitlines() if line.startswith("def ")}
    assert sigs == {"try_finally": "cython.int", "try_except_all": "cython.double",
                    "try_else": "cython.int", "finally_returns": "cython.int",
                    "nested": "cython.int", "nogil_block": "cython.int", "inferred": "cython.double",
                    "handler_falls": "object", "else_falls": "object",
                    "with_manager": "object"}

def test_with_manager_that_swallows_returns_none(differential):
    """__exit__ suppresses the ZeroDivisionError: control leaves the with and the function
    returns None (compiled code once returned 0.0)."""
    built = differential(SRC, [("with_manager", (contextlib.suppress(ZeroDivisionError), 0.0))])
    assert built.compiled.with_manager(contextlib.suppress(ZeroDivisionError), 0.0) is None

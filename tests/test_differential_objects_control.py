"""Differential tests of the object fallback's control flow: `for` over any iterable (else,
break, continue, unpacking targets), tuple unpacking, raise (class, instance, `from`), try/
except/else/finally (tuples of classes, `as`, bare except, re-raise, finally on return, break
and continue), with (as targets, exceptions passed to __exit__, suppression), del, assert."""
import pytest

from objects_harness import case_ids, module_fixture, run_case

SRC = '''
import cython
import sys


def for_sum(xs):
    total = 0
    for x in xs:
        total += x
    return total

def for_else(xs, stop):
    out = []
    for x in xs:
        if x == stop:
            break
        if x is None:
            continue
        out.append(x)
    else:
        out.append("done")
    return out

def for_unpack(d):
    out = []
    for k, v in d.items():
        out.append(k * v)
    return out

def for_nested(a, b):
    out = []
    for x in a:
        for y in b:
            if y == x:
                break
            out.append((x, y))
    return out

def for_str_dict(s):
    counts = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    return counts

def for_typed_sum(xs) -> cython.double:
    acc: cython.double = 0.0
    for x in xs:
        acc += x
    return acc

def unpack2(v):
    a, b = v
    return b, a

def unpack_star(v):
    first, *rest = v
    return first, rest

def unpack_nested(v):
    (a, b), c = v
    return a + b + c

def swap(a, b):
    a, b = b, a
    return a, b

def raise_class(k):
    if k == 0:
        raise ValueError
    if k == 1:
        raise KeyError("k")
    if k == 2:
        raise TypeError("t") from ValueError("v")
    if k == 3:
        raise 5
    if k == 4:
        raise RuntimeError() from None
    return k

def raise_instance(e):
    raise e

def try_basic(f, x):
    try:
        r = f(x)
    except ValueError:
        return "value"
    except (TypeError, KeyError) as e:
        return type(e).__name__
    else:
        return ("ok", r)

def try_bare(f, x):
    try:
        return f(x)
    except:
        return "caught"

def try_reraise(f, x):
    try:
        return f(x)
    except ArithmeticError:
        raise

def try_as_message(f, x):
    try:
        f(x)
    except Exception as e:
        return str(e)
    return "none"

def try_finally_value(f, x):
    log = []
    try:
        log.append("body")
        log.append(f(x))
    finally:
        log.append("finally")
    return log

def try_finally_propagates(f, x, log):
    try:
        return f(x)
    finally:
        log.append("cleanup")

def finally_return_overrides(f, x):
    try:
        return f(x)
    finally:
        return "finally"

def finally_in_loop(xs):
    out = []
    for x in xs:
        try:
            if x == 0:
                continue
            if x < 0:
                break
            out.append(x)
        finally:
            out.append("f")
    return out

def except_in_loop(xs):
    out = []
    for x in xs:
        try:
            out.append(10 // x)
        except ZeroDivisionError:
            out.append("zero")
            continue
        except TypeError:
            break
    return out

def nested_try(f, x):
    try:
        try:
            return f(x)
        except KeyError:
            raise ValueError("from key")
        finally:
            pass
    except ValueError as e:
        return "outer " + str(e)

def exc_context(f, x):
    try:
        try:
            f(x)
        except Exception:
            raise RuntimeError("second")
    except RuntimeError as e:
        return type(e.__context__).__name__
    return "none"

def except_name_deleted(f, x):
    e = 1
    try:
        f(x)
    except Exception as e:
        pass
    return e

def handler_error(f, x):
    try:
        f(x)
    except ValueError:
        return 1 // 0
    return 0


def with_simple(cm):
    with cm as v:
        return v

def with_log(cm, f, x):
    with cm:
        return f(x)

def with_two(a, b):
    with a as x, b as y:
        return (x, y)

def with_not_cm(x):
    with x:
        return 1

def assert_msg(x):
    assert x > 0, f"bad {x}"
    return x

def del_name(x):
    y = [x]
    del y
    return x

def del_then_read(x):
    y = x
    del y
    return y

def break_through_with(cms):
    out = []
    for cm in cms:
        with cm as v:
            if v == "stop":
                break
            if v == "skip":
                continue
            out.append(v)
    return out, [c.log for c in cms]

def continue_in_finally(xs):
    out = []
    for x in xs:
        try:
            out.append(1 // x)
        finally:
            if x == 0:
                continue
    return out

def return_in_nested_finally(f, x):
    log = []
    try:
        try:
            return f(x)
        finally:
            log.append("inner")
    finally:
        log.append("outer")
        if x == "v":
            return log

def raise_in_else(f, x):
    try:
        y = f(x)
    except KeyError:
        return "key"
    else:
        raise ValueError(y)

def except_order(f, x):
    try:
        f(x)
    except LookupError:
        return "lookup"
    except Exception:
        return "exception"
    return "none"

def handled_info(f, x):
    import_sys = sys
    try:
        f(x)
    except Exception:
        inner = import_sys.exc_info()[0].__name__
    else:
        inner = None
    return inner, import_sys.exc_info()[0]

def while_objects(xs):
    out = []
    it = iter(xs)
    while True:
        try:
            out.append(next(it))
        except StopIteration:
            break
    return out
'''

built = module_fixture(SRC, "objcontrol")


def boom(x):
    if x == "v":
        raise ValueError("v!")
    if x == "t":
        raise TypeError("t!")
    if x == "k":
        raise KeyError("k!")
    if x == "z":
        return 1 // 0
    return x * 2


class CM:
    """A context manager recording what __exit__ receives; suppresses when asked."""

    def __init__(self, value="entered", suppress=False, fail_exit=False):
        self.value, self.suppress, self.fail_exit = value, suppress, fail_exit
        self.log = []

    def __enter__(self):
        self.log.append("enter")
        return self.value

    def __exit__(self, t, v, tb):
        self.log.append(("exit", t.__name__ if t else None, tb is not None if t else None))
        if self.fail_exit:
            raise KeyError("exit failed")
        return self.suppress


def cm_case(fn, mk, *args):
    """Runs fn with a fresh context manager per module; compares results and __exit__ logs."""
    return (fn, mk, args)


CASES = [
    ("for_sum", ([1, 2, 3],)), ("for_sum", ((),)), ("for_sum", (range(5),)), ("for_sum", (5,)),
    ("for_sum", ([1, "a"],)), ("for_sum", ({1: 2, 3: 4},)), ("for_sum", ([1.5, 2],)),
    ("for_else", ([1, 2, 3], 9)), ("for_else", ([1, None, 3], 3)), ("for_else", ([], 0)),
    ("for_else", ("abc", "b")),
    ("for_unpack", ({"a": 2, "b": 3},)), ("for_unpack", ({},)), ("for_unpack", ([1],)),
    ("for_nested", ([1, 2], [0, 1, 2])), ("for_nested", ([], [1])),
    ("for_str_dict", ("hello",)), ("for_str_dict", ("",)),
    ("for_typed_sum", ([1, 2.5],)), ("for_typed_sum", ([],)), ("for_typed_sum", (["x"],)),
    ("unpack2", ((1, 2),)), ("unpack2", ([1, 2],)), ("unpack2", ("ab",)), ("unpack2", ((1,),)),
    ("unpack2", ((1, 2, 3),)), ("unpack2", (5,)),
    ("unpack_star", ([1, 2, 3],)), ("unpack_star", ("x",)), ("unpack_star", ([],)),
    ("unpack_nested", (((1, 2), 3),)), ("unpack_nested", (((1,), 3),)),
    ("swap", (1, "b")),
    ("raise_class", (0,)), ("raise_class", (1,)), ("raise_class", (2,)), ("raise_class", (3,)),
    ("raise_class", (4,)), ("raise_class", (7,)),
    ("raise_instance", (ValueError("x"),)), ("raise_instance", (KeyError,)),
    ("raise_instance", ("nope",)), ("raise_instance", (StopIteration(),)),
    ("try_basic", (boom, 3)), ("try_basic", (boom, "v")), ("try_basic", (boom, "t")),
    ("try_basic", (boom, "k")), ("try_basic", (boom, "z")),
    ("try_bare", (boom, "v")), ("try_bare", (boom, 4)), ("try_bare", (boom, "z")),
    ("try_reraise", (boom, "z")), ("try_reraise", (boom, "v")), ("try_reraise", (boom, 1)),
    ("try_as_message", (boom, "v")), ("try_as_message", (boom, 2)), ("try_as_message", (boom, "k")),
    ("try_finally_value", (boom, 2)), ("try_finally_value", (boom, "t")),
    ("finally_return_overrides", (boom, 1)), ("finally_return_overrides", (boom, "v")),
    ("finally_in_loop", ([1, 0, 2, -1, 5],)), ("finally_in_loop", ([],)),
    ("except_in_loop", ([1, 0, 5, "a", 7],)), ("except_in_loop", ([0, 0],)),
    ("nested_try", (boom, "k")), ("nested_try", (boom, "v")), ("nested_try", (boom, 3)),
    ("nested_try", (boom, "t")),
    ("exc_context", (boom, "t")), ("exc_context", (boom, "z")), ("exc_context", (boom, 1)),
    ("except_name_deleted", (boom, "v")), ("except_name_deleted", (boom, 1)),
    ("handler_error", (boom, "v")), ("handler_error", (boom, "t")), ("handler_error", (boom, 1)),
    ("with_not_cm", (5,)), ("with_not_cm", (None,)),
    ("assert_msg", (3,)), ("assert_msg", (-1,)), ("assert_msg", ("s",)),
    ("del_name", (3,)), ("del_then_read", (3,)),
    ("continue_in_finally", ([1, 0, 2],)), ("continue_in_finally", ([0, "a"],)),
    ("return_in_nested_finally", (boom, 2)), ("return_in_nested_finally", (boom, "v")),
    ("return_in_nested_finally", (boom, "t")),
    ("raise_in_else", (boom, 2)), ("raise_in_else", (boom, "k")), ("raise_in_else", (boom, "t")),
    ("except_order", (boom, "k")), ("except_order", (boom, "v")), ("except_order", (boom, 1)),
    ("handled_info", (boom, "v")), ("handled_info", (boom, 1)),
    ("while_objects", ([1, 2],)), ("while_objects", ("",)),
]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_object_control(built, case):
    run_case(built, case)


def _both(built, name, make_args):
    """Calls name on both modules with freshly made arguments; returns both outcomes."""
    from conftest import outcome
    out = []
    for mod in (built.compiled, built.interpreted):
        args = make_args()
        res = outcome(getattr(mod, name), args, {})
        lists = [[x.log if isinstance(x, CM) else x for x in a] for a in args if isinstance(a, list)]
        out.append((res, [a.log for a in args if isinstance(a, CM)] + lists))
    return out


WITH_CASES = [
    ("with_simple", lambda: (CM(),)),
    ("with_simple", lambda: (CM(value=[1]),)),
    ("with_log", lambda: (CM(), boom, 3)),
    ("with_log", lambda: (CM(), boom, "v")),
    ("with_log", lambda: (CM(suppress=True), boom, "v")),
    ("with_log", lambda: (CM(fail_exit=True), boom, "v")),
    ("with_log", lambda: (CM(fail_exit=True), boom, 1)),
    ("with_two", lambda: (CM(value=1), CM(value=2))),
    ("with_two", lambda: (CM(value=1), 5)),
    ("try_finally_propagates", lambda: (boom, "t", [])),
    ("break_through_with", lambda: ([CM(value=1), CM(value="skip"), CM(value="stop"), CM(value=4)],)),
    ("try_finally_propagates", lambda: (boom, 4, [])),
]


@pytest.mark.parametrize("case", WITH_CASES, ids=case_ids(WITH_CASES))
def test_object_with_and_finally(built, case):
    name, make_args = case
    (got, got_log), (want, want_log) = _both(built, name, make_args)
    assert got[0] == want[0]
    if got[0] == "value":
        assert got[1] == want[1]
    else:
        assert got[1] is want[1]
    assert got_log == want_log


def test_traceback_names_py_line(built):
    import traceback
    try:
        built.compiled.try_reraise(boom, "z")
    except ZeroDivisionError as e:
        frames = traceback.extract_tb(e.__traceback__)
    assert any(f.name == "try_reraise" and f.filename.endswith("objcontrol.py") for f in frames)

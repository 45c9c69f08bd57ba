"""`...` (Ellipsis) as the default of an object parameter: the default is the Ellipsis singleton,
from Python calls (positional, keyword, omitted) and from direct C calls inside the module; the
signature shows it. As the default of a C-typed parameter it is a compile-time error (golden
ellipsis_default_c_typed)."""
import inspect

SRC = '''
import cython


def f(x=..., y: object = ...):
    return (x is ..., y is Ellipsis, x, y)


@cython.cfunc
def g(a: cython.int, x=...):
    return a if x is ... else x


def call_g(a: cython.int):
    return (g(a), g(a, "given"))


def sentinel(key, default=...):
    d = {"a": 1}
    if default is ...:
        return d[key]
    return d.get(key, default)
'''


def test_ellipsis_default(differential):
    built = differential(SRC, [
        ("f", ()), ("f", (1,)), ("f", (None, 2)), ("f", (), {"y": 3}), ("f", (), {"x": ...}),
        ("call_g", (4,)), ("sentinel", ("a",)), ("sentinel", ("b",)), ("sentinel", ("b", 0)),
    ])
    params = [[(p.name, p.default) for p in inspect.signature(m.f).parameters.values()]
              for m in (built.compiled, built.interpreted)]
    assert params[0] == params[1] == [("x", Ellipsis), ("y", Ellipsis)]
    assert inspect.signature(built.compiled.sentinel).parameters["default"].default is Ellipsis

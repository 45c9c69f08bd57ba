"""Differential tests of the object fallback: calls of any callable (positional, keyword, *args,
**kwargs), builtins as objects, attributes, subscripts, truth tests, `in`, `is`, len,
isinstance, and typed locals converted from objects."""
import pytest

from objects_harness import case_ids, module_fixture, run_case

SRC = '''
import cython

def call_pos(f, a, b):
    return f(a, b)

def call_kw(f, a):
    return f(a, key=len, reverse=True)

def call_star(f, args):
    return f(*args)

def call_star_mixed(f, a, args, kw):
    return f(a, *args, **kw)

def call_kwargs(f, kw):
    return f(**kw)

def call_kw_dup(f, kw):
    return f(sep="-", **kw)

def call_none(f):
    return f()

def builtins_mix(xs):
    return sorted(xs), min(xs), max(xs), sum(xs), list(reversed(xs)), any(xs), all(xs)

def max_obj_int(a):
    return max(a, 3)

def min_obj_mixed(a, b):
    return min(a, b, 2.5), max(a, 1000, 3000)

def builtin_value():
    f = len
    return f("abc") + f([1])

def enumerate_zip(a, b):
    out = []
    for i, (x, y) in enumerate(zip(a, b)):
        out.append((i, x, y))
    return out

def get_attr(o):
    return o.real, o.imag

def method_call(s):
    return s.upper().split("B")

def set_attr(o, v):
    o.value = v
    o.value = o.value * 2
    return o.value

def del_attr(o):
    o = o()
    o.tmp = 1
    del o.tmp
    return hasattr(o, "tmp")

def missing_attr(o):
    return o.does_not_exist

def subscript(x, i):
    return x[i]

def subscript_slice(x, a, b):
    return x[a:b], x[::2], x[a:], x[:b]

def subscript_tuple(d, a, b):
    return d[a, b]

def set_item(d, k, v):
    d = d.copy() if hasattr(d, "copy") else d
    d[k] = v
    return d

def set_slice(lst, v):
    lst = lst[:]
    lst[1:3] = v
    return lst

def del_item(d, k):
    d = d.copy()
    del d[k]
    return d

def truth(x):
    if x:
        return "yes"
    return "no"

def not_truth(x):
    return not x

def contains(x, c):
    return x in c, x not in c

def identity(a, b):
    return a is b, a is not b, a is None

def length(x):
    return len(x)

def is_inst(x):
    return isinstance(x, int), isinstance(x, (str, list)), isinstance(x, float)

def typed_from_object(x) -> cython.int:
    n: cython.int = int(x)
    return n + 1

def typed_from_call(xs) -> cython.double:
    d: cython.double = sum(xs)
    return d / 2

def bint_from_object(x):
    b: cython.bint = x
    return 1 if b else 0

def int_parse(s, base):
    return int(s, base)

def chained(o):
    return o.__class__.__name__

def nested_calls(xs):
    return len(list(map(str, sorted(set(xs)))))

def aug_item(d, k, v):
    d = dict(d)
    d[k] += v
    d[k] *= 2
    return d

def aug_attr(o, v):
    o = o()
    o.count = 1
    o.count += v
    return o.count

def aug_slice(xs):
    ys = list(xs)
    ys[1:] += [9]
    return ys

def neg_key(x):
    return -x

def make_list(xs):
    return list(xs)

def module_function_values(xs):
    return sorted(xs, key=neg_key), list(map(neg_key, xs)), make_list(xs).count(1), neg_key.__name__

def callable_local(f, n):
    g = f
    return g(n)
'''

built = module_fixture(SRC, "objcalls")


class O:
    pass


CASES = [
    ("max_obj_int", (5,)), ("max_obj_int", (1,)), ("max_obj_int", (2**70,)),
    ("max_obj_int", ("x",)), ("max_obj_int", (None,)),
    ("min_obj_mixed", (1, 4000)), ("min_obj_mixed", (3.5, 9)), ("min_obj_mixed", ("a", 1)),
    ("call_pos", (max, 3, 9)), ("call_pos", (pow, 2, 10)), ("call_pos", (divmod, 7, -2)),
    ("call_pos", (max, "a", 1)), ("call_pos", (len, 1, 2)), ("call_pos", (None, 1, 2)),
    ("call_kw", (sorted, ["bb", "a", "ccc"])), ("call_kw", (sorted, [1, 2])),
    ("call_kw", (max, ["a"])),
    ("call_star", (max, (1, 5, 2))), ("call_star", (max, [])), ("call_star", (str, ())),
    ("call_star", (max, 5)), ("call_star", (divmod, (9, 4))), ("call_star", (divmod, "ab")),
    ("call_star_mixed", (dict, [("a", 1)], (), {"b": 2})),
    ("call_star_mixed", (print, "x", ["y"], {"sep": "", "end": "\n"})),
    ("call_star_mixed", (sorted, [3, 1], (), {"reverse": True})),
    ("call_star_mixed", (sorted, [3, 1], (), {"bogus": True})),
    ("call_kwargs", (dict, {"a": 1, "b": 2})), ("call_kwargs", (dict, [1])),
    ("call_kwargs", (dict, {})),
    ("call_kw_dup", (print, {"end": ""})), ("call_kw_dup", (print, {"sep": "+"})),
    ("call_none", (list,)), ("call_none", (dict,)), ("call_none", (int,)), ("call_none", (3,)),
    ("builtins_mix", ([3, 1, 2],)), ("builtins_mix", ([0, 5],)), ("builtins_mix", ([],)),
    ("builtins_mix", (["a", "b"],)),
    ("builtin_value", ()),
    ("enumerate_zip", ("abc", [1, 2])), ("enumerate_zip", ([], [])), ("enumerate_zip", (1, [])),
    ("get_attr", (3,)), ("get_attr", (2.5,)), ("get_attr", (1 + 2j,)), ("get_attr", ("s",)),
    ("method_call", ("abcabc",)), ("method_call", (3,)),
    ("set_attr", (O(), 4)), ("set_attr", (O(), "ab")), ("set_attr", (3, 1)),
    ("del_attr", (O,)), ("del_attr", (int,)),
    ("missing_attr", (O(),)),
    ("subscript", ([1, 2, 3], 1)), ("subscript", ([1, 2, 3], -1)), ("subscript", ([1], 5)),
    ("subscript", ({"a": 1}, "a")), ("subscript", ({"a": 1}, "b")), ("subscript", ("xyz", 1)),
    ("subscript", (5, 0)),
    ("subscript_slice", ([0, 1, 2, 3, 4, 5], 1, 4)), ("subscript_slice", ("abcdef", -3, None)),
    ("subscript_slice", ((1, 2, 3), None, 2)), ("subscript_slice", (5, 1, 2)),
    ("subscript_tuple", ({(1, 2): "p"}, 1, 2)), ("subscript_tuple", ({}, 1, 2)),
    ("set_item", ({}, "k", 1)), ("set_item", ([0, 0], 1, 9)), ("set_item", ([0], 3, 9)),
    ("set_item", ((1,), 0, 2)),
    ("set_slice", ([1, 2, 3, 4], [9])), ("set_slice", ([1, 2, 3, 4], "ab")),
    ("set_slice", ("abc", [1])),
    ("del_item", ({"a": 1, "b": 2}, "a")), ("del_item", ({}, "a")), ("del_item", ([1, 2], 0)),
    ("truth", (0,)), ("truth", ([],)), ("truth", ([0],)), ("truth", ("",)), ("truth", (None,)),
    ("truth", (0.0,)), ("truth", (O(),)),
    ("not_truth", ({},)), ("not_truth", ({1: 2},)),
    ("contains", (1, [1, 2])), ("contains", ("a", "cat")), ("contains", (3, {3: 4})),
    ("contains", (1, 5)), ("contains", ([], [[]])), ("contains", (float("nan"), [float("nan")])),
    ("identity", (None, None)), ("identity", (1, 2)), ("identity", ("a", "b")),
    ("length", ([1, 2],)), ("length", ("",)), ("length", (5,)), ("length", ({1: 2},)),
    ("is_inst", (1,)), ("is_inst", (True,)), ("is_inst", ("s",)), ("is_inst", (1.5,)),
    ("is_inst", ([],)),
    ("typed_from_object", (5,)), ("typed_from_object", ("12",)), ("typed_from_object", (-2**20,)),
    ("typed_from_object", ("x",)), ("typed_from_object", (2.9,)),
    ("typed_from_call", ([1, 2, 3],)), ("typed_from_call", ([1.5],)), ("typed_from_call", (["a"],)),
    ("bint_from_object", ([],)), ("bint_from_object", ([1],)), ("bint_from_object", ("",)),
    ("int_parse", ("ff", 16)), ("int_parse", ("z", 10)), ("int_parse", ("101", 2)),
    ("chained", (3,)), ("chained", ([],)),
    ("nested_calls", ([3, 1, 3, 2],)), ("nested_calls", ([],)), ("nested_calls", (None,)),
    ("aug_item", ({"a": 1}, "a", 2)), ("aug_item", ({"a": "x"}, "a", "y")),
    ("aug_item", ({}, "a", 1)), ("aug_item", ({"a": 1}, "a", "s")),
    ("aug_attr", (O, 4)), ("aug_attr", (O, "s")),
    ("aug_slice", ([1, 2],)), ("aug_slice", ("ab",)),
    ("module_function_values", ([1, 3, 2],)), ("module_function_values", ([],)),
    ("module_function_values", (["a"],)),
    ("callable_local", (abs, -3)), ("callable_local", (str, 4)), ("callable_local", (1, 2)),
]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_object_calls(built, case):
    run_case(built, case)

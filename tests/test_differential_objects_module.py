"""Differential tests of module-level code: statements run at import in order (assignments,
calls, print, if/for/try at module level), module variables read and written by functions
(`global`), `import x`, `import x.y as z`, `from x import y`, and errors raised at import."""
import importlib.util
import sys

import pytest

from conftest import build_source, check_same
from objects_harness import case_ids

SRC = '''
"""A module with statements."""
import cython
import os.path
import collections as col
import json
from os import sep, path as osp
from math import sqrt

LIMIT = 3
names = []
for i in range(LIMIT):
    names.append(f"n{i}")
else:
    names.append("end")
a, b = 1, 2
counter = 0
table = {k: len(k) for k in names}
print("importing", __name__ != "__main__", LIMIT, sep="|")


def bump(k):
    global counter
    counter += k
    return counter


def read():
    return LIMIT * 2, list(names), a + b, table["end"]


def set_limit(v):
    global LIMIT
    LIMIT = v
    return LIMIT


def use_modules(x):
    return os.path.basename(x), osp.join("a", "b"), sep, json.dumps(col.OrderedDict(k=[1]))


def shadow(x):
    LIMIT = x * 2
    return LIMIT


def remove(name):
    global a
    del a
    return name


def get_a():
    return a


def typed_global(n: cython.int) -> cython.int:
    return n * LIMIT


def local_imports(x):
    import os.path
    import json as j
    from collections import OrderedDict as OD
    from math import floor
    return os.path.basename(x), j.dumps(OD(a=1)), floor(2.5)


def bad_local_import():
    from os import no_such_name_xyz
    return no_such_name_xyz


def counter_value():
    return counter


if LIMIT > 2:
    mode = "big"
elif LIMIT > 1:
    mode = "small"
else:
    mode = None
try:
    parsed = int("x")
except ValueError as err:
    parsed = -1
root = sqrt(16.0)
bump(5)
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SRC, tmp_path_factory.mktemp("objmodule"), "objmodule")


ATTRS = ["LIMIT", "names", "a", "b", "counter", "table", "mode", "parsed", "root", "__doc__"]


@pytest.mark.parametrize("attr", ATTRS)
def test_module_variables_after_import(built, attr):
    got, want = getattr(built.compiled, attr), getattr(built.interpreted, attr)
    assert type(got) is type(want) and got == want


CASES = [
    ("read", ()), ("bump", (2,)), ("bump", ("x",)), ("counter_value", ()), ("set_limit", (4,)),
    ("read", ()), ("typed_global", (3,)), ("set_limit", ("s",)), ("read", ()),
    ("set_limit", (3,)), ("use_modules", ("/x/y.py",)), ("use_modules", (3,)), ("shadow", (5,)),
    ("local_imports", ("/a/b.c",)), ("local_imports", (5,)), ("bad_local_import", ()),
    ("get_a", ()), ("remove", ("a",)), ("get_a", ()), ("remove", ("again",)),
]


def test_module_functions_in_sequence(built):
    # one sequence: the functions share module state, as the interpreted module's do
    check_same(built, CASES)


def test_print_at_import(tmp_path, capfd):
    build_source(SRC, tmp_path, "objmodule_print")
    out = capfd.readouterr().out
    assert out == "importing|True|3\nimporting|True|3\n"  # compiled, then interpreted


ERR_SRC = '''
x = 1
def f():
    return x
values = [1, 2]
y = values[5]
'''


def test_error_at_import_names_module_line(tmp_path):
    path = tmp_path / "objmodule_err.py"
    path.write_text(ERR_SRC.lstrip("\n"))
    from conftest import run_pyc2c
    out = tmp_path / "compiled"
    out.mkdir()
    proc = run_pyc2c("build", path, "-o", out, "--python", sys.executable)
    assert proc.returncode == 0, proc.stderr
    so = next(out.glob("objmodule_err.*.so"))
    spec = importlib.util.spec_from_file_location("objmodule_err", so)
    import traceback
    with pytest.raises(IndexError) as info:  # extension modules run at creation
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    frames = traceback.extract_tb(info.value.__traceback__)
    assert frames[-1].name == "<module>" and frames[-1].lineno == 5
    assert frames[-1].filename.endswith("objmodule_err.py")


IMPORT_ERR_SRC = '''
from os import no_such_name_here
'''


def test_from_import_error(tmp_path):
    with pytest.raises(ImportError):
        build_source(IMPORT_ERR_SRC, tmp_path, "objmodule_imperr")

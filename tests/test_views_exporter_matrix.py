"""Every element type against every array.array type code, through array.array itself, a
memoryview of it (cast from raw bytes) and a read-only memoryview: the view accepts exactly the
buffers Cython accepts (same kind and size; a `char` view any 1-byte integer), reading the same
values as the interpreted file, and raises ValueError "Buffer dtype mismatch, expected ... but
got ..." for every other, never reading memory of the wrong type."""
import array
import struct

import pytest

from conftest import build_source

VIEW_TYPES = {  # cython name: (kind, size)
    "schar": ("i", 1), "uchar": ("u", 1), "char": ("c", 1), "short": ("i", 2), "ushort": ("u", 2),
    "int": ("i", 4), "uint": ("u", 4), "long": ("i", 8), "ulong": ("u", 8), "longlong": ("i", 8),
    "ulonglong": ("u", 8), "Py_ssize_t": ("i", 8), "size_t": ("u", 8), "float": ("f", 4),
    "double": ("f", 8),
}
CODES = "bBhHiIlLqQfd"

SOURCE = "import cython\n" + "".join(f'''
def rsum_{t}(a: cython.{t}[:]) -> cython.double:
    s: cython.double = 0.0
    for i in range(len(a)):
        s = s * 3 + a[i]
    return s
''' for t in VIEW_TYPES)


def code_kind(code):
    kind = "f" if code in "fd" else "u" if code.isupper() else "i"
    return kind, struct.calcsize(code)


def accepts(t, code):
    kind, size = VIEW_TYPES[t]
    ck, cs = code_kind(code)
    if kind == "c":
        return cs == 1 and ck != "f"
    return (kind, size) == (ck, cs)


def values(code):
    return [1.5, -2.25, 4.0] if code in "fd" else [1, 7, 3] if code.isupper() else [1, -7, 3]


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("exporter_matrix"))


EXPORTERS = {
    "array": lambda code: array.array(code, values(code)),
    "memoryview": lambda code: memoryview(bytearray(array.array(code, values(code)).tobytes())).cast(code),
    "readonly": lambda code: memoryview(array.array(code, values(code))).toreadonly(),
}


@pytest.mark.parametrize("t", VIEW_TYPES)
@pytest.mark.parametrize("exporter", EXPORTERS)
def test_every_type_against_every_code(mod, t, exporter):
    for code in CODES:
        make = EXPORTERS[exporter]
        fn = getattr(mod.compiled, f"rsum_{t}")
        if accepts(t, code):
            assert fn(make(code)) == mod.interpreted.__dict__[f"rsum_{t}"](make(code)), code
        else:
            with pytest.raises(ValueError, match="Buffer dtype mismatch, expected '.*' but got '.*'"):
                fn(make(code))

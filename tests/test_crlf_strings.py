"""String literals in files saved with CRLF (or CR) line ends read as Python reads them."""
from conftest import build_source, check_same

SOURCE = ('import cython\r\n\r\n'
          'def triple():\r\n    """doc\r\n    more"""\r\n    return """a\r\nb"""\r\n\r\n'
          'def continued():\r\n    return "x\\\r\ny"\r\n\r\n'
          'def raw():\r\n    return r"""p\\\r\nq"""\r\n\r\n'
          'def lone_cr():\r\n    return """u\rv"""\r\n')


def test_crlf_in_string_literals(tmp_path):
    built = build_source(SOURCE, tmp_path, "crlfmod")  # written as is: \r stays on Linux
    assert b"\r\n" in built.path.read_bytes()
    check_same(built, [("triple", ()), ("continued", ()), ("raw", ()), ("lone_cr", ())])
    assert built.compiled.triple.__doc__ == built.interpreted.triple.__doc__

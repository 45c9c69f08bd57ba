import cython


def s(x: str = "a\tb\\n\x41\u00e9\U0001F600\101'") -> str:
    y = 'single' "implicit" """triple
line"""
    z = r"raw\d" + b"bytes" + f"{x}" + "\N{BULLET}" + "\q" + "\ud800"
    return x

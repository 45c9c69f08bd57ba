"""`python -m pyc2c ...`: runs the pyc2c compiler that pyc2c.build.find_compiler() finds (the
`pyc2c` command installed by `pip install .` is that compiler itself)."""
import os
import sys


def main():
    from pyc2c.build import find_compiler
    try:
        exe = find_compiler()
    except FileNotFoundError as exc:
        print(f"pyc2c: {exc}", file=sys.stderr)
        return 2
    os.execv(exe, [exe, *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())

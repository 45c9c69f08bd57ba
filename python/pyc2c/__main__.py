"""`python -m pyc2c ...` and the installed `pyc2c` command: run the pyc2c compiler (the C
executable installed inside this package, or the one pyc2c.build.find_compiler() finds)."""
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

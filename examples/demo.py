"""make demo: compile examples/integrate.py with pyc2c, check it against CPython, show the speed-up.

Usage: python examples/demo.py --pyc2c build/pyc2c
"""
import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_of(fn, args, repeat):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyc2c", default=str(HERE.parent / "build" / "pyc2c"))
    opts = ap.parse_args()
    source = HERE / "integrate.py"
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        # --no-cache: show the time of a real compile, not of a build-cache hit
        subprocess.run([opts.pyc2c, "build", str(source), "-o", out, "--python", sys.executable,
                        "--no-cache"], check=True)
        build_time = time.perf_counter() - t0
        compiled = load("integrate", next(Path(out).glob("integrate.*.so")))
        interpreted = load("integrate_interpreted", source)

        args = (0.0, 2.0, 1_000_000)
        want = interpreted.integrate_f(*args)
        got = compiled.integrate_f(*args)
        t_py = best_of(interpreted.integrate_f, args, 3)
        t_c = best_of(compiled.integrate_f, args, 20)
        print(f"pyc2c build examples/integrate.py: {build_time * 1000:.0f} ms (C compile included)")
        print(f"integrate_f{args}")
        print(f"  CPython : {want!r:<22} {t_py * 1000:9.2f} ms")
        print(f"  pyc2c   : {got!r:<22} {t_c * 1000:9.2f} ms")
        print(f"  results {'equal' if got == want else 'DIFFER'}; speed-up {t_py / t_c:.0f}x")
        return 0 if got == want else 1


if __name__ == "__main__":
    sys.exit(main())

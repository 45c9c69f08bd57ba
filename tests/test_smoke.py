"""The end-to-end spine: the example compiles and agrees with CPython."""
import math

from conftest import ROOT, build_source, check_same


def test_integrate_example_matches_cpython(tmp_path):
    built = build_source((ROOT / "examples" / "integrate.py").read_text(), tmp_path, "integrate")
    check_same(built, [
        ("integrate_f", (0.0, 2.0, 1000)),
        ("integrate_f", (-1.5, 3.25, 777)),
        ("integrate_f", (0.0, 1.0, 1)),
        ("integrate_f", (1.0, 2.0, 0)),
        ("integrate_f", (1.0, 2.0), {"N": 10}),
    ])
    assert math.isclose(built.compiled.integrate_f(0.0, 3.0, 100000), 4.5, rel_tol=1e-3)

"""The tutorial's integration example in its four steps (our own versions, in bench/integrate/):
each compiles unchanged and returns exactly what CPython returns."""
import numpy as np
import pytest

from conftest import ROOT, build_source

STEPS = ["integrate_step1", "integrate_step2", "integrate_step4"]


def inputs(rows, seed):
    rng = np.random.default_rng(seed)
    lo = rng.uniform(-2.0, 2.0, rows)
    return lo, lo + rng.uniform(0.0, 3.0, rows), rng.integers(1, 300, rows)


@pytest.mark.parametrize("step", STEPS)
def test_step_matches_cpython(step, tmp_path):
    built = build_source((ROOT / "bench" / "integrate" / f"{step}.py").read_text(), tmp_path, step)
    for rows, seed in [(0, 1), (1, 2), (50, 3)]:
        lo, hi, n = inputs(rows, seed)
        got = built.compiled.apply_integrate(lo, hi, n)
        want = built.interpreted.apply_integrate(lo, hi, n)
        assert type(got) is np.ndarray and got.dtype == np.float64
        assert np.array_equal(got, want)


@pytest.mark.parametrize("step", ["integrate_step1", "integrate_step2"])
def test_short_column_raises_like_cpython(step, tmp_path):
    """Steps 1 and 2 keep bounds checks: a column shorter than col_n is an IndexError."""
    built = build_source((ROOT / "bench" / "integrate" / f"{step}.py").read_text(), tmp_path, step)
    lo, hi, n = inputs(5, 4)
    for mod in (built.compiled, built.interpreted):
        with pytest.raises(IndexError):
            mod.apply_integrate(lo[:3], hi, n)

"""Checking each variant against the reference, then timing all of a kernel's variants
interleaved: warm-up, then repeats in rotating order, keeping the best time per call."""
import gc
import math
import time

import numpy as np

MAX_CALLS_PER_SAMPLE = 10_000


def make_thunk(variant, fn, args):
    """A zero-argument callable doing one call of the variant on the shared arguments."""
    if variant.kind == "c":
        return variant.bind(fn, *args)
    return lambda: fn(*args)


def reset_outputs(kernel, args):
    """Fill output arrays with a value no kernel writes, so a variant that skips work is caught."""
    for i in kernel.outputs:
        args[i].fill(np.nan if args[i].dtype.kind in "fc" else -1)


def expected_result(kernel, args):
    """Run the reference on the arguments, with fresh output arrays of its own."""
    call_args = list(args)
    for i in kernel.outputs:
        call_args[i] = np.zeros_like(args[i])
    return result_of(kernel, call_args, kernel.reference(*call_args))


def result_of(kernel, args, returned):
    if kernel.outputs:
        return tuple(args[i].copy() for i in kernel.outputs)
    return returned


def compare(kernel, expected, got):
    """None if got matches expected, else a short description of the first mismatch."""
    if kernel.check:
        return kernel.check(expected, got)
    return compare_values(expected, got, kernel.rtol, kernel.atol)


def compare_values(expected, got, rtol, atol):
    if isinstance(expected, tuple):
        if not isinstance(got, tuple) or len(got) != len(expected):
            return f"returned {type(got).__name__}, expected {len(expected)} results"
        for k, (e, g) in enumerate(zip(expected, got)):
            msg = compare_values(e, g, rtol, atol)
            if msg:
                return f"output {k}: {msg}"
        return None
    if got is None:
        return "returned None"
    e, g = np.asarray(expected), np.asarray(got)
    if e.shape != g.shape:
        return f"shape {g.shape}, expected {e.shape}"
    if e.dtype.kind in "iub":
        bad = e != g
    else:
        scale = float(np.max(np.abs(e))) if e.size else 0.0
        tol = atol * scale + rtol * np.abs(e)
        with np.errstate(invalid="ignore"):
            bad = ~(np.abs(g.astype(np.float64) - e) <= tol)  # NaN counts as wrong
    if not bad.any():
        return None
    where = np.unravel_index(int(np.argmax(bad)), e.shape) if e.ndim else ()
    at = f" at {where[0] if len(where) == 1 else where}" if e.ndim else ""
    return (f"{int(bad.sum())} of {e.size} values wrong, e.g.{at}: "
            f"{g[where].item()!r} not {e[where].item()!r}")


def snapshot_inputs(kernel, args):
    return {i: a.copy() for i, a in enumerate(args)
            if isinstance(a, np.ndarray) and i not in kernel.outputs + kernel.scratch}


def restore_modified(args, snapshot):
    """Restore inputs a variant wrote to; return True if there were any."""
    modified = False
    for i, saved in snapshot.items():
        if not np.array_equal(args[i], saved, equal_nan=True):
            np.copyto(args[i], saved)
            modified = True
    return modified


def check(outcome, args, expected, snapshot):
    """The first call of a variant: its result must match the reference, inputs untouched.

    Returns the call's duration, which is Numba's compile time plus one run.
    """
    kernel = outcome.kernel
    reset_outputs(kernel, args)
    t0 = time.perf_counter()
    try:
        returned = outcome.thunk()
    except Exception as e:
        outcome.fail("error", f"{type(e).__name__}: {e}"[:160])
        return None
    seconds = time.perf_counter() - t0
    got = result_of(kernel, args, returned)
    if restore_modified(args, snapshot):
        outcome.fail("WRONG", "modified its input arrays")
    else:
        msg = compare(kernel, expected, got)
        if msg:
            outcome.fail("WRONG", msg[:200])
    return seconds


def timed(thunk, calls):
    enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter()
        for _ in range(calls):
            thunk()
        return time.perf_counter() - t0
    finally:
        if enabled:
            gc.enable()


def time_interleaved(outcomes, repeats, min_sample_s):
    """Best time per call for every live variant; a variant that raises is marked 'error'."""
    live = [o for o in outcomes if o.thunk is not None]
    for o in list(live):  # warm-up, which also sizes a sample to at least min_sample_s
        try:
            t = timed(o.thunk, 1)
        except Exception as e:
            o.fail("error", f"{type(e).__name__}: {e}"[:160])
            live.remove(o)
            continue
        o.calls = max(1, min(MAX_CALLS_PER_SAMPLE, math.ceil(min_sample_s / max(t, 1e-9))))
    for r in range(repeats):
        shift = r % len(live) if live else 0
        for o in live[shift:] + live[:shift]:
            if o.thunk is None:
                continue
            try:
                per_call = timed(o.thunk, o.calls) / o.calls
            except Exception as e:
                o.fail("error", f"{type(e).__name__}: {e}"[:160])
                continue
            o.best_s = per_call if o.best_s is None else min(o.best_s, per_call)
    for o in outcomes:
        if o.thunk is None:
            o.best_s = None

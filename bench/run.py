"""The benchmark driver behind `make bench`: builds every variant of every kernel, checks each
result against the reference, times the variants of a kernel interleaved in this one process,
prints the run-time and build-time tables and writes them to docs/benchmarks.md.

usage: python bench/run.py [--quick] [--kernel NAME[,NAME...]] [--pyc2c PATH] [--out FILE]
                           [--build-dir DIR]
"""
import argparse
import datetime
import importlib.util
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# Before anything loads libgomp, OpenBLAS or Numba: parallel variants all get the same threads
# (two by default), and BLAS, only the limit of the serial matmul, gets one.
os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("NUMBA_NUM_THREADS", os.environ["OMP_NUM_THREADS"])
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.dont_write_bytecode = True  # artefacts belong in build/, not beside the sources in bench/

from benchlib import build, machine, measure, report  # noqa: E402
from benchlib.defs import Outcome  # noqa: E402


# Table order: the tutorial first, then the issues' kernels; folders not listed follow by name.
ORDER = ("integrate", "integrate_scalar", "normalize", "gcd", "sum_pairs", "pairwise", "jacobi",
         "mandelbrot", "matmul", "nbody", "histogram", "prefix_sum", "rms")
# A run during which other processes took more of the CPUs than this gets a warning.
BUSY_WARNING = 0.10
PROBE_TIMEOUT_S = 300


@dataclass
class Settings:
    quick: bool
    repeats: int         # timed samples per variant, interleaved
    min_sample_s: float  # a sample repeats the call until it lasts this long
    triad_n: int
    triad_repeats: int


@dataclass
class Run:
    """Everything docs/benchmarks.md reports about one run."""
    args: argparse.Namespace
    settings: Settings
    when: datetime.datetime
    cpu: machine.CpuMonitor
    info: dict = field(default_factory=dict)
    bandwidth: dict = field(default_factory=dict)  # triad bytes/s, 'serial' and 'parallel'
    groups: list = field(default_factory=list)     # (kernel, outcomes)
    busy: dict = field(default_factory=dict)       # kernel name -> CPU share others took
    others_share: float = 0.0                      # ... and during the whole run
    elapsed_s: float = 0.0


FULL = Settings(False, repeats=15, min_sample_s=0.1, triad_n=20_000_000, triad_repeats=10)
QUICK = Settings(True, repeats=3, min_sample_s=0.01, triad_n=5_000_000, triad_repeats=5)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def warm_up_numba():
    """Import Numba and let it set up LLVM with a first compilation, so that no variant's build
    time includes either."""
    import numba
    numba.njit(lambda x: x + 1)(1)


def load_specs(selected):
    """(folder, kernel, openmp) for every selected kernel, in folder order.

    A name selects a folder (all its kernels) or one kernel. OpenMP is decided per folder,
    because a Pythran or C file there may hold both the serial and the parallel function.
    """
    found, names = [], set()
    folders = [d for d in BENCH.iterdir() if (d / "spec.py").is_file()]
    rank = {name: i for i, name in enumerate(ORDER)}
    for kdir in sorted(folders, key=lambda d: (rank.get(d.name, len(ORDER)), d.name)):
        spec = importlib.util.spec_from_file_location(f"spec_{kdir.name}", kdir / "spec.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        openmp = any(k.parallel for k in module.KERNELS)
        for kernel in module.KERNELS:
            names.update((kdir.name, kernel.name))
            if not selected or kdir.name in selected or kernel.name in selected:
                found.append((kdir, kernel, openmp))
    unknown = set(selected) - names
    if unknown:
        sys.exit(f"bench: unknown kernel {', '.join(sorted(unknown))}; "
                 f"known: {', '.join(sorted(names))}")
    return found


def probe(kernel, index, settings):
    """Make pyc2c's first call in a child process: a crash there must not end the whole run.

    Returns None if the call returned or raised (the check in this process reports that), else
    (status, note, detail).
    """
    cmd = [sys.executable, "-X", "faulthandler", __file__, "--probe", kernel.name, str(index),
           *(["--quick"] if settings.quick else [])]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return "error", f"its first call did not return within {PROBE_TIMEOUT_S} s", ""
    if p.returncode < 0:
        return "crashed", build.describe_exit(p.returncode), build.tail(p.stderr)
    return None


def probe_child(args):
    """The child side of probe(): load the built module and make one call."""
    name, index = args.probe
    settings = QUICK if args.quick else FULL
    kdir, kernel, _ = next(k for k in load_specs([name]) if k[1].name == name)
    variant = kernel.variants[int(index)]
    builder = build.Builder(Path(args.build_dir).resolve(), Path(args.pyc2c).resolve())
    fn = builder.load_built(kdir, variant)
    measure.make_thunk(variant, fn, kernel.make_args(settings.quick))()


def run_kernel(kdir, kernel, openmp, builder, settings):
    log(f"[{kernel.name}] {kernel.title}")
    args = kernel.make_args(settings.quick)
    expected = measure.expected_result(kernel, args)
    snapshot = measure.snapshot_inputs(kernel, args)
    outcomes = []
    for variant in kernel.variants:
        o = Outcome(kernel, variant)
        try:
            o.build_s, fn = builder.build(kdir, variant, openmp)
            o.thunk = measure.make_thunk(variant, fn, args)
        except build.BuildError as e:
            o.fail(e.status, e.note, e.detail)
        outcomes.append(o)
        done = f"built in {o.build_s:.2f} s" if o.build_s is not None else "loaded"
        log(f"    {variant.label:<24} {done if o.status == 'ok' else o.status + ': ' + o.note}")
    for index, o in enumerate(outcomes):
        if o.thunk is None:
            continue
        crash = probe(kernel, index, settings) if o.variant.kind == "pyc2c" else None
        if crash:
            o.fail(*crash)
            log(f"    {o.variant.label:<24} {o.status}: {o.note}")
            continue
        first_call = measure.check(o, args, expected, snapshot)
        if o.variant.kind == "numba" and first_call is not None:
            o.build_s = (o.build_s or 0.0) + first_call  # import + first call = compile time
        if o.status != "ok":
            log(f"    {o.variant.label:<24} {o.status}: {o.note}")
    if kernel.bytes_moved:
        for o in outcomes:
            o.bytes_moved = kernel.bytes_moved(args)
    cpu = machine.CpuMonitor()
    measure.time_interleaved(outcomes, settings.repeats, settings.min_sample_s)
    return outcomes, cpu.others_share()


def command(args):
    parts = ["make bench"]
    if args.kernel:
        parts.append(f"KERNEL={args.kernel}")
    if args.quick:
        parts.append("QUICK=1")
    return " ".join(parts)


def disturbance(run):
    share = run.others_share
    text = (f"- Other processes used {share:.0%} of the CPUs during the run (load average "
            f"{run.cpu.load_at_start:.2f} at its start)")
    if share > BUSY_WARNING:
        text += ": **the timings are disturbed, parallel ones most; rerun on an idle machine**"
    return text


def blas_settings():
    env = [f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("OPENBLAS_")]
    return f"- NumPy's OpenBLAS runs with {', '.join(env)}" if env else None


def document(run):
    args, settings, info, bandwidth = run.args, run.settings, run.info, run.bandwidth
    v = info["versions"]
    threads = os.environ["OMP_NUM_THREADS"]
    lines = [
        "# Benchmarks",
        "",
        "<!-- Written by bench/run.py (`make bench`); rerun it instead of editing. -->",
        "",
        f"`{command(args)}` on {run.when:%Y-%m-%d %H:%M} UTC took "
        f"{run.elapsed_s / 60:.1f} minutes (builds, checks and timing).",
    ]
    if settings.quick or args.kernel:
        lines += ["", "**A partial or smoke run (KERNEL or QUICK=1, smaller inputs and fewer "
                      "repeats): do not quote these numbers; run `make bench`.**"]
    lines += [
        "",
        "## Machine and versions",
        "",
        f"- CPU: {info['cpu']}, {info['cores']} cores, {info['memory']}; {info['os']}",
        f"- C compiler: {info['cc']}; every C build uses `{' '.join(build.OPT)}`, plus "
        f"`-fopenmp` in folders with parallel kernels; \"C reassoc\" adds "
        f"`{' '.join(build.REASSOC)}`",
        f"- pyc2c: {info['pyc2c']}",
        f"- Python {info['python']}; Cython {v['Cython']}, Pythran {v['pythran']}, "
        f"Numba {v['numba']} (llvmlite {v['llvmlite']}), NumPy {v['numpy']}",
        f"- Parallel kernels: OMP_NUM_THREADS={threads}, "
        f"NUMBA_NUM_THREADS={os.environ['NUMBA_NUM_THREADS']}",
        *filter(None, [blas_settings()]),
        f"- Memory bandwidth, STREAM triad over 3 x {settings.triad_n:,} float64: "
        f"{bandwidth['serial'] / 1e9:.1f} GB/s on 1 thread, "
        f"{bandwidth['parallel'] / 1e9:.1f} GB/s on {threads} threads",
        disturbance(run),
        "",
        "## Run time",
        "",
        f"Best time per call of {settings.repeats} samples taken in rotating order across a "
        "kernel's variants after a warm-up call, all in one process on the same inputs. Each "
        "variant's result was checked against the reference first. Memory-bound kernels show "
        "the bandwidth they reach and its fraction of the best triad on at most as many "
        "threads. "
        + report.legend(),
        "",
        report.run_table(run.groups, bandwidth, threads),
        "",
        # Kernels timed while others were busy are named when the run as a whole was not.
        report.kernel_list(run.groups, run.busy if run.others_share <= BUSY_WARNING else {},
                           BUSY_WARNING),
        "",
        "## Build time",
        "",
        "Wall time of one build, as a user runs it: `pyc2c build`; `cython -3` then gcc on "
        "the same unchanged source; `pythran`; Numba's import plus first call (compilation and "
        "one run); gcc on the hand-written C. \"(checked)\" is the source with its "
        "`# cython: boundscheck=False, wraparound=False` header turned to True. A Pythran or C "
        "file that holds both a serial and a parallel kernel is built once; both rows show "
        "that build.",
        "",
        report.build_table(run.groups),
    ]
    failed = report.failures(run.groups)
    if failed:
        lines += ["", "## Failures", "", failed]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller inputs, fewer repeats")
    ap.add_argument("--kernel", default="", help="comma-separated folder or kernel names")
    ap.add_argument("--pyc2c", default=str(ROOT / "build" / "pyc2c"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    ap.add_argument("--build-dir", default=str(ROOT / "build" / "bench"))
    ap.add_argument("--probe", nargs=2, metavar=("KERNEL", "INDEX"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.probe:
        return probe_child(args)
    settings = QUICK if args.quick else FULL
    selected = [k for k in args.kernel.replace(" ", ",").split(",") if k]
    start = time.perf_counter()
    run = Run(args, settings, datetime.datetime.now(datetime.timezone.utc), machine.CpuMonitor())

    kernels = load_specs(selected)
    pyc2c, out_dir = Path(args.pyc2c).resolve(), Path(args.build_dir).resolve()
    run.info = machine.describe(pyc2c)
    log(f"bench: {len(kernels)} kernels, {'quick' if settings.quick else 'full'} run; "
        f"measuring memory bandwidth")
    run.bandwidth = machine.triad(BENCH, out_dir / "stream", settings.triad_n,
                                  settings.triad_repeats)
    warm_up_numba()
    builder = build.Builder(out_dir, pyc2c)
    for kdir, kernel, openmp in kernels:
        outcomes, run.busy[kernel.name] = run_kernel(kdir, kernel, openmp, builder, settings)
        run.groups.append((kernel, outcomes))

    run.elapsed_s = time.perf_counter() - start
    run.others_share = run.cpu.others_share()
    text = document(run)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    log(f"bench: wrote {out} in {run.elapsed_s / 60:.1f} minutes")


if __name__ == "__main__":
    main()

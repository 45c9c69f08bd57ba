"""The machine, the tool versions, and its memory bandwidth (a STREAM-style triad)."""
import importlib.metadata
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from . import build, cbind, measure

PEERS = ("Cython", "pythran", "numba", "llvmlite", "numpy")
TRIAD_BYTES_PER_ELEMENT = 24


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory_gib():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return None


def tool_version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = (p.stdout or p.stderr).strip().splitlines()
    return out[0] if p.returncode == 0 and out else None


def describe(pyc2c: Path):
    versions = {}
    for name in PEERS:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    mem = memory_gib()
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory": f"{mem:.1f} GiB" if mem else "unknown",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "cc": tool_version([build.CC, "--version"]) or build.CC,
        "pyc2c": (tool_version([str(pyc2c), "--version"]) or f"{pyc2c} (no --version)")
                 if pyc2c.exists() else "not built",
        "versions": versions,
    }


def triad(bench_dir: Path, out_dir: Path, n: int, repeats: int):
    """Bandwidth in bytes/s of the triad on one thread and on the OpenMP threads."""
    out_dir.mkdir(parents=True, exist_ok=True)
    so = out_dir / "triad.so"
    subprocess.run([build.CC, *build.OPT, *build.OPENMP, "-shared", "-fPIC",
                    str(bench_dir / "stream" / "triad.c"), "-o", str(so)], check=True)
    sig = (cbind.PTR, cbind.PTR, cbind.PTR, cbind.F64, cbind.I64)
    fill = cbind.load(so, "fill_omp", None, (cbind.PTR, cbind.F64, cbind.I64))
    arrays = [np.empty(n) for _ in range(3)]
    for value, x in zip((0.0, 1.0, 2.0), arrays):
        fill(cbind.ptr(x), value, n)
    a, b, c = (cbind.ptr(x) for x in arrays)
    result = {}
    for key, symbol in (("serial", "triad"), ("parallel", "triad_omp")):
        fn = cbind.load(so, symbol, None, sig)
        best = min(measure.timed(lambda: fn(a, b, c, 3.0, n), 1) for _ in range(repeats))
        result[key] = TRIAD_BYTES_PER_ELEMENT * n / best
    if not np.all(arrays[0] == 1.0 + 3.0 * 2.0):
        sys.exit("bench: the triad computed a wrong result")
    return result


class CpuMonitor:
    """How much CPU other processes took while we ran: they disturb the timings, the parallel
    ones most (a thread that waits for a busy core stalls the whole loop)."""

    def __init__(self):
        self.load_at_start = os.getloadavg()[0]
        self.start = self._sample()

    @staticmethod
    def _sample():
        # /proc/stat: cpu user nice system idle iowait irq softirq steal ...
        ticks = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        busy = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
        own = sum(getattr(resource.getrusage(who), field)
                  for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                  for field in ("ru_utime", "ru_stime"))
        return time.monotonic(), busy, own

    def others_share(self):
        """The fraction of all CPUs used by other processes since the start."""
        (t0, busy0, own0), (t1, busy1, own1) = self.start, self._sample()
        others = (busy1 - busy0) - (own1 - own0)
        return max(0.0, others) / ((t1 - t0) * os.cpu_count())

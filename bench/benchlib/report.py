"""The run-time and build-time tables, as aligned Markdown for the terminal and the docs."""
from .defs import C_REF, PEER

BUILD_FAILURES = ("not yet", "build failed", "import failed")
NOTE_WIDTH = 100


def fmt_time(s):
    if s is None:
        return ""
    if s >= 1:
        return f"{s:.3g} s"
    if s >= 1e-3:
        return f"{s * 1e3:.3g} ms"
    return f"{s * 1e6:.3g} µs"


def fmt_seconds(s):
    return "" if s is None else f"{s:.2f} s"


def fmt_ratio(r):
    return "" if r is None else f"{r:.2f}x"


def ratio(a, b):
    return a / b if a is not None and b else None


def table(header, rows, align):
    """Markdown table padded to column widths; align is a string of 'l'/'r', one per column."""
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def line(row):
        padded = [c.rjust(w) if a == "r" else c.ljust(w) for c, w, a in zip(row, widths, align)]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if a == "r" else ("-" * (w + 2))
                          for w, a in zip(widths, align)) + "|"
    return "\n".join([line(header), rule] + [line(r) for r in cells[1:]])


def shorten(text, width=NOTE_WIDTH):
    text = " ".join(str(text).split()).replace("|", "/")
    return text if len(text) <= width else text[:width - 3] + "..."


def best_of(outcomes, role):
    times = [o.best_s for o in outcomes if o.variant.role == role and o.best_s is not None]
    return min(times) if times else None


def run_table(groups, bandwidth, threads):
    """groups: list of (kernel, outcomes); bandwidth: triad bytes/s, 'serial' and 'parallel'."""
    rows = []
    for kernel, outcomes in groups:
        c_time = next((o.best_s for o in outcomes if o.variant.role == C_REF), None)
        peer = best_of(outcomes, PEER)
        name = kernel.name + (f" ({threads} threads)" if kernel.parallel else "")
        for o in outcomes:
            t = o.best_s
            memory = ""
            if o.bytes_moved and t:
                bw = o.bytes_moved / t
                # The best triad on at most as many threads as the kernel uses.
                triad = max(bandwidth.values()) if kernel.parallel else bandwidth["serial"]
                memory = f"{bw / 1e9:.1f} GB/s ({bw / triad:.0%})"
            note = o.note
            if o.status == "ok" and o.variant.role == PEER and t == peer:
                note = "best peer" + (f"; {note}" if note else "")
            rows.append([name, o.variant.label,
                         fmt_time(t) if o.status == "ok" else o.status,
                         fmt_ratio(ratio(t, c_time)), fmt_ratio(ratio(t, peer)),
                         memory, shorten(note)])
            name = ""
    header = ["Kernel", "Variant", "Time", "vs C", "vs best peer", "Memory (of triad)", "Note"]
    return table(header, rows, "llrrrrl")


def build_cell(outcomes):
    cells = []
    for o in outcomes:
        if o.status in BUILD_FAILURES:
            cells.append(o.status)
        else:
            cells.append(fmt_seconds(o.build_s))
    return " / ".join(cells)


def build_table(groups):
    rows = []
    totals = {"pyc2c": 0.0, "cython": 0.0, "pairs_pyc2c": 0.0, "pairs_cython": 0.0}
    for kernel, outcomes in groups:
        by_source = {}
        for o in outcomes:
            if o.variant.kind in ("pyc2c", "cython") and not o.variant.reassoc:
                label = o.variant.source + (" (checked)" if o.variant.checked else "")
                by_source.setdefault(label, {})[o.variant.kind] = o
        others = {kind: [o for o in outcomes if o.variant.kind == kind and
                         (kind != "c" or o.variant.role == C_REF)]
                  for kind in ("pythran", "numba", "c")}
        first = True
        for label, pair in by_source.items():
            ours, theirs = pair.get("pyc2c"), pair.get("cython")
            t_ours = ours.build_s if ours and ours.status not in BUILD_FAILURES else None
            t_theirs = theirs.build_s if theirs and theirs.status not in BUILD_FAILURES else None
            totals["pyc2c"] += t_ours or 0.0
            totals["cython"] += t_theirs or 0.0
            if t_ours and t_theirs:
                totals["pairs_pyc2c"] += t_ours
                totals["pairs_cython"] += t_theirs
            rows.append([kernel.name if first else "", label,
                         build_cell([ours]) if ours else "", build_cell([theirs]) if theirs else "",
                         fmt_ratio(ratio(t_theirs, t_ours)),
                         *(build_cell(others[k]) if first else "" for k in others)])
            first = False
    rows.append(["total", "", fmt_seconds(totals["pyc2c"]), fmt_seconds(totals["cython"]),
                 fmt_ratio(ratio(totals["pairs_cython"], totals["pairs_pyc2c"])), "", "", ""])
    header = ["Kernel", "Source", "pyc2c build", "cythonize + cc", "Cython / pyc2c",
              "Pythran", "Numba first call", "C (gcc)"]
    return table(header, rows, "llrrrrrr")


def failures(groups):
    """Full stderr tails of failed builds, which the table can only summarise."""
    parts = []
    for kernel, outcomes in groups:
        for o in outcomes:
            if o.detail:
                parts.append(f"{kernel.name} / {o.variant.label}: {o.status}, {o.note}\n\n"
                             "```\n" + o.detail.strip() + "\n```")
    return "\n\n".join(parts)


def kernel_list(groups, busy, busy_warning):
    """One line per kernel; busy maps kernel names to the CPU share others took as it was timed."""
    lines = []
    for kernel, _ in groups:
        line = f"- `{kernel.name}`: {kernel.title}."
        if kernel.notes:
            line += " " + kernel.notes
        if busy.get(kernel.name, 0.0) > busy_warning:
            line += (f" *Other processes took {busy[kernel.name]:.0%} of the CPUs while it was "
                     "timed.*")
        lines.append(line)
    return "\n".join(lines)


def legend():
    return (
        "The ratios divide by the hand-written C of the same kernel (\"vs C\") and by the fastest "
        "of Cython, Pythran, Numba and NumPy (\"vs best peer\"). \"C reassoc\" is the same C "
        "compiled with reassociation (the limit for `@pyc2c.fastmath`) and BLAS is a different "
        "algorithm: both are limits, not peers. \"pyc2c -X fastmath\" is the same source built "
        "with `-X fastmath=True` (reassociation and fused multiply-adds, which gcc gives Cython's "
        "C by default): an opt-in, shown beside the default build. \"not yet\" means pyc2c reports that the source "
        "uses something it does not support yet; \"WRONG\" means the result did not match the "
        "reference, so the variant was not timed; \"crashed\" means pyc2c's module killed the "
        "process that made its first call (each runs in a child process first).")


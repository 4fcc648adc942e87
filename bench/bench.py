#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The m4fwloader benchmark: one table, on stdout and in OUT/results.md.

    bench.py --tool M4FWLOADER [--static-tool M4FWLOADER_STATIC] \\
             --copy BENCH_COPY --spawn BENCH_SPAWN --out DIR [options]

1. the copy routine against memcpy (bench_copy, a C program);
2. whole-process `m4fwloader load` of two raw images on a sparse memory
   file against `dd` of the same bytes to the same offset of that file,
   run side by side, interleaved: the median of the per-round ratios, for
   the default build and the static one, with the phases from -vv and
   what merely starting each program costs on this machine;
3. the peak resident memory of the DDR load (ru_maxrss from wait4);
4. instructions per loaded byte under callgrind, when valgrind is there.

Each measure the project sets a target for is marked met or MISSED. The
exit status is 0 whenever the benchmark ran, whatever the figures: a
benchmark must not break a build. It is 1 only when nothing could be
measured (a program missing, no place for the memory file).
"""
import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True         # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkelf  # noqa: E402

KiB = 1 << 10
MiB = 1 << 20
SOC = "imx7d"

# name, label, A address (= M address here), size, initial SP, dd block
# size, the targets of m4fwloader / dd for the default and the static
# build (None: shown, no target). i.MX7D memory map: OCRAM at 0x00900000
# (128 KiB, the SP at its top as M 0x20220000), DDR at 0x80000000.
CASES = [
    ("ocram", "32 KiB raw → OCRAM", 0x00900000, 32 * KiB, 0x20220000,
     32 * KiB, 1.0, 0.75),
    ("ddr", "16 MiB raw → DDR", 0x80000000, 16 * MiB, 0x81100000,
     1 * MiB, 1.5, None),
]
COPY_SIZES = [4 * KiB, 32 * KiB, 128 * KiB, 1 * MiB, 16 * MiB]

# The targets the project commits to.
COPY_RATIO_MIN = 0.5            # iocopy_to / memcpy, sizes >= 32 KiB
COPY_RATIO_FROM = 32 * KiB
RSS_SLACK = 4 * MiB             # peak RSS of the DDR load <= image + this
IPB_MAX = 2.0                   # instructions per byte, copy+verify path

RE_PLAN = re.compile(r"timing: read\+parse\+plan (\d+) us")
RE_EXEC = re.compile(r"timing: open\+lock\+map (\d+) us, "
                     r"copy\+verify (\d+) us, registers (\d+) us")


class BenchError(Exception):
    pass


# ---- statistics and formatting ------------------------------------------

def pct(values, p):
    """Nearest-rank percentile, as bench_copy computes it."""
    v = sorted(values)
    k = (len(v) - 1) * p
    return v[k // 100 + (1 if k % 100 >= 50 else 0)]


def median(values):
    return pct(values, 50)


def size_name(n):
    if n >= MiB and n % MiB == 0:
        return "%d MiB" % (n // MiB)
    return "%d KiB" % (n // KiB)


def fmt_gbs(x):
    return "%.1f GB/s" % (x / 1e9)


def fmt_ms(us):
    return "%.2f ms" % (us / 1000.0)


def fmt_us(ns):
    return "%.1f µs" % (ns / 1000.0)


def fmt_mib(b):
    return "%.2f MiB" % (b / MiB)


def fmt_int(x):
    return "%d" % round(x)


def spread(lo, hi, fmt):
    """lo–hi, with the unit written once when both values share it."""
    a, b = fmt(lo), fmt(hi)
    if " " in a and a.rsplit(" ", 1)[1] == b.rsplit(" ", 1)[-1]:
        a = a.rsplit(" ", 1)[0]
    return "%s–%s" % (a, b)


# ---- machine -------------------------------------------------------------

def cpu_model():
    keys = ("model name", "Hardware", "Processor", "cpu model")
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k.strip() in keys and v.strip():
                    return v.strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def fs_type(path):
    """The file system type of the mount that holds @path."""
    path = os.path.realpath(path)
    best, kind = "", "?"
    try:
        with open("/proc/mounts") as f:
            for line in f:
                fields = line.split()
                if len(fields) < 3:
                    continue
                mnt = fields[1].replace("\\040", " ")
                inside = path == mnt or path.startswith(mnt.rstrip("/") + "/")
                if inside and len(mnt) >= len(best):
                    best, kind = mnt, fields[2]
    except OSError:
        pass
    return kind


def first_line(argv):
    try:
        out = subprocess.run(argv, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.splitlines()[0].strip() if out.strip() else ""


def git_state(repo):
    rev = first_line(["git", "-C", repo, "rev-parse", "--short", "HEAD"])
    if not rev:
        return ""
    dirty = first_line(["git", "-C", repo, "status", "--porcelain",
                        "--", "src", "include"])
    return "git %s%s" % (rev, " + uncommitted src/" if dirty else "")


def pick_tmpdir(wanted):
    """tmpfs when there is one: no writeback of the memory file's pages
    (which would write-protect them and add faults) and no disk I/O."""
    if wanted:
        return wanted
    env = os.environ.get("TMPDIR")
    if env and fs_type(env) == "tmpfs":
        return env
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK) \
            and fs_type(shm) == "tmpfs":
        return shm
    return tempfile.gettempdir()


# ---- 1. copy routine -------------------------------------------------------

def bench_copy(exe, tmpdir, seconds):
    argv = [exe, "-d", tmpdir, "-t", str(seconds)]
    argv += [str(s) for s in COPY_SIZES]
    res = subprocess.run(argv, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    if res.returncode:
        raise BenchError("bench_copy failed: " + res.stderr.strip())
    stats = {}
    for line in res.stdout.splitlines():
        if not line.startswith("op="):
            continue
        kv = dict(f.split("=", 1) for f in line.split())
        stats[(kv["op"], int(kv["size"]))] = {
            k: float(kv[k]) for k in ("n", "median", "p10", "p90",
                                      "min", "max")}
    return stats


def copy_rows(stats, verdicts):
    rows = [("**1. copy routine**", "", "", "", "")]
    for size in COPY_SIZES:
        s = size_name(size)

        def get(op):
            return stats.get((op, size))

        for op in ("iocopy_to", "memcpy"):
            st = get(op)
            if st:
                rows.append(("copy %s: %s" % (s, op), fmt_gbs(st["median"]),
                             spread(st["p10"], st["p90"], fmt_gbs), "", ""))
        st = get("ratio_iocopy_to_memcpy")
        if st:
            target, verdict = "", ""
            if size >= COPY_RATIO_FROM:
                ok = st["median"] >= COPY_RATIO_MIN
                target = "≥ %.2f×" % COPY_RATIO_MIN
                verdict = "met" if ok else "MISSED"
                verdicts.setdefault("copy", []).append((s, ok))
            rows.append(("copy %s: iocopy_to / memcpy" % s,
                         "%.2f×" % st["median"],
                         "%.2f–%.2f" % (st["p10"], st["p90"]),
                         target, verdict))
        st = get("iocopy_compare")
        if st:
            rows.append(("compare %s: iocopy_compare" % s,
                         fmt_gbs(st["median"]),
                         spread(st["p10"], st["p90"], fmt_gbs), "", ""))
        st, mc = get("ratio_iocopy_compare_memcmp"), get("memcmp")
        if st and mc:
            rows.append(("compare %s: iocopy_compare / memcmp" % s,
                         "%.2f×" % st["median"],
                         "%.2f–%.2f" % (st["p10"], st["p90"]),
                         "(memcmp %s)" % fmt_gbs(mc["median"]), ""))
    return rows


# ---- 2. and 3. whole-process loads ------------------------------------------

def run_once(spawn, argv, err_path):
    """One run through bench_spawn: a dict of its figures and stderr."""
    res = subprocess.run([spawn, "-e", err_path, "--"] + argv,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    if res.returncode:
        raise BenchError("bench_spawn failed: " + res.stderr.strip())
    r = {k: int(v) for k, v in (f.split("=", 1)
                                for f in res.stdout.split())}
    with open(err_path, errors="replace") as f:
        err = f.read()
    if r["status"]:
        raise BenchError("%s failed (exit %d): %s" %
                         (" ".join(argv), r["status"], err.strip()[-600:]))
    fig = {"wall": r["wall_ns"] / 1000.0, "rss": r["maxrss_kib"] * KiB,
           "cpu": float(r["utime_us"] + r["stime_us"]),
           "minflt": float(r["minflt"])}
    m1, m2 = RE_PLAN.search(err), RE_EXEC.search(err)
    if m1 and m2:
        fig.update(parse=int(m1.group(1)), map=int(m2.group(1)),
                   copy=int(m2.group(2)), regs=int(m2.group(3)))
    return fig


def load_jobs(tool, static, tmpdir, mem):
    """(name, argv) of every command of one round, and the image paths."""
    dd = shutil.which("dd")
    if not dd:
        raise BenchError("dd not found")
    true = shutil.which("true") or "/bin/true"
    jobs = [("true", [true]), ("version", [tool, "--version"])]
    if static:
        jobs.append(("version-static", [static, "--version"]))
    images = {}
    for name, _, addr, size, sp, bs, _, _ in CASES:
        img = os.path.join(tmpdir, name + ".bin")
        with open(img, "wb") as f:
            f.write(mkelf.image_bytes(addr, size, sp, 1)[0])
        images[name] = img
        load = ["--soc", SOC, "--mem", mem, "load", img, "0x%x" % addr]
        jobs.append((name + "/dd", [dd, "if=" + img, "of=" + mem,
                                    "bs=%d" % bs, "seek=%d" % addr,
                                    "oflag=seek_bytes", "conv=notrunc",
                                    "status=none"]))
        jobs.append((name + "/default", [tool] + load))
        if static:
            jobs.append((name + "/static", [static] + load))
        jobs.append((name + "/default -vv", [tool, "-vv"] + load))
    return jobs, images


def bench_loads(tool, static, spawn, tmpdir, runs):
    mem = os.path.join(tmpdir, "mem")
    err = os.path.join(tmpdir, "stderr")
    jobs, images = load_jobs(tool, static, tmpdir, mem)
    # Created first: the tool creates a missing memory file too, but not
    # under /dev/ (/dev/shm), and it takes a missing /dev/ path for a device.
    open(mem, "ab").close()

    # The first run of each allocates the memory file's pages; not counted.
    for _, argv in jobs:
        run_once(spawn, argv, err)
    results = {name: [] for name, _ in jobs}
    # Round robin, each round starting one job further, so that a slow
    # spell of the machine hits every job and no job always follows another.
    for i in range(runs):
        k = i % len(jobs)
        for name, argv in jobs[k:] + jobs[:k]:
            results[name].append(run_once(spawn, argv, err))
    return results, dict(jobs)


def ratios(results, num, den, key="wall"):
    """Per-round ratios num/den (the same round: neighbours in time)."""
    return [a[key] / b[key] for a, b in zip(results[num], results[den])]


def ms_row(what, rs, key, fmt=fmt_ms, target="", verdict=""):
    vals = [r[key] for r in rs if key in r]
    if not vals:
        return (what, "n/a", "(no -vv timing)", target, verdict)
    return (what, fmt(median(vals)), spread(pct(vals, 10), pct(vals, 90), fmt),
            target, verdict)


def ratio_row(what, rs, target=None, verdicts=None, key=None):
    med = median(rs)
    t, v = "", ""
    if target is not None:
        ok = med <= target
        t, v = "≤ %.2f" % target, "met" if ok else "MISSED"
        verdicts[key] = ok
    return (what, "%.3f" % med, "%.3f–%.3f" % (pct(rs, 10), pct(rs, 90)),
            t, v)


def load_rows(results, stats, verdicts, static):
    rows = [("**2. whole-process load / dd (median of per-round ratios)**",
             "", "", "", "")]
    base = results["true"]
    rows.append(ms_row("start: /bin/true, wall", base, "wall"))
    rows.append(ms_row("start: m4fwloader --version, wall",
                       results["version"], "wall"))
    if static:
        rows.append(ms_row("start: static m4fwloader --version, wall",
                           results["version-static"], "wall"))
    for op, what in (("fault_write_ns", "page fault on a file page, write"),
                     ("fault_read_ns", "page fault on a file page, read"),
                     ("populate_write_ns", "MADV_POPULATE_WRITE, per page"),
                     ("touch_populated_ns",
                      "first write to a populated page"),
                     ("drop_touched_ns", "MADV_DONTNEED, per page")):
        st = stats.get((op, 4096)) if stats else None
        if st:
            rows.append(("start: %s" % what, fmt_us(st["median"]),
                         spread(st["p10"], st["p90"], fmt_us),
                         "(CPU time)", ""))
    per_page = [stats.get((op, 4096)) if stats else None
                for op in ("populate_write_ns", "touch_populated_ns",
                           "drop_touched_ns")]
    # Mapping a page of a memory file and taking it away again; a window
    # of at most 1 MiB is not dropped (left to the exit).
    map_ns = (per_page[0]["median"] + per_page[1]["median"]
              if per_page[0] and per_page[1] else None)
    drop_ns = per_page[2]["median"] if per_page[2] else None
    for name, label, _, size, _, bs, t_def, t_static in CASES:
        dd = name + "/dd"
        p = "%s: " % label
        rows.append((p + "dd bs=%s, wall" % size_name(bs).replace(" ", ""),
                     fmt_ms(median([r["wall"] for r in results[dd]])), "",
                     "", ""))
        rows.append(ratio_row(p + "m4fwloader / dd",
                              ratios(results, name + "/default", dd),
                              t_def, verdicts, name + "/default"))
        if static:
            rows.append(ratio_row(p + "static m4fwloader / dd",
                                  ratios(results, name + "/static", dd),
                                  t_static, verdicts, name + "/static"))
        # What no load can go below: starting the program, against dd.
        rows.append(ratio_row(p + "floor: m4fwloader --version / dd",
                              ratios(results, "version", dd)))
        if static:
            rows.append(ratio_row(p + "floor: static --version / dd",
                                  ratios(results, "version-static", dd)))
        if map_ns and drop_ns:
            # Every page of the image is mapped into the tool once (and,
            # past 1 MiB, dropped again); dd copies in the kernel and maps
            # none of them.
            page_ns = map_ns + (drop_ns if size > MiB else 0)
            pages_ms = size / 4096 * page_ns / 1e6
            rows.append((p + "floor: --version + %d pages mapped / dd"
                         % (size // 4096),
                         "%.3f" % ((median([r["wall"]
                                            for r in results["version"]]) +
                                    pages_ms * 1000) /
                                   median([r["wall"] for r in results[dd]])),
                         "(pages: %.2f ms)" % pages_ms, "", ""))
        rs = results[name + "/default"]
        rows.append(ms_row(p + "m4fwloader wall", rs, "wall"))
        rows.append(ms_row(p + "m4fwloader minor faults (dd: %s)"
                           % fmt_int(median([r["minflt"]
                                             for r in results[dd]])),
                           rs, "minflt", fmt_int))
        vv = results[name + "/default -vv"]
        rows.append(ms_row(p + "-vv wall", vv, "wall"))
        rows.append(ms_row(p + "-vv read+parse+plan", vv, "parse"))
        rows.append(ms_row(p + "-vv open+lock+map", vv, "map"))
        rows.append(ms_row(p + "-vv copy+verify", vv, "copy"))
        rows.append(ms_row(p + "-vv registers", vv, "regs"))
    return rows


def rss_rows(results, verdicts):
    rows = [("**3. peak resident memory**", "", "", "", "")]
    for name, label, _, size, _, _, _, _ in CASES:
        rss = [r["rss"] for r in results[name + "/default"]]
        target, verdict = "", ""
        if name == "ddr":
            ok = max(rss) <= size + RSS_SLACK
            target = "max ≤ image + %d MiB" % (RSS_SLACK // MiB)
            verdict = "met" if ok else "MISSED"
            verdicts["rss"] = ok
        rows.append(("peak RSS, %s" % label, fmt_mib(median(rss)),
                     spread(min(rss), max(rss), fmt_mib) + " (min–max)",
                     target, verdict))
        rows.append(("peak RSS − image, %s" % label,
                     fmt_mib(max(rss) - size), "(max)", "", ""))
    return rows


# ---- 4. callgrind ------------------------------------------------------

RE_TOTAL = re.compile(r"^\s*([\d,]+)\s.*PROGRAM TOTALS")
# "  29,360,672 (34.89%)  src/iocopy.c:iocopy_to [/path/m4fwloader]"
RE_FUNC = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\S.*?)"
                     r"\s+\[[^\]]*\]\s*$")


def annotate(out, inclusive):
    argv = ["callgrind_annotate", "--threshold=100", "--auto=no",
            "--inclusive=%s" % ("yes" if inclusive else "no"), out]
    res = subprocess.run(argv, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    if res.returncode:
        raise BenchError("callgrind_annotate failed: " + res.stderr.strip())
    total, funcs = None, {}
    for line in res.stdout.splitlines():
        m = RE_TOTAL.match(line)
        if m:
            total = int(m.group(1).replace(",", ""))
            continue
        m = RE_FUNC.match(line)
        if m:
            fn = m.group(2).rsplit(":", 1)[-1].strip()
            funcs[fn] = max(funcs.get(fn, 0),
                            int(m.group(1).replace(",", "")))
    if total is None:
        raise BenchError("no PROGRAM TOTALS in callgrind_annotate output")
    return total, funcs, res.stdout


def bench_callgrind(argv, outdir):
    if not shutil.which("valgrind") or not shutil.which("callgrind_annotate"):
        return None
    out = os.path.join(outdir, "callgrind.out")
    # Without -vv: count the loader, not its log lines.
    argv = [a for a in argv if a != "-vv"]
    res = subprocess.run(["valgrind", "--tool=callgrind",
                          "--callgrind-out-file=" + out] + argv,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    if res.returncode:
        raise BenchError("callgrind run failed: " + res.stderr.strip()[-500:])
    total, incl, text_incl = annotate(out, True)
    _, self_, text_self = annotate(out, False)
    with open(os.path.join(outdir, "callgrind.txt"), "w") as f:
        f.write("# callgrind_annotate --inclusive=no\n" + text_self)
        f.write("\n# callgrind_annotate --inclusive=yes\n" + text_incl)
    return {"total": total, "incl": incl, "self": self_}


def callgrind_rows(cg, size, verdicts, why_not):
    rows = [("**4. instructions per loaded byte**", "", "", "", "")]
    target = "≤ %g" % IPB_MAX
    if not cg:
        rows.append(("Ir / byte, copy+verify", "n/a", why_not, target,
                     "not measured"))
        return rows
    to = cg["incl"].get("iocopy_to", 0)
    cmp_ = cg["incl"].get("iocopy_compare", 0)
    ok = (to + cmp_) / size <= IPB_MAX
    verdicts["ipb"] = ok
    rows.append(("Ir / byte, whole run (16 MiB raw → DDR)",
                 "%.2f" % (cg["total"] / size),
                 "%.1f M Ir" % (cg["total"] / 1e6), "", ""))
    rows.append(("Ir / byte, copy+verify (iocopy_to + iocopy_compare)",
                 "%.2f" % ((to + cmp_) / size),
                 "%.1f M Ir" % ((to + cmp_) / 1e6), target,
                 "met" if ok else "MISSED"))
    rows.append(("Ir / byte, iocopy_to", "%.2f" % (to / size),
                 "%.1f M Ir" % (to / 1e6), "", ""))
    rows.append(("Ir / byte, iocopy_compare", "%.2f" % (cmp_ / size),
                 "%.1f M Ir" % (cmp_ / 1e6), "", ""))
    return rows


# ---- the table ----------------------------------------------------------

HEAD = ("measure", "median", "spread (p10–p90)", "target", "verdict")


def render(header, rows, footer):
    w = [max(len(r[i]) for r in [HEAD] + rows) for i in range(5)]
    lines = list(header) + [""]

    def fmt(r):
        return "| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(r)) \
            + " |"

    lines.append(fmt(HEAD))
    lines.append("|" + "|".join("-" * (x + 2) for x in w) + "|")
    lines += [fmt(r) for r in rows]
    lines += [""] + list(footer)
    return "\n".join(lines) + "\n"


def summary(verdicts):
    parts, met = [], 0
    items = [
        ("copy", "copy ≥ %.1f× memcpy from 32 KiB" % COPY_RATIO_MIN),
        ("ocram/default", "32 KiB load / dd ≤ 1.0"),
        ("ocram/static", "static 32 KiB load / dd ≤ 0.75"),
        ("ddr/default", "16 MiB load / dd ≤ 1.5"),
        ("rss", "DDR RSS ≤ image + %d MiB" % (RSS_SLACK // MiB)),
        ("ipb", "copy+verify ≤ %g Ir/B" % IPB_MAX),
    ]
    for key, what in items:
        v = verdicts.get(key)
        if key == "copy" and v is not None:
            missed = [s for s, ok in v if not ok]
            v = not missed
            if missed:
                what += " (MISSED at %s)" % ", ".join(missed)
        if v is None:
            parts.append("%s: not measured" % what)
        elif v:
            met += 1
            parts.append("%s: met" % what)
        else:
            parts.append("%s: MISSED" % what if "MISSED" not in what
                         else what)
    return "targets met: %d of %d — %s" % (met, len(items), "; ".join(parts))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True, help="the m4fwloader binary")
    ap.add_argument("--static-tool", help="a static m4fwloader (make "
                    "STATIC=1), measured beside the default one")
    ap.add_argument("--copy", required=True, help="the bench_copy binary")
    ap.add_argument("--spawn", required=True, help="the bench_spawn binary")
    ap.add_argument("--out", required=True, help="directory for results.md")
    ap.add_argument("--runs", type=int, default=60,
                    help="counted rounds of every command (default 60)")
    ap.add_argument("--copy-seconds", type=float, default=1.5,
                    help="time box per copy size (default 1.5)")
    ap.add_argument("--tmpdir", help="where the memory file goes (default: "
                    "$TMPDIR or /dev/shm if tmpfs, else the system default)")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--cc", default="", help="the compiler, for the header")
    ap.add_argument("--cflags", default="", help="CFLAGS, for the header")
    args = ap.parse_args()

    tool, copy, spawn = (os.path.abspath(p) for p in
                         (args.tool, args.copy, args.spawn))
    for exe in (tool, copy, spawn):
        if not os.access(exe, os.X_OK):
            sys.stderr.write("bench: %s: not built\n" % exe)
            return 1
    static = None
    notes = []
    if args.static_tool:
        static = os.path.abspath(args.static_tool)
        if not os.access(static, os.X_OK):
            notes.append("static build not measured: %s not built (needs "
                         "libelf.a and libz.a)" % static)
            static = None
    os.makedirs(args.out, exist_ok=True)
    runs = max(args.runs, 1)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    load1 = os.getloadavg()[0]
    started = time.monotonic()

    try:
        tmpdir = tempfile.mkdtemp(prefix="m4fw-bench.",
                                  dir=pick_tmpdir(args.tmpdir))
    except OSError as e:
        sys.stderr.write("bench: no room for the memory file: %s\n" % e)
        return 1

    rows, verdicts = [], {}
    measured = False
    stats, copy_n = {}, ""
    try:
        try:
            stats = bench_copy(copy, tmpdir, args.copy_seconds)
            rows += copy_rows(stats, verdicts)
            copy_n = "/".join("%d" % stats[("iocopy_to", s)]["n"]
                              for s in COPY_SIZES
                              if ("iocopy_to", s) in stats)
            measured = True
        except (BenchError, OSError) as e:
            notes.append("copy routine not measured: %s" % e)
        jobs = None
        try:
            results, jobs = bench_loads(tool, static, spawn, tmpdir, runs)
            rows += load_rows(results, stats, verdicts, static)
            rows += rss_rows(results, verdicts)
            measured = True
        except (BenchError, OSError) as e:
            notes.append("loads not measured: %s" % e)
        cg, why_not = None, "valgrind not installed"
        if args.no_callgrind:
            why_not = "--no-callgrind"
        elif jobs:
            try:
                cg = bench_callgrind(jobs["ddr/default"], args.out)
            except (BenchError, OSError) as e:
                why_not = "callgrind failed"
                notes.append("callgrind: %s" % e)
        else:
            why_not = "no load ran"
        rows += callgrind_rows(cg, CASES[-1][3], verdicts, why_not)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)

    if not measured:
        sys.stderr.write("bench: nothing could be measured\n")
        for n in notes:
            sys.stderr.write("bench: %s\n" % n)
        return 1

    cc = first_line(args.cc.split() + ["--version"]) if args.cc else ""
    build = ", ".join(x for x in (first_line([tool, "--version"]),
                                  "static build too" if static else "",
                                  git_state(repo), cc,
                                  "CFLAGS " + args.cflags.strip()
                                  if args.cflags.strip() else "") if x)
    now = datetime.datetime.now(datetime.timezone.utc)
    sizes = "/".join(size_name(x).replace(" ", "") for x in COPY_SIZES)
    header = [
        "## m4fwloader benchmark",
        "",
        "- machine: %s, %s, %d CPUs, Linux %s; load average %.1f at start"
        % (platform.machine(), cpu_model(), os.cpu_count() or 0,
           platform.release(), load1),
        "- date: %s; build: %s" % (now.strftime("%Y-%m-%d %H:%M UTC"), build),
        "- repetitions: 1. %s samples per routine for %s (a %g s box per "
        "size, each sample a batch of ≥ 0.2 ms); 2.–3. %d rounds of every "
        "command after 1 uncounted warm-up; 4. one run"
        % (copy_n or "no", sizes, args.copy_seconds, runs),
        "- 1: iocopy_to / iocopy_compare against memcpy / memcmp into one "
        "pre-faulted MAP_SHARED file mapping, the four interleaved; thread "
        "CPU time; caches hot up to 1 MiB; GB/s = 10^9 B/s",
        "- 2–3: `m4fwloader --soc %s --mem FILE load X.bin ADDR` (default "
        "build%s, and the default build with -vv for the phases) against "
        "`dd if=X.bin of=FILE bs=B seek=ADDR oflag=seek_bytes conv=notrunc`; "
        "raw images generated (a vector, random data), FILE reused; each "
        "round runs every command once, in turn, starting one further each "
        "round; a ratio is taken within a round, the median over rounds "
        "shown; wall = fork to wait4 in bench_spawn; RSS = ru_maxrss"
        % (SOC, ", the static build" if static else ""),
        "- 4: valgrind --tool=callgrind, user-space instructions of one "
        "16 MiB DDR load without -vv; copy+verify = inclusive Ir of iocopy_to + "
        "iocopy_compare; per-function counts in %s"
        % os.path.join(args.out, "callgrind.txt"),
        "- memory file and copy mapping on %s (%s); the benchmark took %.0f s"
        % (fs_type(tmpdir), os.path.dirname(tmpdir),
           time.monotonic() - started),
    ]
    footer = [summary(verdicts)] + ["note: " + n for n in notes]
    table = render(header, rows, footer)
    sys.stdout.write(table)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The project's mutation run: does the test suite notice a bug?

    scripts/mutate.py [--list FILE] [--only ID[,ID...]] [--budget SECONDS]
                      [--rotate] [--no-baseline] [--cc CC] [--jobs N]
                      [--firmware DIR] [--keep]
    scripts/mutate.py --check      (every text still found? no build)

Each mutation of the list (tests/mutations.txt) replaces one exact piece of
source text by another. The tree is copied once to a scratch directory and
built there; then, one mutation at a time, the file is changed, the tool and
the unit tests rebuilt, and the suite run, stopping at the first part that
fails: unit tests, golden outputs, documentation, fault suite, safety suite,
CLI suite (roughly fastest first). The file is put back before the next one.

Verdicts:
  killed      a part of the suite failed (or timed out): the bug is seen
  SURVIVED    the whole suite passed with the bug in: a missing test
  equivalent  not run: the list explains why no test can see it
  STALE       the text to replace is not in the file (or is there more
              than once): the list must follow the source
  BUILD       the mutated source does not compile: not a useful mutation

Matching exact text, not line numbers, lets the list survive refactors; a
mutation whose text moved to another file is reported STALE, never passed.

--budget stops starting new mutations once that many seconds have gone
since the baseline (the build, and the suite on the unmutated tree unless
--no-baseline);
--rotate starts the list at a place that moves with the day of the year
(--rotate-step entries a day, default 4: fewer than a budgeted run gets
through, so that daily runs cover the whole list without gaps).
The last line is "N passed, N failed[, N skipped]": killed mutants pass;
survivors, stale and broken entries fail; equivalent ones are skipped.
Exit status 1 when anything failed.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PART_TIMEOUT = 300


def parse_list(path):
    """Blocks of "key = value" lines under "[id]" headers; '#' comments."""
    muts, cur = [], None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                cur = {"id": line[1:-1], "line": n}
                muts.append(cur)
                continue
            key, sep, value = line.partition(" = ")
            if not sep or cur is None or key not in (
                    "file", "from", "to", "equivalent", "why"):
                sys.exit("%s:%d: expected [id] or file/from/to/why/"
                         "equivalent = VALUE" % (path, n))
            cur[key] = value
    ids = set()
    for m in muts:
        for key in ("file", "from", "to"):
            if key not in m:
                sys.exit("%s:%d: [%s] has no '%s ='" %
                         (path, m["line"], m["id"], key))
        if m["id"] in ids:
            sys.exit("%s:%d: [%s] twice" % (path, m["line"], m["id"]))
        ids.add(m["id"])
        # "\t" in a value stands for a tab (kernel style indents with tabs).
        for key in ("from", "to"):
            m[key] = m[key].replace("\\t", "\t")
    return muts


def copy_tree(dst):
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
        check=True, capture_output=True).stdout.split(b"\0")
    for rel in files:
        if not rel:
            continue
        rel = rel.decode()
        src = os.path.join(ROOT, rel)
        if not os.path.isfile(src):
            continue
        os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
        shutil.copy2(src, os.path.join(dst, rel))


def run(cmd, cwd, timeout):
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                           timeout=timeout)
        return p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", ""


def build(tree, cc):
    return run(["make", "-s", "-j2", "CC=" + cc, "m4fwloader", "unit-tests",
                "build/fault/fault_preload.so"], tree, PART_TIMEOUT)


def parts(tree, fw):
    tool = "./m4fwloader"
    units = sorted(os.path.join("build/tests", f)
                   for f in os.listdir(os.path.join(tree, "build/tests"))
                   if f.startswith("test_") and "." not in f)
    return [
        ("unit", ["--unit"] + units),
        ("golden", ["--golden", tool, fw]),
        ("docs", ["--docs", tool, "m4fwloader.1",
                  "completion/m4fwloader.bash"]),
        ("fault", ["--fault", tool, fw, "build/fault/fault_preload.so"]),
        ("safety", ["--safety", tool, fw]),
        ("cli", ["--cli", tool, fw]),
    ]


def try_mutant(tree, fw, cc):
    """The name of the first part that fails, or None if all pass."""
    rc, out = build(tree, cc)
    if rc != 0:
        return "BUILD", out
    for name, args in parts(tree, fw):
        rc, out = run(["tests/run-tests.sh"] + args, tree, PART_TIMEOUT)
        if rc != 0:
            return name, out
    return None, ""


def check_only(muts):
    """Every listed text found exactly once; the list read as a table."""
    bad = 0
    for m in muts:
        try:
            text = open(os.path.join(ROOT, m["file"]), encoding="utf-8").read()
            count = text.count(m["from"])
        except OSError:
            count = 0
        if count != 1:
            bad += 1
            print("STALE      %-36s %s: the text is %s there" % (
                m["id"], m["file"], "not" if not count else
                "%d times" % count))
    files = sorted({m["file"] for m in muts})
    print("%d mutations in %d files, %d equivalent, %d stale" % (
        len(muts), len(files), sum(1 for m in muts if "equivalent" in m),
        bad))
    return 1 if bad else 0


def run_shard(muts, scratch, fw, a, t0, results, lock):
    """Apply each mutation of @muts in turn to the tree in @scratch."""
    for m in muts:
        if a.budget and time.time() - t0 > a.budget:
            break
        path = os.path.join(scratch, m["file"])
        if "equivalent" in m:
            r = (m, "equivalent", m["equivalent"], 0)
            with lock:
                results.append(r)
            continue
        try:
            text = open(path, encoding="utf-8").read()
            count = text.count(m["from"])
        except OSError:
            count = 0
        if count != 1:
            r = (m, "STALE", "the text is %s in %s" % (
                "not" if count == 0 else "%d times" % count, m["file"]), 0)
        else:
            t1 = time.time()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(m["from"], m["to"]))
            try:
                part, out = try_mutant(scratch, fw, a.cc)
            finally:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            dt = time.time() - t1
            if part is None:
                r = (m, "SURVIVED", "the whole suite passed", dt)
            elif part == "BUILD":
                tail = [l for l in out.splitlines() if "error" in l][:1]
                r = (m, "BUILD", " ".join(tail), dt)
            else:
                # Name the first test that failed, as the runner printed it.
                first = [l.strip() for l in out.splitlines()
                         if ": not ok " in l or "planned " in l
                         or "exited with status" in l][:1]
                r = (m, "killed", "by " + part + (
                    " (" + first[0][:90] + ")" if first else ""), dt)
        with lock:
            results.append(r)
            print("%-10s %-36s %5.0f s  %s" % (r[1], m["id"], r[3], r[2]),
                  flush=True)


def main():
    ap = argparse.ArgumentParser(description="mutation run")
    ap.add_argument("--list", default=os.path.join(ROOT, "tests/mutations.txt"))
    ap.add_argument("--only", default="")
    ap.add_argument("--budget", type=float, default=0)
    ap.add_argument("--rotate", action="store_true")
    ap.add_argument("--rotate-step", type=int, default=4)
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("--jobs", type=int, default=1,
                    help="mutants tried at once, each in its own scratch "
                    "tree (the suites wait more than they compute)")
    ap.add_argument("--firmware", default="",
                    help="the test firmware, already built (make firmware)")
    ap.add_argument("--no-baseline", action="store_true",
                    help="build, but do not run the suite on the unmutated "
                    "tree first (the caller has: CI's own make check)")
    ap.add_argument("--check", action="store_true",
                    help="only check that every mutation's text is found")
    ap.add_argument("--keep", action="store_true",
                    help="keep the scratch tree and print where it is")
    a = ap.parse_args()

    muts = parse_list(a.list)
    if a.only:
        want = a.only.split(",")
        unknown = [w for w in want if w not in {m["id"] for m in muts}]
        if unknown:
            sys.exit("mutate: no mutation called %s" % ", ".join(unknown))
        muts = [m for m in muts if m["id"] in want]
    if a.rotate and muts:
        start = (time.localtime().tm_yday * a.rotate_step) % len(muts)
        muts = muts[start:] + muts[:start]
        print("rotation: day %d of the year starts at entry %d of %d (%s)" %
              (time.localtime().tm_yday, start + 1, len(muts), muts[0]["id"]))

    if a.check:
        return check_only(muts)
    t0 = time.time()
    jobs = max(1, a.jobs)
    scratches = [tempfile.mkdtemp(prefix="m4fw-mutate.") for _ in range(jobs)]
    results = []
    try:
        for scratch in scratches:
            copy_tree(scratch)
        # The test firmware does not depend on src/: built once, outside.
        fw = os.path.abspath(a.firmware) if a.firmware else ""
        if fw:
            # A snapshot: the tree's own build may change it during the run.
            shutil.copytree(fw, os.path.join(scratches[0], "build/firmware"))
            fw = os.path.join(scratches[0], "build/firmware")
        else:
            rc, out = run(["make", "-s", "-j2", "firmware"], scratches[0], 600)
            fw = os.path.join(scratches[0], "build/firmware")
            if rc != 0:
                sys.exit("mutate: make firmware failed:\n" + out[-2000:])
        for k, scratch in enumerate(scratches):
            if a.no_baseline or k > 0:
                rc, out = build(scratch, a.cc)
                verdict = None if rc == 0 else "BUILD"
            else:
                verdict, out = try_mutant(scratch, fw, a.cc)
            if verdict is not None:
                sys.exit("mutate: the unmutated tree fails (%s); fix that first:\n%s"
                         % (verdict, out[-3000:]))
        print("baseline: the unmutated tree %s (%d s)" % (
            "builds" if a.no_baseline else "passes", time.time() - t0),
            flush=True)
        t0 = time.time()
        lock = threading.Lock()
        threads = [threading.Thread(target=run_shard, args=(
            muts[k::jobs], scratches[k], fw, a, t0, results, lock))
            for k in range(jobs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for scratch in scratches:
            if a.keep:
                print("scratch tree kept in " + scratch)
            else:
                shutil.rmtree(scratch, ignore_errors=True)

    order = {m["id"]: n for n, m in enumerate(muts)}
    results.sort(key=lambda r: order[r[0]["id"]])
    print("\n%-10s %-36s %s" % ("verdict", "mutation", "file: why"))
    for m, v, why, _ in results:
        print("%-10s %-36s %s: %s" % (v, m["id"], m["file"], why))
    n = {v: sum(1 for r in results if r[1] == v)
         for v in ("killed", "SURVIVED", "equivalent", "STALE", "BUILD")}
    ran = n["killed"] + n["SURVIVED"]
    print("\n%d of %d listed mutations run in %d s: %d killed, %d survived, "
          "%d equivalent (explained), %d stale, %d do not build" % (
              len(results), len(parse_list(a.list)), time.time() - t0,
              n["killed"], n["SURVIVED"], n["equivalent"], n["STALE"],
              n["BUILD"]))
    if ran:
        print("score: %d of %d run mutants killed (%.0f %%)" %
              (n["killed"], ran, 100.0 * n["killed"] / ran))
    bad = n["SURVIVED"] + n["STALE"] + n["BUILD"]
    line = "%d passed, %d failed" % (n["killed"], bad)
    if n["equivalent"]:
        line += ", %d skipped" % n["equivalent"]
    print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

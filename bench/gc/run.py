#!/usr/bin/env python3
"""Times `gantry gc` on a large synthetic store and reads its peak memory.

The store is made the quick way, documented here so the figures can be reproduced: `./gantry run`
of a one-step pipeline creates the store and its schema (SQLite), then this script writes the
records straight into the SQLite file with Python's sqlite3, in the shape real runs leave them,
and writes one small file per object under objects/sha256/XX/ and a log per run under runs/:

- RUNS runs over 10 pipelines, one started a minute before the next;
- each run has 10 steps of 10 outputs: 100 step outputs, each its own object (so RUNS x 100
  objects), 10 step records with a cache key each, and 10 cache entries naming their outputs;
- every object is a 100-byte file (a 4 KiB block on most filesystems);
- each run records its pipeline's spec: 10 steps of 10 file outputs, as `show` reads it.

It times `gantry show` and `gantry lineage` (by name and by digest) of the newest run, each a whole
process, beside `gantry --version`. It then runs, each under `/usr/bin/time -v` and with the debug log, whose lines give the time of
each phase of the collection (mark; removing records; objects; runs' directories):
1. `gantry gc --keep-last KEEP --dry-run --json` (each pipeline keeps its KEEP newest runs);
2. `gantry gc --keep-last KEEP --json`, which removes the rest;
and checks the result: the runs, cache entries and objects left are exactly those of the kept
runs. It writes the table to bench/out/gc.md.

With --quick it checks that the script still works, in seconds: 200 runs (20,000 objects),
written under bench/out/quick/ so the real figures stay. CI runs it (BenchQuickModeTest).

usage: bench/gc/run.py [--quick] [--runs N] [--keep-last K]
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GANTRY = ROOT / "gantry"
OUT = ROOT / "bench" / "out"
PIPELINES = 10
STEPS = 10
OUTPUTS = 10


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def make_store(work, runs):
    """Creates a store in work/store with `runs` runs; returns its path."""
    store = work / "store"
    (work / "hello.yaml").write_text("name: hello\nsteps:\n  hi: {command: [sh, -c, 'echo hi'], cache: false}\n")
    subprocess.run([str(GANTRY), "run", "hello.yaml", "--store", str(store)], cwd=work, check=True,
                   stdout=subprocess.DEVNULL)
    db = sqlite3.connect(store / "gantry.db")
    db.execute("DELETE FROM step_runs")
    db.execute("DELETE FROM attempts")
    db.execute("DELETE FROM runs")
    now = int(time.time() * 1000)
    objects = store / "objects" / "sha256"
    payload = b"x" * 100
    made_dirs = set()
    outputs_yaml = ", ".join(f"o{o}: file" for o in range(OUTPUTS))
    steps_yaml = "".join(f"  s{s}: {{command: ['true'], outputs: {{{outputs_yaml}}}}}\n" for s in range(STEPS))
    for r in range(runs):
        run_id = f"{r:08d}-bench"
        pipeline = f"p{r % PIPELINES}"
        started = now - (runs - r) * 60_000
        db.execute("INSERT INTO runs (id, pipeline, status, started_at, ended_at, spec_yaml, base_dir, pid, host,"
                   " pid_start, triggered_by) VALUES (?, ?, 'succeeded', ?, ?, ?, ?, 1, 'bench', 1, 'cli')",
                   (run_id, pipeline, started, started + 1000, f"name: {pipeline}\nsteps:\n{steps_yaml}", str(work)))
        step_rows, output_rows, artifact_rows, entry_rows = [], [], [], []
        for s in range(STEPS):
            step = f"s{s}"
            key = digest(f"key/{run_id}/{step}")
            outputs = {}
            for o in range(OUTPUTS):
                sha = digest(f"object/{run_id}/{step}/{o}")
                outputs[f"o{o}"] = {"sha256": sha, "type": "file", "size": 100}
                output_rows.append((run_id, step, f"o{o}", o, "file", sha))
                artifact_rows.append((sha, 100))
                fan = objects / sha[:2]
                if sha[:2] not in made_dirs:
                    fan.mkdir(parents=True, exist_ok=True)
                    made_dirs.add(sha[:2])
                (fan / sha[2:]).write_bytes(payload)
            step_rows.append((run_id, step, s, "succeeded", key, "{}", started, started + 100, 1))
            entry_rows.append((key, step, pipeline, run_id, "{}", json.dumps(outputs, separators=(",", ":")),
                               started + 100))
        db.executemany("INSERT INTO step_runs (run_id, step, position, status, cache_key, key_parts, started_at,"
                       " ended_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", step_rows)
        db.executemany("INSERT INTO step_outputs (run_id, step, output, position, type, sha256)"
                       " VALUES (?, ?, ?, ?, ?, ?)", output_rows)
        db.executemany("INSERT INTO artifacts (sha256, size_bytes) VALUES (?, ?)", artifact_rows)
        db.executemany("INSERT INTO cache_entries (cache_key, step, pipeline, run_id, key_parts, outputs, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)", entry_rows)
        log = store / "runs" / run_id / "s0"
        log.mkdir(parents=True)
        (log / "attempt-1.log").write_text("done\n")
    db.commit()
    db.close()
    # The hello run's own object, if any, is not ours: the counts below are of the synthetic store.
    return store


# The collector's debug lines, each with the milliseconds since it started.
PHASES = [("mark", r"marked .* in (\d+) ms"), ("records", r"records removed at (\d+) ms"),
          ("objects", r"objects removed at (\d+) ms"), ("run dirs", r"run directories removed at (\d+) ms")]


def timed(args, cwd):
    """Runs gantry under /usr/bin/time -v with its debug log; returns (json report, wall seconds,
    peak RSS in MB, the collector's phases as 'mark 0.6 s, records 3.2 s, ...')."""
    result = subprocess.run(["/usr/bin/time", "-v", str(GANTRY), "--log-level", "debug"] + args, cwd=cwd,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"gantry {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    phases, before = [], 0
    for name, pattern in PHASES:
        found = re.search(pattern, result.stderr)
        if found:
            at = int(found.group(1))
            phases.append(f"{name} {(at - before) / 1000:.1f} s")
            before = at
    return json.loads(result.stdout), seconds, rss_kb / 1024, ", ".join(phases)


def time_reads(store, runs, cwd, rounds):
    """Wall seconds of show and lineage (by name and by digest) on the newest run, and of
    --version for the JVM's start alone, `rounds` times each, interleaved."""
    newest = f"{runs - 1:08d}-bench"
    sha = digest(f"object/{newest}/s0/0")
    commands = [("gantry --version", ["--version"]),
                ("gantry show RUN", ["show", newest, "--store", str(store)]),
                ("gantry lineage RUN s0.o0", ["lineage", newest, "s0.o0", "--store", str(store)]),
                ("gantry lineage DIGEST", ["lineage", sha, "--store", str(store)])]
    walls = {name: [] for name, _ in commands}
    for _ in range(rounds):
        for name, args in commands:
            started = time.perf_counter()
            result = subprocess.run([str(GANTRY)] + args, cwd=cwd, capture_output=True, text=True)
            walls[name].append(time.perf_counter() - started)
            if result.returncode != 0:
                sys.exit(f"gantry {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return [(name, walls[name]) for name, _ in commands]


def count_files(directory):
    return sum(len(files) for _, _, files in os.walk(directory))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int)
    parser.add_argument("--keep-last", type=int)
    args = parser.parse_args()
    runs = args.runs or (200 if args.quick else 10_000)
    keep = args.keep_last if args.keep_last is not None else (2 if args.quick else 100)
    out = OUT / "quick" if args.quick else OUT
    out.mkdir(parents=True, exist_ok=True)
    work = out / "gc-work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    started = time.monotonic()
    store = make_store(work, runs)
    built = time.monotonic() - started
    # What the builder wrote goes to disk first, so that gc is not timed waiting behind it.
    os.sync()
    objects_before = count_files(store / "objects" / "sha256")
    print(f"built a store of {runs:,} runs and {objects_before:,} objects in {built:.0f} s", flush=True)

    reads = time_reads(store, runs, work, 3 if args.quick else 5)

    gc = ["gc", "--store", str(store), "--keep-last", str(keep), "--json"]
    dry, dry_s, dry_mb, dry_phases = timed(gc + ["--dry-run"], work)
    real, real_s, real_mb, real_phases = timed(gc, work)
    again, again_s, again_mb, again_phases = timed(gc, work)

    kept_runs = min(runs, keep * PIPELINES)
    removed_runs = runs - kept_runs
    problems = []
    if real["runsRemoved"] != removed_runs or dry["runsRemoved"] != removed_runs:
        problems.append(f"runs removed: {dry['runsRemoved']} (dry), {real['runsRemoved']}; expected {removed_runs}")
    if real["objectsRemoved"] != removed_runs * STEPS * OUTPUTS:
        problems.append(f"objects removed: {real['objectsRemoved']}, expected {removed_runs * STEPS * OUTPUTS}")
    if real["cacheEntriesRemoved"] != removed_runs * STEPS:
        problems.append(f"cache entries removed: {real['cacheEntriesRemoved']}, expected {removed_runs * STEPS}")
    left = count_files(store / "objects" / "sha256")
    if left != real["kept"]["objects"] or left != objects_before - real["objectsRemoved"]:
        problems.append(f"{left} object files left, report says {real['kept']['objects']} kept")
    db = sqlite3.connect(store / "gantry.db")
    runs_left = db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    entries_left = db.execute("SELECT COUNT(*) FROM cache_entries").fetchone()[0]
    db.close()
    if runs_left != kept_runs or entries_left != kept_runs * STEPS:
        problems.append(f"{runs_left} runs and {entries_left} cache entries left, expected {kept_runs} and"
                        f" {kept_runs * STEPS}")
    if again["runsRemoved"] != 0 or again["objectsRemoved"] != 0:
        problems.append(f"a second gc removed {again['runsRemoved']} runs and {again['objectsRemoved']} objects")

    table = [
        f"`gantry gc --keep-last {keep}` on a store of {runs:,} runs ({PIPELINES} pipelines) and"
        f" {objects_before:,} objects (100 bytes each), SQLite; built in {built:.0f} s by bench/gc/run.py.",
        "",
        "| command | runs removed | cache entries removed | objects removed | freed | wall | peak RSS | phases |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, report, seconds, mb, phases in (
            ("--dry-run", dry, dry_s, dry_mb, dry_phases), ("gc", real, real_s, real_mb, real_phases),
            ("gc again (nothing to remove)", again, again_s, again_mb, again_phases)):
        table.append(f"| {name} | {report['runsRemoved']:,} | {report['cacheEntriesRemoved']:,} |"
                     f" {report['objectsRemoved']:,} | {report['bytesFreed'] / 1e6:.1f} MB | {seconds:.2f} s |"
                     f" {mb:.0f} MB | {phases} |")
    table.append("")
    table.append(f"Left: {runs_left:,} runs, {entries_left:,} cache entries, {left:,} objects"
                 f" ({'as expected' if not problems else 'NOT as expected'}).")
    table += ["", f"Reading the same store before the collection, each command a whole `./gantry` process (JVM start"
              f" included), medians of {len(reads[0][1])}:", "",
              "| command | median | fastest | slowest |", "|---|---|---|---|"]
    for name, walls in reads:
        table.append(f"| `{name}` | {statistics.median(walls) * 1000:.0f} ms | {min(walls) * 1000:.0f} ms |"
                     f" {max(walls) * 1000:.0f} ms |")
    text = "\n".join(table) + "\n"
    (out / "gc.md").write_text(text)
    print(text)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    if not args.quick:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()

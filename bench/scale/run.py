#!/usr/bin/env python3
"""Runs pipelines/scale.yaml (a 1 GiB table through three steps) and measures, in the same run:

- the engine's time to check, hash and commit each 1 GB Arrow output, as the run store records
  it (from the end of the step's process to the end of the step); the same code path
  (CommitTime.java: OutputScanner, ArtifactInspector, then ObjectStore.commit) on the same object in a fresh JVM,
  wall and CPU time; and `openssl dgst -sha256` of the same object, wall and CPU time. On a
  machine shared with other work, CPU times compare more steadily than wall times;
- the bytes copied between steps: the inode of each output before and after its commit and of
  the path the next step reads, and the bytes the engine process itself wrote to disk;
- how fast the scan step reads its input through the step SDK, as it reports.

It prints medians over the rounds and writes the table to bench/out/scale.md.

With --baseline DIR (another checkout of Gantry, built, such as a git worktree of an earlier
commit), each round also runs the pipeline with that checkout's launcher, right after this one's,
and times its engine's commit of the same tables in the run: two builds side by side on the same
load.

With --quick it checks that the script still works, in seconds: every part above (CommitTime
compiled against the engine's jar and run, openssl, the probe, the run store's figures) on a
table of 4,096 rows, once, written under bench/out/quick/ so the real figures stay. CI runs it
(BenchQuickModeTest). Like the full mode, it exits non-zero when any command fails.

usage: bench/scale/run.py [--quick] [--rows N] [--features M] [--repeat R] [--baseline DIR]
"""
import argparse
import hashlib
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GANTRY = ROOT / "gantry"
STEP = ROOT / "steps" / "gantry-step"
PIPELINE = ROOT / "pipelines" / "scale.yaml"
OUT = ROOT / "bench" / "out"
TABLES = [("generate", "table"), ("standardize", "table")]
# The JVM flags of the ./gantry launcher, for timing the engine's commit in a JVM of its own.
BASE_FLAGS = ["-XX:+UseSerialGC", "-Xss2m", "--add-opens=java.base/java.nio=ALL-UNNAMED"]
LAUNCHER_FLAGS = BASE_FLAGS + ["-XX:CompileCommand=quiet",
                               "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::*,0.01"]

# Stands in for gantry-step on the PATH: notes the inode of every file argument before and after
# the real step runs, and the bytes the step (with its children) wrote, then exits as it did.
PROBE = """#!/usr/bin/env bash
note() { for a in "$@"; do [ -f "$a" ] && echo "$GANTRY_STEP $when $(stat -c %i "$a") $a" >> "$BENCH_SCALE_PROBE"; done; }
when=before; note "$@"
"@STEP@" "$@"
rc=$?
when=after; note "$@"
echo "$GANTRY_STEP write_bytes $(awk '/^write_bytes/ {print $2}' /proc/$$/io)" >> "$BENCH_SCALE_PROBE"
exit $rc
"""


def write_bytes():
    """Bytes this process and the children it has reaped caused to be written to storage."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("write_bytes:"):
            return int(line.split()[1])
    raise RuntimeError("no write_bytes in /proc/self/io")


def engine_jar(checkout):
    """The engine's jar in a built checkout: engine/cli/target since the engine's split into
    modules, engine/target before it (with its libraries in lib/ beside it, or merged in)."""
    for jar in (checkout / "engine/cli/target/gantry.jar", checkout / "engine/target/gantry.jar"):
        if jar.is_file():
            return jar
    sys.exit(f"no engine jar in {checkout} (engine/cli/target/gantry.jar or engine/target/gantry.jar); "
             f"build it with {checkout / 'gantry'} --version")


def ratio(a, b):
    """a / b, or NaN where b is 0: a quick run's tiny tables can take less than the clocks' step."""
    return a / b if b else float("nan")


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def file_digest(path):
    """The store's name for a file: SHA-256 of b"file\\0" and its bytes (see README, Digests)."""
    digest = hashlib.sha256(b"file\0")
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def openssl(path, sha256, repeat=3):
    """Median wall and CPU seconds of `openssl dgst -sha256` of the file: the same bytes to hash.

    The store names a file by the SHA-256 of b"file\\0" and its bytes, which openssl cannot be told
    to prefix without a pipe that would copy the file; so openssl hashes the bytes alone, and the
    store's name is checked against file_digest, outside the timing."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, start = children_cpu(), time.perf_counter()
        subprocess.run(["openssl", "dgst", "-sha256", "-r", path], check=True, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        cpus.append(children_cpu() - cpu)
    actual = file_digest(path)
    if actual != sha256:
        sys.exit(f"{path} hashes to {actual} as the store hashes files, but the store says {sha256}")
    return statistics.median(walls), statistics.median(cpus)


def commit_in_fresh_jvm(path, sha256, classes, work, jar, flags=LAUNCHER_FLAGS):
    """Commits a hard link of the object into an empty store through the engine's own code, timed."""
    where = work / "commit"
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir()
    scratch = where / "table"
    os.link(path, scratch)  # the same inode: nothing is copied
    out = subprocess.run(["java", *flags, "-cp", f"{jar}:{classes}", "CommitTime", scratch,
                          where / "store"], check=True, capture_output=True, text=True)
    shutil.rmtree(where, ignore_errors=True)
    result = json.loads(out.stdout)
    if result["sha256"] != sha256:
        sys.exit(f"CommitTime gives {result['sha256']} for {path}, the store says {sha256}")
    return result["wall"], result["cpu"]


def read_probe(log):
    inodes, written = {}, {}
    for line in log.read_text().splitlines():
        step, what, *rest = line.split(" ", 3)
        if what == "write_bytes":
            written[step] = int(rest[0])
        else:
            inodes[(step, what, rest[1])] = int(rest[0])
    return inodes, written


def run_pipeline(launcher, store, env, args):
    """Runs the scale pipeline into {store}; returns the run's JSON and each step's commit and process times."""
    shutil.rmtree(store, ignore_errors=True)
    result = subprocess.run([launcher, "run", PIPELINE, "--executor", "local", "--store", store, "--json",
                             "--param", f"rows={args.rows}", "--param", f"features={args.features}"],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{launcher} run failed:\n{result.stderr}")
    run = json.loads(result.stdout)
    db = sqlite3.connect(store / "gantry.db")
    commit_ms = dict(db.execute(
        "SELECT s.step, s.ended_at - MAX(a.ended_at) FROM step_runs s JOIN attempts a "
        "ON a.run_id = s.run_id AND a.step = s.step WHERE s.run_id = ? GROUP BY s.step", (run["run"],)))
    process_ms = dict(db.execute(
        "SELECT step, SUM(ended_at - started_at) FROM attempts WHERE run_id = ? GROUP BY step", (run["run"],)))
    db.close()
    return run, commit_ms, process_ms


def one_round(args, probe_dir, classes, jar, work, index):
    store = work / "store"
    log = work / f"probe-{index}.log"
    log.unlink(missing_ok=True)
    env = dict(os.environ, PATH=f"{probe_dir}:{ROOT / 'steps'}:{os.environ['PATH']}", BENCH_SCALE_PROBE=str(log))
    before = write_bytes()
    run, commit_ms, process_ms = run_pipeline(GANTRY, store, env, args)
    tree_written = write_bytes() - before
    steps = {s["name"]: s for s in run["steps"]}
    inodes, step_written = read_probe(log)
    row = {"steps": {name: process_ms[name] / 1000 for name in steps}, "tables": {}}
    for step, output in TABLES:
        out = steps[step]["outputs"][output]
        scratch = next(p for (s, w, p), i in inodes.items() if s == step and w == "after" and "/runs/" in p
                       and p.endswith("/" + output))
        reader = next(s for s in steps if s != step and any(
            ss == s and w == "before" and p == out["path"] for (ss, w, p) in inodes))
        ssl_wall, ssl_cpu = openssl(out["path"], out["sha256"])
        fresh_wall, fresh_cpu = commit_in_fresh_jvm(out["path"], out["sha256"], classes, work, jar)
        row["tables"][f"{step}.{output}"] = {
            "bytes": out["size"],
            "rows": out["rows"],
            "commit": commit_ms[step] / 1000,
            "fresh_wall": fresh_wall,
            "fresh_cpu": fresh_cpu,
            "openssl": ssl_wall,
            "openssl_cpu": ssl_cpu,
            # Renamed, not copied: the object is the file the step wrote; the next step opens it in place.
            "renamed": inodes[(step, "after", scratch)] == os.stat(out["path"]).st_ino,
            "read_in_place": inodes[(reader, "before", out["path"])] == os.stat(out["path"]).st_ino,
            "reader": reader,
        }
    summary = json.loads(Path(steps["scan"]["outputs"]["summary"]["path"]).read_text())
    row["scan_gb_per_s"] = summary["gb_per_s"]
    row["scan_gb_per_cpu_s"] = ratio(summary["bytes"], summary["cpu_seconds"]) / 1e9
    row["scan_bytes"] = summary["bytes"]
    row["artifact_bytes"] = sum(o["size"] for s in steps.values() for o in s["outputs"].values())
    row["steps_written"] = sum(step_written.values())
    row["engine_written"] = tree_written - row["steps_written"]
    row["load"] = os.getloadavg()[0]
    shutil.rmtree(store, ignore_errors=True)
    if args.baseline:
        baseline_env = dict(env, BENCH_SCALE_PROBE=str(work / "baseline-probe.log"))
        _, baseline_commit, _ = run_pipeline(args.baseline.resolve() / "gantry", work / "baseline-store",
                                             baseline_env, args)
        shutil.rmtree(work / "baseline-store", ignore_errors=True)
        for step, output in TABLES:
            row["tables"][f"{step}.{output}"]["baseline"] = baseline_commit[step] / 1000
    return row


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true",
                        help="check that the script works, in seconds: 4,096 rows, 1 round, into bench/out/quick")
    parser.add_argument("--rows", type=int, help="rows of the table (default 2097152; 4096 with --quick)")
    parser.add_argument("--features", type=int, help="float64 features (default 63; 8 with --quick)")
    parser.add_argument("--repeat", type=int, help="rounds (default 3; 1 with --quick)")
    parser.add_argument("--baseline", type=Path,
                        help="another checkout whose launcher runs the pipeline too, each round, to compare commits")
    args = parser.parse_args()
    args.rows = args.rows or (4096 if args.quick else 2097152)
    args.features = args.features or (8 if args.quick else 63)
    args.repeat = args.repeat or (1 if args.quick else 3)
    out = OUT / "quick" if args.quick else OUT
    work = out / "scale"
    for tool in (GANTRY, STEP):
        subprocess.run([tool, "--version" if tool == GANTRY else "list"], check=True, stdout=subprocess.DEVNULL)
    jar = engine_jar(ROOT)
    work.mkdir(parents=True, exist_ok=True)
    probe_dir = work / "probe"
    probe_dir.mkdir(exist_ok=True)
    probe = probe_dir / "gantry-step"
    probe.write_text(PROBE.replace("@STEP@", str(STEP)))
    probe.chmod(0o755)
    classes = work / "classes"
    # The jar's manifest names its libraries (in lib/ beside it), which javac and java follow.
    subprocess.run(["javac", "-d", classes, "-cp", jar, Path(__file__).with_name("CommitTime.java")], check=True)

    rounds = []
    for i in range(args.repeat):
        row = one_round(args, probe_dir, classes, jar, work, i + 1)
        rounds.append(row)
        tables = ", ".join(f"{name} commit {t['commit']:.2f} s (fresh JVM {t['fresh_wall']:.2f} s, "
                           f"CPU {t['fresh_cpu']:.2f} s) / openssl {t['openssl']:.2f} s (CPU {t['openssl_cpu']:.2f} s)"
                           + (f" / baseline's engine {t['baseline']:.2f} s" if "baseline" in t else "")
                           for name, t in row["tables"].items())
        print(f"round {i + 1}: {tables}; scan {row['scan_gb_per_s']:.2f} GB/s; engine wrote "
              f"{row['engine_written'] / 1e6:.1f} MB; load {row['load']:.1f}", flush=True)

    med = statistics.median
    lines = [f"`pipelines/scale.yaml` with rows={args.rows}, features={args.features}; medians of {args.repeat} "
             f"rounds in one script run (1-minute load average {min(r['load'] for r in rounds):.1f} to "
             f"{max(r['load'] for r in rounds):.1f} on {os.cpu_count()} cores).", "",
             "| Arrow output (size, rows) | engine in the run | same code, fresh JVM | "
             "`openssl dgst -sha256` | ratio: run / fresh JVM / CPU | renamed, not copied | "
             "next step reads it in place |",
             "|---|---|---|---|---|---|---|"]
    for name in rounds[0]["tables"]:
        ts = [r["tables"][name] for r in rounds]
        commit, fresh = med(t["commit"] for t in ts), med(t["fresh_wall"] for t in ts)
        fresh_cpu, ssl, ssl_cpu = med(t["fresh_cpu"] for t in ts), med(t["openssl"] for t in ts), med(
            t["openssl_cpu"] for t in ts)
        gib = ts[0]["bytes"] / 2**30
        lines.append(
            f"| {name} ({ts[0]['bytes'] / 1e9:.2f} GB, {ts[0]['rows']:,} rows) | {commit:.2f} s "
            f"({ratio(gib, commit):.2f} GiB/s) | {fresh:.2f} s, CPU {fresh_cpu:.2f} s ({ratio(gib, fresh_cpu):.2f} GiB/s) | "
            f"{ssl:.2f} s, CPU {ssl_cpu:.2f} s ({ratio(gib, ssl_cpu):.2f} GiB/s) | "
            f"{med(ratio(t['commit'], t['openssl']) for t in ts):.2f}x / "
            f"{med(ratio(t['fresh_wall'], t['openssl']) for t in ts):.2f}x"
            f" / {med(ratio(t['fresh_cpu'], t['openssl_cpu']) for t in ts):.2f}x | "
            f"{'yes' if all(t['renamed'] for t in ts) else 'NO'} (same inode) | "
            f"{'yes' if all(t['read_in_place'] for t in ts) else 'NO'} ({ts[0]['reader']}) |")
    if args.baseline:
        lines.append("")
        for name in rounds[0]["tables"]:
            ts = [r["tables"][name] for r in rounds]
            lines.append(f"- {name} committed by the baseline's engine ({args.baseline}) in its run: "
                         f"{med(t['baseline'] for t in ts):.2f} s ({med(ratio(t['baseline'], t['openssl']) for t in ts):.2f}x "
                         f"openssl's wall time); this build / baseline: "
                         f"{med(ratio(t['commit'], t['baseline']) for t in ts):.3f} (median of the rounds' ratios).")
    lines += ["",
              f"- scan read {rounds[0]['scan_bytes'] / 1e9:.2f} GB through the SDK at "
              f"{med(r['scan_gb_per_s'] for r in rounds):.2f} GB/s (median; rounds: "
              + ", ".join(f"{r['scan_gb_per_s']:.2f}" for r in rounds) + "), "
              f"{med(r['scan_gb_per_cpu_s'] for r in rounds):.2f} GB per CPU second.",
              f"- bytes the engine process itself wrote to disk during a run: "
              f"{med(r['engine_written'] for r in rounds) / 1e6:.1f} MB (median), while the steps wrote "
              f"{med(r['steps_written'] for r in rounds) / 1e9:.2f} GB and the artifacts total "
              f"{rounds[0]['artifact_bytes'] / 1e9:.2f} GB.",
              "- step processes (median): " + ", ".join(
                  f"{s} {med(r['steps'][s] for r in rounds):.1f} s" for s in rounds[0]["steps"]) + "."]
    table = "\n".join(lines) + "\n"
    (out / "scale.md").write_text(table)
    print()
    print(table)


if __name__ == "__main__":
    main()

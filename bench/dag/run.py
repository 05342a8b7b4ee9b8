#!/usr/bin/env python3
"""Times Gantry beside GNU make on 1,000-step DAGs of no-op steps, in the same run.

For each shape (chain, fan-out, 10 x 100 lattice) it times, REPEAT times each: a cold run
(nothing built or cached) and a rerun with everything up to date, for `make -j2` and for
`gantry run --parallel 2`. It prints medians, the ratio of Gantry to make, and writes the
table to bench/out/dag.md.

With --baseline DIR (another checkout of Gantry, such as a git worktree of an earlier commit),
each round also times that checkout's `gantry` launcher on the same pipeline, right after this
one's, so that two builds are compared in one script run on the same load.

Beside each wall time it takes the command's CPU time (user + system, of Gantry's JVM and the
steps it ran, as the kernel counts for reaped children); a second table gives Gantry's medians,
which a loaded machine disturbs less than wall times.

With --quick it checks that the script still works, in seconds: 30 steps of every shape, once,
written under bench/out/quick/ so the real figures stay. CI runs it (BenchQuickModeTest). Like the
full mode, it exits non-zero when any command fails.

usage: bench/dag/run.py [--quick] [--steps N] [--repeat R] [--shapes chain,fanout,lattice] [--baseline DIR]
"""
import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GANTRY = ROOT / "gantry"
OUT = ROOT / "bench" / "out"


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd, cwd, cpu=None):
    """Wall seconds of cmd; with a list for cpu, its CPU seconds (user + system) go there too."""
    cpu_before = cpu_of_children()
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed in {cwd}:\n{result.stderr}")
    if cpu is not None:
        cpu.append(cpu_of_children() - cpu_before)
    return elapsed


def measure(shape, steps, repeat, baseline, out):
    work = out / "dag" / shape
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), shape, str(steps), str(work)],
                   check=True)
    times = {"make cold": [], "make up to date": [], "gantry cold": [], "gantry cached": [],
             "baseline cold": [], "baseline cached": []}
    cpu = {k: [] for k in ["gantry cold", "gantry cached", "baseline cold", "baseline cached"]}
    for _ in range(repeat):
        shutil.rmtree(work / "out", ignore_errors=True)
        (work / "out").mkdir()
        times["make cold"].append(timed(["make", "-s", "-j2"], work))
        times["make up to date"].append(timed(["make", "-s", "-j2"], work))
        shutil.rmtree(work / ".gantry", ignore_errors=True)
        times["gantry cold"].append(timed([GANTRY, "run", "pipeline.yaml", "--parallel", "2"], work,
                                                 cpu["gantry cold"]))
        times["gantry cached"].append(timed([GANTRY, "run", "pipeline.yaml", "--parallel", "2"], work,
                                                 cpu["gantry cached"]))
        if baseline:
            shutil.rmtree(work / ".gantry", ignore_errors=True)
            times["baseline cold"].append(timed([baseline, "run", "pipeline.yaml", "--parallel", "2"], work,
                                                 cpu["baseline cold"]))
            times["baseline cached"].append(timed([baseline, "run", "pipeline.yaml", "--parallel", "2"], work,
                                                 cpu["baseline cached"]))
    medians = {k: statistics.median(v) for k, v in times.items() if v}
    medians.update({"cpu " + k: statistics.median(v) for k, v in cpu.items() if v})
    return medians


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true",
                        help="check that the script works, in seconds: 30 steps, 1 repeat, into bench/out/quick")
    parser.add_argument("--steps", type=int, help="steps per pipeline (default 1000; 30 with --quick)")
    parser.add_argument("--repeat", type=int, help="rounds per shape (default 5; 1 with --quick)")
    parser.add_argument("--shapes", default="chain,fanout,lattice")
    parser.add_argument("--baseline", type=Path, help="another checkout whose gantry launcher to time beside this one")
    args = parser.parse_args()
    steps = args.steps or (30 if args.quick else 1000)
    repeat = args.repeat or (1 if args.quick else 5)
    out = OUT / "quick" if args.quick else OUT
    baseline = args.baseline.resolve() / "gantry" if args.baseline else None
    for launcher in [GANTRY] + ([baseline] if baseline else []):
        subprocess.run([launcher, "--version"], check=True, stdout=subprocess.DEVNULL)
    rows = ["| shape | make cold | gantry cold | ratio | make up to date | gantry cached |"
            + (" baseline cold | ratio | baseline cached | cold, this / baseline | cached, this / baseline |"
               if baseline else ""),
            "|---|---|---|---|---|---|" + ("---|---|---|---|---|" if baseline else "")]
    cpu_rows = ["| shape | gantry cold | gantry cached |"
                + (" baseline cold | baseline cached | cold, this / baseline | cached, this / baseline |"
                   if baseline else ""),
                "|---|---|---|" + ("---|---|---|---|" if baseline else "")]
    for shape in args.shapes.split(","):
        m = measure(shape, steps, repeat, baseline, out)
        cpu_row = f"| {shape} | {m['cpu gantry cold']:.2f} s | {m['cpu gantry cached']:.2f} s |"
        if baseline:
            cpu_row += (f" {m['cpu baseline cold']:.2f} s | {m['cpu baseline cached']:.2f} s | "
                        f"{m['cpu gantry cold'] / m['cpu baseline cold']:.3f} | "
                        f"{m['cpu gantry cached'] / m['cpu baseline cached']:.3f} |")
        cpu_rows.append(cpu_row)
        row = (f"| {shape} | {m['make cold']:.2f} s | {m['gantry cold']:.2f} s | "
               f"{m['gantry cold'] / m['make cold']:.2f}x | {m['make up to date']:.3f} s | "
               f"{m['gantry cached']:.2f} s |")
        if baseline:
            row += (f" {m['baseline cold']:.2f} s | {m['baseline cold'] / m['make cold']:.2f}x | "
                    f"{m['baseline cached']:.2f} s | {m['gantry cold'] / m['baseline cold']:.3f} | "
                    f"{m['gantry cached'] / m['baseline cached']:.3f} |")
        rows.append(row)
        print(rows[-1], flush=True)
    table = (f"{steps} no-op steps, medians of {repeat} runs, `make -j2` beside "
             f"`gantry run --parallel 2`, same machine, same script run.\n\n" + "\n".join(rows) + "\n"
             f"\nCPU time (user + system) of the same runs, medians:\n\n" + "\n".join(cpu_rows) + "\n")
    out.mkdir(parents=True, exist_ok=True)
    (out / "dag.md").write_text(table)
    print()
    print(table)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times Gantry beside GNU make on 1,000-step DAGs of no-op steps, in the same run.

For each shape (chain, fan-out, 10 x 100 lattice) it times, REPEAT times each: a cold run
(nothing built or cached) and a rerun with everything up to date, for `make -j2` and for
`gantry run --parallel 2`. It prints medians, the ratio of Gantry to make, and writes the
table to bench/out/dag.md.

usage: bench/dag/run.py [--steps N] [--repeat R] [--shapes chain,fanout,lattice]
"""
import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GANTRY = ROOT / "gantry"
OUT = ROOT / "bench" / "out"


def timed(cmd, cwd):
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed in {cwd}:\n{result.stderr}")
    return elapsed


def measure(shape, steps, repeat):
    work = OUT / "dag" / shape
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), shape, str(steps), str(work)],
                   check=True)
    times = {"make cold": [], "make up to date": [], "gantry cold": [], "gantry cached": []}
    for _ in range(repeat):
        shutil.rmtree(work / "out", ignore_errors=True)
        (work / "out").mkdir()
        times["make cold"].append(timed(["make", "-s", "-j2"], work))
        times["make up to date"].append(timed(["make", "-s", "-j2"], work))
        shutil.rmtree(work / ".gantry", ignore_errors=True)
        times["gantry cold"].append(timed([GANTRY, "run", "pipeline.yaml", "--parallel", "2"], work))
        times["gantry cached"].append(timed([GANTRY, "run", "pipeline.yaml", "--parallel", "2"], work))
    return {k: statistics.median(v) for k, v in times.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shapes", default="chain,fanout,lattice")
    args = parser.parse_args()
    subprocess.run([GANTRY, "--version"], check=True, stdout=subprocess.DEVNULL)
    rows = ["| shape | make cold | gantry cold | ratio | make up to date | gantry cached |",
            "|---|---|---|---|---|---|"]
    for shape in args.shapes.split(","):
        m = measure(shape, args.steps, args.repeat)
        rows.append(f"| {shape} | {m['make cold']:.2f} s | {m['gantry cold']:.2f} s | "
                    f"{m['gantry cold'] / m['make cold']:.2f}x | {m['make up to date']:.3f} s | "
                    f"{m['gantry cached']:.2f} s |")
        print(rows[-1], flush=True)
    table = (f"{args.steps} no-op steps, medians of {args.repeat} runs, `make -j2` beside "
             f"`gantry run --parallel 2`, same machine, same script run.\n\n" + "\n".join(rows) + "\n")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "dag.md").write_text(table)
    print()
    print(table)


if __name__ == "__main__":
    main()

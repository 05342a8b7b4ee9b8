#!/usr/bin/env python3
"""Times how fast the `gantry` command starts and answers, for commands that do little else.

Each round runs, through the ./gantry launcher (with its class-data or AOT archive), in a
scratch directory: `gantry --version`, `gantry validate hello.yaml`, a fully cached
`gantry run hello.yaml` and `gantry runs`. It reports the median wall time and the median CPU
time (user + system of the JVM and its children) of each command over REPEAT rounds, and
writes the table to bench/out/startup.md.

With --baseline DIR (another checkout of Gantry, built) each round runs the same commands
through that checkout's launcher right after this one's, interleaved, so both builds are
timed on the same load in one script run. With --quick it runs 3 rounds and writes under
bench/out/quick/; CI runs it (BenchQuickModeTest).

usage: bench/startup/run.py [--quick] [--repeat R] [--baseline DIR]
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
COMMANDS = {
    "--version": ["--version"],
    "validate": ["validate", "hello.yaml"],
    "run (cached)": ["run", "hello.yaml"],
    "runs": ["runs"],
}


def timed(cmd, cwd):
    """Wall and CPU seconds of one command; CPU is that of the child processes it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed in {cwd}:\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def prepare(launcher, work):
    """A scratch directory with the hello sample, run once so that the timed run is cached."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name in ("hello.yaml", "banner.txt"):
        shutil.copy(ROOT / "samples" / "hello" / name, work / name)
    timed([launcher, "run", "hello.yaml"], work)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds, output under bench/out/quick/")
    parser.add_argument("--repeat", type=int, help="rounds (default 20; 3 with --quick)")
    parser.add_argument("--baseline", type=Path, help="another checkout whose gantry launcher to time beside this one")
    args = parser.parse_args()
    repeat = args.repeat or (3 if args.quick else 20)
    out = OUT / "quick" if args.quick else OUT
    builds = {"this": ROOT / "gantry"}
    if args.baseline:
        builds["baseline"] = args.baseline.resolve() / "gantry"
    works = {}
    for name, launcher in builds.items():
        works[name] = out / "startup" / name
        prepare(launcher, works[name])  # also builds the launcher's jar and archive if needed
    times = {(b, c): ([], []) for b in builds for c in COMMANDS}
    for _ in range(repeat):
        for command, cli_args in COMMANDS.items():
            for name, launcher in builds.items():
                wall, cpu = timed([launcher, *cli_args], works[name])
                times[(name, command)][0].append(wall)
                times[(name, command)][1].append(cpu)
    header = "| command | wall (ms) | CPU (ms) |"
    rule = "|---|---|---|"
    if args.baseline:
        header += " baseline wall | baseline CPU | wall, this / baseline | CPU, this / baseline |"
        rule += "---|---|---|---|"
    lines = [f"Medians of {repeat} rounds, each command through ./gantry in a scratch directory.", "", header, rule]
    for command in COMMANDS:
        wall = statistics.median(times[("this", command)][0]) * 1000
        cpu = statistics.median(times[("this", command)][1]) * 1000
        row = f"| `gantry {' '.join(COMMANDS[command])}` | {wall:.0f} | {cpu:.0f} |"
        if args.baseline:
            bwall = statistics.median(times[("baseline", command)][0]) * 1000
            bcpu = statistics.median(times[("baseline", command)][1]) * 1000
            row += f" {bwall:.0f} | {bcpu:.0f} | {wall / bwall:.3f} | {cpu / bcpu:.3f} |"
        lines.append(row)
    table = "\n".join(lines) + "\n"
    print(table)
    out.mkdir(parents=True, exist_ok=True)
    (out / "startup.md").write_text(table)


if __name__ == "__main__":
    main()

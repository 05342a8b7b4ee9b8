#!/usr/bin/env python3
"""Writes the benchmark DAGs (chain, fan-out, lattice) as a Gantry pipeline and a Makefile.

Every step is a no-op that touches its output file, so both tools do the same work:
start a process per step and track one file per step.

usage: generate.py SHAPE STEPS OUT_DIR
"""
import sys
from pathlib import Path


def edges(shape, n):
    """Yields (step, [upstream steps]) in a valid order."""
    if shape == "chain":
        for i in range(n):
            yield i, ([i - 1] if i else [])
    elif shape == "fanout":
        yield 0, []
        for i in range(1, n - 1):
            yield i, [0]
        yield n - 1, list(range(1, n - 1))
    elif shape == "lattice":
        width, depth = 10, n // 10
        for layer in range(depth):
            for col in range(width):
                i = layer * width + col
                yield i, ([] if layer == 0 else [(layer - 1) * width + c for c in range(width)
                                                if abs(c - col) <= 1])
    else:
        raise SystemExit(f"unknown shape {shape}: use chain, fanout or lattice")


def name(i):
    return f"s{i:04d}"


def main():
    shape, n, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    graph = list(edges(shape, n))
    yaml = [f"name: bench-{shape}", "steps:"]
    make = [".PHONY: all", "all: " + " ".join(f"out/{name(i)}" for i, _ in graph), ""]
    for i, ups in graph:
        yaml.append(f"  {name(i)}:")
        yaml.append('    command: [touch, "${outputs.done}"]')
        if ups:
            inputs = ", ".join(f"i{u}: {name(u)}.done" for u in ups)
            yaml.append(f"    inputs: {{{inputs}}}")
        yaml.append("    outputs: {done: file}")
        deps = " ".join(f"out/{name(u)}" for u in ups)
        make.append(f"out/{name(i)}: {deps}".rstrip())
        make.append("\t@touch $@")
    (out / "pipeline.yaml").write_text("\n".join(yaml) + "\n")
    (out / "Makefile").write_text("\n".join(make) + "\n")


if __name__ == "__main__":
    main()

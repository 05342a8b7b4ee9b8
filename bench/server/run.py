#!/usr/bin/env python3
"""Measures `gantry server` over a large run store: the runs list, a run page, live log lines
through Server-Sent Events, and the server's idle memory.

It generates a store of RUNS runs of STEPS steps each (10,000 x 100: a million step records) in
bulk (generate.py: a real run makes the store, then rows go in with SQL), kept under
bench/out/server/ and reused by later script runs. Then it starts `./gantry server` on a copy of
it, a real process, and after a warm-up times REQUESTS requests of each kind, one at a time over
one kept-alive connection as a browser sends them:

- the runs list, GET /api/runs?limit=50 at random offsets, plain and filtered by pipeline,
  status, trigger, a week of start times, and pipeline with status together; beside each
  request, the same SQL the server runs for it (the page, its total and its step counts) through
  Python's sqlite3 on the same file, so the table shows the database's own time;
- a run page, GET /api/runs/{id} of random runs, also beside its SQL;
- live logs: a real run of a one-step pipeline (`gantry run`, into the server's store, while the
  server serves it) whose step prints its wall-clock time every 200 ms; a client follows
  GET /api/runs/{run}/steps/tick/log/follow and notes, for every line, how long after it was
  written the line arrived;
- the resident memory (VmRSS) of the server's JVM once started, at its peak (VmHWM), and after
  the load and IDLE seconds without requests.

It prints a Markdown table and writes it to bench/out/server.md. With --baseline DIR (another
checkout of Gantry, built) the same measurements run against that checkout's server too, on the
same store, one server after the other. With --quick it checks that the script works, in
seconds: 200 runs of 20 steps, 20 requests of each kind, written under bench/out/quick/; CI runs
it (BenchQuickModeTest). It exits non-zero when any request fails or answers wrongly.

usage: bench/server/run.py [--quick] [--runs N] [--steps M] [--requests R] [--idle S] [--baseline DIR]
"""
import argparse
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

import generate

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
PAGE = 50
LIVE_PIPELINE = "bench-live"
# The step prints "tick N EPOCH_SECONDS" every 200 ms, flushing each line, then ends.
LIVE_YAML = """name: bench-live
params:
  lines: '10'
steps:
  tick:
    command: [python3, -u, -c, "import sys, time\\nfor i in range(int(sys.argv[1])):\\n    print('tick', i, repr(time.time()), flush=True)\\n    time.sleep(0.2)\\n", "${params.lines}"]
"""
TARGETS = {"list": 100, "run": 200, "sse": 100, "rss": 256}


class BenchFailure(Exception):
    """A request failed or answered wrongly: the script exits non-zero."""


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def stats(values):
    return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
            "p99": percentile(values, 99), "max": max(values)}


# ---------------------------------------------------------------- the store

def store_for(args, out):
    """The generated store for these sizes, made once and kept: its directory and how it was made."""
    code = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:8]
    store = out / "server" / f"store-{args.runs}x{args.steps}-{code}"
    made = store / "generated.json"
    if made.exists():
        return store, json.loads(made.read_text())
    shutil.rmtree(out / "server", ignore_errors=True)  # older generations of the store
    scratch = out / "server" / "making"
    scratch.mkdir(parents=True)
    for name in ("hello.yaml", "banner.txt"):
        shutil.copy(ROOT / "samples" / "hello" / name, scratch / name)
    started = time.perf_counter()
    # A real run creates the store with the schema of this build, and is one of its runs.
    gantry(ROOT, ["run", "hello.yaml", "--store", str(store)], cwd=scratch)
    made_at = int(time.time() * 1000)
    counts = generate.fill(store / "gantry.db", store, args.runs, args.steps, made_at)
    seconds = time.perf_counter() - started
    info = {"seconds": seconds, "counts": counts, "bytes": (store / "gantry.db").stat().st_size}
    made.write_text(json.dumps(info))
    shutil.rmtree(scratch)
    print(f"generated {args.runs:,} runs, {counts['step_runs']:,} step records in {seconds:.1f} s "
          f"({info['bytes'] / 1e6:.0f} MB)", flush=True)
    return store, info


def gantry(checkout, argv, cwd=None):
    result = subprocess.run([checkout / "gantry", *argv], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"gantry {' '.join(argv)} failed:\n{result.stderr}{result.stdout}")
    return result.stdout


# ---------------------------------------------------------------- the requests

class Store:
    """The same store read directly, for the requests' parameters and the database's own time."""

    def __init__(self, store):
        self.db = sqlite3.connect(f"file:{store / 'gantry.db'}?mode=ro", uri=True)
        rows = self.db.execute("SELECT id, pipeline, status, triggered_by, started_at FROM runs").fetchall()
        self.ids = [r[0] for r in rows]
        self.pipelines = sorted({r[1] for r in rows})
        self.first, self.last = min(r[4] for r in rows), max(r[4] for r in rows)

    def where(self, query):
        terms, args = [], []
        for param, column in (("pipeline", "pipeline"), ("status", "status"), ("trigger", "triggered_by")):
            if param in query:
                terms.append(f"{column} = ?")
                args.append(query[param])
        if "from" in query:
            terms.append("started_at >= ?")
            args.append(millis(query["from"]))
        if "before" in query:
            terms.append("started_at < ?")
            args.append(millis(query["before"]))
        return (" WHERE " + " AND ".join(terms) if terms else ""), args

    def count(self, query):
        where, args = self.where(query)
        return self.db.execute("SELECT COUNT(*) FROM runs" + where, args).fetchone()[0]

    def list_sql(self, query):
        """The runs list's SQL, as RunQueries runs it: the page, the step counts of its runs, the total."""
        where, args = self.where(query)
        page = self.db.execute("SELECT * FROM runs WHERE id IN (SELECT id FROM runs" + where
                               + " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?) ORDER BY started_at DESC, id DESC",
                               args + [int(query["limit"]), int(query.get("offset", 0))]).fetchall()
        ids = [r[0] for r in page]
        if ids:
            self.db.execute("SELECT run_id, status, COUNT(*) FROM step_runs WHERE run_id IN ("
                            + ", ".join("?" * len(ids)) + ") GROUP BY run_id, status", ids).fetchall()
        self.db.execute("SELECT COUNT(*) FROM runs" + where, args).fetchone()
        return len(page)

    def run_sql(self, run_id):
        """The run page's SQL: the run, its steps' outputs, its steps."""
        self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        self.db.execute("SELECT o.step, o.output, o.type, o.sha256, a.size_bytes, a.rows, a.schema FROM step_outputs o"
                        " JOIN artifacts a ON a.sha256 = o.sha256 WHERE o.run_id = ? ORDER BY o.step, o.position",
                        (run_id,)).fetchall()
        return len(self.db.execute("SELECT * FROM step_runs WHERE run_id = ? ORDER BY position", (run_id,)).fetchall())


def millis(iso):
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def iso(ms):
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def list_queries(db, rng, n):
    """N runs-list queries of each kind, at random offsets within what each filter matches."""
    week = 7 * 24 * 3600 * 1000
    kinds = {
        "plain": lambda: {},
        "pipeline": lambda: {"pipeline": rng.choice(db.pipelines)},
        "status": lambda: {"status": rng.choice(["succeeded", "failed", "cancelled"])},
        "trigger": lambda: {"trigger": rng.choice(["cli", "schedule", "ui"])},
        "a week": lambda: (lambda t: {"from": iso(t), "before": iso(t + week)})(
            rng.randrange(db.first, max(db.first + 1, db.last - week))),
        "pipeline + status": lambda: {"pipeline": rng.choice(db.pipelines[:5]), "status": "succeeded"},
    }
    queries = {}
    for kind, make in kinds.items():
        queries[kind] = []
        for _ in range(n):
            query = make()
            total = db.count(query)
            query.update(limit=str(PAGE), offset=str(rng.randrange(max(1, total - PAGE + 1))))
            queries[kind].append((query, total))
    return queries


class Client:
    """One kept-alive HTTP connection to the server, as a browser's."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path):
        """The answer's JSON and the seconds from sending the request to reading all of the answer."""
        start = time.perf_counter()
        try:
            self.conn.request("GET", path)
            response = self.conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as e:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise BenchFailure(f"GET {path}: {e}") from e
        seconds = time.perf_counter() - start
        if response.status != 200:
            raise BenchFailure(f"GET {path}: {response.status} {body[:500]!r}")
        return json.loads(body), seconds


def time_list(client, db, queries):
    """Times each runs-list query through the server and as SQL; checks every page's size and total."""
    server, sql = [], []
    for query, total in queries:
        page, seconds = client.get("/api/runs?" + urllib.parse.urlencode(query))
        expected = min(PAGE, total - int(query["offset"]))
        if page["total"] != total or len(page["runs"]) != expected:
            raise BenchFailure(f"/api/runs?{urllib.parse.urlencode(query)}: {len(page['runs'])} runs of "
                               f"{page['total']}, expected {expected} of {total}")
        server.append(seconds * 1000)
        start = time.perf_counter()
        db.list_sql(query)
        sql.append((time.perf_counter() - start) * 1000)
    return server, sql


def time_runs(client, db, ids, steps):
    server, sql = [], []
    for run_id in ids:
        run, seconds = client.get(f"/api/runs/{run_id}")
        if run["id"] != run_id or len(run["stepList"]) != steps:
            raise BenchFailure(f"/api/runs/{run_id}: run {run['id']} with {len(run['stepList'])} steps, "
                               f"expected {steps}")
        server.append(seconds * 1000)
        start = time.perf_counter()
        db.run_sql(run_id)
        sql.append((time.perf_counter() - start) * 1000)
    return server, sql


# ---------------------------------------------------------------- live logs

def follow_live_log(checkout, port, store, work, lines):
    """Runs the one-step pipeline for real and follows its step's log; returns each line's delay in ms."""
    pipeline = work / "live.yaml"
    pipeline.write_text(LIVE_YAML)
    run = subprocess.Popen([checkout / "gantry", "run", pipeline, "--store", store, "--param", f"lines={lines}"],
                           cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    client = Client(port)
    try:
        run_id = None
        deadline = time.time() + 120
        while run_id is None:
            page, _ = client.get(f"/api/runs?pipeline={LIVE_PIPELINE}&status=running&limit=1")
            if page["runs"]:
                run_id = page["runs"][0]["id"]
            elif run.poll() is not None or time.time() > deadline:
                raise BenchFailure(f"the live run never showed in the runs list; gantry run said:\n{run.stdout.read()}")
            else:
                time.sleep(0.05)
        delays = read_events(port, run_id, lines)
    finally:
        output, _ = run.communicate(timeout=120)
    if run.returncode != 0:
        raise BenchFailure(f"gantry run {pipeline} failed ({run.returncode}):\n{output}")
    return delays


def read_events(port, run_id, lines):
    """Follows the log of step tick of run_id until its end event; the delay of each line written
    after the stream began."""
    deadline = time.time() + 60 + lines * 0.2
    while True:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", f"/api/runs/{run_id}/steps/tick/log/follow", headers={"Accept": "text/event-stream"})
        response = conn.getresponse()
        if response.status != 200:
            raise BenchFailure(f"follow: {response.status} {response.read()[:300]!r}")
        opened = time.time()
        delays, seen, event, data, pending = [], 0, None, [], ""
        while True:
            raw = response.fp.readline()
            if not raw:
                raise BenchFailure(f"the log stream of run {run_id} closed before its end event")
            line = raw.decode().rstrip("\r\n")
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
            elif line == "" and event:
                arrived = time.time()
                if event == "error":
                    break  # the step is not recorded yet: ask again
                if event == "log":
                    # An event carries what was written since the last one, which may end inside a
                    # line: the rest of that line comes with the next event.
                    pending += json.loads("\n".join(data))["text"]
                    complete, pending = pending.rsplit("\n", 1) if "\n" in pending else ("", pending)
                    for text in complete.splitlines():
                        parts = text.split()
                        if len(parts) == 3 and parts[0] == "tick":
                            seen += 1
                            written = float(parts[2])
                            if written >= opened:  # lines from before the stream opened arrive at once
                                delays.append((arrived - written) * 1000)
                if event == "end":
                    conn.close()
                    if seen != lines:
                        raise BenchFailure(f"the log stream carried {seen} lines of {lines}")
                    if not delays:
                        raise BenchFailure("no line was written after the log stream opened")
                    return delays
                event, data = None, []
        conn.close()
        if time.time() > deadline:
            raise BenchFailure(f"could not follow the log of run {run_id}: {' '.join(data)}")
        time.sleep(0.05)


# ---------------------------------------------------------------- the server

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    if fields["Name"].strip() != "java":
        raise BenchFailure(f"process {pid} is {fields['Name'].strip()}, not the server's JVM")
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}


def measure(checkout, pristine, work, queries, run_ids, args):
    """Starts the checkout's server on a copy of the generated store, measures everything, stops it.

    Each server gets its own copy: a server may bring the store's schema up to date, which an
    older build (the baseline) would then refuse to open, and the live run adds a run to it."""
    store = work / "store"
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(pristine, store)
    port = free_port()
    log = open(work / f"server-{port}.log", "w")
    # ./gantry execs the JVM, so the process started here is the server's JVM itself.
    server = subprocess.Popen([checkout / "gantry", "server", "--store", store, "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        client = Client(port)
        started = time.time()
        while True:
            try:
                client.get("/health")
                break
            except BenchFailure:
                if server.poll() is not None or time.time() - started > 120:
                    raise BenchFailure(f"the server did not answer /health; its log:\n"
                                       f"{(work / f'server-{port}.log').read_text()[-3000:]}")
                time.sleep(0.1)
        result = {"start_s": time.time() - started}
        # The same SQL through Python's sqlite3, on the same file, with the indexes the server left there.
        db = Store(store)
        time.sleep(1)
        result["rss_started"] = memory(server.pid)["VmRSS"]
        warm = max(5, args.requests // 4)
        rng = random.Random(7)
        for kind in queries:
            time_list(client, db, queries[kind][:warm])
        time_runs(client, db, rng.sample(run_ids, warm), args.steps)
        result["list"] = {kind: time_list(client, db, qs) for kind, qs in queries.items()}
        result["run"] = time_runs(client, db, run_ids, args.steps)
        result["sse"] = follow_live_log(checkout, port, store, work, args.lines)
        result["rss_peak"] = memory(server.pid)["VmHWM"]
        client.conn.close()
        time.sleep(args.idle)
        result["rss_idle"] = memory(server.pid)["VmRSS"]
        db.db.close()
        return result
    except BenchFailure as e:
        code = server.poll()
        state = "still running" if code is None else f"exited with code {code}"
        raise BenchFailure(f"{e}\n(the server {state}; the end of its log:\n"
                           f"{(work / f'server-{port}.log').read_text()[-3000:]})") from e
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
        shutil.rmtree(store, ignore_errors=True)


# ---------------------------------------------------------------- the report

def verdict(value, target):
    return "met" if value < target else "MISSED"


def ms(s):
    return f"{s['p50']:.1f} / {s['p95']:.1f} / {s['p99']:.1f} / {s['max']:.1f}"


def report(args, info, results, load):
    counts = info["counts"]
    lines = [f"`gantry server` over a store of {counts['runs'] + 1:,} runs and {counts['step_runs']:,} step records "
             f"({info['bytes'] / 1e6:.0f} MB of SQLite, generated in {info['seconds']:.1f} s); {args.requests} requests "
             f"of each kind after a warm-up, one at a time; {os.cpu_count()} cores, 1-minute load average "
             f"{load[0]:.1f} to {load[1]:.1f}.", "",
             "| what | server p50 / p95 / p99 / max (ms) | SQL alone p50 / p95 / max (ms) | target | |",
             "|---|---|---|---|---|"]
    for name, r in results.items():
        tag = "" if name == "this" else f" ({name})"
        all_server, all_sql = [], []
        for kind, (server, sql) in r["list"].items():
            all_server += server
            all_sql += sql
            s, q = stats(server), stats(sql)
            lines.append(f"| runs list, {kind}{tag} | {ms(s)} | {q['p50']:.1f} / {q['p95']:.1f} / {q['max']:.1f} | | |")
        s, q = stats(all_server), stats(all_sql)
        lines.append(f"| **runs list, all kinds**{tag} | {ms(s)} | {q['p50']:.1f} / {q['p95']:.1f} / {q['max']:.1f} "
                     f"| p95 < {TARGETS['list']} ms | {verdict(s['p95'], TARGETS['list'])} |")
        s, q = stats(r["run"][0]), stats(r["run"][1])
        lines.append(f"| **run page ({args.steps} steps)**{tag} | {ms(s)} | {q['p50']:.1f} / {q['p95']:.1f} / "
                     f"{q['max']:.1f} | p95 < {TARGETS['run']} ms | {verdict(s['p95'], TARGETS['run'])} |")
        s = stats(r["sse"])
        lines.append(f"| **live log line, written to seen** ({s['n']} lines){tag} | {ms(s)} | | "
                     f"< {TARGETS['sse']} ms | {verdict(s['max'], TARGETS['sse'])} (max) |")
        lines.append(f"| **server's resident memory, idle after the load**{tag} | {r['rss_idle']:.0f} MB "
                     f"(started: {r['rss_started']:.0f} MB, peak: {r['rss_peak']:.0f} MB) | | "
                     f"< {TARGETS['rss']} MB | {verdict(r['rss_idle'], TARGETS['rss'])} |")
    lines += ["", "Server times are from sending the request to reading the whole answer, over one kept-alive "
              "connection; SQL alone is the same statements through Python's sqlite3 on the same file, right "
              f"after each request. The server answered /health {results['this']['start_s']:.1f} s after it was "
              f"started; memory is VmRSS of its JVM, idle = {args.idle} s after the last request."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="check that the script works, in seconds: 200 runs x 20 steps, into bench/out/quick")
    parser.add_argument("--runs", type=int, help="generated runs (default 10000; 200 with --quick)")
    parser.add_argument("--steps", type=int, help="steps a run (default 100; 20 with --quick)")
    parser.add_argument("--requests", type=int, help="timed requests of each kind (default 200; 20 with --quick)")
    parser.add_argument("--lines", type=int, help="log lines of the live run, 5 a second (default 50; 10 with --quick)")
    parser.add_argument("--idle", type=float, help="seconds without requests before the idle memory (default 10; 2 with --quick)")
    parser.add_argument("--baseline", type=Path, help="another checkout whose server to measure the same way")
    args = parser.parse_args()
    args.runs = args.runs or (200 if args.quick else 10000)
    args.steps = args.steps or (20 if args.quick else 100)
    args.requests = args.requests or (20 if args.quick else 200)
    args.lines = args.lines or (10 if args.quick else 50)
    args.idle = args.idle if args.idle is not None else (2 if args.quick else 10)
    out = OUT / "quick" if args.quick else OUT
    checkouts = {"this": ROOT}
    if args.baseline:
        checkouts["baseline"] = args.baseline.resolve()
    for checkout in checkouts.values():
        gantry(checkout, ["--version"])  # builds it if needed
    store, info = store_for(args, out)
    work = out / "server" / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = Store(store)
    rng = random.Random(15)
    queries = list_queries(db, rng, args.requests)
    run_ids = [i for i in rng.sample(db.ids, min(args.requests, len(db.ids)))]
    run_ids = [i for i in run_ids if db.run_sql(i) == args.steps][:args.requests]
    load = [os.getloadavg()[0]] * 2
    results = {}
    try:
        for name, checkout in checkouts.items():
            results[name] = measure(checkout, store, work, queries, run_ids, args)
            load = [min(load[0], os.getloadavg()[0]), max(load[1], os.getloadavg()[0])]
    except BenchFailure as e:
        sys.exit(f"bench/server: {e}")
    table = report(args, info, results, load)
    print()
    print(table)
    (out / "server.md").write_text(table)


if __name__ == "__main__":
    main()

"""Benchmark: peak memory of ``tk.analyze`` with the result cache on (the default), over three runs.

    python benchmarks/bench_cache_memory.py [--articles 10000]

``bench_analyze.py`` measures memory with ``cache=False``. With the cache on, a first run also writes the
corpus cache and the result part, a second run reads everything back, and a third, after every tenth
article's text was edited, computes those into the cache and reads the rest back. The runs happen in one
fresh process (as in a notebook that analyses the same files again); each peak is read
from ``/proc/self/status`` (``VmHWM``, reset before the run) and printed over the warmed-up idle process and
over the process at the start of that run, against the size of the texts. The warm-up analyses the bundled
sample with and without the cache, so the code of Arrow's Parquet reader and writer (7 MB, paged in on first
use like an import) is part of the idle process, as the toolkit's imports are. Linux-only.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.bench_analyze import ROOT, machine, run_child, scratch, write_sample  # noqa: E402

CHILD = """
import json, sys, tempfile, time
sys.path.insert(0, {root!r})
import toolkit as tk


def status(field):  # kB
    with open("/proc/self/status") as f:
        return int(next(line for line in f if line.startswith(field + ":")).split()[1])


tk.analyze(tk.load_corpus({root!r} + "/data/sample"), cache=False, progress=False, workers=1)  # warm imports
warm = tempfile.mkdtemp()
for _ in range(2):  # and the Parquet code, paged in on first use, as an import would be
    tk.analyze({root!r} + "/data/sample", cache=warm, progress=False, workers=1)
idle = status("VmRSS")
cache = tempfile.mkdtemp()
runs = []
for run in range(3):
    if run == 2:  # every tenth article edited, as when a feed is fetched again
        with open({path!r}, encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        with open({path!r}, "w", encoding="utf-8") as f:
            for i, record in enumerate(records):
                if i % 10 == 0:
                    record["text"] += " The talks are to resume next week."
                f.write(json.dumps(record) + "\\n")
        del records
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    start = status("VmRSS")
    t0 = time.perf_counter()
    analysis = tk.analyze({path!r}, cache=cache, progress=False, workers=1)
    runs.append({{"seconds": time.perf_counter() - t0, "peak_kb": status("VmHWM"), "start_kb": start}})
    if run == 0:
        texts = sum(sys.getsizeof(t) for t in analysis.articles["text"])
    del analysis
print(json.dumps({{"idle_kb": idle, "runs": runs, "text_bytes": texts}}))
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    path = scratch("tk-bench-") / f"articles-{args.articles}.jsonl"
    write_sample(args.articles, path)
    result = run_child(CHILD.format(root=str(ROOT), path=str(path)))
    text_mb = result["text_bytes"] / 2**20
    print(f"{args.articles} articles, {text_mb:.1f} MB of text in memory; one process (workers=1), cache on")
    print(f"   {'run':>7} {'seconds':>8} {'peak over idle MB':>18} {'/ text':>7} "
          f"{'peak over its start MB':>23} {'/ text':>7}")
    for name, run in zip(("first", "second", "changed"), result["runs"]):
        over_idle = (run["peak_kb"] - result["idle_kb"]) / 1024
        over_start = (run["peak_kb"] - run["start_kb"]) / 1024
        print(f"   {name:>7} {run['seconds']:>8.2f} {over_idle:>18.0f} {over_idle / text_mb:>7.1f} "
              f"{over_start:>23.0f} {over_start / text_mb:>7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: the start-up, default-workers and throughput targets of the architecture issue (#16).

    python benchmarks/bench_targets.py [--sizes 20,100,1000,10000] [--articles 1000] [--repeats 3]

1. **Start-up**: a fresh Python process runs ``import toolkit as tk; tk.analyze(tk.load_corpus("data/sample"))``
   (target: under 1.5 s), timed from the process's start to the end of the analysis; once with an empty
   cache folder (everything computed and cached) and once more with that cache (read back). Median of
   ``--repeats`` runs.
2. **Default workers**: ``tk.analyze(path, cache=False)`` with the default workers and with ``workers=1`` on
   articles taken evenly across ``bulk.jsonl.gz`` at each of ``--sizes``, each run in a fresh process
   (imports done, lexicons not loaded: both pay the same), alternating, median of ``--repeats``; the ratio
   default / one process (target: at most 1.10 at every size).
3. **Throughput**: ``--articles`` articles, the plain baseline of ``bench_analyze.py`` (json, the splitter,
   ``TextBlob(sentence).sentiment``, one regex per gazetteer alias) against ``tk.analyze(path, cache=False)``
   with the default workers, in this process, one after the other; the ratio (target: at least 10x) and the
   largest difference of sentence polarity (target: 0).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.bench_analyze import ROOT, machine, run_child, scratch, throughput, write_sample  # noqa: E402

START = """
import time
started = time.perf_counter()
import sys
sys.path.insert(0, {root!r})
import toolkit as tk
analysis = tk.analyze(tk.load_corpus({root!r} + "/data/sample"))
print(time.perf_counter() - started + {before:.6f})
"""

WORKERS = """
import json, sys, time
sys.path.insert(0, {root!r})
import toolkit as tk
started = time.perf_counter()
analysis = tk.analyze({path!r}, cache=False, progress=False, workers={workers})
print(json.dumps({{"seconds": time.perf_counter() - started, "sentences": len(analysis.sentences)}}))
"""


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def start_up(repeats: int) -> tuple[float, float]:
    """Seconds from a fresh process's start to the end of the sample's analysis: with an empty cache folder,
    then with the cache that run left (medians)."""
    cold, warm = [], []
    for _ in range(repeats):
        env = dict(os.environ, NEGOTIATION_TOOLKIT_CACHE=tempfile.mkdtemp(prefix="tk-start-"))
        for times in (cold, warm):
            t0 = time.perf_counter()
            # the interpreter's own start-up is counted: measured from outside, then the child adds its part
            subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
            interpreter = time.perf_counter() - t0
            done = subprocess.run([sys.executable, "-c", START.format(root=str(ROOT), before=interpreter)],
                                  capture_output=True, text=True, check=True, env=env, cwd=ROOT)
            times.append(float(done.stdout.split()[-1]))
    return median(cold), median(warm)


def workers_run(path: Path, workers: str) -> float:
    return run_child(WORKERS.format(root=str(ROOT), path=str(path), workers=workers))["seconds"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,100,1000,10000")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"machine: {machine()}\n")
    work = scratch("tk-targets-")

    cold, warm = start_up(args.repeats)
    print("1. start-up: fresh process, import toolkit + tk.analyze(tk.load_corpus('data/sample')) (target < 1.5 s)")
    print(f"   empty cache: {cold:.2f} s   cache from that run: {warm:.2f} s   (medians of {args.repeats})\n")

    print("2. default workers against one process: tk.analyze(path, cache=False), fresh processes (target <= 1.10)")
    print(f"   {'articles':>9} {'default s':>10} {'workers=1 s':>12} {'ratio':>6}")
    for n in [int(x) for x in args.sizes.split(",")]:
        path = work / f"articles-{n}.jsonl"
        write_sample(n, path)
        default, single = [], []
        for _ in range(args.repeats):  # alternating, so a slow moment of the machine hits both
            default.append(workers_run(path, "None"))
            single.append(workers_run(path, "1"))
        print(f"   {n:>9} {median(default):>10.2f} {median(single):>12.2f} {median(default) / median(single):>6.2f}")
    print()

    path = work / f"throughput-{args.articles}.jsonl"
    chars = write_sample(args.articles, path)
    base_seconds, ours, _, diff, compared = throughput(path)
    print(f"3. throughput: {args.articles} articles ({chars / 1e6:.1f} M characters) (target >= 10x)")
    print(f"   baseline {base_seconds:.1f} s, tk.analyze (default workers, no cache) {ours:.2f} s: "
          f"ratio {base_seconds / ours:.1f}x; max |polarity difference| over {compared} sentences: "
          f"{diff:.3g}")
    print(json.dumps({"start_cold": cold, "start_warm": warm, "throughput_ratio": base_seconds / ours}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: tk.analyze throughput against a plain baseline, scaling, cache, and interactivity.

    python benchmarks/bench_analyze.py [--articles 10000] [--scales 1000,10000,50000]
                                       [--skip-throughput] [--skip-scaling] [--details]

About 8 minutes on 2 cores; with ``--details`` (the extra runs marked below) about 25.

Input: ``../shared/corpus/bulk.jsonl.gz`` when present (articles taken evenly across the file, so Reuters
wires and BBC articles mix; beyond its 24,762 articles, copies with one extra sentence keep texts unique),
else articles from ``benchmarks/generate.py``. Prints:

1. **Throughput** on ``--articles`` articles: the plain baseline (``json`` loading, the toolkit's sentence
   splitter, ``TextBlob(sentence).sentiment`` per sentence, one ``re.finditer`` per actor alias of the
   built-in gazetteer) against ``tk.analyze(path, cache=False)`` with default workers, measured in the same
   run, with the ratio; and the maximum difference between their sentence polarities.
2. **Scaling**: time and peak memory of ``tk.analyze`` at each size (each in a fresh process), with the
   size of the texts in memory and the ratios. The peak of a one-process run is read from
   ``/proc/self/status`` (``VmHWM``, reset after warming up). With ``--details``: runs with the default
   workers sample the proportional set size (PSS) of the process and its workers together (the median of
   three such runs below 50,000 articles), and a one-process run with ``spill=False`` (tables in RAM).
   Linux-only; the figures are not inflated by the benchmark's own process.
3. **Cache**: a first ``tk.analyze`` of the file with the cache on, then three more that read it (the median
   is compared).
4. **Interactivity**: ``Analysis.filter`` plus redrawing one chart on the largest analysis.
5. **Out of core** (``--details``): ``tk.analyze_files`` on the same files at each size (time, peak memory
   as in 2).
"""
from __future__ import annotations

import argparse
import atexit
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BULK = ROOT.parent / "shared" / "corpus" / "bulk.jsonl.gz"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}"


def scratch(prefix: str) -> Path:
    """A temporary folder for this run, removed when it ends. Child processes put their temporary files and
    the toolkit's cache there too, so a benchmark leaves nothing behind, the user's cache folder included."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    os.environ["TMPDIR"] = str(work)
    os.environ["NEGOTIATION_TOOLKIT_CACHE"] = str(work / "user-cache")
    tempfile.tempdir = None  # re-read TMPDIR
    return work


def write_sample(n: int, path: Path) -> int:
    """Write ``n`` articles as JSON Lines to ``path``; return the number of characters of text."""
    if BULK.exists():
        with gzip.open(BULK, "rt", encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        step = max(1, len(records) // min(n, len(records)))
        chosen = records[::step][:n]
        copy = 1
        while len(chosen) < n:
            for r in records:
                if len(chosen) >= n:
                    break
                chosen.append({**r, "id": f"{r['id']}-copy{copy}", "url": f"{r.get('url') or 'https://copy.example/'}"
                               f"{r['id']}?copy={copy}", "text": r["text"] + f"\n\nRepublished copy {copy}."})
            copy += 1
    else:
        from benchmarks.generate import synthetic_articles

        frame = synthetic_articles(n)
        chosen = [{**r, "date": str(r["date"])} for r in frame.to_dict("records")]
    with path.open("w", encoding="utf-8") as f:
        for r in chosen:
            f.write(json.dumps(r) + "\n")
    return sum(len(r["text"]) for r in chosen)


def baseline(path: Path) -> tuple[float, dict[int, list[float]]]:
    """The plain approach of the issue, timed: json, the same splitter, TextBlob per sentence, a regex per alias."""
    from textblob import TextBlob

    import toolkit as tk
    from toolkit.text import split_sentences

    forms = set()
    for actor in tk.Gazetteer.builtin():
        forms.update((actor.name, *actor.aliases, *actor.surnames()))
    patterns = [re.compile(r"\b" + re.escape(form) + r"\b") for form in sorted(forms)]
    start = time.perf_counter()
    polarities: dict[int, list[float]] = {}
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            record = json.loads(line)
            text = record["text"]
            polarities[number] = [TextBlob(sentence).sentiment.polarity
                                  for _, _, _, sentence in split_sentences(text)]
            for pattern in patterns:
                for _ in pattern.finditer(text):
                    pass
    return time.perf_counter() - start, polarities


def throughput(path: Path):
    """The plain baseline, then ``tk.analyze(path, cache=False)`` with the default workers, in this process:
    ``(baseline seconds, toolkit seconds, analysis, largest |polarity difference|, sentences compared)``.

    Sentences are compared article by article; the loader drops a few duplicate articles the baseline keeps
    and normalises whitespace, so articles whose sentences differ in number are left out of the comparison.
    """
    import numpy as np

    import toolkit as tk

    base_seconds, base_polarity = baseline(path)
    t0 = time.perf_counter()
    analysis = tk.analyze(path, cache=False, progress=False)
    ours = time.perf_counter() - t0
    line_of = {aid: int(src.rsplit(":", 1)[1]) for aid, src in zip(analysis.articles.article_id,
                                                                  analysis.articles.source)}
    diffs, compared = [], 0
    for aid, group in analysis.sentences.groupby("article_id", sort=False):
        base = base_polarity[line_of[aid]]
        if len(base) == len(group) and base:
            diffs.append(float(np.max(np.abs(group["polarity"].to_numpy() - np.array(base)))))
            compared += len(base)
    return base_seconds, ours, analysis, max(diffs, default=float("nan")), compared


def run_child(code: str) -> dict:
    """Run ``code`` in a fresh Python process (for peak memory); it prints one JSON line."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


CHILD = """
import json, os, sys, tempfile, threading, time
sys.path.insert(0, {root!r})
import toolkit as tk


def status(field):  # kB, from /proc/self/status (Linux)
    with open("/proc/self/status") as f:
        return int(next(line for line in f if line.startswith(field + ":")).split()[1])


def pss_kb(pid):  # proportional set size: pages shared by forked workers are counted once in the total
    try:
        with open(f"/proc/{{pid}}/smaps_rollup") as f:
            return int(next(line for line in f if line.startswith("Pss:")).split()[1])
    except (OSError, StopIteration):
        return 0


def descendants(pid):
    found = []
    try:
        for task in os.listdir(f"/proc/{{pid}}/task"):
            with open(f"/proc/{{pid}}/task/{{task}}/children") as f:
                for child in f.read().split():
                    found.append(int(child))
                    found.extend(descendants(int(child)))
    except OSError:
        pass
    return found


def all_processes_kb():  # this process and every process it started (workers, a fork server's workers)
    return sum(pss_kb(pid) for pid in {{os.getpid(), *descendants(os.getpid())}})


tk.analyze(tk.load_corpus({root!r} + "/data/sample"), cache=False, progress=False, workers=1)  # warm imports
if {files}:  # and the Parquet writer
    tk.analyze_files({root!r} + "/data/sample", out=tempfile.mkdtemp(), workers=1, progress=False)
idle = status("VmRSS")
idle_all = all_processes_kb()
highest = [idle_all]
running = True


def sample():  # the peak of all processes together, sampled every 20 ms
    while running:
        highest[0] = max(highest[0], all_processes_kb())
        time.sleep(0.02)


with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak (VmHWM) to the current RSS, so the peak below is this run's
sampler = threading.Thread(target=sample, daemon=True)
if {sample}:  # not in timed runs: reading the page tables of large processes slows them
    sampler.start()
t0 = time.perf_counter()
if {files}:
    out = tk.analyze_files({path!r}, out=tempfile.mkdtemp(), progress=False, workers={workers})
else:
    analysis = tk.analyze({path!r}, cache=False, progress=False, workers={workers}, spill={spill})
seconds = time.perf_counter() - t0
running = False
if {sample}:
    sampler.join()
peak = status("VmHWM")
if {files}:
    analysis = tk.Analysis.load(out)
tables = sum(t.memory_usage(deep=True).sum() for t in analysis.tables().values())
texts = sum(sys.getsizeof(t) for t in analysis.articles["text"])
print(json.dumps({{"seconds": seconds, "idle_kb": idle, "peak_kb": peak, "tables_bytes": int(tables),
                  "idle_all_kb": idle_all, "peak_all_kb": highest[0],
                  "text_bytes": texts, "articles": len(analysis.articles), "sentences": len(analysis.sentences)}}))
"""


def child(path: Path, workers, sample: bool, files: bool = False, spill=None) -> dict:
    """One measured run in a fresh process: ``tk.analyze`` (or ``tk.analyze_files`` with ``files``);
    ``spill=False`` keeps the tables in RAM (the default spills them to memory-mapped files)."""
    return run_child(CHILD.format(root=str(ROOT), path=str(path), workers=workers, sample=sample, files=files,
                                  spill=spill))


def all_processes_peak_mb(path: Path, runs: int, files: bool = False) -> float:
    """Peak of the process and its workers together over the idle process (MB): the median of ``runs``
    sampled runs with the default workers (one run's figure varies with when the samples fall)."""
    peaks = []
    for _ in range(runs):
        r = child(path, "None", True, files)
        peaks.append((r["peak_all_kb"] - r["idle_all_kb"]) / 1024)
    return sorted(peaks)[len(peaks) // 2]


def measure(path: Path, n: int, files: bool = False, details: bool = True) -> tuple[dict, float, float, dict]:
    """The runs of one size: timed with the default workers, one process (its peak over idle, MB), and with
    ``details`` all processes with the default workers (MB, else NaN); returns ``(timed, peak, all-process
    peak, one-process run)``."""
    timed = child(path, "None", False, files)
    single = child(path, 1, False, files)
    together = all_processes_peak_mb(path, runs=3 if n < 50_000 else 1, files=files) if details else float("nan")
    return timed, peak_mb(single), together, single


def peak_mb(run: dict) -> float:
    """A one-process run's peak RSS over its idle RSS, MB."""
    return (run["peak_kb"] - run["idle_kb"]) / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--scales", default="1000,10000,50000")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true", help="skip sections 1 and 3")
    parser.add_argument("--details", action="store_true",
                        help="also all-process peaks, tables kept in RAM, and tk.analyze_files (section 5)")
    args = parser.parse_args(argv)
    import toolkit as tk

    print(f"machine: {machine()}")
    print(f"input: {'bulk.jsonl.gz (' + str(BULK) + ')' if BULK.exists() else 'generated articles'}\n")
    work = scratch("tk-bench-")

    analysis = None
    if not args.skip_throughput:
        # 1. throughput
        path = work / f"articles-{args.articles}.jsonl"
        chars = write_sample(args.articles, path)
        base_seconds, ours, analysis, diff, compared = throughput(path)
        ours_polarity = analysis.sentences["polarity"].to_numpy()
        print("1. throughput")
        print(f"   {args.articles} articles, {chars / 1e6:.1f} M characters, {len(ours_polarity)} sentences")
        print(f"   baseline (json + splitter + TextBlob per sentence + regex per alias): {base_seconds:8.1f} s "
              f"({args.articles / base_seconds:7.0f} articles/s)")
        print(f"   tk.analyze (all tables, default workers, no cache):                 {ours:8.1f} s "
              f"({args.articles / ours:7.0f} articles/s)")
        print(f"   ratio baseline / tk.analyze: {base_seconds / ours:.1f}x   "
              f"max |polarity difference| over {compared} sentences: {diff:.3g}\n")

        # 3. cache
        cache_dir = work / "cache"
        t0 = time.perf_counter()
        tk.analyze(path, cache=cache_dir, progress=False)
        first = time.perf_counter() - t0
        repeats = []
        for _ in range(3):  # the median of three reads: one read of 0.2-0.4 s varies with the machine's state
            t0 = time.perf_counter()
            again = tk.analyze(path, cache=cache_dir, progress=False)
            repeats.append(time.perf_counter() - t0)
            assert len(again.sentences) == len(analysis.sentences)
        second = sorted(repeats)[1]
        print("3. cache")
        print(f"   first run (computes and writes the cache): {first:6.1f} s; second run (reads it): "
              f"{second:6.2f} s (median of {', '.join(f'{r:.2f}' for r in repeats)}); ratio {first / second:.0f}x\n")

    # 2. scaling
    largest = analysis
    if not args.skip_scaling:
        print("2. scaling (each size in a fresh process): time with the default workers; memory measured in a")
        print("   single-process run (workers=1) as its peak RSS minus the RSS of the warmed-up idle process,")
        print("   against the size of the article texts in memory (Python strings; 2 bytes a character once a text")
        print("   holds a curly quote or dash) and against the size of the result tables (tables / text is the")
        print("   floor of a run that holds them in RAM). tk.analyze spills its tables to memory-mapped files")
        print("   (toolkit.scale.spill), so mapped pages count in the peak only while touched.")
        if args.details:
            print("   --details: the peak of the process and its workers together with the default workers (PSS,")
            print("   sampled every 20 ms) minus the idle process's (median of three runs below 50,000 articles),")
            print("   and the one-process run again with spill=False (tables in RAM, as before spilling)")
        print(f"   {'articles':>9} {'seconds':>8} {'s per 1k':>9} {'M chars':>8} {'s per M':>8} {'text MB':>8} "
              f"{'tables MB':>10} {'tables / text':>14} {'peak over idle MB':>18} {'/ text':>7} {'/ tables':>9}"
              + (f" {'all workers MB':>15} {'/ text':>7} {'in RAM MB':>10} {'/ text':>7}" if args.details else ""))
        for n in [int(x) for x in args.scales.split(",")]:
            p = work / f"scale-{n}.jsonl"
            text_chars = write_sample(n, p)
            timed, over, together, single = measure(p, n, details=args.details)
            text_mb, tables_mb = single["text_bytes"] / 2**20, single["tables_bytes"] / 2**20
            row = (f"   {n:>9} {timed['seconds']:>8.1f} {timed['seconds'] * 1000 / n:>9.2f} {text_chars / 1e6:>8.1f} "
                   f"{timed['seconds'] / (text_chars / 1e6):>8.2f} "
                   f"{text_mb:>8.1f} {tables_mb:>10.1f} {tables_mb / text_mb:>14.1f} {over:>18.0f} "
                   f"{over / text_mb:>7.1f} {over / tables_mb:>9.1f}")
            if args.details:
                in_ram = peak_mb(child(p, 1, False, spill=False))
                row += f" {together:>15.0f} {together / text_mb:>7.1f} {in_ram:>10.0f} {in_ram / text_mb:>7.1f}"
            print(row)
        print()
    if not args.skip_scaling and args.details:
        print("5. out of core: tk.analyze_files on the same files, written to partitioned Parquet (nothing kept")
        print("   in memory; blocks read as tasks finish); time and all-process peak with the default workers,")
        print("   one-process peak with workers=1, as in section 2")
        print(f"   {'articles':>9} {'seconds':>8} {'text MB':>8} {'peak over idle MB':>18} {'/ text':>7} "
              f"{'all workers MB':>15} {'/ text':>7}")
        for n in [int(x) for x in args.scales.split(",")]:
            p = work / f"scale-{n}.jsonl"
            timed, over, together, single = measure(p, n, files=True)
            text_mb = single["text_bytes"] / 2**20
            print(f"   {n:>9} {timed['seconds']:>8.1f} {text_mb:>8.1f} {over:>18.0f} {over / text_mb:>7.1f} "
                  f"{together:>15.0f} {together / text_mb:>7.1f}")
        print()
    if not args.skip_scaling:
        biggest = max(int(x) for x in args.scales.split(","))
        largest = tk.analyze(work / f"scale-{biggest}.jsonl", progress=False, cache=work / "cache")

    # 4. interactivity
    if largest is None:
        return 0
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    outlets = largest.articles["outlet"].value_counts().index.tolist()
    dates = largest.articles["date"].dropna().sort_values()
    start, end = dates.iloc[len(dates) // 4], dates.iloc[3 * len(dates) // 4]
    timings = []
    for _ in range(6):
        t0 = time.perf_counter()
        view = largest.filter(start=start, end=end, outlets=outlets[:1])
        filtered = time.perf_counter() - t0
        fig, ax = plt.subplots()
        tk.charts.sentiment_over_time(view, by="outlet", freq="W", ax=ax)
        fig.canvas.draw()
        plt.close(fig)
        timings.append((time.perf_counter() - t0, filtered))
    later = sorted(timings[1:])
    print("4. interactivity")
    print(f"   Analysis.filter(date range, outlet: {len(view.articles)} articles kept) + redraw sentiment_over_time "
          f"on {len(largest.articles)} articles:")
    print(f"   first call {timings[0][0] * 1000:.0f} ms (filter {timings[0][1] * 1000:.0f} ms, which builds the "
          f"row -> article index); later calls median {later[2][0] * 1000:.0f} ms "
          f"(filter {later[2][1] * 1000:.0f} ms), max {later[-1][0] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

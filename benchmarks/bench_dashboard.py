"""Benchmark: how long the dashboard takes to redraw after a filter change (issue #21: under 0.5 s on 500
articles, from the change to the visible charts and tables redrawn).

    python benchmarks/bench_dashboard.py [--articles 500] [--repeats 5]

Loads ``--articles`` articles of ``../shared/corpus/negotiations.jsonl`` (else the sample, repeated), builds
the dashboard, then times the panel's filter changes (a date range, a side, an issue, back to everything):
what a change costs now (the volume chart, the open chart tab and the tables) against the baseline of the
issue, measured in the same run: redrawing every chart, as the dashboard did before.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import pandas as pd  # noqa: E402

import toolkit as tk  # noqa: E402
from toolkit.viz import charts  # noqa: E402
from toolkit.viz.dashboard import Dashboard, _png  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "negotiations.jsonl"
TARGET = 0.5


def corpus(n: int) -> pd.DataFrame:
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f][:n]
        return pd.DataFrame(rows)
    sample = tk.load_corpus(Path(__file__).resolve().parents[1] / "data" / "sample").articles
    return pd.concat([sample] * (n // len(sample) + 1), ignore_index=True).head(n)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    analysis = tk.analyze(corpus(args.articles), cache=False)
    board = Dashboard(analysis)
    panel = board.panel
    dates = [ts for _, ts in panel._date_options]
    side = panel.sides.options[0] if panel.sides.options else None
    issue = panel.issues.options[0] if panel.issues.options else None
    changes = [("dates", lambda: setattr(panel.dates, "index", (len(dates) // 2, len(dates) - 1))),
               ("side", lambda: setattr(panel.sides, "value", (side,)) if side else None),
               ("issue", lambda: setattr(panel.issues, "value", (issue,)) if issue else None),
               ("reset", panel.reset)]
    now, before = [], []
    for _ in range(args.repeats):
        for name, change in changes:
            started = time.perf_counter()
            change()
            now.append(time.perf_counter() - started)
            view = panel.value
            started = time.perf_counter()  # the baseline: every chart redrawn
            _png(getattr(charts, board.VOLUME[1]), view, **board.VOLUME[2])
            for _, function, kwargs in board.CHARTS:
                board._draw(function, view, kwargs)  # as the tabs draw it (distinctive words need the panel)
            before.append(time.perf_counter() - started)
    now_median, before_median = statistics.median(now), statistics.median(before)
    print(f"{len(analysis.articles)} articles, {len(now)} filter changes")
    print(f"redraw after a filter change (median / max): {now_median:.2f} / {max(now):.2f} s "
          f"(target < {TARGET} s: {'met' if now_median < TARGET else 'NOT met'})")
    print(f"baseline, every chart redrawn: {before_median:.2f} s; ratio {before_median / now_median:.1f}x")
    print(json.dumps({"redraw_median": now_median, "redraw_max": max(now), "baseline_median": before_median}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

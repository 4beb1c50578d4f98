"""Benchmark: actor mention finding, scaling with corpus size and with gazetteer size.

    python benchmarks/bench_mentions.py [--articles 10000] [--actors 1000]

Prints articles/second of ``ActorMatcher.find`` on generated articles (benchmarks/generate.py) for
1k/5k/10k articles with a 1,000-actor gazetteer, then for 10k articles with 100/1,000/5,000 actors, and the
plain baseline (one ``re.finditer`` per alias) on a slice for comparison. Growth should be about linear in
the number of articles and nearly flat in the number of actors.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import synthetic_articles, synthetic_gazetteer  # noqa: E402
from toolkit.extract.mentions import ActorMatcher  # noqa: E402


def time_find(matcher: ActorMatcher, texts: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    n = sum(len(matcher.find(t)) for t in texts)
    return time.perf_counter() - start, n


def baseline(gazetteer, texts: list[str]) -> float:
    """One compiled regex per alias, run over every text (what a plain script would do)."""
    patterns = []
    for actor in gazetteer:
        for form in (actor.name, *actor.aliases, *actor.surnames()):
            patterns.append(re.compile(r"\b" + re.escape(form) + r"\b"))
    start = time.perf_counter()
    for text in texts:
        for pattern in patterns:
            for _ in pattern.finditer(text):
                pass
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--actors", type=int, default=1_000)
    args = parser.parse_args(argv)

    gazetteer = synthetic_gazetteer(args.actors)
    texts = synthetic_articles(args.articles, gazetteer).text.tolist()
    chars = sum(map(len, texts))
    print(f"generated {len(texts)} articles ({chars / 1e6:.1f} M characters), gazetteer of {len(gazetteer)} actors")
    t0 = time.perf_counter()
    matcher = ActorMatcher(gazetteer)
    print(f"compile matcher: {time.perf_counter() - t0:.2f} s\n")

    print("corpus size (gazetteer fixed):")
    print(f"{'articles':>9} {'seconds':>8} {'articles/s':>11} {'mentions':>9} {'s per 1k':>9}")
    for n in sorted({max(1, args.articles // 10), max(1, args.articles // 2), args.articles}):
        seconds, found = time_find(matcher, texts[:n])
        print(f"{n:>9} {seconds:>8.2f} {n / seconds:>11.0f} {found:>9} {seconds * 1000 / n:>9.3f}")

    print("\ngazetteer size (corpus fixed):")
    print(f"{'actors':>9} {'compile s':>9} {'seconds':>8} {'articles/s':>11}")
    for n_actors in (100, args.actors, 5 * args.actors):
        g = synthetic_gazetteer(n_actors)
        t0 = time.perf_counter()
        m = ActorMatcher(g)
        compile_s = time.perf_counter() - t0
        seconds, _ = time_find(m, texts)
        print(f"{n_actors:>9} {compile_s:>9.2f} {seconds:>8.2f} {len(texts) / seconds:>11.0f}")

    sample = texts[: max(1, len(texts) // 20)]
    base = baseline(gazetteer, sample)
    ours, _ = time_find(matcher, sample)
    print(f"\nbaseline (one regex per alias) on {len(sample)} articles: {base:.2f} s = "
          f"{len(sample) / base:.0f} articles/s; matcher {ours:.2f} s; ratio {base / ours:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: sentence sentiment, plain ``TextBlob(s).sentiment`` versus ``toolkit.text.sentiment_arrays``.

    python benchmarks/bench_sentiment.py [--articles 2000] [--no-articles]

Sentences come from the first N articles of ``../shared/corpus/bulk.jsonl.gz`` (gzip JSON Lines, field
``text``; set NEGOTIATION_SHARED to use another shared folder), split with ``toolkit.text.split_sentences``;
without that file the sample corpus in ``data/sample`` is used. Prints sentences/second of

- TextBlob: ``TextBlob(s).sentiment`` for every sentence (what a plain script does);
- the bare pattern analyzer ``textblob.en.sentiment(s)`` (TextBlob without the ``TextBlob`` object), for
  reference;
- ``sentiment_arrays(sentences)`` cold (all caches emptied first: per-text results, per-piece tokens) and
  warm (a second call on the first ``MAX_CACHED_TEXTS`` texts, which the per-text cache then holds: it keeps
  the most recent texts only);

with the speed ratios, and the largest absolute difference from TextBlob over all sentences (it should be
0.0: the values are the same floats). With ``--articles`` > 0 the whole article texts (as the pipeline
scores them for document sentiment) are compared too.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.text.sentiment import MAX_CACHED_TEXTS, clear_caches, sentiment_arrays  # noqa: E402
from toolkit.text import split_sentences  # noqa: E402

SHARED = Path(os.environ.get("NEGOTIATION_SHARED", ROOT.parent / "shared")).resolve()
BULK = SHARED / "corpus" / "bulk.jsonl.gz"


def load_articles(n: int) -> tuple[list[str], str]:
    if BULK.exists():
        texts = []
        with gzip.open(BULK, "rt", encoding="utf-8") as f:
            for line in f:
                if len(texts) >= n:
                    break
                text = json.loads(line).get("text")
                if isinstance(text, str) and text.strip():
                    texts.append(text)
        return texts, f"{BULK} (first {len(texts)} articles)"
    from toolkit import load_corpus

    articles = load_corpus(ROOT / "data" / "sample").articles
    return articles["text"].tolist()[:n], f"{ROOT / 'data' / 'sample'} ({min(n, len(articles))} articles)"


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def textblob_loop(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    from textblob import TextBlob

    pol = np.empty(len(texts))
    sub = np.empty(len(texts))
    for i, s in enumerate(texts):
        pol[i], sub[i] = TextBlob(s).sentiment
    return pol, sub


def analyzer_loop(texts: list[str]) -> None:
    from textblob.en import sentiment as pattern_sentiment

    for s in texts:
        pattern_sentiment(s)


def compare(label: str, texts: list[str], with_analyzer: bool = True) -> None:
    n = len(texts)
    print(f"\n{label}: {n} texts ({len(set(texts))} distinct), {sum(map(len, texts)) / max(n, 1):.0f} chars on average")
    textblob_loop(texts[:50])  # load the lexicon outside the timings
    sentiment_arrays(texts[:50])
    t_blob, (ref_pol, ref_sub) = timed(textblob_loop, texts)
    t_bare = timed(analyzer_loop, texts)[0] if with_analyzer else None
    clear_caches()
    t_cold, (pol, sub) = timed(sentiment_arrays, texts)
    recent = texts[:MAX_CACHED_TEXTS]
    clear_caches()
    sentiment_arrays(recent)
    t_warm, (pol2, sub2) = timed(sentiment_arrays, recent)
    k = len(recent)
    diff = max(float(np.max(np.abs(pol - ref_pol), initial=0.0)), float(np.max(np.abs(sub - ref_sub), initial=0.0)),
               float(np.max(np.abs(pol2 - ref_pol[:k]), initial=0.0)),
               float(np.max(np.abs(sub2 - ref_sub[:k]), initial=0.0)))
    unequal = int(np.sum((pol != ref_pol) | (sub != ref_sub)))

    def rate(t, count=n):
        return f"{count / t:>12,.0f} /s  {t / max(count, 1) * 1e6:8.1f} us each"

    print(f"  TextBlob(s).sentiment        {rate(t_blob)}")
    if t_bare is not None:
        print(f"  textblob.en.sentiment(s)     {rate(t_bare)}   ({t_blob / t_bare:.1f}x faster than TextBlob)")
    print(f"  sentiment_arrays, cold cache {rate(t_cold)}   {t_blob / t_cold:7.1f}x TextBlob"
          + (f", {t_bare / t_cold:.1f}x bare analyzer" if t_bare else ""))
    per_text_warm = t_warm / max(k, 1) * n  # as if every text were in the cache
    print(f"  sentiment_arrays, warm cache {rate(t_warm, k)}   {t_blob / per_text_warm:7.1f}x TextBlob"
          + (f", {t_bare / per_text_warm:.1f}x bare analyzer" if t_bare else "") + f" (first {k} texts)")
    print(f"  max abs difference from TextBlob: {diff!r} over {n} texts ({unequal} not bit-identical)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="number of articles to read (default 2000)")
    parser.add_argument("--no-articles", action="store_true", help="skip the whole-article comparison")
    args = parser.parse_args(argv)

    articles, source = load_articles(args.articles)
    sentences = [s for text in articles for *_, s in split_sentences(text)]
    print(f"source: {source}")
    compare("sentences", sentences)
    if not args.no_articles:
        compare("whole articles", articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())

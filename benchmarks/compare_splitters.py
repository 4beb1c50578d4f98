"""Compare sentence splitters on hand-checked news text and on real articles: accuracy and speed.

    python benchmarks/compare_splitters.py [--articles N]

Splitters: nupunkt's pre-trained model alone, pysbd (if installed: `pip install pysbd`), and the toolkit's
splitter (nupunkt plus news rules, ``toolkit.text.split_sentences``). Accuracy is the share of hand-checked
paragraphs (``tests/data/sentence_boundaries.yaml``) split exactly right. Speed is measured on the real
articles in ``../shared/corpus/negotiations.jsonl`` when present, else on the sample corpus. Agreement counts
how many boundaries each library shares with the toolkit on the real text.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.text import paragraph_spans, split_sentences  # noqa: E402


def _trimmed(paragraph: str, spans) -> list[str]:
    return [paragraph[s:e].strip() for s, e in spans if paragraph[s:e].strip()]


def splitters():
    import nupunkt

    model = nupunkt.load_default_model()
    out = {"nupunkt": lambda p: _trimmed(p, model.span_tokenize(p))}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
        out["pysbd"] = lambda p: [s.sent.strip() for s in seg.segment(p) if s.sent.strip()]
    except ImportError:
        print("pysbd is not installed: skipped (pip install pysbd to include it)")
    out["toolkit"] = lambda p: [s for *_, s in split_sentences(p)]
    return out


def real_paragraphs(limit: int) -> tuple[list[str], str]:
    corpus = ROOT.parent / "shared" / "corpus" / "negotiations.jsonl"
    if corpus.exists():
        texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")][:limit]
        where = f"{len(texts)} real articles from {corpus}"
    else:
        import toolkit as tk

        texts = tk.load_corpus(ROOT / "data" / "sample").articles.text.tolist()
        where = f"{len(texts)} sample articles (../shared not found)"
    paragraphs = [t[s:e] for t in texts for s, e in paragraph_spans(t)]
    return paragraphs, where


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="real articles to time (default 300)")
    args = parser.parse_args(argv)
    cases = yaml.safe_load((ROOT / "tests" / "data" / "sentence_boundaries.yaml").read_text("utf-8"))["cases"]
    paragraphs, where = real_paragraphs(args.articles)
    funcs = splitters()
    reference = {i: funcs["toolkit"](p) for i, p in enumerate(paragraphs)}
    print(f"hand-checked paragraphs: {len(cases)}; timing on {where} ({len(paragraphs)} paragraphs)\n")
    print(f"{'splitter':<10} {'exact cases':>12} {'ms/article':>11} {'sentences':>10} {'same as toolkit':>16}")
    n_articles = min(args.articles, len(paragraphs)) or 1
    for name, func in funcs.items():
        exact = sum(func(c["text"]) == c["sentences"] for c in cases)
        start = time.perf_counter()
        results = [func(p) for p in paragraphs]
        elapsed = time.perf_counter() - start
        n_sent = sum(len(r) for r in results)
        same = sum(r == reference[i] for i, r in enumerate(results)) / max(1, len(paragraphs))
        per_article = elapsed * 1000 / (args.articles if "real" in where else n_articles)
        print(f"{name:<10} {exact:>5}/{len(cases):<6} {per_article:>11.2f} {n_sent:>10} {same:>15.1%}")
    failures = [(c["text"], funcs["toolkit"](c["text"])) for c in cases if funcs["toolkit"](c["text"]) != c["sentences"]]
    for text, got in failures:
        print(f"\ntoolkit differs on: {text!r}\n  got: {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

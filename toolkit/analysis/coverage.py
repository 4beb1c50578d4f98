"""Coverage: which names in the text no actor covers, so a new user sees what the gazetteer misses.

A *name* is a run of capitalised words ("Mohammad Bagher Ghalibaf", "Hamas", "Board of Peace" is two: "Board",
"Peace"), without a leading function word ("The", "In") and without single words that are ordinary words at the
start of a sentence ("Talks", "Officials"), days or months. A name is *resolved* when an actor mention overlaps
it. The pipeline counts both per article (``articles.n_names``, ``articles.n_names_resolved``);
:meth:`Analysis.coverage <toolkit.analysis.Analysis.coverage>` lists the unresolved names.

>>> import toolkit as tk
>>> tk.analyze(["Araghchi met the Omani envoy Badr Albusaidi in Muscat."], cache=False).coverage()   # doctest: +SKIP
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from ..extract.people import count_resolved, name_spans

#: Columns of :meth:`Analysis.coverage`.
COVERAGE_COLUMNS = ["name", "mentions", "articles", "example"]


def uncovered_names(articles: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame,
                    top: int = 30, known: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The ``top`` most frequent names no mention covers: name, mentions, articles, an example sentence."""
    spans = {aid: sorted(zip(g["start"].tolist(), g["end"].tolist())) for aid, g in mentions.groupby("article_id")}
    counts: Counter = Counter()
    where: dict[str, set] = {}
    first: dict[str, tuple[str, int]] = {}
    for aid, text in zip(articles["article_id"], articles["text"]):
        covered = spans.get(aid, [])
        for start, end in name_spans(text, known):
            if count_resolved([(start, end)], covered):
                continue
            name = " ".join(text[start:end].split())
            counts[name] += 1
            where.setdefault(name, set()).add(aid)
            first.setdefault(name, (aid, start))
    rows = []
    for name, n in counts.most_common(top):
        aid, offset = first[name]
        s = sentences[(sentences["article_id"] == aid) & (sentences["start"] <= offset) & (sentences["end"] > offset)]
        rows.append({"name": name, "mentions": n, "articles": len(where[name]),
                     "example": s["text"].iloc[0] if len(s) else ""})
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


__all__ = ["COVERAGE_COLUMNS", "uncovered_names"]

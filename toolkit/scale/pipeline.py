"""The per-article pipeline: every extractor on every article of a frame, as one pure function.

:func:`run_pipeline` takes a frame of articles and returns new frames (the ``articles`` table with its
counts and sentiment, and one table per extractor), so it can run on any slice of a corpus -- in this
process, in a worker process, on a Dask worker -- and the slices concatenate to the same result.
:class:`Settings` is everything besides the articles that decides the results: the resources and the
extractors; its :meth:`~Settings.key` names the result cache's folder.

>>> tables = run_pipeline(pd.DataFrame({"article_id": ["a"], "text": ["Russia rejected the plan."]}))
>>> list(tables), tables["statements"][["holder", "act"]].values.tolist()
(['articles', 'sentences', 'mentions', 'quotes', 'statements', 'meetings'], [['Russia', 'REJECT']])
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import __version__
from ..corpus import ARTICLE_COLUMNS
from ..extract import Doc, Extractor, TableSpec, with_extractors
from ..extract.people import count_resolved, name_spans
from ..resources import Resources
from ..text.sentences import count_words
from ..text.sentiment import sentiment_arrays

#: The ``articles`` table of an analysis: the corpus's columns, then counts and whole-text sentiment.
ARTICLES = TableSpec("articles", {
    "article_id": "str", "title": "str", "date": "datetime64[ns]", "outlet": "str", "url": "str", "author": "str",
    "text": "str", "source": "str", "n_sentences": "int64", "n_words": "int64", "polarity": "float64",
    "subjectivity": "float64", "n_names": "int64", "n_names_resolved": "int64"})
#: The ``problems`` table: inputs not loaded, or loaded with a caveat (``position`` may be missing).
PROBLEMS = TableSpec("problems", {"path": "str", "position": "Int64", "reason": "str", "article_id": "str"})


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the toolkit's source files and data resources: any edit gives new cache keys."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha1(__version__.encode())
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yaml", ".json") and p.is_file()):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Settings:
    """What decides the tables besides the articles: the resources and the extractors (picklable, for
    workers). :attr:`specs` lists the result tables in order, ``articles`` first."""

    resources: Resources
    extractors: tuple[Extractor, ...]

    @classmethod
    def build(cls, actors=None, cues=None, issues=None, extractors=None, discover: bool = True) -> "Settings":
        """Settings from the arguments of ``tk.analyze``: resources as :meth:`Resources.build` takes them,
        ``extractors`` added to the built-in ones (one of the same name replaces it)."""
        return cls(Resources.build(actors, cues, issues, discover), tuple(with_extractors(extractors)))

    def key(self) -> str:
        """A hash of the toolkit's code, the resources and each extractor's name and fingerprint."""
        parts = [code_fingerprint(), self.resources.fingerprint()]
        parts += [f"{e.name}:{e.fingerprint()}" for e in self.extractors]
        return hashlib.sha1("|".join(parts).encode()).hexdigest()[:20]

    @property
    def specs(self) -> dict[str, TableSpec]:
        return {"articles": ARTICLES, **{e.name: e.spec for e in self.extractors}}


def run_pipeline(articles: pd.DataFrame, settings: Settings | None = None) -> dict[str, pd.DataFrame]:
    """The tables of ``articles`` (a frame with at least ``article_id`` and ``text``): ``articles`` with
    ``n_sentences``, ``n_words``, ``polarity``, ``subjectivity``, ``n_names`` and ``n_names_resolved`` (names
    in the text, and those an actor mention covers: :func:`toolkit.extract.people.name_spans`), then one
    table per extractor."""
    settings = settings or _default_settings()
    out = articles.reset_index(drop=True)
    out = out.assign(**{c: pd.NaT if c == "date" else "" for c in ARTICLE_COLUMNS if c not in out})[ARTICLE_COLUMNS]
    rows: dict[str, list] = {e.name: [] for e in settings.extractors}
    n_sentences, n_names, n_resolved = [], [], []
    known = frozenset(settings.resources.actors.side_of_adjective())
    for article_id, text, date, title, outlet in zip(out["article_id"], out["text"], out["date"], out["title"],
                                                     out["outlet"]):
        extractor = None
        try:  # an error names the article and the extractor, so it can be reproduced
            doc = Doc(article_id, text, date, title, settings.resources, outlet)
            for extractor in settings.extractors:
                rows[extractor.name].extend({"article_id": article_id, **row} if isinstance(row, dict)
                                            else (article_id, *row) for row in extractor.rows(doc))
        except Exception as exc:
            who = type(extractor).__name__ if extractor is not None else "reading the text"
            raise RuntimeError(f"{who} failed on article {article_id}: {type(exc).__name__}: {exc}") from exc
        n_sentences.append(len(doc.sentences))
        names = name_spans(text, known)
        n_names.append(len(names))
        n_resolved.append(count_resolved(names, [(m.start, m.end) for m in doc.mentions]) if names else 0)
    polarity, subjectivity = sentiment_arrays(out["text"].tolist(), cache=False)  # whole texts never repeat
    out = out.assign(n_sentences=pd.Series(n_sentences, dtype="int64"),
                     n_words=pd.Series([count_words(t) for t in out["text"]], dtype="int64"),
                     polarity=polarity, subjectivity=subjectivity, n_names=pd.Series(n_names, dtype="int64"),
                     n_names_resolved=pd.Series(n_resolved, dtype="int64"))
    return {"articles": ARTICLES.typed(out), **{e.name: e.table(rows[e.name]) for e in settings.extractors}}


@lru_cache(maxsize=1)
def _default_settings() -> Settings:
    return Settings.build()


def warm_up(settings: Settings) -> None:
    """Load every lexicon and model the pipeline uses (worker processes forked after this share them)."""
    from ..text.tone import tone

    text = 'Russia rejected the ceasefire plan. "We are ready," he said. Talks end.\n\nU.S. envoys left.'
    run_pipeline(pd.DataFrame({"article_id": ["warm-up"], "text": [text]}), settings)
    tone("Russia rejected the plan.", 0, 6)

"""The per-article pipeline: text -> sentences -> mentions -> quotes -> statements, plus sentiment.

:func:`run_pipeline` is pure: it takes a frame of articles and returns new frames, so it can run on any
slice of a corpus (in another process, or on a Dask worker) and the slices concatenate to the same result.
The heavy lifting per article is :func:`analyze_text`; sentiment is computed for all sentences at once.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .actors import MENTION_COLUMNS, MENTION_DTYPES, ActorMatcher, matcher_for, mention_rows
from .attribution import ArticleContext
from .cues import CueLexicon
from .gazetteer import Gazetteer, as_gazetteer
from .loaders import ARTICLE_COLUMNS
from .quotes import QUOTE_COLUMNS, QUOTE_DTYPES, QuoteExtractor, quotes_rows
from .sentiment import sentiment_arrays
from .statements import STATEMENT_COLUMNS, STATEMENT_DTYPES, IssueTaxonomy, StatementExtractor, statement_rows
from .text import SENTENCE_BASE_COLUMNS, count_words, paragraph_spans, split_sentences
from .tone import ToneModel

ARTICLE_RESULT_COLUMNS = ARTICLE_COLUMNS + ["n_sentences", "n_words", "polarity", "subjectivity"]
SENTENCE_COLUMNS = SENTENCE_BASE_COLUMNS + ["polarity", "subjectivity"]

#: Column names and dtypes of every table, used to build empty tables with the right shape.
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "articles": {"article_id": "str", "title": "str", "date": "datetime64[ns]", "outlet": "str", "url": "str",
                 "author": "str", "text": "str", "source": "str", "n_sentences": "int64", "n_words": "int64",
                 "polarity": "float64", "subjectivity": "float64"},
    "sentences": {"article_id": "str", "sentence_id": "int64", "paragraph_id": "int64", "start": "int64",
                  "end": "int64", "text": "str", "polarity": "float64", "subjectivity": "float64"},
    "mentions": MENTION_DTYPES,
    "quotes": QUOTE_DTYPES,
    "statements": STATEMENT_DTYPES,
    "problems": {"path": "str", "position": "Int64", "reason": "str", "article_id": "str"},
}


def empty_table(name: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of table ``name``."""
    return pd.DataFrame({col: pd.Series(dtype=dtype) for col, dtype in TABLE_COLUMNS[name].items()})


@dataclass
class Extractors:
    """Everything the per-article pipeline needs, built once: the actor matcher and the cue/issue lexicons."""

    gazetteer: Gazetteer
    matcher: ActorMatcher
    quotes: QuoteExtractor
    statements: StatementExtractor
    tone: ToneModel | None = None

    @classmethod
    def build(cls, gazetteer=None, cues: CueLexicon | None = None, issues: IssueTaxonomy | None = None) -> "Extractors":
        gazetteer = as_gazetteer(gazetteer)
        cues = cues or CueLexicon.bundled()
        return cls(gazetteer, matcher_for(gazetteer), QuoteExtractor(cues),
                   StatementExtractor(cues, issues or IssueTaxonomy.bundled()), ToneModel.bundled())


def analyze_text(article_id: str, text: str, date, tools: Extractors) -> dict[str, list[tuple]]:
    """Rows of the sentences (without sentiment), mentions, quotes and statements tables for one article."""
    sentences = split_sentences(text)
    sentence_rows = [(article_id, i, p, s, e, t) for i, (s, e, p, t) in enumerate(sentences)]
    spans = [(s, e) for s, e, _, _ in sentences]
    mentions = tools.matcher.find(text)
    ctx = ArticleContext(text, spans, mentions, tools.gazetteer, date=date)
    quotes = tools.quotes.extract(ctx, paragraph_spans(text))
    year = None if date is None or pd.isna(date) else pd.Timestamp(date).year
    statements = tools.statements.extract(ctx, quotes, year)
    return {
        "sentences": sentence_rows,
        "mentions": mention_rows(article_id, mentions, sentences, tools.gazetteer, date, tools.tone),
        "quotes": quotes_rows(article_id, quotes),
        "statements": statement_rows(article_id, statements),
    }


def run_pipeline(articles: pd.DataFrame, gazetteer: Gazetteer | None = None,
                 tools: Extractors | None = None) -> dict[str, pd.DataFrame]:
    """Compute the analysis tables for ``articles`` (a frame with at least ``article_id`` and ``text``)."""
    tools = tools or Extractors.build(gazetteer)
    out = articles.reset_index(drop=True).copy()
    for col in ARTICLE_COLUMNS:
        if col not in out:
            out[col] = pd.NaT if col == "date" else ""
    out = out[ARTICLE_COLUMNS]
    rows: dict[str, list[tuple]] = {"sentences": [], "mentions": [], "quotes": [], "statements": []}
    for article_id, text, date in zip(out["article_id"], out["text"], out["date"]):
        try:
            found_rows = analyze_text(article_id, text, date, tools)
        except Exception as exc:  # name the article, so a bug can be reproduced on it
            raise RuntimeError(f"analysing article {article_id} failed: {type(exc).__name__}: {exc}") from exc
        for name, found in found_rows.items():
            rows[name].extend(found)
    sentences = pd.DataFrame(rows["sentences"], columns=SENTENCE_BASE_COLUMNS)
    polarity, subjectivity = sentiment_arrays(sentences["text"].tolist())
    sentences = sentences.assign(polarity=polarity, subjectivity=subjectivity)
    doc_polarity, doc_subjectivity = sentiment_arrays(out["text"].tolist(), cache=False)  # texts never repeat
    n_sentences = sentences.groupby("article_id", sort=False).size()
    out = out.assign(
        n_sentences=out["article_id"].map(n_sentences).fillna(0).astype("int64"),
        n_words=[count_words(t) for t in out["text"]],
        polarity=doc_polarity,
        subjectivity=doc_subjectivity,
    )
    return {
        "articles": _typed(out, "articles"),
        "sentences": _typed(sentences[SENTENCE_COLUMNS], "sentences"),
        "mentions": _typed(pd.DataFrame(rows["mentions"], columns=MENTION_COLUMNS), "mentions"),
        "quotes": _typed(pd.DataFrame(rows["quotes"], columns=QUOTE_COLUMNS), "quotes"),
        "statements": _typed(pd.DataFrame(rows["statements"], columns=STATEMENT_COLUMNS), "statements"),
    }


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame.astype(TABLE_COLUMNS[name]).reset_index(drop=True)

"""The per-article pipeline: text -> sentences -> sentiment, producing the analysis tables.

:func:`run_pipeline` is pure: it takes a frame of articles and returns new frames, so it can run on any
slice of a corpus (in another process, or on a Dask worker) and the slices concatenate to the same result.
"""
from __future__ import annotations

import pandas as pd

from .actors import MENTION_DTYPES, mentions_frame
from .gazetteer import Gazetteer, as_gazetteer
from .loaders import ARTICLE_COLUMNS
from .sentiment import sentiment_arrays
from .text import SENTENCE_BASE_COLUMNS, count_words, sentences_frame

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
    "problems": {"path": "str", "position": "Int64", "reason": "str", "article_id": "str"},
}


def empty_table(name: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of table ``name``."""
    return pd.DataFrame({col: pd.Series(dtype=dtype) for col, dtype in TABLE_COLUMNS[name].items()})


def run_pipeline(articles: pd.DataFrame, gazetteer: Gazetteer | None = None) -> dict[str, pd.DataFrame]:
    """Compute the analysis tables for ``articles`` (a frame with at least ``article_id`` and ``text``)."""
    gazetteer = as_gazetteer(gazetteer)
    articles = articles.reset_index(drop=True)
    sentences = sentences_frame(articles)
    polarity, subjectivity = sentiment_arrays(sentences["text"].tolist())
    sentences = sentences.assign(polarity=polarity, subjectivity=subjectivity)

    doc_polarity, doc_subjectivity = sentiment_arrays(articles["text"].tolist())
    n_sentences = sentences.groupby("article_id", sort=False).size()
    out = articles.copy()
    for col in ARTICLE_COLUMNS:
        if col not in out:
            out[col] = pd.NaT if col == "date" else ""
    out = out[ARTICLE_COLUMNS].assign(
        n_sentences=out["article_id"].map(n_sentences).fillna(0).astype("int64"),
        n_words=[count_words(t) for t in out["text"]],
        polarity=doc_polarity,
        subjectivity=doc_subjectivity,
    )
    out["n_words"] = out["n_words"].astype("int64")
    mentions = mentions_frame(out, sentences, gazetteer)
    return {"articles": _typed(out, "articles"), "sentences": _typed(sentences[SENTENCE_COLUMNS], "sentences"),
            "mentions": _typed(mentions, "mentions")}


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame.astype(TABLE_COLUMNS[name]).reset_index(drop=True)

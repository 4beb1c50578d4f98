"""Sentence and document sentiment with TextBlob's pattern analyser, offline (its lexicon ships in the wheel).

``polarity`` runs from -1 (negative) to +1 (positive), ``subjectivity`` from 0 (factual) to 1 (opinion).
The values are exactly those of ``TextBlob(text).sentiment``.

>>> textblob_sentiment("The talks were very constructive.")
(0.2, 0.3)
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def _analyzer():
    from textblob.en import sentiment as pattern_sentiment  # the object behind TextBlob(...).sentiment

    return pattern_sentiment


def textblob_sentiment(text: str) -> tuple[float, float]:
    """``(polarity, subjectivity)`` of ``text``, identical to ``TextBlob(text).sentiment``."""
    polarity, subjectivity = _analyzer()(text)[:2]
    return float(polarity), float(subjectivity)


def sentiment_arrays(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """Polarity and subjectivity arrays for many texts (each identical to TextBlob's)."""
    analyzer = _analyzer()
    texts = list(texts)
    polarity = np.empty(len(texts), dtype="float64")
    subjectivity = np.empty(len(texts), dtype="float64")
    cache: dict[str, tuple[float, float]] = {}
    for i, text in enumerate(texts):
        hit = cache.get(text)
        if hit is None:
            hit = cache[text] = tuple(analyzer(text)[:2])
        polarity[i], subjectivity[i] = hit
    return polarity, subjectivity


def add_sentiment(frame: pd.DataFrame, column: str = "text") -> pd.DataFrame:
    """A copy of ``frame`` with ``polarity`` and ``subjectivity`` columns computed from ``frame[column]``."""
    polarity, subjectivity = sentiment_arrays(frame[column].tolist())
    return frame.assign(polarity=polarity, subjectivity=subjectivity)

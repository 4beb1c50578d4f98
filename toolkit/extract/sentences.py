"""The ``sentences`` table: each sentence with its offsets and TextBlob's polarity and subjectivity.

>>> from toolkit.extract import Doc
>>> list(SentenceExtractor().rows(Doc("a", "Talks resumed. Both sides were hopeful.")))
[(0, 0, 0, 14, 'Talks resumed.', 0.0, 0.0), (1, 0, 15, 39, 'Both sides were hopeful.', 0.0, 0.0)]
"""
from __future__ import annotations

from ..text.sentiment import sentiment_arrays
from .base import Doc, Extractor


class SentenceExtractor(Extractor):
    """One row per sentence: ``sentence_id`` (0-based in the article), ``paragraph_id``, ``start``, ``end``
    (``text[start:end]`` of the article is the sentence), ``text``, ``polarity`` and ``subjectivity`` (exactly
    ``TextBlob(sentence).sentiment``)."""

    name = "sentences"
    columns = {"sentence_id": "int64", "paragraph_id": "int64", "start": "int64", "end": "int64", "text": "str",
               "polarity": "float64", "subjectivity": "float64"}

    def rows(self, doc: Doc):
        polarity, subjectivity = sentiment_arrays([text for _, _, _, text in doc.sentences])
        for i, (start, end, paragraph, text) in enumerate(doc.sentences):
            yield (i, paragraph, start, end, text, float(polarity[i]), float(subjectivity[i]))

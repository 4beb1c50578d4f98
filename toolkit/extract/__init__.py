"""Extraction: the tables of an analysis, one :class:`Extractor` each, run article by article on a :class:`Doc`.

| table | extractor | module |
|---|---|---|
| ``sentences`` | :class:`SentenceExtractor` | ``sentences.py`` |
| ``mentions`` | :class:`MentionExtractor` | ``mentions.py`` (the actor matcher) |
| ``quotes`` | :class:`QuoteExtractor` | ``quotes.py`` (speakers found by ``attribution.py``) |
| ``statements`` | :class:`StatementExtractor` | ``statements.py`` (and the position model, ``positions.py``) |
| ``meetings`` | :class:`MeetingExtractor` | ``meetings.py`` |

Each module also has a plain function for one article (:func:`find_mentions`, :func:`find_quotes`,
:func:`find_statements`). A new table is a new module with an :class:`Extractor` subclass, passed to
``tk.analyze(corpus, extractors=[...])`` (see ``docs/extending.md``).
"""
from __future__ import annotations

from .base import DTYPES, FILTER_PARAMETERS, Doc, Extractor, TableSpec
from .meetings import Meeting, MeetingExtractor, find_meetings
from .mentions import ActorMatcher, Mention, MentionExtractor, find_mentions
from .quotes import Quote, QuoteExtractor, find_quotes
from .sentences import SentenceExtractor
from .statements import Statement, StatementExtractor, find_statements


def default_extractors() -> list[Extractor]:
    """The built-in extractors, in the order of their tables: sentences, mentions, quotes, statements,
    meetings."""
    return [SentenceExtractor(), MentionExtractor(), QuoteExtractor(), StatementExtractor(), MeetingExtractor()]


def with_extractors(extra=None) -> list[Extractor]:
    """The built-in extractors with ``extra`` ones added after them; one named like a built-in one replaces
    it in its place. Each is checked (:meth:`Extractor.check`)."""
    extractors = default_extractors()
    for extractor in extra or ():
        if not isinstance(extractor, Extractor):
            raise TypeError(f"extractors must be Extractor instances, not {type(extractor).__name__}")
        extractor.check()
        names = [e.name for e in extractors]
        if extractor.name in names:
            extractors[names.index(extractor.name)] = extractor
        else:
            extractors.append(extractor)
    owner: dict[str, str] = {}
    for extractor in extractors:  # one filter keyword, one table
        for keyword in extractor.filters:
            if keyword in FILTER_PARAMETERS or keyword in owner:
                taken = "Analysis.filter's own" if keyword in FILTER_PARAMETERS else f"the {owner[keyword]!r} table's"
                raise ValueError(f"{type(extractor).__name__}.filters: {keyword!r} is {taken} keyword")
            owner[keyword] = extractor.name
    return extractors


__all__ = ["DTYPES", "ActorMatcher", "Doc", "Extractor", "Meeting", "MeetingExtractor", "Mention", "MentionExtractor",
           "Quote", "QuoteExtractor", "SentenceExtractor", "Statement", "StatementExtractor", "TableSpec",
           "default_extractors", "find_meetings", "find_mentions", "find_quotes", "find_statements",
           "with_extractors"]

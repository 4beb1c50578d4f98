"""The extractor interface: one table of an analysis, filled article by article.

An :class:`Extractor` names its table, declares the table's columns and their dtypes, and turns one
:class:`Doc` (an article with its sentences, actor mentions and quotes, computed once and shared) into rows.
Everything else follows from the list of extractors: the tables of :class:`~toolkit.analysis.Analysis`,
the result cache's key and files, ``save``/``load``, and ``Analysis.filter``.

>>> class Numbers(Extractor):
...     name = "numbers"
...     columns = {"sentence_id": "int64", "value": "int64"}
...
...     def rows(self, doc):
...         for i, (_, _, _, sentence) in enumerate(doc.sentences):
...             for word in sentence.split():
...                 if word.isdigit():
...                     yield (i, int(word))
>>> list(Numbers().rows(Doc("a1", "Kyiv freed 84 soldiers. Moscow freed 84 more.")))
[(0, 84), (1, 84)]
>>> Numbers().table([("a1", 0, 84), {"article_id": "a1", "sentence_id": 1, "value": 84}]).values.tolist()
[['a1', 0, 84], ['a1', 1, 84]]

``tk.analyze(corpus, extractors=[Numbers()])`` adds the ``numbers`` table (``analysis.numbers``); an extractor
named like a built-in one replaces it. ``docs/extending.md`` walks through a complete example.
"""
from __future__ import annotations

import bisect
import hashlib
import inspect
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import pandas as pd

from ..frames import string_column
from ..text.sentences import paragraph_spans, split_sentences

#: The dtypes a column may have: Arrow-backed strings, 64-bit integers and floats, booleans, naive timestamps.
DTYPES = ("str", "int64", "float64", "bool", "datetime64[ns]")


@dataclass(frozen=True)
class TableSpec:
    """What an :class:`~toolkit.analysis.Analysis` knows of a table without its extractor (it is saved with
    the tables): its columns and dtypes, which columns name the actor a row belongs to, and which
    ``Analysis.filter`` keywords select its rows."""

    name: str
    columns: dict[str, str]
    actor_columns: tuple[str, str, str] | None = None
    filters: dict[str, str] = field(default_factory=dict)

    def empty(self) -> pd.DataFrame:
        """An empty table with these columns and dtypes."""
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in self.columns.items()})

    def from_columns(self, columns: list) -> pd.DataFrame:
        """A table of these columns from one sequence of values per column, in order."""
        return pd.DataFrame({name: string_column(values) if dtype == "str" else pd.Series(values, dtype=dtype)
                             for (name, dtype), values in zip(self.columns.items(), columns)})

    def typed(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame``'s columns in order, cast to their dtypes, with a fresh index."""
        return frame[list(self.columns)].astype(self.columns).reset_index(drop=True)

    def to_dict(self) -> dict:
        return {"columns": dict(self.columns), "actor_columns": list(self.actor_columns or []),
                "filters": dict(self.filters)}

    @classmethod
    def from_dict(cls, name: str, data: dict) -> "TableSpec":
        actor_columns = tuple(data.get("actor_columns") or ()) or None
        return cls(name, dict(data["columns"]), actor_columns, dict(data.get("filters") or {}))


class Doc:
    """One article as extractors see it. ``sentences`` and ``paragraphs`` are computed on creation; actor
    ``mentions``, the attribution ``context`` and ``quotes`` on first use, once for all extractors.

    ``sentences``: ``(start, end, paragraph_id, text)`` per sentence, offsets into ``text``;
    ``paragraphs``: ``(start, end)`` per paragraph; ``resources``: the :class:`~toolkit.resources.Resources`
    of the analysis (gazetteer, cue lexicon, issue taxonomy).
    """

    def __init__(self, article_id: str, text: str, date=None, title: str = "", resources=None):
        self.article_id = article_id
        self.text = text
        self.date = None if date is None or pd.isna(date) else pd.Timestamp(date)
        self.title = title
        if resources is None:
            from ..resources import Resources

            resources = Resources.build()
        self.resources = resources
        self.sentences: list[tuple[int, int, int, str]] = split_sentences(text)
        self.paragraphs: list[tuple[int, int]] = paragraph_spans(text)
        self._starts = [start for start, _, _, _ in self.sentences]

    @property
    def year(self) -> int | None:
        return None if self.date is None else self.date.year

    def sentence_of(self, offset: int) -> int:
        """The number of the sentence holding character ``offset`` (the last one starting before it)."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    @cached_property
    def mentions(self) -> list:
        """Actor mentions (:class:`~toolkit.extract.mentions.Mention`) found with the gazetteer."""
        from .mentions import matcher_for

        return matcher_for(self.resources.actors).find(self.text)

    @cached_property
    def context(self):
        """The :class:`~toolkit.extract.attribution.ArticleContext` that finds who speaks or acts."""
        from .attribution import ArticleContext
        from .quotes import find_quote_spans

        ctx = ArticleContext(self.text, [(s, e) for s, e, _, _ in self.sentences], self.mentions,
                             self.resources.actors, date=self.date)
        ctx.quote_spans = sorted((q.start, q.end) for q in find_quote_spans(self.text, self.paragraphs))
        return ctx

    @cached_property
    def quotes(self) -> list:
        """Direct and indirect quotes with their speakers (:class:`~toolkit.extract.quotes.Quote`)."""
        from .quotes import find_quotes

        return find_quotes(self)


class Extractor:
    """Base class of extractors: set :attr:`name` and :attr:`columns`, write :meth:`rows`.

    - :attr:`name`: the table's name (a Python identifier: ``analysis.<name>``);
    - :attr:`columns`: column -> dtype (one of :data:`DTYPES`), in order, without ``article_id`` (every table
      starts with it);
    - :attr:`actor_columns`: the (id, name, side) columns naming whom a row belongs to, when it does:
      ``Analysis.filter(sides=..., actors=...)`` then keeps only the rows of those actors;
    - :attr:`filters`: ``Analysis.filter`` keywords that select rows of this table by a column (e.g.
      ``{"acts": "act"}``), keeping the articles that have such a row.

    Extractors must be picklable (worker processes receive them) and should keep what they need to build
    once in attributes. :meth:`fingerprint` decides when cached results are reused.
    """

    name: str = ""
    columns: dict[str, str] = {}
    actor_columns: tuple[str, str, str] | None = None
    filters: dict[str, str] = {}

    def rows(self, doc: Doc) -> Iterable[tuple | dict]:
        """The rows of one article: tuples in the order of :attr:`columns`, or dicts keyed by column."""
        raise NotImplementedError(f"{type(self).__name__}.rows(doc) is not written")

    def fingerprint(self) -> str:
        """What decides this extractor's rows besides the article and the resources: its class's source code
        and its attributes. Override it when they do not capture that (for instance, data read from a file
        by path); results cached under another fingerprint are recomputed."""
        state = repr(sorted((k, repr(v)) for k, v in vars(self).items()))
        raw = "|".join([_class_digest(type(self)), state, repr(self.columns)])
        return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    @property
    def spec(self) -> TableSpec:
        return TableSpec(self.name, {"article_id": "str", **self.columns}, self.actor_columns, dict(self.filters))

    def table(self, rows: list) -> pd.DataFrame:
        """The typed table of ``rows`` (tuples starting with the article id, or dicts)."""
        spec = self.spec
        names = list(spec.columns)
        rows = [tuple(r.get(c) for c in names) if isinstance(r, dict) else r for r in rows]
        if any(len(r) != len(names) for r in rows):
            raise ValueError(f"{type(self).__name__}: a row has not the {len(names) - 1} values of its columns "
                             f"{', '.join(names[1:])}")
        return spec.from_columns(list(zip(*rows)) if rows else [()] * len(names))

    def check(self) -> None:
        """Raise ``ValueError`` when the name or the columns cannot make a table."""
        if not self.name.isidentifier() or self.name in RESERVED:
            raise ValueError(f"{type(self).__name__}.name must be an identifier other than "
                             f"{', '.join(sorted(RESERVED))}, not {self.name!r}")
        bad = {c: t for c, t in self.columns.items() if t not in DTYPES}
        if bad or "article_id" in self.columns:
            raise ValueError(f"{type(self).__name__}.columns: dtypes must be among {', '.join(DTYPES)} and "
                             f"'article_id' is added by the toolkit (got {bad or self.columns})")
        for column in (self.actor_columns or ()) + tuple(self.filters.values()):
            if column not in self.columns:
                raise ValueError(f"{type(self).__name__}: {column!r} is not one of its columns")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


@lru_cache(maxsize=None)
def _class_digest(cls: type) -> str:
    """A hash of a class's name and source code (its name alone when defined where no source can be read)."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):  # defined interactively: no source file to read
        source = ""
    return hashlib.sha1(f"{cls.__module__}|{cls.__qualname__}|{source}".encode("utf-8", "surrogatepass")).hexdigest()


#: Table names an extractor cannot take: the corpus's own tables, and the Analysis's own attributes.
RESERVED = frozenset({"articles", "problems", "meta", "specs", "filter", "save", "load", "tables", "to_csv"})

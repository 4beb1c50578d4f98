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
import re
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
        """A table of these columns from one sequence of values per column, in order (``ValueError`` naming
        the column when its values do not fit its dtype)."""
        out = {}
        for (name, dtype), values in zip(self.columns.items(), columns):
            try:
                out[name] = string_column(values) if dtype == "str" else pd.Series(values, dtype=dtype)
            except (TypeError, ValueError, OverflowError) as exc:
                raise ValueError(f"table {self.name!r}, column {name!r} ({dtype}): {exc}") from exc
        return pd.DataFrame(out)

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
    of the analysis (gazetteer, cue lexicon, issue taxonomy); ``outlet``: the publisher, whose country
    (``Resources.home_of``) is the side of officials the text titles without naming their country.
    """

    def __init__(self, article_id: str, text: str, date=None, title: str = "", resources=None, outlet: str = ""):
        self.article_id = article_id
        self.outlet = outlet
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
        """Actor mentions (:class:`~toolkit.extract.mentions.Mention`) found with the gazetteer, and of the
        persons the text introduces when discovery is on."""
        from .mentions import matcher_for

        return matcher_for(self.resources.actors).find(self.text, discover=self.resources.discover,
                                                       home=self.resources.home_of(self.outlet))

    @cached_property
    def home_side(self) -> str:
        """The outlet's side when the story names no party of another side, else "": the side of its speakers
        and holders the text gives none ("The union said"); see :func:`~toolkit.extract.mentions.home_side`."""
        from .mentions import home_side

        return home_side(self.resources.home_of(self.outlet), [m.side for m in self.mentions])

    @cached_property
    def context(self):
        """The :class:`~toolkit.extract.attribution.ArticleContext` that finds who speaks or acts."""
        from .attribution import ArticleContext
        from .quotes import find_quote_spans

        ctx = ArticleContext(self.text, [(s, e) for s, e, _, _ in self.sentences], self.mentions,
                             self.resources.actors, date=self.date, home=self.resources.home_of(self.outlet))
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
        """What decides this extractor's rows besides the article and the resources: the code of its class's
        methods (with the plain data they read from their module: numbers, strings, lists, dicts, sets,
        regular expressions), its class attributes and its instance's attributes. Override it when that does
        not capture what the rows depend on (a file read by path, a model, a function of another module);
        results cached under another fingerprint are recomputed."""
        raw = "|".join([_class_digest(type(self)), _canonical(vars(self))])
        return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    @property
    def spec(self) -> TableSpec:
        return TableSpec(self.name, {"article_id": "str", **self.columns}, self.actor_columns, dict(self.filters))

    def table(self, rows: list) -> pd.DataFrame:
        """The typed table of ``rows`` (tuples starting with the article id, or dicts)."""
        spec = self.spec
        names = list(spec.columns)
        for row in rows:
            unknown = set(row) - set(names) if isinstance(row, dict) else ()
            if unknown or len(row) != len(names) and not isinstance(row, dict):
                raise ValueError(f"{type(self).__name__}: a row of article {_first(row)} does not fit the columns "
                                 f"{', '.join(names[1:])}: " + (f"unknown {', '.join(sorted(map(str, unknown)))}"
                                                                if unknown else f"{len(row) - 1} values, not {len(names) - 1}"))
        rows = [tuple(r.get(c) for c in names) if isinstance(r, dict) else r for r in rows]
        try:
            return spec.from_columns(list(zip(*rows)) if rows else [()] * len(names))
        except ValueError as exc:
            raise ValueError(f"{type(self).__name__}: {exc}") from exc

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


def _first(row) -> str:
    """The article id a row starts with (dict rows name it), for error messages."""
    return str(row.get("article_id") if isinstance(row, dict) else row[0] if len(row) else "?")


@lru_cache(maxsize=None)
def _class_digest(cls: type) -> str:
    """A hash of a class's methods' code (and the plain data they read from their module) and its class
    attributes, through its bases up to :class:`Extractor`. A class redefined in a notebook cell is a new
    class, hashed anew."""
    parts = [cls.__module__, cls.__qualname__]
    for klass in cls.__mro__:
        if klass in (Extractor, object):
            continue
        for name, value in sorted(vars(klass).items()):
            function = getattr(value, "__func__", getattr(value, "fget", value))  # methods, properties
            code = getattr(function, "__code__", None)
            if code is not None:
                module = getattr(function, "__globals__", {})
                parts += [name, _code_text(code)]
                parts += [f"{n}={_canonical(module[n])}" for n in sorted(_names(code))
                          if n in module and isinstance(module[n], _PLAIN)]
            elif not name.startswith("__"):
                parts.append(f"{name}={_canonical(value)}")
    return hashlib.sha1("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _code_text(code) -> str:
    """A code object's bytecode, names and constants (functions inside it too), the same in every process."""
    constants = [_code_text(c) if hasattr(c, "co_code") else _canonical(c) for c in code.co_consts]
    return f"{code.co_code.hex()}|{code.co_names}|{code.co_varnames}|{constants}"


def _names(code) -> set[str]:
    """The global names a code object and the functions defined inside it read."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _names(const)
    return names


_PLAIN = (str, bytes, int, float, bool, type(None), tuple, list, dict, set, frozenset, re.Pattern)


def _canonical(value) -> str:
    """A text for ``value`` that is the same in every process (sets and mappings sorted)."""
    if isinstance(value, dict):
        return "{" + ",".join(sorted(f"{_canonical(k)}:{_canonical(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if isinstance(value, re.Pattern):
        return f"re({value.pattern!r},{value.flags})"
    return repr(value)


#: Keywords of ``Analysis.filter`` itself, which no extractor's :attr:`Extractor.filters` may take.
FILTER_PARAMETERS = frozenset({"start", "end", "outlets", "sides", "actors", "text"})
#: Table names an extractor cannot take: the corpus's own tables, and the Analysis's own attributes.
RESERVED = frozenset({"articles", "problems", "meta", "specs", "filter", "save", "load", "tables", "to_csv"})

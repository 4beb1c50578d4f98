"""The :class:`Analysis`: every table the toolkit computes for a corpus, filtered, saved and loaded as a whole.

>>> import toolkit as tk
>>> analysis = tk.analyze("data/sample")            # doctest: +SKIP
>>> analysis.sentences.nsmallest(3, "polarity")     # doctest: +SKIP
>>> analysis.save("out/"); tk.Analysis.load("out/") # doctest: +SKIP
"""
from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__
from ..extract import DTYPES, TableSpec, default_extractors
from ..resources.gazetteer import as_gazetteer
from .coverage import uncovered_names
from ..extract.base import RESERVED
from ..frames import row_positions
from ..scale.pipeline import ARTICLES, PROBLEMS


#: The name of a part file of ``tk.analyze_files``, the only thing ``meta.json`` may list.
_PART = re.compile(r"part-\d{5,}-\d{5,}\.parquet")
#: The tables an Analysis takes by position, in the order of version 0.1: ``Analysis(articles, sentences)``.
#: Below this share of names covered by actors, the repr and the dashboard warn.
COVERAGE_WARNING = 0.5
_POSITIONAL = ("articles", "sentences", "mentions", "quotes", "statements", "problems")


def _default_specs() -> dict[str, TableSpec]:
    return {"articles": ARTICLES, **{e.name: e.spec for e in default_extractors()}, "problems": PROBLEMS}


def rows_where(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of ``frame`` where ``mask`` is true, as a new frame with a fresh index (``frame[mask]``).

    Filtered in Arrow: pandas takes rows of an Arrow-backed string column spread over many chunks (as the
    tables of a large run are) by joining the chunks first, ten times slower.

    >>> rows_where(pd.DataFrame({"a": ["x", "y", "z"], "n": [1, 2, 3]}), np.array([True, False, True]))
       a  n
    0  x  1
    1  z  3
    """
    import pyarrow as pa

    mask = np.asarray(mask, dtype=bool)
    if mask.all():
        return frame.reset_index(drop=True)
    return pa.Table.from_pandas(frame, preserve_index=False).filter(pa.array(mask)).to_pandas()


class Analysis:
    """Tidy tables for one corpus; each is a pandas DataFrame, an attribute named after it:

    - ``articles``: one row per article, with ``n_sentences``, ``n_words``, ``polarity``, ``subjectivity``;
    - one table per extractor: ``sentences``, ``mentions``, ``quotes``, ``statements`` and any of the user's
      (``docs/tables.md`` documents the columns);
    - ``problems``: inputs that could not be loaded, or were loaded with a caveat.

    ``specs`` says what each table holds (:class:`~toolkit.extract.TableSpec`); ``meta`` how it was made.
    Build one with ``tk.analyze``, ``tk.Analysis.load``, or ``Analysis(articles=..., sentences=..., ...)``
    (a built-in table left out is empty).
    """

    def __init__(self, *frames: pd.DataFrame, meta: dict | None = None, specs: dict[str, TableSpec] | None = None,
                 **tables: pd.DataFrame):
        if len(frames) > len(_POSITIONAL):
            raise TypeError(f"Analysis takes at most {len(_POSITIONAL)} tables by position ({', '.join(_POSITIONAL)})")
        tables = {**dict(zip(_POSITIONAL, frames)), **tables}
        specs = {**_default_specs(), **(specs or {})}
        for name, frame in tables.items():
            if name not in specs:  # a table of the user's own, without a spec: what its frame holds
                specs[name] = TableSpec(name, {c: str(t) for c, t in frame.dtypes.items()})
        order = ["articles", *(n for n in specs if n not in ("articles", "problems")), "problems"]
        self.specs = {name: specs[name] for name in order}
        self._tables = {name: tables[name] if name in tables else specs[name].empty() for name in order}
        self.meta = dict(meta or {})
        self._positions: dict[str, tuple[pd.DataFrame, np.ndarray]] = {}

    def __setattr__(self, name: str, value) -> None:
        tables = self.__dict__.get("_tables")
        if tables is not None and name in tables:  # analysis.statements = edited: replaces that table
            tables[name] = value
            self._positions.pop(name, None)
        else:
            super().__setattr__(name, value)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("_tables")
        if tables is not None and name in tables:
            return tables[name]
        raise AttributeError(f"this analysis has no table {name!r} (tables: {', '.join(tables or ())})")

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._tables))

    def __repr__(self) -> str:
        text = "Analysis(" + ", ".join(f"{len(frame)} {name}" for name, frame in self._tables.items()) + ")"
        warning = self.coverage_warning()
        return f"{text}\n{warning}" if warning else text

    # ------------------------------------------------------------------ coverage
    def coverage_share(self) -> float:
        """The share of names in the texts (runs of capitalised words) that an actor mention covers; NaN
        when the articles table does not count names (an analysis saved by an older version)."""
        articles = self._tables["articles"]
        if "n_names" not in articles or not articles["n_names"].sum():
            return float("nan")
        return float(articles["n_names_resolved"].sum() / articles["n_names"].sum())

    def coverage_warning(self, threshold: float = COVERAGE_WARNING) -> str:
        """One line when less than ``threshold`` of the names are covered by an actor, else ""."""
        share = self.coverage_share()
        if share != share or share >= threshold:
            return ""
        return (f"Warning: only {share:.0%} of the names in the texts are known actors; "
                f"analysis.coverage() lists the most frequent others (add them with tk.suggest_actors).")

    def coverage(self, top: int = 30, actors=None) -> pd.DataFrame:
        """The ``top`` most frequent names in the texts that no actor covers, with :data:`~toolkit.analysis.coverage.COVERAGE_COLUMNS`:
        ``name``, ``mentions``, ``articles`` and an ``example`` sentence; ``attrs["resolved_share"]`` is
        :meth:`coverage_share`. Places and things are listed too: read it as what the actor list may miss.
        ``actors``: the gazetteer of the analysis when it was not the built-in one (its side adjectives are
        not listed)."""
        known = frozenset(as_gazetteer(actors).side_of_adjective())
        table = uncovered_names(self._tables["articles"], self._tables["mentions"], self._tables["sentences"], top,
                                known)
        table.attrs["resolved_share"] = self.coverage_share()
        return table

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, ``articles`` first and ``problems`` last."""
        return dict(self._tables)

    # ------------------------------------------------------------------ filtering
    def filter(self, start=None, end=None, outlets=None, sides=None, actors=None, issues=None, acts=None,
               text: str | None = None, **criteria) -> "Analysis":
        """A new Analysis restricted to the matching articles (every table keeps only their rows).

        - ``start``/``end``: article date range, inclusive (a date without time includes the whole day);
          articles without a date are left out when either is given.
        - ``outlets``: outlet names.
        - ``sides``: articles mentioning an actor of any of these sides; the rows of tables that name whom a
          row belongs to (quotes by speaker, statements by holder) are narrowed to these sides (mentions and
          sentences stay whole, so co-mentions and sentiment still show the context).
        - ``actors``: articles mentioning any of these actors (gazetteer ids, or parts of names,
          case-insensitive); those rows are narrowed to these actors.
        - ``issues``/``acts``, and the filter keywords of user extractors (``**criteria``): keep only the rows
          with these values (statements by issue and act), and the articles that have one.
        - ``text``: articles whose title or text contains this text (case-insensitive).
        A single string may be given wherever a list is expected; ``None`` or an empty list means "any".

        >>> analysis.filter(start="2025-05-01", outlets=["Meridian Post"], acts=["DEMAND"])   # doctest: +SKIP
        """
        by_column = {keyword: (name, column) for name, spec in self.specs.items()
                     for keyword, column in spec.filters.items()}
        unknown = sorted(set(criteria) - set(by_column))  # a keyword of no table: a typo, say so
        criteria = {k: _as_list(v, k) for k, v in {"issues": issues, "acts": acts, **criteria}.items()}
        criteria = {k: v for k, v in criteria.items() if v}
        unknown += sorted(k for k in criteria if k not in by_column and k not in unknown)
        if unknown:
            raise TypeError(f"filter() got unknown criteria {', '.join(unknown)} "
                            f"(known: {', '.join(sorted(by_column)) or 'none'})")
        outlets, sides, actors = (_names(v, k) for k, v in (("outlets", outlets), ("sides", sides), ("actors", actors)))
        if text is not None and not isinstance(text, str):
            raise TypeError(f"text takes a string, not {type(text).__name__}")
        start_ts, end_ts = _date(start, "start"), _date(end, "end")
        if start_ts is not None and end_ts is not None and start_ts > end_ts:
            raise ValueError(f"start ({start!s}) is after end ({end!s})")
        articles = self.articles
        keep = np.ones(len(articles), dtype=bool)  # one flag per article, by position
        dates = articles["date"].to_numpy()
        if start_ts is not None:
            keep &= dates >= start_ts.to_datetime64()
        if end_ts is not None:
            keep &= dates <= end_ts.to_datetime64()
        if outlets:
            keep &= articles["outlet"].isin(outlets).to_numpy()
        if text:
            needle = str(text)
            keep &= (articles["text"].str.contains(needle, case=False, regex=False)
                     | articles["title"].str.contains(needle, case=False, regex=False)).to_numpy()
        per_row = [n for n in self._tables if n not in ("articles", "problems") and "article_id" in self._tables[n]]
        rows = {name: np.ones(len(self._tables[name]), dtype=bool) for name in per_row}

        def articles_with(name: str, row_mask) -> np.ndarray:
            hit = np.zeros(len(articles) + 1, dtype=bool)  # the extra last slot takes rows of unknown articles
            hit[self._article_positions(name)[np.asarray(row_mask, dtype=bool)]] = True
            return hit[:-1]

        def who(name: str, kind: str, values: list) -> np.ndarray:
            """Rows of table ``name`` whose actor (``kind``: "side" or "actor") is among ``values``."""
            frame, spec = self._tables[name], self.specs[name]
            id_column, name_column, side_column = spec.actor_columns or ("actor_id", "actor", "side")
            if kind == "side":
                return frame[side_column].isin(values).to_numpy()
            hit = frame[id_column].isin(values)
            for needle in (v.lower() for v in values):
                hit |= frame[name_column].str.lower().str.contains(needle, regex=False)
            return hit.to_numpy()

        for kind, values in (("side", sides), ("actor", actors)):
            if values:
                keep &= articles_with("mentions", who("mentions", kind, values))
                for name in per_row:
                    if self.specs[name].actor_columns:
                        rows[name] &= who(name, kind, values)
        for keyword, values in criteria.items():
            name, column = by_column[keyword]
            rows[name] &= self._tables[name][column].isin(values).to_numpy()
        for name in {by_column[keyword][0] for keyword in criteria}:
            keep &= articles_with(name, rows[name])

        keep_known = np.append(keep, False)  # a row of an unknown article (position -1) takes the extra False
        masks = {"articles": keep}
        for name in per_row:
            masks[name] = keep_known[self._article_positions(name)] & rows[name]
        problems = self.problems
        kept_ids = set(articles["article_id"].to_numpy(dtype=object)[keep]) if len(problems) else set()
        masks["problems"] = np.array([aid in kept_ids for aid in problems["article_id"]], dtype=bool)
        given = dict(start=start, end=end, outlets=outlets, sides=sides, actors=actors, text=text, **criteria)
        meta = {**self.meta, "filter": {k: str(v) for k, v in given.items()
                                        if v is not None and not (isinstance(v, (str, list)) and not v)}}
        # Arrow copies the kept rows without holding the GIL: the tables are filtered side by side
        with ThreadPoolExecutor(min(len(masks), os.cpu_count() or 1)) as pool:
            kept = dict(zip(masks, pool.map(lambda name: rows_where(self._tables[name], masks[name]), masks)))
        return Analysis(meta=meta, specs=self.specs, **{name: kept.get(name, frame)
                                                       for name, frame in self._tables.items()})

    def _article_positions(self, name: str) -> np.ndarray:
        """For each row of table ``name``, the position of its article in ``articles`` (computed once per
        table); -1 for a row whose article is not there."""
        table = self._tables[name]
        cached = self._positions.get(name)
        if cached is None or cached[0] is not table:
            cached = self._positions[name] = (table, row_positions(table["article_id"], self.articles["article_id"]))
        return cached[1]

    # ------------------------------------------------------------------ files
    def save(self, path: str | os.PathLike) -> Path:
        """Write every table as ``<name>.parquet`` (plus ``meta.json``, which records the tables' specs) into
        folder ``path``; returns it. :meth:`load` reads it back exactly."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        specs = {}
        for name, frame in self._tables.items():
            frame.to_parquet(folder / f"{name}.parquet", index=False, row_group_size=_rows_per_group(frame))
            spec = self.specs[name]
            columns = {c: str(t) for c, t in frame.dtypes.items()}
            if columns != spec.columns:  # columns added or dropped: keep what still applies
                actor_columns = spec.actor_columns if all(c in columns for c in spec.actor_columns or ()) else None
                spec = TableSpec(name, columns, actor_columns, {k: c for k, c in spec.filters.items() if c in columns})
            specs[name] = spec.to_dict()
        meta = {"toolkit_version": __version__, **self.meta, "tables": specs}
        (folder / "meta.json").write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
        return folder

    def to_csv(self, path: str | os.PathLike) -> Path:
        """Write every table as ``<name>.csv`` into folder ``path`` (for spreadsheets); returns it.

        A text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
        tab or a carriage return: an article title such as ``=HYPERLINK(...)``) is written with a leading
        apostrophe, which spreadsheets show as text. Parquet (:meth:`save`) keeps every value exactly.
        """
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for name, frame in self._tables.items():
            text = [c for c in frame.columns if not (pd.api.types.is_numeric_dtype(frame[c])
                                                     or pd.api.types.is_datetime64_any_dtype(frame[c]))]
            safe = frame.assign(**{c: frame[c].astype(object).map(_inert, na_action="ignore") for c in text})
            safe.to_csv(folder / f"{name}.csv", index=False)
        return folder

    @classmethod
    def load(cls, path: str | os.PathLike, *, spill=None) -> "Analysis":
        """Read an analysis written by :meth:`save` (tables round-trip exactly) or by ``tk.analyze_files``
        (the parts its ``meta.json`` lists; a folder of parts without it is an unfinished run, refused).

        ``spill`` as in ``tk.analyze``: the tables of an analysis of a million characters of text or more
        are read row group by row group into memory-mapped files (:mod:`toolkit.scale.spill`) in ``spill/``
        of the user cache folder, or in the folder given; ``False`` reads them into RAM. Tables with columns
        of other dtypes than an extractor's (``problems``, or a frame saved with columns of its own) are read
        into RAM.

        >>> analysis = tk.Analysis.load("results/")     # doctest: +SKIP
        """
        from ..scale.engine import spill_folder

        folder = Path(path)
        if not folder.is_dir():
            raise FileNotFoundError(f"no saved analysis at {str(path)!r}")
        meta_file = folder / "meta.json"
        meta, specs = _read_meta(meta_file)
        specs = specs or {n: s for n, s in _default_specs().items() if (folder / f"{n}.parquet").exists()
                          or (folder / n).is_dir()}
        single = {name: [folder / f"{name}.parquet"] for name in specs if (folder / f"{name}.parquet").exists()}
        partitioned = any((folder / name).is_dir() for name in specs if name not in single)
        if partitioned and "parts" not in meta:
            raise ValueError(f"{str(path)!r} holds the parts of a tk.analyze_files run that did not finish "
                             "(no meta.json listing them): run it again")
        parts = meta.get("parts", [])
        if not isinstance(parts, list) or not all(isinstance(p, str) and _PART.fullmatch(p) for p in parts):
            raise ValueError(f"{meta_file}: 'parts' must name files like part-00001-00002.parquet in the table "
                             "folders (a path that leaves the folder is refused)")
        files = {name: single.get(name) or [folder / name / part for part in parts] for name in specs}
        files = {name: paths for name, paths in files.items() if paths}
        inside = folder.resolve()
        for path in (p for paths in files.values() for p in paths):  # a link that leads out is refused too
            if inside not in path.resolve().parents:
                raise ValueError(f"{path} leads outside {folder}: an analysis folder is read only inside itself")
        tables = _read_spilled(files, specs, spill_folder(spill, None))
        for name, paths in files.items():
            if name not in tables:
                tables[name] = _read(paths, specs[name])
            tables[name] = _checked(tables[name], specs[name], paths[0])
        for key in ("toolkit_version", "parts"):
            meta.pop(key, None)
        return cls(meta=meta, specs=specs, **tables)


def _read_meta(meta_file: Path) -> tuple[dict, dict[str, TableSpec]]:
    """``meta.json`` of a saved analysis (empty when there is none) and the table specs it records, or
    ``ValueError`` naming the file and what is wrong with it."""
    if not meta_file.exists():
        return {}, {}
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("it is not a JSON object")
        tables = meta.pop("tables", None) or {}
        if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
            raise ValueError("'tables' is not a mapping of table names to their columns")
        specs = {str(name): TableSpec.from_dict(str(name), data) for name, data in tables.items()}
        if not all(isinstance(t, str) for spec in specs.values() for t in spec.columns.values()):
            raise ValueError("a table's columns are not a mapping of names to dtypes")
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ValueError(f"{meta_file}: not the meta.json of a saved analysis ({exc})") from None
    taken = RESERVED - {"articles", "problems"}
    odd = sorted(n for n in specs if not n.isidentifier() or n in taken)
    if odd:  # a table's name is a file name in the folder, and an attribute of the Analysis
        raise ValueError(f"{meta_file}: table names must be identifiers other than {', '.join(sorted(taken))}, "
                         f"not {', '.join(map(repr, odd))}")
    return meta, specs


def _checked(frame: pd.DataFrame, spec: TableSpec, path: Path) -> pd.DataFrame:
    """``frame`` with the columns and dtypes ``spec`` gives, or ``ValueError`` naming the file and what is
    wrong (a table saved by hand with other columns would otherwise fail later, in ``filter`` or a chart)."""
    missing = [c for c in spec.columns if c not in frame]
    if missing:
        raise ValueError(f"{path}: table {spec.name!r} lacks the column(s) {', '.join(missing)}")
    odd = {c: t for c, t in spec.columns.items() if str(frame[c].dtype) != t}
    try:
        return frame.astype(odd) if odd else frame
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{path}: table {spec.name!r}: columns {', '.join(odd)} are not "
                         f"{', '.join(odd.values())} ({exc})") from exc


def _read(paths: list[Path], spec: TableSpec) -> pd.DataFrame:
    """The rows of one or more Parquet files of a table, in order, in RAM."""
    if len(paths) == 1:
        return pd.read_parquet(paths[0])
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = pa.concat_tables([pq.read_table(p) for p in paths], promote_options="permissive").to_pandas()
    return data.astype({c: t for c, t in spec.columns.items() if c in data})


def _read_spilled(files: dict[str, list[Path]], specs: dict[str, TableSpec], folder: Path | None) -> dict:
    """The tables among ``files`` whose dtypes can be spilled, read row group by row group into memory-mapped
    files in ``folder`` (:func:`~toolkit.scale.spill.open_spill`); none when the analysis is small (the text
    is counted from the articles' files) or spilling is off."""
    import pyarrow.parquet as pq

    from ..scale.spill import open_spill

    names = [name for name in files if all(t in DTYPES for t in specs[name].columns.values())
             and all(pq.read_schema(p).names == list(specs[name].columns) for p in files[name])]
    if folder is None or "articles" not in names:
        return {}
    chars = 0
    for path in files["articles"]:  # bytes of UTF-8 text: about the characters of an English corpus
        metadata = pq.ParquetFile(path).metadata
        text = metadata.schema.names.index("text")
        chars += sum(metadata.row_group(i).column(text).total_uncompressed_size for i in range(metadata.num_row_groups))
    spilled = open_spill(folder, chars, {name: specs[name].columns for name in names})
    if spilled is None:
        return {}
    try:
        for name in names:
            for path in files[name]:
                data = pq.ParquetFile(path)
                for group in range(data.num_row_groups):
                    spilled.add(name, data.read_row_group(group))
    except BaseException:
        spilled.discard()
        raise
    return spilled.tables()


#: Bytes of a table per row group in the files :meth:`Analysis.save` writes: :meth:`Analysis.load` reads
#: large analyses a row group at a time.
_ROW_GROUP_BYTES = 8 * 2**20


def _rows_per_group(frame: pd.DataFrame) -> int:
    """Rows of ``frame`` that take about :data:`_ROW_GROUP_BYTES` in memory (at least one)."""
    size = int(frame.memory_usage(index=False, deep=True).sum())
    return max(1, len(frame) * _ROW_GROUP_BYTES // max(size, 1))


def _inert(value):
    """A text cell that no spreadsheet runs as a formula."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _as_list(value, name: str) -> list:
    """A criterion as a list of values: one value, or a list, tuple, set or column of them."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple, set, frozenset, pd.Series, pd.Index, np.ndarray)):
        return [v for v in value if not _missing(v)]
    if isinstance(value, (int, float, bool, np.generic)):
        return [value]
    raise TypeError(f"{name} takes a value or a list of values, not {type(value).__name__}")


def _missing(value) -> bool:
    """None, NaN, ``pd.NA``, NaT or "": no criterion."""
    if isinstance(value, str):
        return not value
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array inside the list: not a missing value
        return False


def _names(value, name: str) -> list[str]:
    """Outlets, sides or actors: a name or a list of names (strings)."""
    values = _as_list(value, name)
    odd = next((v for v in values if not isinstance(v, str)), None)
    if odd is not None:
        raise TypeError(f"{name} takes names (strings), not {type(odd).__name__} {odd!r}")
    return values


def _date(value, name: str) -> pd.Timestamp | None:
    """``start``/``end`` as a timestamp: a date string ('2025-05-16'), a date or datetime, or None. An ``end``
    that is a whole day (no time written) includes that day: its last nanosecond."""
    if value is None:
        return None
    if isinstance(value, (bool, int, float, np.integer, np.floating)):
        raise TypeError(f"{name} takes a date such as '2025-05-16' or a datetime, not the number {value!r}")
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name}: {value!r} is not a date (write it as '2025-05-16')") from exc
    if stamp is pd.NaT:
        raise ValueError(f"{name}: {value!r} is not a date (write it as '2025-05-16')")
    stamp = stamp.tz_convert("UTC").tz_localize(None) if stamp.tzinfo is not None else stamp
    # article dates are nanosecond timestamps (years 1678-2261): a date beyond them is their first or last
    if stamp <= pd.Timestamp.min or stamp >= pd.Timestamp.max:
        return pd.Timestamp.min if stamp <= pd.Timestamp.min else pd.Timestamp.max
    stamp = stamp.as_unit("ns")
    if name == "end" and not (isinstance(value, str) and ":" in value) and stamp == stamp.normalize():
        stamp = min(stamp + (pd.Timedelta(days=1) - pd.Timedelta(1, "ns")), pd.Timestamp.max)
    return stamp

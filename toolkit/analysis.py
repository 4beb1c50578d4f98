"""The :class:`Analysis`: every table the toolkit computes for a corpus, saved and loaded as Parquet.

>>> import toolkit as tk
>>> analysis = tk.analyze("data/sample")            # doctest: +SKIP
>>> analysis.sentences.nsmallest(3, "polarity")     # doctest: +SKIP
>>> analysis.save("out/"); tk.Analysis.load("out/") # doctest: +SKIP
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .gazetteer import as_gazetteer
from .loaders import Corpus, load_corpus, read_articles_frame
from .pipeline import empty_table


def rows_where(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of ``frame`` where ``mask`` is true, as a new frame with a fresh index (``frame[mask]``).

    Filtered in Arrow: pandas takes rows of an Arrow-backed string column spread over several chunks by
    first joining the chunks (a copy of the whole column), which made filtering a 900,000-sentence table
    ten times slower. The result is the same frame, dtypes included.

    >>> rows_where(pd.DataFrame({"a": ["x", "y", "z"], "n": [1, 2, 3]}), np.array([True, False, True]))
       a  n
    0  x  1
    1  z  3
    """
    import pyarrow as pa

    mask = np.asarray(mask, dtype=bool)
    if mask.all():
        return frame.reset_index(drop=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return table.filter(pa.array(mask)).to_pandas()


def _rows_of_each(tables: dict[str, pd.DataFrame], masks: dict[str, np.ndarray]) -> dict[str, pd.DataFrame]:
    """:func:`rows_where` for each table, on a thread per core: Arrow copies the kept rows without holding the
    GIL, so the tables are filtered side by side (the first filter of a 50,000-article analysis, keeping
    half the articles: 93 and 81 ms on two threads, 135 and 118 ms on one, run in alternation)."""
    from concurrent.futures import ThreadPoolExecutor

    workers = min(len(tables), os.cpu_count() or 1)
    if workers <= 1:
        return {name: rows_where(frame, masks[name]) for name, frame in tables.items()}
    by_size = sorted(tables, key=lambda name: -len(tables[name]))  # the largest first: they take the longest
    with ThreadPoolExecutor(workers) as pool:
        done = {name: pool.submit(rows_where, tables[name], masks[name]) for name in by_size}
        return {name: done[name].result() for name in tables}


@dataclass
class Analysis:
    """Tidy tables for one corpus. Each attribute is a pandas DataFrame (see the README for the columns).

    - ``articles``: one row per article, with ``n_sentences``, ``n_words``, ``polarity``, ``subjectivity``.
    - ``sentences``: one row per sentence, with character offsets into ``articles.text`` and TextBlob sentiment.
    - ``mentions``: one row per actor mention, with the actor's side, kind and role on the article's date.
    - ``quotes``: direct and indirect quotes with their speakers.
    - ``statements``: demands, requests, proposals, agreements, rejections and threats, by holder and issue.
    - ``problems``: inputs that could not be loaded, or were loaded with a caveat.
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame = field(default_factory=lambda: empty_table("mentions"))
    quotes: pd.DataFrame = field(default_factory=lambda: empty_table("quotes"))
    statements: pd.DataFrame = field(default_factory=lambda: empty_table("statements"))
    problems: pd.DataFrame = field(default_factory=lambda: empty_table("problems"))
    meta: dict = field(default_factory=dict)

    TABLES = ("articles", "sentences", "mentions", "quotes", "statements", "problems")

    def __repr__(self) -> str:
        sizes = ", ".join(f"{len(getattr(self, name))} {name}" for name in self.TABLES)
        return f"Analysis({sizes})"

    def filter(self, start=None, end=None, outlets=None, sides=None, actors=None, issues=None, acts=None,
               text: str | None = None) -> "Analysis":
        """A new Analysis restricted to the matching articles (every table keeps only their rows).

        - ``start``/``end``: article date range, inclusive (a date without time includes the whole day);
          articles without a date are left out when either is given.
        - ``outlets``: outlet names.
        - ``sides``: articles mentioning an actor of any of these sides; their statements and quotes are
          narrowed to those held or spoken by these sides (mentions and sentences stay whole, so co-mentions
          and sentiment still show the context).
        - ``actors``: articles mentioning any of these actors (gazetteer ids, or parts of names,
          case-insensitive); statements and quotes are narrowed to those of these actors.
        - ``issues``/``acts``: keep only statements with these issues/acts, and the articles that have one.
        - ``text``: articles whose title or text contains this text (case-insensitive).
        A single string may be given wherever a list is expected; ``None`` or an empty list means "any".

        >>> analysis.filter(start="2025-05-01", outlets=["Meridian Post"], acts=["DEMAND"])   # doctest: +SKIP
        """
        from .memory import system_allocator

        with system_allocator():  # steady timings, no memory kept back (see toolkit.memory)
            return self._filter(start, end, outlets, sides, actors, issues, acts, text)

    def _filter(self, start, end, outlets, sides, actors, issues, acts, text) -> "Analysis":
        articles = self.articles
        keep = np.ones(len(articles), dtype=bool)  # one flag per article, by position
        dates = articles["date"].to_numpy()
        if start is not None:
            keep &= dates >= pd.Timestamp(start).to_datetime64()
        if end is not None:
            end_ts = pd.Timestamp(end)
            if end_ts == end_ts.normalize() and not (isinstance(end, str) and ":" in end):
                keep &= dates < (end_ts + pd.Timedelta(days=1)).to_datetime64()
            else:
                keep &= dates <= end_ts.to_datetime64()
        outlets, sides, actors, issues, acts = (_as_list(v) for v in (outlets, sides, actors, issues, acts))
        if outlets:
            keep &= articles["outlet"].isin(outlets).to_numpy()
        if text:
            needle = str(text)
            keep &= (articles["text"].str.contains(needle, case=False, regex=False)
                     | articles["title"].str.contains(needle, case=False, regex=False)).to_numpy()
        mentions = self.mentions
        statements = self.statements
        quotes = self.quotes
        positions = {name: self._article_positions(name) for name in ("mentions", "statements", "quotes")}

        def articles_with(name, row_mask) -> np.ndarray:
            hit = np.zeros(len(articles) + 1, dtype=bool)  # the extra last slot takes rows of unknown articles
            hit[positions[name][np.asarray(row_mask, dtype=bool)]] = True
            return hit[:-1]

        statement_rows = np.ones(len(statements), dtype=bool)
        quote_rows = np.ones(len(quotes), dtype=bool)
        if sides:
            keep &= articles_with("mentions", mentions["side"].isin(sides))
            statement_rows &= statements["holder_side"].isin(sides).to_numpy()
            quote_rows &= quotes["speaker_side"].isin(sides).to_numpy()
        if actors:
            def matches(id_column, name_column):
                hit = id_column.isin(actors)
                for needle in (a.lower() for a in actors):
                    hit |= name_column.str.lower().str.contains(needle, regex=False)
                return hit.to_numpy()

            keep &= articles_with("mentions", matches(mentions["actor_id"], mentions["actor"]))
            statement_rows &= matches(statements["holder_id"], statements["holder"])
            quote_rows &= matches(quotes["speaker_id"], quotes["speaker"])
        if issues or acts:
            if issues:
                statement_rows &= statements["issue"].isin(issues).to_numpy()
            if acts:
                statement_rows &= statements["act"].isin(acts).to_numpy()
            keep &= articles_with("statements", statement_rows)

        keep_known = np.append(keep, False)  # a row of an unknown article (position -1) takes the extra False

        def row_mask(name, frame, extra=None):
            mask = keep_known[self._article_positions(name)] if len(frame) else np.zeros(0, dtype=bool)
            if extra is not None:
                mask &= extra
            return mask

        criteria = {k: v for k, v in dict(start=start, end=end, outlets=outlets, sides=sides, actors=actors,
                                          issues=issues, acts=acts, text=text).items() if v not in (None, [], "")}
        problems = self.problems
        kept_ids = set(articles["article_id"].to_numpy(dtype=object)[keep]) if len(problems) else set()
        problem_rows = np.array([aid in kept_ids for aid in problems["article_id"]], dtype=bool)
        masks = {"articles": keep, "sentences": row_mask("sentences", self.sentences),
                 "mentions": row_mask("mentions", mentions), "quotes": row_mask("quotes", quotes, quote_rows),
                 "statements": row_mask("statements", statements, statement_rows), "problems": problem_rows}
        return Analysis(**_rows_of_each(self.tables(), masks),
                        meta={**self.meta, "filter": {k: str(v) for k, v in criteria.items()}})

    def _article_positions(self, name: str) -> np.ndarray:
        """For each row of table ``name``, the position of its article in ``articles`` (computed once); -1
        for a row whose article is not there."""
        cache = self.__dict__.setdefault("_positions", {})
        table = getattr(self, name)
        cached = cache.get(name)
        if cached is None or cached[0] is not table:
            from .cache import row_positions

            # 50,000 articles: 16 ms for all tables (pandas' factorize + get_indexer took 135 ms)
            cached = cache[name] = (table, row_positions(table["article_id"], self.articles["article_id"]))
        return cached[1]

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name."""
        return {name: getattr(self, name) for name in self.TABLES}

    def save(self, path: str | os.PathLike) -> Path:
        """Write every table as ``<name>.parquet`` (plus ``meta.json``) into folder ``path``; returns it."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for name, frame in self.tables().items():
            frame.to_parquet(folder / f"{name}.parquet", index=False, row_group_size=_rows_per_group(frame))
        (folder / "meta.json").write_text(json.dumps({"toolkit_version": __version__, **self.meta}, indent=2,
                                                     default=str), encoding="utf-8")
        return folder

    def to_csv(self, path: str | os.PathLike) -> Path:
        """Write every table as ``<name>.csv`` into folder ``path`` (for spreadsheets); returns it."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for name, frame in self.tables().items():
            frame.to_csv(folder / f"{name}.csv", index=False)
        return folder

    @classmethod
    def load(cls, path: str | os.PathLike, *, spill=None) -> "Analysis":
        """Read an analysis written by :meth:`save` (tables round-trip exactly) or by ``tk.analyze_files``
        (the parts its ``meta.json`` lists; a folder of parts without it is an unfinished run, refused).

        ``spill`` as in :func:`analyze`: the tables of an analysis of a million characters of text or more
        are read row group by row group into a memory-mapped file (:mod:`toolkit.spill`) in ``spill/`` of the user
        cache folder, or in the folder given; ``False`` reads them into RAM. A table whose columns are not
        the documented ones (a frame saved with columns of its own) is read into RAM.

        >>> analysis = tk.Analysis.load("results/")     # doctest: +SKIP
        """
        folder = Path(path)
        if not folder.is_dir():
            raise FileNotFoundError(f"no saved analysis at {str(path)!r}")
        meta_file = folder / "meta.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        partitioned = any((folder / name).is_dir() and not (folder / f"{name}.parquet").exists()
                          for name in cls.TABLES)
        if partitioned and "parts" not in meta:
            raise ValueError(f"{str(path)!r} holds the parts of a tk.analyze_files run that did not finish "
                             "(no meta.json listing them): run it again")
        from .engine import spill_folder
        from .memory import PARQUET_READ, return_freed_memory, system_allocator

        single = {name for name in cls.TABLES if (folder / f"{name}.parquet").exists()}
        files = {name: [folder / f"{name}.parquet"] for name in single}
        if partitioned and meta["parts"]:
            files.update({name: [folder / name / part for part in meta["parts"]]
                          for name in cls.TABLES if name not in single})
        with system_allocator():  # Arrow's bundled allocator would keep what reading frees (see toolkit.memory)
            tables = _read_spilled(files, spill_folder(spill, None))
            for name in cls.TABLES:
                if name in tables:
                    continue
                if name in single:
                    tables[name] = pd.read_parquet(files[name][0], **PARQUET_READ)
                elif name in files:
                    tables[name] = _read_parts(files[name], name)
                else:
                    tables[name] = empty_table(name)
        return_freed_memory()
        for key in ("toolkit_version", "parts"):
            meta.pop(key, None)
        return cls(**tables, meta=meta)


def _read_spilled(files: dict[str, list[Path]], folder: Path | None) -> dict[str, pd.DataFrame]:
    """The result tables among ``files`` (table -> its Parquet files, in order) whose columns are the
    documented ones, read row group by row group into a :class:`~toolkit.spill.SpilledTables` in ``folder``; none
    when :func:`~toolkit.spill.open_spill` keeps them in RAM (the text is counted from the articles' files)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .cache import TABLES
    from .memory import PARQUET_READ, return_freed_memory
    from .pipeline import TABLE_COLUMNS
    from .spill import open_spill

    def documented(path: Path, dtypes: dict[str, str]) -> bool:
        schema = pq.read_schema(path)
        if schema.names != list(dtypes):
            return False
        for field in schema:
            want = dtypes[field.name]
            if want == "str":
                if field.type not in (pa.string(), pa.large_string()):
                    return False
            elif not pa.types.is_primitive(field.type) or field.type.to_pandas_dtype() != np.dtype(want):
                return False
        return True

    names = [t for t in TABLES if t in files and all(documented(f, TABLE_COLUMNS[t]) for f in files[t])]
    if folder is None or "articles" not in names:
        return {}
    chars = 0
    for path in files["articles"]:  # bytes of UTF-8 text: about the characters of an English corpus
        meta = pq.ParquetFile(path).metadata
        text = meta.schema.names.index("text")
        chars += sum(meta.row_group(i).column(text).total_uncompressed_size for i in range(meta.num_row_groups))
    spilled = open_spill(folder, chars, {t: TABLE_COLUMNS[t] for t in names}, stacklevel=4)
    if spilled is None:
        return {}
    try:
        for table in names:
            for path in files[table]:
                data = pq.ParquetFile(path, pre_buffer=PARQUET_READ["pre_buffer"])
                for group in range(data.num_row_groups):  # iter_batches reads ahead: 240 MB on 50,000 articles
                    spilled.add(table, data.read_row_group(group, use_threads=PARQUET_READ["use_threads"]))
                    return_freed_memory()  # the reader's buffers, row group by row group
    except BaseException:
        spilled.discard()
        raise
    return spilled.tables()


#: Bytes of a table per row group in the files :meth:`Analysis.save` writes. A Parquet reader holds a whole
#: row group's column chunks while it reads from it: loading a 50,000-article analysis saved in one row group
#: a table peaked at 298 MB over idle, mostly the articles' texts read at once.
_ROW_GROUP_BYTES = 8 * 2**20


def _rows_per_group(frame: pd.DataFrame) -> int:
    """Rows of ``frame`` that take about :data:`_ROW_GROUP_BYTES` in memory (at least one)."""
    size = int(frame.memory_usage(index=False, deep=True).sum())
    return max(1, len(frame) * _ROW_GROUP_BYTES // max(size, 1))


def _read_parts(files: list[Path], name: str) -> pd.DataFrame:
    """The rows of Parquet parts written by ``tk.analyze_files``, in order, as one DataFrame of the table's
    documented types (one Arrow table read from all parts, converted once)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .cache import as_pandas_str
    from .memory import PARQUET_READ

    data = pa.concat_tables([pq.read_table(f, **PARQUET_READ) for f in files], promote_options="permissive")
    frame = data.to_pandas(types_mapper=as_pandas_str, self_destruct=True)
    del data
    return frame.astype({c: t for c, t in _dtypes(name).items() if c in frame})


def _dtypes(name: str) -> dict:
    from .pipeline import TABLE_COLUMNS

    return TABLE_COLUMNS[name]


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [v for v in value if v not in (None, "")]


def _load_with_cache(paths, cache) -> Corpus:
    from .cache import default_cache_dir, files_fingerprint, load_corpus_cached
    from .engine import code_fingerprint

    roots = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    fingerprint = files_fingerprint(roots, extra=code_fingerprint())
    if fingerprint is None:
        return load_corpus(paths)
    root = default_cache_dir(roots) if cache in (None, True) else Path(cache)
    return load_corpus_cached(root, roots, fingerprint, lambda: load_corpus(paths))


def _as_corpus(corpus) -> Corpus:
    if isinstance(corpus, Corpus):
        return corpus
    if isinstance(corpus, pd.DataFrame):
        return read_articles_frame(corpus)
    return load_corpus(corpus)


def analyze(corpus, *, actors=None, workers: int | None = None, engine: str = "local", client=None,
            cache=None, progress=None, spill=None) -> Analysis:
    """Analyse a corpus: a :class:`~toolkit.loaders.Corpus`, a path (file, folder, or list), or a DataFrame.

    - ``actors``: the gazetteer: ``None`` for the built-in one, a YAML path (or list of paths), or a
      :class:`~toolkit.gazetteer.Gazetteer` (e.g. ``tk.Gazetteer.builtin().merge(tk.Gazetteer.from_yaml(p))``).
    - ``workers``: processes on this machine (default: all cores when there are enough articles to gain).
    - ``engine``: ``"local"`` or ``"dask"`` (``pip install 'negotiation-toolkit[scale]'``); with ``client`` a
      ``dask.distributed.Client``, the work goes to that cluster. Results are identical row for row.
    - ``cache``: per-article results are kept in Parquet (default: a ``.toolkit-cache`` folder beside the
      corpus, else the user cache folder; a folder path to choose; ``False`` to turn it off). Unchanged
      articles are read back; any change to an article, the gazetteer, the lexicons or the toolkit recomputes
      what it affects.
    - ``progress``: show a progress bar (default: for 1,000 articles or more); Ctrl-C stops a run cleanly.
    - ``spill``: where the tables of a large run are kept (:mod:`toolkit.spill`): by default in memory-mapped
      files in ``spill/`` of the cache folder (also with ``cache=False``), unlinked at once so nothing stays
      on disk; a folder path to choose another disk; ``False`` to keep them in RAM. Runs of under a million
      characters, runs whose cached articles are held in another order than the corpus's, and runs on
      Windows keep their tables in RAM.

    >>> analysis = analyze("data/sample")   # doctest: +SKIP
    """
    from .engine import Settings, open_cache, run, spill_folder
    from .memory import system_allocator

    gazetteer = as_gazetteer(actors)
    settings = Settings(gazetteer)
    with system_allocator():  # a lower peak while the tables are built (see toolkit.memory)
        if isinstance(corpus, (Corpus, pd.DataFrame)) or cache is False:
            corpus = _as_corpus(corpus)
        else:  # files: the loaded corpus is cached too, keyed by the files' contents
            corpus = _load_with_cache(corpus, cache)
        result_cache = open_cache(cache, settings, corpus.paths)
        tables = run(corpus.articles, settings, workers=workers, engine=engine, client=client,
                     cache=result_cache, progress=progress, spill=spill_folder(spill, cache, corpus.paths))
    meta = {"n_input_articles": len(corpus.articles), "gazetteer": gazetteer.fingerprint(),
            "gazetteer_actors": len(gazetteer)}
    return Analysis(**tables, problems=corpus.problems.copy(), meta=meta)

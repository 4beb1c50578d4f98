"""A Parquet cache of per-article results, so a second ``tk.analyze`` of an unchanged corpus only reads.

Results are stored per article under a key that hashes everything the article contributes (its id, title,
date, outlet, URL, author, text and source), in a folder named after the *settings*: the toolkit version and
a hash of its code, the gazetteer, the cue lexicon and the issue taxonomy. Changing an article recomputes
that article only; changing the gazetteer, a lexicon or the toolkit uses a new settings folder.

A run writes its results as a "part": one Parquet file per table, one row group per task, under temporary
names. When the run ends, or is interrupted, the files are renamed into place and only then recorded, with
SHA-256 checksums, in ``manifest.json`` (also replaced atomically). An interrupted run therefore leaves a
consistent cache that keeps the tasks it finished; a part whose files are missing, unreadable or do not match
their checksum is dropped and its articles are recomputed, never trusted.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .memory import PARQUET_READ, return_freed_memory

TABLES = ("articles", "sentences", "mentions", "quotes", "statements")
KEY = "_cache_key"
_KEY_FIELDS = ("article_id", "title", "date", "outlet", "url", "author", "text", "source")


def article_keys(articles: pd.DataFrame) -> list[str]:
    """One key per article row: a 128-bit hash of every field that can change its results.

    The short fields are hashed vectorised; each text is hashed straight from its Arrow buffer, so no
    Python string is made per text (hashing the text column made one: a 50 MB transient on 10,000 articles).
    """
    if articles.empty:
        return []
    fields = pd.DataFrame({c: (articles[c].astype(str) if c in articles else "")
                           for c in _KEY_FIELDS if c != "text"})
    first = pd.util.hash_pandas_object(fields, index=False, hash_key="negotiation-tk01").to_numpy()
    second = pd.util.hash_pandas_object(fields, index=False, hash_key="negotiation-tk02").to_numpy()
    texts = articles["text"] if "text" in articles else pd.Series("", index=articles.index)
    return [hashlib.blake2b(text, digest_size=16, key=a.to_bytes(8, "little") + b.to_bytes(8, "little"))
            .hexdigest() for a, b, text in zip(first.tolist(), second.tolist(), utf8_values(texts))]


def utf8_values(series: pd.Series):
    """The UTF-8 bytes of each value of a string column, as memoryviews into its Arrow buffers (a missing
    value gives ``b"\\x00"``). Values that are not Arrow-backed strings are converted first."""
    import numpy as np
    import pyarrow as pa

    for chunk in arrow_strings(series).chunks:
        if chunk.type != pa.large_string():
            chunk = chunk.cast(pa.large_string())
        _, offsets, data = chunk.buffers()
        ends = np.frombuffer(offsets, dtype=np.int64)[chunk.offset:chunk.offset + len(chunk) + 1].tolist()
        view = memoryview(data) if data is not None else memoryview(b"")
        valid = chunk.is_valid().to_pylist() if chunk.null_count else None
        for i in range(len(chunk)):
            yield view[ends[i]:ends[i + 1]] if valid is None or valid[i] else b"\x00"


def arrow_strings(series: pd.Series):
    """A string column as a ``pyarrow.ChunkedArray``: the column's own buffers when it is Arrow-backed
    (pandas' default ``str``), else converted."""
    import pyarrow as pa

    values = series.array if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow" \
        else series.astype("str").array
    arrow = values.__arrow_array__()
    return arrow if isinstance(arrow, pa.ChunkedArray) else pa.chunked_array([arrow])


def as_pandas_str(arrow_type):
    """``types_mapper`` for ``to_pandas``: Arrow strings become pandas' default ``str`` dtype, wrapping the
    Arrow buffers as they are (other types are converted as usual)."""
    return _str_types().get(arrow_type)


@lru_cache(maxsize=1)
def _str_types() -> dict:
    import pyarrow as pa

    dtype = pd.StringDtype("pyarrow", na_value=float("nan"))
    return {pa.large_string(): dtype, pa.string(): dtype}


def row_positions(values: pd.Series, ids: pd.Series):
    """For each value of ``values``, its position in ``ids`` (-1 where it is absent): a hash lookup in Arrow,
    with no Python string per row (row -> article for 900,000 sentences in about 10 ms)."""
    import pyarrow.compute as pc

    found = pc.index_in(arrow_strings(values), value_set=arrow_strings(ids))
    return pc.fill_null(found, -1).to_numpy().astype("int64", copy=False)


def default_cache_dir(paths=()) -> Path:
    """Beside the corpus (``<folder>/.toolkit-cache``) when that is writable, else the user cache folder."""
    for raw in paths:
        p = Path(raw)
        folder = p if p.is_dir() else p.parent
        if os.access(folder, os.W_OK):
            return folder / ".toolkit-cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("negotiation-toolkit"))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


#: How the cache writes Parquet: small pages, no dictionaries. The writer's buffers follow the size of its
#: pages and dictionaries (1 MB each by default): writing one task's rows of 10,000 articles raised the
#: process's memory by up to 16 MB, 9 MB this way; writing the corpus of 10,000 articles at once by 29 MB.
PARQUET_WRITE = {"data_page_size": 1 << 16, "use_dictionary": False}
#: Rows per row group of the corpus cache (its articles table is written in one call).
CORPUS_ROW_GROUP = 1000

#: Seconds after which an unfinished part file (``*.parquet.tmp``) is taken for the leftover of a killed run.
ABANDONED_AFTER = 24 * 3600

#: Row groups (tasks of the run that wrote a part) read and spilled at once by :meth:`ResultCache.spill_parts`.
#: On 10,000 articles, 16 took a second run to 41 MB over its start in 0.33 s, 8 to 31 MB in 0.37 s, 4 to
#: 30 MB in 0.39 s.
_ROW_GROUPS_AT_ONCE = 8


class ResultCache:
    """Per-article results for one settings key, in ``root/<settings>/``."""

    def __init__(self, root: str | os.PathLike, settings: str):
        self.folder = Path(root) / settings
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manifest_path = self.folder / "manifest.json"
        self.manifest = self._read_manifest()
        self.dropped: list[str] = []  # parts found corrupt and removed during this session
        self._remove_abandoned()

    def _read_manifest(self) -> dict:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("parts"), dict):
                return data
        except (OSError, ValueError):
            pass
        return {"parts": {}}

    def _write_manifest(self) -> None:
        tmp = self.manifest_path.with_suffix(f".{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps(self.manifest), encoding="utf-8")
        os.replace(tmp, self.manifest_path)

    def known(self) -> dict[str, str]:
        """article key -> part name, for every cached article."""
        return {key: part for part, info in self.manifest["parts"].items() for key in info["keys"]}

    def load(self, keys: list[str]) -> tuple[dict[str, pd.DataFrame], set[str]]:
        """The cached rows of ``keys`` (each table with a ``_cache_key`` column) and the set of keys found.

        Corrupt parts are removed from the cache (their keys then count as missing).
        """
        wanted = set(keys)
        where = self.known()
        parts = sorted({where[k] for k in wanted if k in where})
        found: set[str] = set()
        frames: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
        for part in parts:
            info = self.manifest["parts"][part]
            try:
                loaded = {table: pd.read_parquet(self._verified(part, table), **PARQUET_READ) for table in TABLES}
            except Exception:  # missing, unreadable or altered: never trusted
                self._drop(part)
                continue
            part_keys = wanted.intersection(info["keys"])
            whole = len(part_keys) == len(info["keys"])
            for table, frame in loaded.items():
                frames[table].append(frame if whole else frame[frame[KEY].isin(part_keys)])
            found |= part_keys
        tables = {t: pd.concat(fs, ignore_index=True) if fs else pd.DataFrame() for t, fs in frames.items()}
        return tables, found

    def _verified(self, part: str, table: str) -> Path:
        """The file of ``table`` in ``part``, once its checksum matches the manifest (else ``ValueError``;
        ``OSError`` when it cannot be read)."""
        path = self.folder / f"{part}.{table}.parquet"
        if _sha256(path) != self.manifest["parts"][part]["sha256"][table]:
            raise ValueError(f"checksum mismatch in {path.name}")
        return path

    def whole_parts(self, keys: list[str]) -> list[str] | None:
        """The parts that hold the rows of ``keys`` and nothing else, in the order of ``keys`` (by their
        first article); None when a key is not cached or a part also holds other articles."""
        where = self.known()
        first: dict[str, int] = {}
        for position, key in enumerate(keys):
            part = where.get(key)
            if part is None:
                return None
            first.setdefault(part, position)
        if sum(len(self.manifest["parts"][part]["keys"]) for part in first) != len(set(keys)):
            return None
        return sorted(first, key=first.get)

    def spill_parts(self, parts: list[str], ids: pd.Series, spilled) -> bool:
        """Add the rows of ``parts`` to ``spilled`` (a :class:`toolkit.spill.SpilledTables`) a few row groups
        at a time, table by table, so they are never all in memory. False, and ``spilled`` left unusable,
        when a part is corrupt (then dropped, as :meth:`load` does) or its articles are not in the order of
        ``ids``. The articles table is checked row by row; the other tables follow it, as every part holds
        each table's rows in the order of its articles (written task by task, and merged in that order)."""
        import pyarrow.parquet as pq

        order = arrow_strings(ids)
        for table in TABLES:
            seen = 0
            for part in parts:
                try:
                    data = pq.ParquetFile(self._verified(part, table), pre_buffer=PARQUET_READ["pre_buffer"])
                except Exception:  # missing, unreadable or altered: never trusted
                    self._drop(part)
                    return False
                for first in range(0, data.num_row_groups, _ROW_GROUPS_AT_ONCE):
                    last = min(first + _ROW_GROUPS_AT_ONCE, data.num_row_groups)
                    rows = data.read_row_groups(range(first, last), use_threads=PARQUET_READ["use_threads"])
                    rows = rows.drop_columns([KEY])
                    if table == "articles":
                        got = rows.column("article_id").cast(order.type)
                        if not got.equals(order.slice(seen, len(got))):
                            return False
                        seen += len(got)
                    spilled.add(table, rows)
                    del rows
                    return_freed_memory()  # the reader's buffers, before the next row groups are read
            if table == "articles" and seen != len(order):
                return False
        return True

    def new_part(self) -> "PartWriter":
        """A part to write a run's results into, task by task (:class:`PartWriter`)."""
        return PartWriter(self)

    def _record(self, part: str, keys: list[str], checksums: dict[str, str]) -> None:
        """Add a part whose files are in place to the manifest."""
        self.manifest = self._read_manifest()  # another process may have added parts meanwhile
        self.manifest["parts"][part] = {"keys": list(keys), "sha256": checksums}
        self._write_manifest()

    def _remove_abandoned(self) -> None:
        """Delete the unfinished files of runs that were killed (not written for :data:`ABANDONED_AFTER`
        seconds; a running part is written every task)."""
        now = time.time()
        for path in self.folder.glob("*.parquet.tmp"):
            try:
                if now - path.stat().st_mtime > ABANDONED_AFTER:
                    path.unlink()
            except OSError:  # removed meanwhile, or not ours to remove
                pass

    def _drop(self, part: str, corrupt: bool = True) -> None:
        self.manifest["parts"].pop(part, None)
        self._write_manifest()
        for table in TABLES:
            (self.folder / f"{part}.{table}.parquet").unlink(missing_ok=True)
        if corrupt:
            self.dropped.append(part)

    def clear(self) -> None:
        """Remove every cached result of these settings."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manifest = {"parts": {}}


class PartWriter:
    """One new part of a :class:`ResultCache`, written as a run goes: :meth:`add` appends one row group per
    table (the rows of one task) to files named ``*.parquet.tmp``; :meth:`close` renames them into place and
    records the part with its checksums. Close it also when a run is interrupted: what it finished is kept.

    One file per table for the whole run, rather than a part per task merged at the end: the merge read
    every table back, which took 0.9 s and raised the peak memory of 10,000 articles by 16 MB. The tables are
    written with the schema of the first rows (later rows are cast to it), as ``to_parquet`` would write
    them, so ``pd.read_parquet`` gives the documented dtypes back.

    >>> part = cache.new_part()                                        # doctest: +SKIP
    >>> part.add(tables, keys); part.close()                           # doctest: +SKIP
    """

    def __init__(self, cache: ResultCache):
        self.cache = cache
        self.name = f"part-{uuid.uuid4().hex[:12]}"
        self.keys: list[str] = []
        self._writers: dict[str, object] = {}
        self._failed = False

    def _path(self, table: str, suffix: str = ".parquet") -> Path:
        return self.cache.folder / f"{self.name}.{table}{suffix}"

    def add(self, tables: dict[str, pd.DataFrame], keys: list[str]) -> None:
        """Append the rows of ``keys`` (each table with the ``_cache_key`` column) as one row group a table."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not keys:
            return
        try:
            for table in TABLES:
                frame = tables[table]
                if not len(frame):
                    continue
                data = pa.Table.from_pandas(frame, preserve_index=False, nthreads=1)
                writer = self._writers.get(table)
                if writer is None:
                    writer = self._writers[table] = pq.ParquetWriter(self._path(table, ".parquet.tmp"), data.schema,
                                                                     **PARQUET_WRITE)
                writer.write_table(data.cast(writer.schema))
                del data
                return_freed_memory()  # the writer's buffers, table by table (see toolkit.memory)
        except BaseException:
            self._failed = True  # a row group may be half written: the part is discarded at close
            raise
        self.keys.extend(keys)

    def close(self) -> str | None:
        """Finish the files, rename them into place and record the part; its name, or None when nothing was
        added (or an add failed: the files are then removed)."""
        from .pipeline import empty_table

        try:
            for writer in self._writers.values():
                writer.close()
        finally:
            writers, self._writers = self._writers, {}
        if self._failed or not self.keys:
            for table in writers:
                self._path(table, ".parquet.tmp").unlink(missing_ok=True)
            return None
        checksums = {}
        for table in TABLES:
            tmp = self._path(table, ".parquet.tmp")
            if table not in writers:  # no rows in this run: an empty file of the table's columns
                empty_table(table).assign(**{KEY: pd.Series(dtype="str")}).to_parquet(tmp, index=False)
            os.replace(tmp, self._path(table))
            checksums[table] = _sha256(self._path(table))
        self.cache._record(self.name, self.keys, checksums)
        return self.name


# ---------------------------------------------------------------------------------------------- corpora
def files_fingerprint(paths, extra: str = "") -> str | None:
    """A hash of the input files (names, sizes and contents) for reusing a loaded corpus; None if unreadable."""
    from .loaders import expand_paths

    h = hashlib.sha1(extra.encode())
    try:
        for path in expand_paths(paths):
            stat = path.stat()
            h.update(f"{path}|{stat.st_size}|".encode())
            with path.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
    except OSError:
        return None
    return h.hexdigest()[:20]


def load_corpus_cached(root: Path, paths, fingerprint: str, load):
    """The corpus loaded from ``paths``: read back from ``root`` when the files are unchanged, else loaded
    with ``load()`` and stored (articles and problems as Parquet, with checksums)."""
    from .loaders import Corpus

    folder = Path(root) / f"corpus-{fingerprint}"
    manifest = folder / "manifest.json"
    try:
        sums = json.loads(manifest.read_text(encoding="utf-8"))
        frames = {}
        for name in ("articles", "problems"):
            path = folder / f"{name}.parquet"
            if _sha256(path) != sums[name]:
                raise ValueError("checksum mismatch")
            frames[name] = pd.read_parquet(path, **PARQUET_READ)
        return_freed_memory()  # the reader's buffers
        return Corpus(frames["articles"], frames["problems"], tuple(str(p) for p in paths))
    except (OSError, ValueError, KeyError, TypeError):
        shutil.rmtree(folder, ignore_errors=True)
    corpus = load()
    folder.mkdir(parents=True, exist_ok=True)
    sums = {}
    for name in ("articles", "problems"):
        final = folder / f"{name}.parquet"
        tmp = final.with_suffix(".parquet.tmp")
        getattr(corpus, name).to_parquet(tmp, index=False, row_group_size=CORPUS_ROW_GROUP, **PARQUET_WRITE)
        os.replace(tmp, final)
        sums[name] = _sha256(final)
    tmp = manifest.with_suffix(".tmp")
    tmp.write_text(json.dumps(sums), encoding="utf-8")
    os.replace(tmp, manifest)
    return_freed_memory()  # what the Parquet writer freed
    return corpus

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
#: Rows per row group of the corpus cache (its articles table is written in one call). Smaller row groups
#: cost more memory, not less: each column chunk the writer starts takes buffers of its own, so writing the
#: corpus of 1,000 articles (3.3 MB of strings) peaked 8.5 MB over the idle process in one row group, 14.2 MB
#: in row groups of 1 MB and 15.9 MB in row groups of 256 kB.
CORPUS_ROW_GROUP = 1000

#: Seconds after which an unfinished part file (``*.parquet.tmp``) is taken for the leftover of a killed run.
ABANDONED_AFTER = 24 * 3600

#: Row groups (tasks of the run that wrote a part) read at once by :meth:`ResultCache.spill_runs`: an eighth
#: of the part's (:data:`_READS_PER_PART`), at least one and at most this many. On 10,000 articles, 16 at
#: once took a second run to 41 MB over its start in 0.33 s, 8 to 31 MB in 0.37 s, 4 to 30 MB in 0.39 s.
#: Each read costs memory of its own besides the rows (the Parquet reader's buffers, taken from Arrow's
#: process-wide allocator and handed back afterwards), so on 1,000 articles, whose parts hold 9 row groups,
#: reading 8 at once took a second run to 14 MB over its start, one at a time to 8 MB (3.1x the texts), as
#: fast; on 10,000 articles (25 row groups, 3 at once) 34 MB instead of 38, in 0.32 s either way, and the run
#: after every tenth article was edited 17 MB instead of 35.
_ROW_GROUPS_AT_ONCE = 8
_READS_PER_PART = 8
#: Bytes of rows gathered before they are added to the spill file (one piece of a spilled table). A second
#: run over 10,000 cached articles peaked 49 MB over its start with 8 MB, 38 MB with 1 MB, as fast.
_SPILL_BYTES = 1 * 2**20


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

    def runs(self, keys: list[str]) -> list[tuple[str, np.ndarray]] | None:
        """How to read the rows of ``keys`` in their order: runs of consecutive keys held by the same part,
        as ``(part, positions of the keys in that part)``; None when a key is not cached or a part holds its
        keys of ``keys`` in another order (their rows could not be read in one pass)."""
        where = self.known()
        places: dict[str, dict[str, int]] = {}
        last: dict[str, int] = {}
        runs: list[tuple[str, list[int]]] = []
        for key in keys:
            part = where.get(key)
            if part is None:
                return None
            if part not in places:
                places[part] = {k: i for i, k in enumerate(self.manifest["parts"][part]["keys"])}
            position = places[part][key]
            if position <= last.get(part, -1):
                return None
            last[part] = position
            if runs and runs[-1][0] == part:
                runs[-1][1].append(position)
            else:
                runs.append((part, [position]))
        return [(part, np.array(positions, dtype=np.int64)) for part, positions in runs]

    def spill_runs(self, runs: list[tuple[str, np.ndarray]], spilled) -> bool:
        """Add the rows of ``runs`` (see :meth:`runs`) to ``spilled`` (a :class:`toolkit.spill.SpilledTables`)
        table by table, in the order of the runs: each part is read once, a few row groups at a time, and
        only the rows of the articles asked for are kept, so the tables are never all in memory. False, and
        ``spilled`` left unusable, when a part is corrupt (then dropped, as :meth:`load` does) or lacks the
        row of an article."""
        import pyarrow as pa

        wanted: dict[str, np.ndarray] = {}
        keys: dict[str, pa.Array] = {}
        for part, positions in runs:
            if part not in wanted:
                keys[part] = pa.array(self.manifest["parts"][part]["keys"], type=pa.string())
                wanted[part] = np.zeros(len(keys[part]), dtype=bool)
            wanted[part][positions] = True
        for table in TABLES:
            readers: dict[str, _PartRows] = {}
            out: list[pa.Table] = []
            size = 0
            for part, positions in runs:
                reader = readers.get(part)
                if reader is None:
                    try:
                        reader = readers[part] = _PartRows(self, part, table, wanted[part], keys[part])
                    except Exception:  # missing, unreadable or altered: never trusted
                        self._drop(part)
                        return False
                got = []
                for rows, where in reader.take(positions[-1], positions=table == "articles"):
                    got.append(where)
                    out.append(rows)
                    size += rows.nbytes
                    if size >= _SPILL_BYTES:
                        spilled.add(table, _joined(out))
                        out, size = [], 0
                        return_freed_memory()  # the reader's buffers and the joined rows
                if table == "articles" and not np.array_equal(np.concatenate(got) if got else got, positions):
                    return False
            if out:
                spilled.add(table, _joined(out))
            del readers, out
            return_freed_memory()
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

    def _drop(self, part: str) -> None:
        """Remove a part found missing, unreadable or altered, and note it in :attr:`dropped`."""
        self.manifest["parts"].pop(part, None)
        self._write_manifest()
        for table in TABLES:
            (self.folder / f"{part}.{table}.parquet").unlink(missing_ok=True)
        self.dropped.append(part)

    def clear(self) -> None:
        """Remove every cached result of these settings."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manifest = {"parts": {}}


def _joined(pieces: list):
    """Arrow tables as one: as they are when few (each becomes a chunk of the spilled columns), copied into
    one chunk when many (runs of a few articles: pandas is slow on columns of thousands of chunks)."""
    import pyarrow as pa

    joined = pa.concat_tables(pieces)
    return joined.combine_chunks() if len(pieces) > 16 else joined


class _PartRows:
    """The rows of one table of a cache part, read a few row groups at a time, only those of the wanted
    articles kept (``wanted``: a flag per article of the part, by its position in the part's keys). Rows come
    in the part's article order; :meth:`take` hands them out up to a given article."""

    def __init__(self, cache: ResultCache, part: str, table: str, wanted: np.ndarray, keys):
        import pyarrow.parquet as pq

        self.file = pq.ParquetFile(cache._verified(part, table), pre_buffer=PARQUET_READ["pre_buffer"])
        self.keys = keys  # the part's keys, an Arrow array
        self.wanted = wanted
        self.whole = bool(wanted.all())
        self.next_group = 0
        self.step = min(_ROW_GROUPS_AT_ONCE, max(1, self.file.num_row_groups // _READS_PER_PART))
        schema = self.file.schema_arrow
        self.rows = schema.empty_table().drop_columns([KEY])  # rows read and not yet taken, without the key
        self.where = np.zeros(0, dtype=np.int64)  # the position of each of those rows' article in the part

    def _next_groups(self):
        """The next few row groups (with the key column), or None at the end of the file."""
        if self.next_group >= self.file.num_row_groups:
            return None
        last = min(self.next_group + self.step, self.file.num_row_groups)
        rows = self.file.read_row_groups(range(self.next_group, last), use_threads=PARQUET_READ["use_threads"])
        self.next_group = last
        return rows

    def _positions(self, rows) -> np.ndarray:
        """The position in the part of each row's article."""
        import pyarrow as pa
        import pyarrow.compute as pc

        return pc.index_in(rows.column(KEY).cast(pa.string()), value_set=self.keys).to_numpy(zero_copy_only=False)

    def _read(self) -> bool:
        import pyarrow as pa

        rows = self._next_groups()
        if rows is None:
            return False
        where = self._positions(rows)
        keep = self.wanted[where]
        rows = rows.drop_columns([KEY])
        if not keep.all():
            rows, where = rows.filter(pa.array(keep)), where[keep]
        self.rows = pa.concat_tables([self.rows, rows]) if len(self.rows) else rows
        self.where = np.concatenate([self.where, where])
        return True

    def take(self, last: int, positions: bool = True):
        """The rows of the articles up to position ``last`` of the part not taken yet, in pieces as they are
        read: ``(rows, position of each row's article)``; the positions are None when not asked for and the
        rest of a part whose every article is wanted is read (no row is then looked up)."""
        if self.whole and last == len(self.wanted) - 1 and not len(self.where) and not positions:
            while (rows := self._next_groups()) is not None:
                yield rows.drop_columns([KEY]), None
            return
        while True:
            n = int(np.searchsorted(self.where, last, side="right"))
            if n:
                yield self.rows.slice(0, n), self.where[:n]
                self.rows, self.where = self.rows.slice(n), self.where[n:]
            if len(self.where) or not self._read():  # a row of a later article is here, or the file is done
                return


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

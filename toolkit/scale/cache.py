"""A Parquet cache of results keyed by what they were computed from, so a second ``tk.analyze`` of an
unchanged corpus only reads.

One format serves both caches ``tk.analyze`` keeps: per-article results, under a key that hashes every field
an article contributes (:func:`article_keys`), in a folder named after the :class:`~toolkit.scale.pipeline.
Settings` key (toolkit code, resources, extractors); and loaded corpora, under a hash of the input files.

A run writes a *part*: one Parquet file per table, one row group per task (a group of keys). Files are
written under temporary names, renamed into place when the run ends or is interrupted, and only then
recorded, with their SHA-256 checksums, in ``manifest.json`` (replaced atomically). An interrupted run thus
leaves a consistent cache that keeps the tasks it finished; a part whose files are missing, unreadable or do
not match their checksums is dropped and its keys are computed again, never trusted.

The cache lives in the user cache folder (:func:`default_cache_dir`) unless a folder is given.

>>> cache = ResultCache(folder, "settings-key")                      # doctest: +SKIP
>>> part = cache.new_part(); part.add(tables, keys); part.close()   # doctest: +SKIP
>>> cache.reader().rows(keys, cache.index(keys))                    # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd

#: The column that tags every cached row with its key.
KEY = "_cache_key"
#: The article fields a result depends on.
KEY_FIELDS = ("article_id", "title", "date", "outlet", "url", "author", "text", "source")
#: Loaded corpora kept in the corpus cache (the most recent ones; each is a copy of its articles).
CORPORA_KEPT = 8
#: Articles per Parquet row group of a cached corpus: reading it back decodes a row group at a time.
CORPUS_ROW_GROUP = 1000
#: Seconds after which an unfinished part file (``*.parquet.tmp``) is taken for the leftover of a killed run.
ABANDONED_AFTER = 24 * 3600


def default_cache_dir() -> Path:
    """The user cache folder of the toolkit (``platformdirs``; ``$NEGOTIATION_TOOLKIT_CACHE`` overrides it)."""
    override = os.environ.get("NEGOTIATION_TOOLKIT_CACHE")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("negotiation-toolkit"))


def article_keys(articles: pd.DataFrame) -> list[str]:
    """One key per article row: a 128-bit hash of every field that can change its results."""
    columns = [articles[c].tolist() if c in articles else [""] * len(articles) for c in KEY_FIELDS]
    return [hashlib.blake2b("\x1f".join(map(str, fields)).encode("utf-8", "surrogatepass"), digest_size=16)
            .hexdigest() for fields in zip(*columns)]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class ResultCache:
    """Cached tables for one settings key, in ``root/<settings>/``.

    ``manifest.json`` maps each part to its groups (the keys of each task, and the row groups holding them
    in each table's file, none when the task had no rows there) and its files' checksums.
    """

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

    def path(self, part: str, table: str) -> Path:
        return self.folder / f"{part}.{table}.parquet"

    def index(self, keys=None) -> dict[str, tuple[str, int]]:
        """key -> (part, group) for every cached key (or those of ``keys``), after checking the checksums of
        the parts that hold them: a corrupt part is dropped (:attr:`dropped`) and its keys left out."""
        wanted = None if keys is None else set(keys)
        found: dict[str, tuple[str, int]] = {}
        for part, info in list(self.manifest["parts"].items()):
            if not isinstance(info, dict) or not isinstance(info.get("groups"), list):  # not written by this version
                self._drop(part)
                continue
            here = {key: (part, g) for g, group in enumerate(info["groups"]) for key in group["keys"]
                    if wanted is None or key in wanted}
            if here and self._intact(part):
                found.update(here)
        return found

    def _intact(self, part: str) -> bool:
        """Whether every file of ``part`` is there and matches its checksum (else the part is dropped)."""
        try:
            if all(_sha256(self.path(part, t)) == digest
                   for t, digest in self.manifest["parts"][part]["sha256"].items()):
                return True
        except (OSError, AttributeError, KeyError):  # a file gone, or a manifest entry without checksums
            pass
        self._drop(part)
        return False

    def reader(self) -> "CacheReader":
        """Reads cached rows by key (:class:`CacheReader`)."""
        return CacheReader(self)

    def new_part(self) -> "PartWriter":
        """A part to write a run's results into, task by task (:class:`PartWriter`)."""
        return PartWriter(self)

    def store(self, tables: dict[str, pd.DataFrame], key: str, rows_per_group: int | None = None) -> None:
        """Cache ``tables`` whole under one ``key`` (a part of one group), in Parquet row groups of at most
        ``rows_per_group`` rows (reading a large table back then needs less memory at once)."""
        part = self.new_part()
        try:
            part.add({name: frame.assign(**{KEY: key}) for name, frame in tables.items()}, [key], rows_per_group)
        finally:
            part.close()

    def _record(self, part: str, groups: list[dict], checksums: dict[str, str]) -> None:
        """Add a part whose files are in place to the manifest."""
        self.manifest = self._read_manifest()  # another process may have added parts meanwhile
        self.manifest["parts"][part] = {"groups": groups, "sha256": checksums}
        self._write_manifest()

    def _remove_abandoned(self) -> None:
        """Delete the unfinished files of runs that were killed, and part files the manifest does not list
        (left when two processes recorded parts at the same moment), once not written for
        :data:`ABANDONED_AFTER` seconds (a running part is written every task)."""
        now = time.time()
        listed = set(self.manifest["parts"])
        for path in self.folder.glob("part-*.parquet*"):
            try:
                if path.name.split(".")[0] not in listed and now - path.stat().st_mtime > ABANDONED_AFTER:
                    path.unlink()
            except OSError:  # removed meanwhile, or not ours to remove
                pass

    def _drop(self, part: str) -> None:
        """Remove a part found missing, unreadable or altered, and note it in :attr:`dropped`."""
        self._remove(part)
        self.dropped.append(part)

    def _remove(self, part: str) -> None:
        self.manifest = self._read_manifest()  # another process may have added parts meanwhile
        self.manifest["parts"].pop(part, None)
        self._write_manifest()
        if re.fullmatch(r"part-[0-9a-f]{12}", part):  # a name this cache made: never a path elsewhere
            for path in self.folder.glob(f"{part}.*.parquet"):
                path.unlink(missing_ok=True)

    def keep_latest(self, n: int) -> None:
        """Remove all but the ``n`` parts recorded last."""
        for part in list(self.manifest["parts"])[:-n or None]:
            self._remove(part)

    def clear(self) -> None:
        """Remove every cached result of these settings."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manifest = {"parts": {}}


class CacheReader:
    """The cached rows of given keys, as Arrow tables, read a few row groups at a time (a run usually wants
    the groups of a part in order; the groups read last are kept, as consecutive tasks may share them)."""

    AHEAD = 2

    def __init__(self, cache: ResultCache):
        self.cache = cache
        self._files: dict[tuple[str, str], object] = {}
        self._groups: dict[tuple[str, int], dict] = {}

    def rows(self, keys: list[str], index: dict[str, tuple[str, int]]) -> dict:
        """Every table's rows of ``keys`` (each cached, ``index`` as :meth:`ResultCache.index` gives it) as
        Arrow tables without the key column; rows of one key keep their order, keys come in the order given
        (a task of an unchanged corpus is one group, read as it is)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        groups = list(dict.fromkeys(index[key] for key in keys))
        if len(groups) == 1 and self._keys(*groups[0]) == keys:
            return {table: data.drop_columns([KEY]) for table, data in self._group(*groups[0]).items()}
        wanted = pa.array(keys, type=pa.string())
        pieces: dict[str, list] = {}
        for where in groups:
            for table, data in self._group(*where).items():
                pieces.setdefault(table, []).append(data.filter(pc.is_in(data[KEY].cast(pa.string()), wanted)))
        out = {}
        for table, found in pieces.items():
            data = pa.concat_tables(found)
            position = pc.index_in(data[KEY].cast(pa.string()), wanted).to_numpy(zero_copy_only=False)
            if len(position) > 1 and (np.diff(position) < 0).any():
                data = data.take(np.argsort(position, kind="stable"))
            out[table] = data.drop_columns([KEY])
        return out

    def _keys(self, part: str, group: int) -> list[str]:
        return self.cache.manifest["parts"][part]["groups"][group]["keys"]

    def _group(self, part: str, group: int) -> dict:
        """Every table's rows of one group, read with the next :data:`AHEAD` groups of its part on a miss."""
        if (part, group) not in self._groups:
            import pyarrow as pa
            import pyarrow.parquet as pq

            groups = self.cache.manifest["parts"][part]["groups"]
            ahead = range(group, min(group + self.AHEAD, len(groups)))
            for table in groups[group]["row_groups"]:
                file = self._files.get((part, table))
                if file is None:
                    file = self._files[part, table] = pq.ParquetFile(self.cache.path(part, table))
                numbers = [groups[g]["row_groups"][table] for g in ahead]
                if all(len(each) <= 1 for each in numbers):  # a row group a task: a few read at once
                    data = file.read_row_groups([n for each in numbers for n in each], use_threads=False)
                    sizes = [sum(file.metadata.row_group(n).num_rows for n in each) for each in numbers]
                    pieces = [data.slice(start, size) for start, size in zip(np.cumsum([0] + sizes), sizes)]
                else:  # a group in several row groups (a cached corpus): read one by one, kept as chunks
                    pieces = [pa.concat_tables([file.schema_arrow.empty_table()] +
                                               [file.read_row_group(n, use_threads=False) for n in each])
                              for each in numbers]
                for g, piece in zip(ahead, pieces):
                    self._groups.setdefault((part, g), {})[table] = piece
            while len(self._groups) > self.AHEAD:
                self._groups.pop(next(iter(self._groups)))
        return self._groups[part, group]


class PartWriter:
    """One new part of a :class:`ResultCache`, written as a run goes: :meth:`add` appends one row group per
    table (the rows of one task, each with the ``_cache_key`` column) to files named ``*.parquet.tmp``;
    :meth:`close` renames them into place and records the part with its checksums. Close it also when a run
    is interrupted: what it finished is kept. A table's file takes the schema of its first rows (later rows
    are cast to it), so its rows read back with the dtypes they were written with."""

    def __init__(self, cache: ResultCache):
        self.cache = cache
        self.name = f"part-{uuid.uuid4().hex[:12]}"
        self.groups: list[dict] = []
        self._writers: dict[str, object] = {}
        self._rows: dict[str, int] = {}  # row groups written per table
        self._failed = False

    def _tmp(self, table: str) -> Path:
        return self.cache.folder / f"{self.name}.{table}.parquet.tmp"

    def add(self, tables: dict[str, pd.DataFrame], keys: list[str], rows_per_group: int | None = None) -> None:
        """Append the rows of ``keys`` as one group: one Parquet row group per table (or row groups of
        ``rows_per_group`` rows at most), none for a table without rows."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not keys:
            return
        row_groups: dict[str, list[int]] = {}
        try:
            for table, frame in tables.items():
                data = pa.Table.from_pandas(frame, preserve_index=False)
                writer = self._writers.get(table)
                if writer is None:
                    writer = self._writers[table] = pq.ParquetWriter(self._tmp(table), data.schema,
                                                                     memory_pool=pa.system_memory_pool())
                    self._rows[table] = 0
                written = -(-len(frame) // (rows_per_group or max(len(frame), 1)))  # row groups this adds
                if written:
                    writer.write_table(data.cast(writer.schema), row_group_size=rows_per_group)
                row_groups[table] = list(range(self._rows[table], self._rows[table] + written))
                self._rows[table] += written
        except BaseException:
            self._failed = True  # a row group may be half written: the part is discarded at close
            raise
        self.groups.append({"keys": list(keys), "row_groups": row_groups})

    def close(self) -> str | None:
        """Finish the files, rename them into place and record the part; its name, or None when nothing was
        added (or an add failed: the files are then removed)."""
        try:
            for writer in self._writers.values():
                writer.close()
        finally:
            writers, self._writers = self._writers, {}
        if self._failed or not self.groups:
            for table in writers:
                self._tmp(table).unlink(missing_ok=True)
            return None
        checksums = {}
        for table in writers:
            final = self.cache.path(self.name, table)
            os.replace(self._tmp(table), final)
            checksums[table] = _sha256(final)
        self.cache._record(self.name, self.groups, checksums)
        return self.name


# ---------------------------------------------------------------------------------------------- corpora
def files_fingerprint(paths, extra: str = "") -> str | None:
    """A hash of the input files (names, sizes and contents) for reusing a loaded corpus; None if unreadable."""
    from ..corpus import expand_paths

    h = hashlib.sha1(extra.encode())
    try:
        for path in expand_paths(paths):
            h.update(f"{path}|{path.stat().st_size}|".encode())
            with path.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
    except OSError:
        return None
    return h.hexdigest()[:20]


def load_corpus_cached(root: Path, paths, load):
    """The corpus loaded from ``paths``: read back from the cache in ``root`` when the files and the toolkit
    are unchanged, else loaded with ``load()`` and stored."""
    from ..corpus import Corpus
    from ..frames import as_pandas_str
    from .pipeline import PROBLEMS, code_fingerprint

    fingerprint = files_fingerprint(paths, extra=code_fingerprint())
    if fingerprint is None:
        return load()
    try:
        cache = ResultCache(root, "corpus")
    except OSError:  # a folder that cannot be used: tk.analyze warns about it once, for the results
        return load()
    index = cache.index([fingerprint])
    if fingerprint in index:
        tables = {name: data.to_pandas(types_mapper=as_pandas_str)
                  for name, data in cache.reader().rows([fingerprint], index).items()}
        if set(tables) == {"articles", "problems"}:
            from ..corpus import ARTICLE_COLUMNS

            articles = tables["articles"][ARTICLE_COLUMNS].astype({"date": "datetime64[ns]"})
            return Corpus(articles, PROBLEMS.typed(tables["problems"]), tuple(str(p) for p in paths))
    corpus = load()
    try:
        cache.store({"articles": corpus.articles, "problems": corpus.problems}, fingerprint, CORPUS_ROW_GROUP)
        cache.keep_latest(CORPORA_KEPT)
    except OSError:  # a full disk: the corpus is loaded all the same (the results' cache warns)
        pass
    return corpus

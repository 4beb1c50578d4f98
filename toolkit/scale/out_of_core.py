"""Files larger than memory: ``tk.analyze_files`` reads JSON Lines files block by block, analyses each block
as a task (worker processes or a Dask cluster) with the same pipeline as ``tk.analyze``, and writes every
table as partitioned Parquet; ``tk.Analysis.load(out)`` reads it back.

Only a few blocks are in memory at a time (they are read as tasks finish); parts are written atomically and
recorded, so an interrupted run resumes; duplicates are dropped across blocks as ``load_corpus`` drops them.

>>> tk.analyze_files("exports/*.jsonl.gz", out="results/", workers=2)      # doctest: +SKIP
>>> analysis = tk.Analysis.load("results/")                                # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
import json
import os
from itertools import chain, islice
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import __version__
from ..corpus import expand_paths
from ..corpus.blocks import BLOCK_BYTES, in_blocks, line_blocks  # noqa: F401  (BLOCK_BYTES: documented)
from ..corpus.fields import identity_digest
from .engine import TASKS_PER_WORKER  # noqa: F401  (documented)
from .engine import MIN_PARALLEL, Ready, _progress, _workers, map_in_order, run
from .pipeline import PROBLEMS, Settings


class _FileJob(NamedTuple):
    """One task of :func:`analyze_files`: a whole file (``lines`` None), a block of a JSON Lines file, or a
    read error met at ``first_line`` (``error`` set)."""

    path: str
    file_index: int
    block_index: int
    first_line: int | None = None
    lines: bytes | None = None
    error: str | None = None
    key: str = ""  # what decides the task's result: its input, the settings, the mapping (see _job_key)

    @property
    def part(self) -> str:
        return f"part-{self.file_index:05d}-{self.block_index:05d}.parquet"


def analyze_files(paths, out, *, actors=None, cues=None, issues=None, extractors=None, discover: bool = True,
                  engine: str = "local",
                  client=None, workers: int | None = None, block_size: int = 2000, mapping=None, progress=None,
                  resume: bool = True) -> Path | str:
    """Analyse files too large to hold in memory, writing partitioned Parquet under ``out``.

    ``paths`` is a file, a folder, a glob pattern ("exports/*.jsonl.gz") or a list of them. JSON Lines files
    are read in blocks of ``block_size`` lines (and at most :data:`BLOCK_BYTES` bytes) in this process
    and each block is analysed by a task (in worker processes, or on the Dask cluster behind ``client``);
    other files are one task each. Blocks are read as tasks finish (at most :data:`TASKS_PER_WORKER` per
    worker in flight), so memory follows the block size, not the size of the input. Every task writes
    ``out/<table>/part-<file>-<block>.parquet`` (under a temporary name, renamed once complete);
    ``meta.json``, written last, lists the parts, and ``tk.Analysis.load(out)`` reads them back (it refuses
    a folder whose run did not finish). ``out`` must be on storage every worker
    can write to (a shared folder, or an fsspec URL such as ``s3://...`` with the matching filesystem package
    installed).

    A run into a local ``out`` that already holds parts keeps those whose task is unchanged (same block of
    the same file, same text, same gazetteer, lexicons, mapping and toolkit version; each part's record in
    ``out/_tasks/`` says so) and computes only the others, so an interrupted run resumes where it stopped;
    parts no longer produced are removed. ``resume=False`` recomputes everything.

    Duplicates are dropped as by ``tk.load_corpus``: the first copy (same canonical URL or same text) in
    file and line order is kept, later ones become "duplicate of ..." rows of the problems table, across
    blocks and files too (a part holding a later copy is rewritten without it as soon as every part before
    it is done; about 50 bytes an article are kept to spot copies). Returns ``out``.

    >>> tk.analyze_files("exports/*.jsonl.gz", out="results/", workers=2)      # doctest: +SKIP
    >>> analysis = tk.Analysis.load("results/")                                # doctest: +SKIP
    """
    settings = Settings.build(actors, cues, issues, extractors, discover)
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    skipped: list[tuple[str, str]] = []  # a folder that cannot be read, a named pipe, ...: problem rows
    files = expand_paths(paths, skipped)
    out = Path(out) if "://" not in str(out) else str(out)
    local = isinstance(out, Path)
    if local:
        _prepare_partitioned(out, settings, keep_parts=resume)
    settings_key = settings.key() + "|" + repr(sorted((mapping or {}).items()))
    copies = _CopiesAcrossParts(str(out), settings)
    done: list[dict] = []

    def tasks():
        """Each job keyed, or Ready with the result an earlier run left for its part (unchanged input)."""
        unread = (_FileJob(path, len(files) + i, 0, error=reason) for i, (path, reason) in enumerate(skipped))
        for job in chain(_file_jobs(files, block_size), unread):
            if local:  # records (and so resuming) exist for local folders only
                job = job._replace(key=_job_key(job, settings_key))
            stored = _stored_result(out, job, settings) if local and resume else None
            yield job if stored is None else Ready(stored)

    jobs = tasks()
    first = list(islice(jobs, 2))  # one task: starting workers would cost more than it saves
    n = _workers(workers, MIN_PARALLEL) if engine == "local" and len(first) > 1 else 1
    results = map_in_order(_FileTask(str(out), mapping), chain(first, jobs), settings, workers=n, engine=engine,
                           client=client)
    bar = _progress(None, progress, "analyze_files")
    try:
        for result in results:
            copies.check(result)
            done.append(result)
            bar.update(result["articles"])
    finally:
        results.close()
        bar.close()
    if local:
        _remove_parts_except(out, settings, {r["part"] for r in done})
    meta = {"toolkit_version": __version__, "files": [str(f) for f in files], "tasks": len(done),
            "articles": int(sum(r["articles"] for r in done)), "problems": int(sum(r["problems"] for r in done)),
            "duplicates_across_parts": copies.dropped,
            "gazetteer": settings.resources.actors.fingerprint(), "issues": settings.resources.issues.order,
            "tables": {name: spec.to_dict() for name, spec in {**settings.specs, "problems": PROBLEMS}.items()},
            "layout": "partitioned", "parts": [r["part"] for r in done]}
    data = json.dumps(meta, indent=2).encode("utf-8")
    _write_atomically(f"{str(out).rstrip('/')}/meta.json", lambda f: f.write(data))
    return out


def _tables(settings: Settings) -> list[str]:
    """The tables of the output, each a folder of parts."""
    return [*settings.specs, "problems"]


def _prepare_partitioned(out: Path, settings: Settings, keep_parts: bool) -> None:
    """Make ``out``'s folders; remove the ``meta.json`` of an earlier run (until this run finishes, the folder
    is not a finished analysis), half-written files, and with ``keep_parts=False`` the earlier parts."""
    for name in ("meta.json", "meta.json.tmp"):
        (out / name).unlink(missing_ok=True)
    for folder in [out / t for t in _tables(settings)] + [out / _TASKS]:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("part-*.tmp"):
            stale.unlink()
    if not keep_parts:
        _remove_parts_except(out, settings, set())


def _remove_parts_except(out: Path, settings: Settings, parts: set[str]) -> None:
    """Remove the parts (and their task records) of ``out`` not named in ``parts`` (in the folders of this
    run's tables: ``Analysis.load`` reads only the tables ``meta.json`` lists)."""
    for table in _tables(settings):
        for file in (out / table).glob("part-*.parquet"):
            if file.name not in parts:
                file.unlink()
    for record in (out / _TASKS).glob("part-*.json"):
        if record.stem + ".parquet" not in parts:
            record.unlink()


#: Folder of ``analyze_files`` output holding one record per finished task (its key and its counts).
_TASKS = "_tasks"


def _job_key(job: _FileJob, settings_key: str) -> str:
    """A digest of everything that decides ``job``'s part: the settings and mapping, where the block is, and
    its text (for a whole file, the file's bytes)."""
    h = hashlib.sha256("|".join(map(str, (settings_key, job.path, job.file_index, job.block_index,
                                          job.first_line, job.error))).encode("utf-8", "surrogatepass"))
    if job.lines is not None:
        h.update(job.lines)
    elif job.error is None:
        try:
            with open(job.path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
        except OSError:  # the task reports it; never reuse a part for a file that cannot be read
            h.update(os.urandom(16))
    return h.hexdigest()


def _record_path(out: str, part: str) -> str:
    return f"{out.rstrip('/')}/{_TASKS}/{part[:-len('.parquet')]}.json"


def _stored_result(out: Path, job: _FileJob, settings: Settings) -> dict | None:
    """The result an earlier run recorded for ``job``'s part, if its key is the same and every table's part
    is there; else None."""
    try:
        record = json.loads(Path(_record_path(str(out), job.part)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("key") != job.key or not all((out / t / job.part).exists() for t in _tables(settings)):
        return None
    result = record["result"]
    result["identity"] = [(a, bytes.fromhex(url), bytes.fromhex(text)) for a, url, text in result["identity"]]
    return result


def _file_jobs(files: list[Path], block_size: int):
    """The tasks for ``files``, lazily: JSON Lines files block by block, other files whole (and JSON Lines
    files in UTF-16, whose lines cannot be cut at newline bytes: the loader reads those whole)."""
    for file_index, path in enumerate(files):
        blocks = 0
        if in_blocks(path):
            for block in line_blocks(path, block_size):
                first_line, payload, failed = block
                yield _FileJob(str(path), file_index, blocks, first_line,
                               None if failed else payload, payload if failed else None)
                blocks += 1
        if not blocks:  # other formats, and JSON Lines files with no lines: the loader says what it found
            yield _FileJob(str(path), file_index, 0)


class _FileTask(NamedTuple):
    """What every task of one ``analyze_files`` run shares: ``task(job, settings)`` runs :func:`_file_job`."""

    out: str
    mapping: dict | None

    def __call__(self, job: _FileJob, settings: Settings) -> dict:
        return _file_job(job, settings, self.out, self.mapping)


def _file_job(job: _FileJob, settings: Settings, out: str, mapping) -> dict:
    """Load one file or block, analyse it, write its partition of every table; return its counts and the
    identity (id, digest of the canonical URL or b"", digest of the text) of every article kept, for the
    duplicate check across parts."""
    from ..corpus.fields import OutletTable
    from ..corpus.loader import _Collector

    collector = _Collector(OutletTable())
    if job.error is not None:
        collector.problem(job.path, job.first_line, job.error)
    elif job.lines is None:
        collector.read_file(Path(job.path), mapping)
    else:
        collector.read_jsonl_block(job.path, job.first_line, job.lines, mapping)
    url_of = {article_id: identity_digest(url) for url, article_id in collector.by_url.items()}
    identity = [(article_id, url_of.get(article_id, b""), digest) for digest, article_id in collector.by_text.items()]
    corpus = collector.corpus()
    del collector
    # a block is already a bounded piece of the input: it is not cut further into MIN_TASKS tasks
    tables = run(corpus.articles, settings, workers=1, progress=False, min_tasks=1)
    tables["problems"] = PROBLEMS.typed(corpus.problems)
    for table, frame in tables.items():
        _write_part(frame, f"{out.rstrip('/')}/{table}/{job.part}")
    result = {"part": job.part, "path": job.path, "articles": len(corpus.articles),
              "problems": len(corpus.problems), "identity": identity}
    if "://" not in out:  # written last: a record means every table's part is complete
        record = json.dumps({"key": job.key, "result": {
            **result, "identity": [(a, url.hex(), digest.hex()) for a, url, digest in identity]}}).encode("utf-8")
        _write_atomically(_record_path(out, job.part), lambda f: f.write(record))
    return result


def _write_atomically(target: str, write) -> None:
    """``write(binary file)`` to ``target`` so that no reader sees half a file: locally under a temporary
    name, renamed once complete; object stores (fsspec URLs) show a file only once it is complete."""
    if "://" in target:
        import fsspec

        with fsspec.open(target, "wb") as f:
            write(f)
        return
    partial = target + ".tmp"
    with open(partial, "wb") as f:
        write(f)
    os.replace(partial, target)


def _write_part(frame: pd.DataFrame, target: str) -> None:
    _write_atomically(target, lambda f: frame.to_parquet(f, index=False))


class _KeyIndex:
    """16-byte key -> article id for many articles in little memory: sorted NumPy arrays of the key's halves
    and the id as 64-bit numbers (24 bytes an entry, against some 150 as Python objects), plus a dict of
    recent entries merged into them in batches. Article ids are 16 hex digits (``article_id_for``)."""

    BATCH = 1 << 14  # the dict holds up to 16,384 entries (about 2.5 MB); a merge sorts the arrays

    def __init__(self):
        self.high = self.low = self.ids = np.empty(0, np.uint64)
        self.recent: dict[bytes, str] = {}

    def get(self, key: bytes) -> str | None:
        found = self.recent.get(key)
        if found is not None:
            return found
        high, low = (np.uint64(int.from_bytes(key[i:i + 8], "little")) for i in (0, 8))
        i = int(np.searchsorted(self.high, high))
        while i < len(self.high) and self.high[i] == high:
            if self.low[i] == low:
                return f"{int(self.ids[i]):016x}"
            i += 1
        return None

    def add(self, key: bytes, article_id: str) -> None:
        self.recent[key] = article_id
        if len(self.recent) >= self.BATCH:
            self._merge()

    def _merge(self) -> None:
        halves = np.frombuffer(b"".join(self.recent), dtype="<u8").reshape(-1, 2).astype(np.uint64)
        high = np.concatenate([self.high, halves[:, 0]])
        low = np.concatenate([self.low, halves[:, 1]])
        ids = np.concatenate([self.ids, np.array([int(a, 16) for a in self.recent.values()], np.uint64)])
        order = np.lexsort((low, high))
        self.high, self.low, self.ids = high[order], low[order], ids[order]
        self.recent = {}


class _CopiesAcrossParts:
    """Drops later copies of an article that an earlier part (in file and line order) already holds, as the
    loader does within one part: results come in part order, and a part holding copies is rewritten without
    them, with a "duplicate of ..." problem row at their position."""

    def __init__(self, out: str, settings: Settings):
        self.out = out
        self.tables = _tables(settings)
        self.by_url, self.by_text = _KeyIndex(), _KeyIndex()
        self.dropped = 0

    def check(self, result: dict) -> None:
        copies: dict[str, str] = {}  # dropped article id -> id of the kept copy
        for article_id, url, text in result.pop("identity"):
            first = (self.by_url.get(url) if url else None) or self.by_text.get(text)
            if first is not None:
                copies[article_id] = first
                continue
            if url:
                self.by_url.add(url, article_id)
            self.by_text.add(text, article_id)
        if copies:
            _rewrite_without(self.out, self.tables, result, copies)
            self.dropped += len(copies)


def _rewrite_without(out: str, tables: list[str], result: dict, dropped: dict[str, str]) -> None:
    """Rewrite the part of ``result`` without the articles ``dropped`` (in Arrow, one table at a time)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    base = out.rstrip("/")
    if "://" not in out:  # first: its rows will depend on other parts, so no later run may reuse it as is
        Path(_record_path(out, result["part"])).unlink(missing_ok=True)
    ids = pa.array(list(dropped), pa.large_string())
    gone = None
    for table in tables:
        name = f"{base}/{table}/{result['part']}"
        data = pq.read_table(name, use_threads=False)
        hit = pc.is_in(data["article_id"].cast(pa.large_string()), value_set=ids)
        if table == "articles":
            gone = data.filter(hit).select(["article_id", "source"]).to_pandas()
        data = data.filter(pc.invert(hit))
        if table == "problems":
            position = gone["source"].str.rsplit(":", n=1).str[1]
            rows = pd.DataFrame({"path": result["path"], "position": pd.to_numeric(position, errors="coerce"),
                                 "reason": ["duplicate of " + dropped[a] for a in gone["article_id"]],
                                 "article_id": ""}).astype(PROBLEMS.columns)
            frame = pd.concat([data.to_pandas(), rows], ignore_index=True)
            frame = frame.sort_values("position", kind="stable", na_position="first").reset_index(drop=True)
            _write_part(PROBLEMS.typed(frame), name)
        else:
            _write_atomically(name, lambda f: pq.write_table(data, f))
    result["articles"] -= len(gone)
    result["problems"] += len(gone)

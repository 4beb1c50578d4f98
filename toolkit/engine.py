"""Running the per-article pipeline: in this process, in worker processes, or on a Dask cluster, with the
result cache of :mod:`toolkit.cache` and a progress bar.

All engines run the same pure function (:func:`toolkit.pipeline.run_pipeline`) on slices of the corpus and
put the slices back in article order, so their tables are identical row for row.

>>> analysis = tk.analyze(corpus, workers=2)                                # doctest: +SKIP
>>> from dask.distributed import Client; client = Client("tcp://scheduler:8786")   # doctest: +SKIP
>>> analysis = tk.analyze(corpus, engine="dask", client=client)             # doctest: +SKIP
>>> tk.analyze_files("exports/*.jsonl.gz", out="results/", engine="dask", client=client)  # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from . import __version__
from .cache import KEY, TABLES, ResultCache, article_keys, arrow_strings, default_cache_dir, row_positions
from .cues import CueLexicon
from .gazetteer import Gazetteer
from .loaders import expand_paths
from .memory import return_freed_memory, system_allocator
from .pipeline import TABLE_COLUMNS, Extractors, empty_table, run_pipeline
from .statements import IssueTaxonomy

#: Articles per task: small enough for a smooth progress bar and cache parts, large enough to amortise.
CHUNK = 250
#: Characters of text per task at most (a task still holds at least one article). A task's working memory
#: follows its text: on a 10k sample whose last 1,000 articles are six times longer than the others, tasks of
#: 250 of those (1.2 M characters) took each worker from 45 to 63 MB of private memory; with this bound it
#: stays at 48 MB. 250,000 kept it at 41 MB but doubled the tasks, and on 50k articles the extra pieces
#: raised the one-process peak by 12 MB.
CHUNK_CHARS = 500_000
#: Below this many articles to compute, worker processes cost more than they save.
MIN_PARALLEL = 400
#: Tasks in flight per worker where results or input are streamed (``analyze_files``, Dask's local
#: scheduler): enough to keep every worker busy, few enough that only a few blocks are in memory at once.
TASKS_PER_WORKER = 2


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the toolkit's source files and data resources: any edit gives new cache keys."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha1(__version__.encode())
    for path in sorted(list(root.rglob("*.py")) + list((root / "resources").rglob("*.yaml")) +
                       list((root / "resources").rglob("*.json"))):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Settings:
    """Everything that decides the results besides the articles (picklable, for workers)."""

    gazetteer: Gazetteer
    cues: CueLexicon | None = None
    issues: IssueTaxonomy | None = None

    def key(self) -> str:
        cues = (self.cues or CueLexicon.bundled()).fingerprint()
        issues = hashlib.sha1(repr(sorted((self.issues or IssueTaxonomy.bundled()).data.items())).encode()).hexdigest()
        raw = "|".join([code_fingerprint(), self.gazetteer.fingerprint(), cues, issues[:16]])
        return hashlib.sha1(raw.encode()).hexdigest()[:20]

    def tools(self) -> Extractors:
        return _tools_for(self)


_TOOLS: dict[str, Extractors] = {}


def _tools_for(settings: Settings) -> Extractors:
    """Extractors built once per process per settings (workers reuse them across tasks)."""
    key = settings.key()
    tools = _TOOLS.get(key)
    if tools is None:
        tools = Extractors.build(settings.gazetteer, settings.cues, settings.issues)
        _TOOLS.clear()
        _TOOLS[key] = tools
    return tools


def _run_chunk(articles: pd.DataFrame, settings: Settings) -> dict[str, pd.DataFrame]:
    return run_pipeline(articles, tools=_tools_for(settings))


_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings


def _run_chunk_in_worker(articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    result = _run_chunk(articles, _WORKER_SETTINGS)
    return_freed_memory()  # each worker 10 MB smaller on 50k articles (it otherwise keeps every task's freed heap)
    return result


def _progress(total: int | None, show, desc: str = "analyze"):
    """A progress bar (tqdm in a terminal, an ipywidgets bar in a notebook); by default shown for 1,000
    articles or more, or when the total is not known in advance."""
    from tqdm.auto import tqdm

    enabled = (total is None or total >= 1000) if show is None else bool(show)
    return tqdm(total=total, unit="article", desc=desc, disable=not enabled, leave=False)


def run(articles: pd.DataFrame, settings: Settings, *, workers: int | None = None, engine: str = "local",
        client=None, cache: ResultCache | None = None, progress=None) -> dict[str, pd.DataFrame]:
    """Tables for ``articles``: cached ones read back, the others computed by the chosen engine."""
    articles = articles.reset_index(drop=True)
    ids = articles["article_id"]
    if not ids.is_unique:
        dup = ids[ids.duplicated()].iloc[0]
        raise ValueError(f"article_id must be unique (load_corpus drops duplicates); {dup!r} repeats")
    todo, cached, key_of = articles, {}, {}
    if cache is not None:
        keys = article_keys(articles)
        cached, found = cache.load(keys)
        todo_mask = [k not in found for k in keys]
        if not all(todo_mask):
            todo = articles[todo_mask].reset_index(drop=True)
        key_of = dict(zip(todo["article_id"], (k for k, m in zip(keys, todo_mask) if m)))
        del keys
    chunks = [todo.iloc[a:b] for a, b in chunk_bounds(todo["text"], CHUNK, CHUNK_CHARS)]
    pieces: list[dict[str, pa.Table]] = []  # Arrow: one buffer per column, so assembly can free column by column
    stored: list[str] = []

    def keep(result: dict[str, pd.DataFrame]) -> None:
        if cache is not None:  # stored chunk by chunk: an interrupted run keeps what it finished
            tagged = {t: result[t].assign(**{KEY: result[t]["article_id"].map(key_of)}) for t in TABLES}
            stored.append(cache.store(tagged, list(dict.fromkeys(tagged["articles"][KEY]))))
        pieces.append({t: _arrow_columns(result[t]) for t in TABLES})

    bar = _progress(len(todo), progress)
    try:
        if engine == "dask":
            _run_dask(chunks, settings, client, keep, bar)
        elif engine == "local":
            n = _workers(workers, len(todo))
            if n <= 1 or len(chunks) <= 1:
                for chunk in chunks:
                    keep(_run_chunk(chunk, settings))
                    bar.update(len(chunk))
            else:
                _run_processes(chunks, settings, n, keep, bar)
        else:
            raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    finally:
        bar.close()
    computed = len(todo)
    del chunks, todo
    if cache is not None:
        cache.compact([p for p in stored if p])
    if computed:  # the per-article rows and chunk results, freed before the tables are joined
        return_freed_memory()
    return _assemble(ids, cached, pieces)


def chunk_bounds(texts: pd.Series, articles: int = CHUNK, chars: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """``(start, stop)`` row ranges that split ``texts`` into tasks of at most ``articles`` articles and at
    most ``chars`` characters (an article longer than ``chars`` is a task of its own).

    >>> chunk_bounds(pd.Series(["a" * 10, "b" * 10, "c" * 30, "d"]), articles=3, chars=25)
    [(0, 2), (2, 3), (3, 4)]
    """
    lengths = texts.fillna("").str.len().to_numpy()
    bounds, start, size = [], 0, 0
    for i, length in enumerate(lengths.tolist()):
        if i > start and (i - start >= articles or size + length > chars):
            bounds.append((start, i))
            start, size = i, 0
        size += length
    if start < len(lengths):
        bounds.append((start, len(lengths)))
    return bounds


def _workers(workers: int | None, n_articles: int) -> int:
    if workers is None:
        return (os.cpu_count() or 1) if n_articles >= MIN_PARALLEL else 1
    if workers < 1:
        raise ValueError("workers must be at least 1")
    return workers


def _run_processes(chunks, settings, n, keep, bar) -> None:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context(method),
                             initializer=_init_worker, initargs=(settings,)) as pool:
        pending = deque((len(chunk), pool.submit(_run_chunk_in_worker, chunk)) for chunk in chunks)
        try:
            while pending:  # a future holds its result: drop each once kept, not at the end of the run
                size, future = pending.popleft()
                keep(future.result())
                del future
                bar.update(size)
        except BaseException:
            for _, future in pending:
                future.cancel()
            raise


def _run_dask(chunks, settings, client, keep, bar) -> None:
    """Run ``chunks`` as Dask tasks; results are kept in order as they arrive (the progress bar moves, and
    no more than the results not yet kept are held here)."""
    try:
        import dask
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ImportError("engine='dask' needs Dask: pip install 'negotiation-toolkit[scale]'") from exc
    if client is None:  # Dask's default scheduler (threads), a few tasks per core at a time
        window = TASKS_PER_WORKER * (os.cpu_count() or 1)
        for start in range(0, len(chunks), window):
            batch = chunks[start:start + window]
            for chunk, result in zip(batch, dask.compute(*[dask.delayed(_run_chunk)(c, settings) for c in batch])):
                keep(result)
                bar.update(len(chunk))
        return
    shared = client.scatter(settings, broadcast=True)  # sent once, not with every task
    futures = deque(client.submit(_run_chunk, chunk, shared, pure=False) for chunk in chunks)
    try:
        for chunk in chunks:
            future = futures.popleft()
            keep(future.result())
            future.release()
            bar.update(len(chunk))
    except BaseException:
        client.cancel(list(futures))
        raise


def _assemble(ids: pd.Series, cached: dict[str, pd.DataFrame], pieces: list[dict[str, pa.Table]]):
    """Put cached and new rows back in the order of ``ids`` (rows of one article keep their own order).

    Peak memory: string columns are joined without copying (pandas keeps the pieces' Arrow buffers), and
    number columns are joined one at a time, each piece's buffer released as soon as it is copied, so the
    join needs one column of extra memory rather than a second copy of every table.
    """
    out = {}
    mixed = any(len(frame) for frame in cached.values())  # else the pieces are in order already
    for table in TABLES:
        parts = [p.pop(table) for p in pieces]
        if len(cached.get(table, ())):
            parts.append(pa.Table.from_pandas(cached.pop(table).drop(columns=[KEY]), preserve_index=False))
        parts = [t for t in parts if t.num_rows]
        if not parts:
            out[table] = empty_table(table)
            continue
        frame = _join(parts, TABLE_COLUMNS[table])
        if mixed:
            position = row_positions(frame["article_id"], ids)
            if len(position) > 1 and (np.diff(position) < 0).any():
                frame = frame.iloc[np.argsort(position, kind="stable")].reset_index(drop=True)
        out[table] = frame
    return out


def _arrow_columns(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as an Arrow table with a buffer of its own per column (strings are shared, not copied;
    number columns are copied out of pandas' 2-D blocks, so each can be freed on its own)."""
    return pa.table({name: arrow_strings(frame[name]) if frame[name].dtype == "str"
                     else pa.array(frame[name].to_numpy(copy=True)) for name in frame.columns})


def _join(parts: list[pa.Table], dtypes: dict[str, str]) -> pd.DataFrame:
    """The rows of ``parts`` (none empty; the list is emptied) as one DataFrame with ``dtypes``, converted
    column by column, each column's pieces released before the next is converted.

    Number columns go first (copied into one array each, their pieces freed); the strings stay in the
    pieces' Arrow buffers (one chunk per piece).
    """
    table = pa.concat_tables([t.cast(parts[0].schema) for t in parts])
    parts.clear()
    names = list(table.column_names)
    columns = {}
    freed = 0
    for name in sorted(names, key=lambda n: dtypes[n] == "str"):
        column = table.column(name)
        table = table.drop_columns([name])
        if dtypes[name] == "str":
            column = column.cast(pa.large_string())
            columns[name] = column.to_pandas(types_mapper=_STR.get)  # pandas wraps the Arrow buffers as they are
        else:
            freed += column.nbytes
            # numpy joins the pieces: Arrow would take the joined array from its own bundled allocator
            # whatever pool is set (57 MB of number columns on 50k articles; 5 MB lower peak this way)
            values = np.concatenate([chunk.to_numpy(zero_copy_only=False) for chunk in column.chunks])
            columns[name] = pd.Series(values if str(values.dtype) == dtypes[name] else values.astype(dtypes[name]),
                                      copy=False)
        del column
        if freed >= _TRIM_EVERY:  # trimming costs a walk over the heap: not after every small column
            return_freed_memory()
            freed = 0
    return pd.DataFrame({name: columns[name] for name in names}, copy=False)


#: Bytes of number columns to free before handing memory back to the system during a join.
_TRIM_EVERY = 8 * 2**20
_STR = {pa.large_string(): pd.StringDtype("pyarrow", na_value=float("nan"))}


def open_cache(cache, settings: Settings, paths=()) -> ResultCache | None:
    """``cache``: True/None (default location beside the corpus or the user cache folder), False (off), or
    a folder."""
    if cache is False:
        return None
    root = default_cache_dir(paths) if cache in (None, True) else Path(cache)
    return ResultCache(root, settings.key())


# ---------------------------------------------------------------------------------------------- files
#: Characters of JSON Lines per ``analyze_files`` task at most (besides ``block_size`` lines). A task's
#: working memory follows its text: on the 10k sample, blocks of 500 lines (about 0.55 M characters) peaked
#: at 18-27 MB over the idle process, blocks of 500 long articles (2.5-2.8 M characters) at 58-62 MB.
BLOCK_CHARS = 1_000_000


class _FileJob(NamedTuple):
    """One task of :func:`analyze_files`: a whole file (``lines`` None), a block of a JSON Lines file, or a
    read error met at ``first_line`` (``error`` set)."""

    path: str
    file_index: int
    block_index: int
    first_line: int | None = None
    lines: str | None = None
    error: str | None = None
    key: str = ""  # what decides the task's result: its input, the settings, the mapping (see _job_key)

    @property
    def part(self) -> str:
        return f"part-{self.file_index:05d}-{self.block_index:05d}.parquet"


def analyze_files(paths, out, *, actors=None, engine: str = "local", client=None, workers: int | None = None,
                  block_size: int = 2000, mapping=None, progress=None, resume: bool = True) -> Path | str:
    """Analyse files too large to hold in memory, writing partitioned Parquet under ``out``.

    ``paths`` is a file, a folder, a glob pattern ("exports/*.jsonl.gz") or a list of them. JSON Lines files
    are read in blocks of ``block_size`` lines (and at most :data:`BLOCK_CHARS` characters) in this process
    and each block is analysed by a task (in worker processes, or on the Dask cluster behind ``client``);
    other files are one task each. Blocks are read as tasks finish (at most :data:`TASKS_PER_WORKER` per
    worker in flight), so memory follows the block size, not the size of the input. Every task writes ``out/<table>/part-<file>-<block>.parquet`` (under a temporary name,
    renamed once complete); ``meta.json``, written last, lists the parts, and ``tk.Analysis.load(out)``
    reads them back (it refuses a folder whose run did not finish). ``out`` must be on storage every worker
    can write to (a shared folder, or an fsspec URL such as ``s3://...`` with the matching filesystem package
    installed).

    A run into a local ``out`` that already holds parts keeps those whose task is unchanged (same block of
    the same file, same text, same gazetteer, lexicons, mapping and toolkit version; each part's record in
    ``out/_tasks/`` says so) and computes only the others, so an interrupted run resumes where it stopped;
    parts no longer produced are removed. ``resume=False`` recomputes everything.

    Duplicates are dropped as by ``tk.load_corpus``: the first copy (same canonical URL or same text) in
    file and line order is kept, later ones become "duplicate of ..." rows of the problems table, across
    blocks and files too (parts holding a later copy are rewritten at the end of the run). Returns ``out``.

    >>> tk.analyze_files("exports/*.jsonl.gz", out="results/", workers=2)      # doctest: +SKIP
    >>> analysis = tk.Analysis.load("results/")                                # doctest: +SKIP
    """
    from .gazetteer import as_gazetteer

    settings = Settings(as_gazetteer(actors))
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    files = expand_paths(paths)
    out = Path(out) if "://" not in str(out) else str(out)
    local = isinstance(out, Path)
    if local:
        _prepare_partitioned(out, keep_parts=resume)
    done: list[dict] = []
    bar = _progress(None, progress, "analyze_files")
    settings_key = settings.key() + "|" + repr(sorted((mapping or {}).items()))

    def keep(result: dict) -> None:
        done.append(result)
        bar.update(result["articles"])

    def to_compute(jobs):
        """Keyed jobs, without those whose part an earlier run left complete and unchanged (kept as done)."""
        for job in jobs:
            job = job._replace(key=_job_key(job, settings_key))
            stored = _stored_result(out, job) if local and resume else None
            if stored is None:
                yield job
            else:
                keep(stored)

    jobs = to_compute(_file_jobs(files, block_size))

    try:
        if engine == "dask":
            _stream_dask(jobs, settings, str(out), mapping, client, keep)
        else:
            n = _workers(workers, MIN_PARALLEL)
            first = list(islice(jobs, 2))
            jobs = chain(first, jobs)
            if n <= 1 or len(first) < 2:  # one task: starting workers would cost more than it saves
                for job in jobs:
                    keep(_file_job(job, settings, str(out), mapping))
            else:
                _stream_processes(jobs, settings, str(out), mapping, n, keep)
    finally:
        bar.close()
    done.sort(key=lambda r: r["part"])
    if local:
        _remove_parts_except(out, {r["part"] for r in done})
    with system_allocator():
        dropped = _drop_duplicates_across_parts(done, str(out))
    return_freed_memory()
    meta = {"toolkit_version": __version__, "files": [str(f) for f in files], "tasks": len(done),
            "articles": int(sum(r["articles"] for r in done)), "problems": int(sum(r["problems"] for r in done)),
            "duplicates_across_parts": dropped,
            "gazetteer": settings.gazetteer.fingerprint(), "layout": "partitioned",
            "parts": [r["part"] for r in done]}
    data = pd.Series(meta).to_json(indent=2).encode("utf-8")
    _write_atomically(f"{str(out).rstrip('/')}/meta.json", lambda f: f.write(data))
    return out


def _prepare_partitioned(out: Path, keep_parts: bool) -> None:
    """Make ``out``'s folders; remove the ``meta.json`` of an earlier run (until this run finishes, the folder
    is not a finished analysis), half-written files, and with ``keep_parts=False`` the earlier parts."""
    (out / "meta.json").unlink(missing_ok=True)
    for folder in [out / t for t in TABLES + ("problems",)] + [out / _TASKS]:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("part-*.tmp"):
            stale.unlink()
    if not keep_parts:
        _remove_parts_except(out, set())


def _remove_parts_except(out: Path, parts: set[str]) -> None:
    """Remove the parts (and their task records) of ``out`` not named in ``parts``."""
    for table in TABLES + ("problems",):
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
        h.update(job.lines.encode("utf-8", "surrogatepass"))
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


def _stored_result(out: Path, job: _FileJob) -> dict | None:
    """The result an earlier run recorded for ``job``'s part, if its key is the same and every table's part
    is there; else None."""
    import json

    try:
        record = json.loads(Path(_record_path(str(out), job.part)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("key") != job.key or not all((out / t / job.part).exists() for t in TABLES + ("problems",)):
        return None
    result = record["result"]
    result["identity"] = [(a, url, bytes.fromhex(digest)) for a, url, digest in result["identity"]]
    return result


def _file_jobs(files: list[Path], block_size: int):
    """The tasks for ``files``, lazily: JSON Lines files block by block, other files whole."""
    for file_index, path in enumerate(files):
        blocks = 0
        if _is_jsonl(path):
            for block in _line_blocks(path, block_size):
                first_line, payload, failed = block
                yield _FileJob(str(path), file_index, blocks, first_line,
                               None if failed else payload, payload if failed else None)
                blocks += 1
        if not blocks:  # other formats, and JSON Lines files with no lines: the loader says what it found
            yield _FileJob(str(path), file_index, 0)


def _is_jsonl(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"))


def _line_blocks(path: Path, size: int, chars: int | None = None):
    """``(first line number, text, False)`` blocks of at most ``size`` lines and about ``chars`` characters
    (default :data:`BLOCK_CHARS`) of a JSON Lines file, read lazily (gzip too); a file that cannot be read
    to its end gives the lines read so far, then ``(line, reason, True)``."""
    import gzip
    import zlib

    opener = gzip.open if path.name.lower().endswith(".gz") else open
    chars = BLOCK_CHARS if chars is None else chars
    lines: list[str] = []
    first = read = held = 0
    error = None
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as f:
            for line in f:
                read += 1
                if not lines:
                    first = read
                lines.append(line)
                held += len(line)
                if len(lines) >= size or held >= chars:
                    yield first, "".join(lines), False
                    lines, held = [], 0
    except (OSError, EOFError, zlib.error) as exc:  # a corrupt or truncated gzip file, a read error
        kind = "corrupt gzip file" if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)) else "cannot read file"
        error = f"{kind} after line {read}: {exc}" if read else f"{kind}: {exc}"
    if lines:
        yield first, "".join(lines), False
    if error:
        yield read + 1, error, True


def _file_job(job: _FileJob, settings: Settings, out: str, mapping) -> dict:
    """Load one file or block, analyse it, write its partition of every table; return its counts and the
    identity (id, canonical URL, text digest) of every article kept, for the duplicate check across parts."""
    with system_allocator():  # as tk.analyze: Arrow's bundled allocator keeps freed memory
        result = _analyze_file_job(job, settings, out, mapping)
    return_freed_memory()
    return result


def _analyze_file_job(job: _FileJob, settings: Settings, out: str, mapping) -> dict:
    from .loaders import OutletTable, _Collector
    from .loaders.formats import read_jsonl

    collector = _Collector(OutletTable())
    if job.error is not None:
        collector.problem(job.path, job.first_line, job.error)
    elif job.lines is None:
        collector.read_file(Path(job.path), mapping)
    else:
        for record in read_jsonl(job.lines, mapping):
            if record.position is not None:
                record.position += job.first_line - 1
            collector.add(job.path, record)
    url_of = {article_id: url for url, article_id in collector.by_url.items()}
    identity = [(article_id, url_of.get(article_id, ""), digest) for digest, article_id in collector.by_text.items()]
    corpus = collector.corpus()
    del collector
    # in tasks of CHUNK articles, as tk.analyze does: the working memory of a task follows its size
    tables = run(corpus.articles, settings, workers=1, progress=False)
    tables["problems"] = corpus.problems.astype(TABLE_COLUMNS["problems"])
    for table, frame in tables.items():
        _write_part(frame, f"{out.rstrip('/')}/{table}/{job.part}")
    result = {"part": job.part, "path": job.path, "articles": len(corpus.articles),
              "problems": len(corpus.problems), "identity": identity}
    if "://" not in out:  # written last: a record means every table's part is complete
        import json

        record = json.dumps({"key": job.key, "result": {
            **result, "identity": [(a, url, digest.hex()) for a, url, digest in identity]}}).encode("utf-8")
        _write_atomically(_record_path(out, job.part), lambda f: f.write(record))
    return result


def _file_job_in_worker(job: _FileJob, out: str, mapping) -> dict:
    return _file_job(job, _WORKER_SETTINGS, out, mapping)


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


def _stream_processes(jobs, settings: Settings, out: str, mapping, n: int, keep) -> None:
    """Run ``jobs`` on ``n`` worker processes, reading the next job only when fewer than
    ``TASKS_PER_WORKER * n`` are in flight."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(settings,))
    pending: set = set()
    try:
        for job in jobs:
            pending.add(pool.submit(_file_job_in_worker, job, out, mapping))
            del job
            if len(pending) >= TASKS_PER_WORKER * n:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    keep(future.result())
        for future in as_completed(pending):
            keep(future.result())
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # running tasks finish their (atomic) writes
        raise
    pool.shutdown(wait=True)


def _stream_dask(jobs, settings: Settings, out: str, mapping, client, keep) -> None:
    """Run ``jobs`` on the Dask cluster behind ``client`` (or Dask's default scheduler without one), with a
    bounded number in flight."""
    try:
        import dask
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ImportError("engine='dask' needs Dask: pip install 'negotiation-toolkit[scale]'") from exc
    if client is None:
        window = TASKS_PER_WORKER * (os.cpu_count() or 1)
        batch: list = []
        for job in jobs:
            batch.append(dask.delayed(_file_job)(job, settings, out, mapping))
            if len(batch) >= window:
                for result in dask.compute(*batch):
                    keep(result)
                batch = []
        for result in dask.compute(*batch):
            keep(result)
        return
    from distributed import as_completed as dask_as_completed

    window = TASKS_PER_WORKER * max(1, sum(client.nthreads().values()))
    shared = client.scatter(settings, broadcast=True)
    jobs = iter(jobs)
    inflight = {client.submit(_file_job, job, shared, out, mapping, pure=False) for job in islice(jobs, window)}
    running = dask_as_completed(list(inflight))
    try:
        for future in running:
            keep(future.result())
            inflight.discard(future)
            future.release()
            job = next(jobs, None)
            if job is not None:
                future = client.submit(_file_job, job, shared, out, mapping, pure=False)
                inflight.add(future)
                running.add(future)
    except BaseException:
        client.cancel(list(inflight))
        raise


def _drop_duplicates_across_parts(done: list[dict], out: str) -> int:
    """Drop later copies of an article that an earlier part (in file and line order) already holds, as the
    loader does within one part: their rows leave every table of their part, and the part's problems table
    gets a "duplicate of ..." row at their position. ``done`` (sorted by part) loses its identities.
    Returns the number of articles dropped."""
    by_url: dict[str, str] = {}
    by_text: dict[bytes, str] = {}
    drops: dict[int, dict[str, str]] = {}  # index in done -> {dropped article id: id of the kept copy}
    for index, result in enumerate(done):
        for article_id, url, digest in result.pop("identity"):
            first = (by_url.get(url) if url else None) or by_text.get(digest)
            if first is not None:
                drops.setdefault(index, {})[article_id] = first
                continue
            if url:
                by_url[url] = article_id
            by_text[digest] = article_id
    del by_url, by_text
    for index, dropped in drops.items():
        _rewrite_without(out, done[index], dropped)
    return sum(len(d) for d in drops.values())


def _rewrite_without(out: str, result: dict, dropped: dict[str, str]) -> None:
    """Rewrite the part of ``result`` without the articles ``dropped`` (in Arrow, one table at a time)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    base = out.rstrip("/")
    if "://" not in out:  # first: its rows will depend on other parts, so no later run may reuse it as is
        Path(_record_path(out, result["part"])).unlink(missing_ok=True)
    ids = pa.array(list(dropped), pa.large_string())
    gone = None
    for table in TABLES + ("problems",):
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
                                 "article_id": ""}).astype(TABLE_COLUMNS["problems"])
            frame = pd.concat([data.to_pandas(), rows], ignore_index=True)
            frame = frame.sort_values("position", kind="stable", na_position="first").reset_index(drop=True)
            _write_part(frame.astype(TABLE_COLUMNS["problems"]), name)
        else:
            import pyarrow.parquet as pq

            _write_atomically(name, lambda f: pq.write_table(data, f))
        del data
        return_freed_memory()  # the Parquet reader's and writer's buffers, kept by Arrow's pool otherwise
    result["articles"] -= len(gone)
    result["problems"] += len(gone)

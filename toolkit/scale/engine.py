"""Running the pipeline over a corpus task by task: in this process, in worker processes or on a Dask
cluster, with the result cache (:mod:`toolkit.scale.cache`) and spilled tables (:mod:`toolkit.scale.spill`).

One scheduler, :func:`map_in_order`, runs the tasks of ``tk.analyze`` (slices of the corpus) and of
``tk.analyze_files`` (blocks of files) and hands their results back in order, with a bounded number in
flight. Every engine runs the same pure function on the same slices, so their tables are identical row for
row.

>>> analysis = tk.analyze(corpus, workers=2)                                # doctest: +SKIP
>>> from dask.distributed import Client; client = Client("tcp://scheduler:8786")   # doctest: +SKIP
>>> analysis = tk.analyze(corpus, engine="dask", client=client)             # doctest: +SKIP
"""
from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..frames import as_pandas_str, row_positions
from .cache import KEY, ResultCache, article_keys, default_cache_dir
from .pipeline import Settings, run_pipeline, warm_up
from .spill import open_spill, warn_user

#: Articles per task at most: a smooth progress bar, cache parts of a useful grain.
CHUNK = 250
#: Characters of text per task at most (a task still holds at least one article): a task's working memory
#: follows its text.
CHUNK_CHARS = 500_000
#: A corpus is cut into at least this many tasks of at least :data:`MIN_CHUNK_CHARS` characters, so a small
#: corpus is not one large task either.
MIN_TASKS = 8
MIN_CHUNK_CHARS = 50_000
#: Below this many articles to compute, worker processes cost more than they save.
MIN_PARALLEL = 400
#: Tasks in flight per worker: enough to keep every worker busy, few enough that few are held at once.
TASKS_PER_WORKER = 2


class Ready(NamedTuple):
    """A task whose result is known already (read from a cache): :func:`map_in_order` hands it back in its
    place without running anything."""

    result: object


def run(articles: pd.DataFrame, settings: Settings, *, workers: int | None = None, engine: str = "local",
        client=None, cache: ResultCache | None = None, progress=None, spill: Path | None = None,
        min_tasks: int = MIN_TASKS) -> dict[str, pd.DataFrame]:
    """The tables of ``articles``, task by task in corpus order: each task's articles are read from
    ``cache`` when it holds them and computed otherwise (then stored in it), and its rows go to the tables,
    held in RAM or, for a run of a million characters or more, written to memory-mapped files in ``spill``.

    Tasks hold at most :data:`CHUNK` articles and :data:`CHUNK_CHARS` characters, and a corpus is cut into
    ``min_tasks`` of them at least (of :data:`MIN_CHUNK_CHARS` characters or more).
    """
    articles = articles.reset_index(drop=True)
    ids = articles["article_id"]
    if not ids.is_unique:
        raise ValueError("article_id must be unique (load_corpus drops duplicates); "
                         f"{ids[ids.duplicated()].iloc[0]!r} repeats")
    lengths = articles["text"].fillna("").str.len().to_numpy()
    chars = int(lengths.sum())
    bounds = chunk_bounds(lengths, CHUNK, min(CHUNK_CHARS, max(MIN_CHUNK_CHARS, chars // max(min_tasks, 1))))
    keys = article_keys(articles) if cache is not None else None
    index = cache.index(keys) if cache is not None else {}
    plan = [(a, b, [i for i in range(a, b) if keys is None or keys[i] not in index]) for a, b in bounds]
    computing = sum(len(todo) for _, _, todo in plan)

    def tasks():
        for a, b, todo in plan:
            yield Ready(None) if not todo else articles.iloc[a:b] if len(todo) == b - a else articles.iloc[todo]

    workers = _workers(workers, computing)
    if sum(1 for _, _, todo in plan if todo) <= 1:  # one task: starting workers would cost more than it saves
        workers = 1
    results = map_in_order(run_pipeline, tasks(), settings, workers=workers, engine=engine, client=client)
    sink = TableSink(spill, chars, settings.specs)
    part = cache.new_part() if cache is not None and computing else None
    cached = _CachedRows(cache, keys, index, ids, plan) if cache is not None and computing < len(articles) else None
    bar = _progress(len(articles), progress)
    try:
        for (a, b, todo), computed in zip(plan, results):
            pieces = []
            if todo:
                if part is not None:  # stored task by task: an interrupted run keeps what it finished
                    own = {ids[i]: keys[i] for i in todo}
                    try:
                        part.add({t: f.assign(**{KEY: f["article_id"].map(own)}) for t, f in computed.items()},
                                 list(own.values()))
                    except OSError as exc:  # a full disk, a folder gone: the run goes on without the cache
                        part.close()
                        part = None
                        warn_user(f"cannot write to the cache ({exc.strerror or exc}): the rest of this run is not "
                                  "cached")
                pieces.append(computed)
            if len(todo) < b - a:
                pieces.append(cached.rows(a, b))
            sink.add(pieces[0] if len(pieces) == 1 else _in_order(pieces, ids[a:b], settings.specs))
            bar.update(b - a)
    except BaseException:
        sink.discard()
        raise
    finally:
        results.close()  # stops the workers when the run ends early
        bar.close()
        if part is not None:
            try:
                part.close()
            except OSError as exc:
                warn_user(f"cannot write to the cache ({exc.strerror or exc}): this run is not cached")
    return sink.tables()


class _CachedRows:
    """The cached rows of each task of a run. A corpus in the order it was cached is read group by group, as
    its tasks come; one in another order (the same files loaded in another order) would need many groups for
    every task, so all its cached rows are read once, in corpus order, and held in memory."""

    def __init__(self, cache: ResultCache, keys: list[str], index: dict, ids: pd.Series, plan: list):
        self.reader, self.keys, self.index = cache.reader(), keys, index
        visits = sum(len({index[keys[i]] for i in range(a, b) if keys[i] in index}) for a, b, _ in plan)
        self.held = None
        if visits > len(set(index.values())) + len(plan):  # scattered across the cache's groups
            self.held = self.reader.rows([k for k in keys if k in index], index)
            self.starts = {t: row_positions(data["article_id"], ids) for t, data in self.held.items()}

    def rows(self, a: int, b: int) -> dict:
        """The cached rows of the articles at positions ``a`` to ``b`` of the corpus (Arrow tables)."""
        if self.held is None:
            return self.reader.rows([self.keys[i] for i in range(a, b) if self.keys[i] in self.index], self.index)
        out = {}
        for table, data in self.held.items():  # its rows are in corpus order: the task's are one slice
            first, stop = np.searchsorted(self.starts[table], [a, b])
            out[table] = data.slice(int(first), int(stop - first))
        return out


def _in_order(pieces: list[dict], ids: pd.Series, specs: dict) -> dict[str, pd.DataFrame]:
    """The rows of ``pieces`` (computed frames and cached Arrow tables of one task) table by table, in the
    order of ``ids`` (rows of one article keep their order)."""
    order = pd.Index(ids)
    out = {}
    for table in pieces[0]:
        frame = pd.concat([_frame(p[table], specs[table]) for p in pieces], ignore_index=True)
        position = order.get_indexer(frame["article_id"])
        out[table] = frame.iloc[np.argsort(position, kind="stable")].reset_index(drop=True)
    return out


class TableSink:
    """Where a run's rows go, task by task: memory-mapped files in ``folder`` for a run of
    :data:`~toolkit.scale.spill.MIN_CHARS` characters of text or more (:func:`~toolkit.scale.spill.open_spill`),
    else frames in RAM joined at the end."""

    def __init__(self, folder: Path | None, chars: int, specs: dict):
        self.specs = specs
        self.spilled = open_spill(folder, chars, {name: spec.columns for name, spec in specs.items()})
        self.pieces: dict[str, list[pd.DataFrame]] = {name: [] for name in specs}

    def add(self, tables: dict) -> None:
        """Add one task's rows: each table a DataFrame or an Arrow table (rows read from the cache)."""
        for name, frame in tables.items():
            if self.spilled is not None:
                self.spilled.add(name, frame)
            elif len(frame):
                self.pieces[name].append(_frame(frame, self.specs[name]))

    def tables(self) -> dict[str, pd.DataFrame]:
        if self.spilled is not None:
            return self.spilled.tables()
        return {name: pd.concat(frames, ignore_index=True) if frames else self.specs[name].empty()
                for name, frames in self.pieces.items()}

    def discard(self) -> None:
        if self.spilled is not None:
            self.spilled.discard()


def _frame(data, spec) -> pd.DataFrame:
    """A table's rows as a DataFrame of its documented dtypes (an Arrow table is converted)."""
    return data if isinstance(data, pd.DataFrame) else spec.typed(data.to_pandas(types_mapper=as_pandas_str))


def chunk_bounds(lengths, articles: int = CHUNK, chars: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """``(start, stop)`` row ranges that split texts of the given ``lengths`` into tasks of at most
    ``articles`` articles and ``chars`` characters (an article longer than ``chars`` is a task of its own).

    >>> chunk_bounds([10, 10, 30, 1], articles=3, chars=25)
    [(0, 2), (2, 3), (3, 4)]
    """
    bounds, start, size = [], 0, 0
    for i, length in enumerate(np.asarray(lengths).tolist()):
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


def _progress(total: int | None, show, desc: str = "analyze"):
    """A progress bar (tqdm in a terminal, an ipywidgets bar in a notebook); by default shown for 1,000
    articles or more, or when the total is not known in advance."""
    from tqdm.auto import tqdm

    enabled = (total is None or total >= 1000) if show is None else bool(show)
    return tqdm(total=total, unit="article", desc=desc, disable=not enabled, leave=False)


# ---------------------------------------------------------------------------------------------- scheduler
def map_in_order(func: Callable, items: Iterable, settings: Settings, *, workers: int = 1, engine: str = "local",
                 client=None) -> Iterator:
    """``func(item, settings)`` for each of ``items`` (read as they are needed; a :class:`Ready` item gives
    its result as it is), yielded in order: in this process (``workers=1``), in ``workers`` processes, or on
    Dask (``engine="dask"``: the cluster behind ``client``, else Dask's default scheduler). At most
    :data:`TASKS_PER_WORKER` tasks per worker are in flight. ``func`` must be a module-level function."""
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    if engine == "dask":
        return _on_dask(func, items, settings, client)
    if workers <= 1:
        return (item.result if isinstance(item, Ready) else func(item, settings) for item in items)
    return _in_processes(func, items, settings, workers)


_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings


def _call_in_worker(func: Callable, item):
    return func(item, _WORKER_SETTINGS)


def _in_processes(func, items, settings: Settings, workers: int):
    warm_up(settings)  # forked workers inherit the loaded lexicons and models instead of loading their own
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    items = iter(items)
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                             initializer=_init_worker, initargs=(settings,)) as pool:

        def fill() -> None:
            for item in islice(items, TASKS_PER_WORKER * workers - len(pending)):
                if isinstance(item, Ready):
                    done: Future = Future()
                    done.set_result(item.result)
                    pending.append(done)
                else:
                    pending.append(pool.submit(_call_in_worker, func, item))

        try:
            fill()
            while pending:
                result = pending.popleft().result()
                fill()  # the next task starts before the caller takes this result
                yield result
        finally:
            for future in pending:
                future.cancel()


def require_dask() -> None:
    """Say which extra to install when Dask is missing (it is optional)."""
    try:
        import dask  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ImportError("engine='dask' needs Dask: pip install 'negotiation-toolkit[scale]'") from exc


def _on_dask(func, items, settings: Settings, client):
    require_dask()
    items = iter(items)
    if client is None:  # Dask's default scheduler, a batch of tasks at a time
        import dask

        while batch := list(islice(items, TASKS_PER_WORKER * (os.cpu_count() or 1))):
            computed = iter(dask.compute(*[dask.delayed(func)(item, settings) for item in batch
                                           if not isinstance(item, Ready)]))
            for item in batch:
                yield item.result if isinstance(item, Ready) else next(computed)
        return
    window = TASKS_PER_WORKER * max(1, sum(client.nthreads().values()))
    shared = client.scatter(settings, broadcast=True)  # sent once, not with every task
    pending: deque = deque()

    def fill() -> None:
        for item in islice(items, window - len(pending)):
            pending.append(item if isinstance(item, Ready) else client.submit(func, item, shared, pure=False))

    try:
        fill()
        while pending:
            future = pending.popleft()
            if isinstance(future, Ready):
                result = future.result
            else:
                result = future.result()
                future.release()
            fill()
            yield result
    finally:
        client.cancel([f for f in pending if not isinstance(f, Ready)])


# ---------------------------------------------------------------------------------------------- locations
def spill_folder(spill, cache) -> Path | None:
    """The folder for spilled tables: ``spill`` itself when a path, none when False, else ``spill/`` in the
    cache folder (``cache`` when a path, else the user cache folder, also when caching is off)."""
    if spill is False:
        return None
    if spill not in (None, True):
        return Path(spill)
    root = default_cache_dir() if cache in (None, True, False) else Path(cache)
    return root / "spill"


def open_cache(cache, settings: Settings) -> ResultCache | None:
    """``cache``: True/None (the user cache folder), False (off), or a folder; None, with a warning, when
    the folder cannot be used (read-only, not a folder): the analysis goes on without the cache."""
    if cache is False:
        return None
    root = default_cache_dir() if cache in (None, True) else Path(cache)
    try:
        cache = ResultCache(root, settings.key())
        with tempfile.NamedTemporaryFile(dir=cache.folder, prefix=".writable-"):  # a read-only folder fails here
            pass
        return cache
    except OSError as exc:
        warn_user(f"cannot use the cache folder {str(root)!r} ({exc.strerror or exc}): analysing without the "
                  "cache; pass cache=<a writable folder>, or cache=False to silence this")
        return None

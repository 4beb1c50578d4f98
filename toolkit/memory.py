"""Memory housekeeping while the toolkit builds tables: which allocator Arrow (the store behind pandas'
strings) uses, and handing freed memory back to the system.

Arrow's bundled allocator (mimalloc) keeps freed memory for reuse. While ``tk.analyze`` builds its tables
chunk by chunk that raised the peak memory on 50,000 articles from 690 MB to 900 MB, at the same speed; and
``Analysis.filter`` on that analysis took 600, 260, 150, 100, 110, 180 ms on successive calls, against a
steady 80 ms after the first call with the system allocator. So loading, analysing and filtering run under
the system allocator (:func:`system_allocator`), and the rest of the process keeps Arrow's default.

The loader and the engine call :func:`return_freed_memory` after freeing many small blocks at once (the
decoded records after a load, the chunk results once joined), so the process does not keep them. It also
empties Arrow's own allocators of what they keep: parts of Arrow take memory from its process-wide default
pool whatever pool pyarrow is told to use (the Parquet reader's and writer's buffers among them): after
reading and writing a few small Parquet files mimalloc held 39 MB, 3 MB once asked to release them.

Parquet is read on the calling thread (:data:`PARQUET_READ`): Arrow's reader threads take their buffers
from mimalloc in heaps of their own, which cannot be emptied from another thread; after a second run over
10,000 cached articles those heaps kept 30 MB.

Setting the ``ARROW_DEFAULT_MEMORY_POOL`` environment variable (``mimalloc``, ``jemalloc`` or ``system``)
before starting Python is a choice the toolkit keeps: it then never switches.

>>> import pandas as pd
>>> with system_allocator():         # the toolkit's loaders, analyze and filter do this themselves
...     frame = pd.DataFrame({"text": ["Talks resumed.", "No deal yet."]}).astype("str")
>>> frame["text"].str.len().tolist()  # the frame outlives the block like any other
[14, 12]
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from functools import lru_cache


#: Keyword arguments for the toolkit's reads of local Parquet files (the cache, ``Analysis.load``): one
#: thread, no read-ahead (which remote storage would want; ``analyze_files`` reads its output on one thread
#: only), so what the reader frees can be handed back (see above). A second run over 10,000
#: cached articles took 0.33 s this way and 0.31 s with Arrow's threads (medians of five).
PARQUET_READ = {"use_threads": False, "pre_buffer": False}


@contextmanager
def system_allocator():
    """Run the block with Arrow allocating through the system allocator; restore the previous pool after.

    Buffers remember the pool they came from, so arrays made inside the block stay valid outside it.
    """
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        yield
        return
    import pyarrow as pa

    previous = pa.default_memory_pool()
    _ARROW_POOLS.setdefault(previous.backend_name, previous)
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


@lru_cache(maxsize=1)
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (e.g. musl)
        return None


#: Arrow's pools seen as the process default (by backend name), to empty in :func:`return_freed_memory`.
_ARROW_POOLS: dict = {}


def _release_arrow_pools() -> None:
    """Ask Arrow's default pools to hand back the memory they keep for reuse (under a millisecond).

    pyarrow's ``MemoryPool.release_unused()`` acts on the pool that is the default when it is called, not on
    the pool it is called on (pyarrow 26: ``c_get_memory_pool()``), so each pool is made the default for its
    call. Calling it on the saved mimalloc pool inside :func:`system_allocator` emptied the system pool
    instead: mimalloc then kept 26 MB after the corpus cache of 10,000 articles was written (2 MB this way).
    """
    if "pyarrow" in sys.modules:
        import pyarrow as pa

        current = pa.default_memory_pool()
        _ARROW_POOLS.setdefault(current.backend_name, current)
        try:
            for pool in _ARROW_POOLS.values():
                pa.set_memory_pool(pool)
                pool.release_unused()
        finally:
            pa.set_memory_pool(current)


def return_freed_memory() -> bool:
    """Give memory that Python and Arrow have freed back to the operating system; True if the C library
    could be asked too.

    glibc keeps freed blocks in the process for reuse; after a large load (every decoded record freed once
    its article is stored) that was 58 MB on 50,000 articles. This calls ``malloc_trim(0)`` (on other C
    libraries and systems only Arrow's pools are emptied), after asking Arrow's default pools to release
    what they keep (``MemoryPool.release_unused``, well under a millisecond).
    """
    _release_arrow_pools()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True

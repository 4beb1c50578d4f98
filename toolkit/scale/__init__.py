"""Scale: running the extractors over corpora of any size.

- ``pipeline``: every extractor on a frame of articles, as one pure function, and the :class:`Settings`
  that decide the results;
- ``engine``: one scheduler for worker processes and Dask, task by task in corpus order, with the cache and
  spilled tables;
- ``cache``: the Parquet result cache (per article) and corpus cache, in the user cache folder;
- ``spill``: tables of large runs kept in memory-mapped files instead of RAM;
- ``out_of_core``: ``tk.analyze_files``, block by block into partitioned Parquet, for inputs larger than memory.
"""
from .out_of_core import analyze_files
from .pipeline import Settings, run_pipeline

__all__ = ["Settings", "analyze_files", "run_pipeline"]

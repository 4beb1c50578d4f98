"""``tk.analyze``: a corpus in, an :class:`~toolkit.analysis.Analysis` out.

>>> analysis = analyze("data/sample")                                              # doctest: +SKIP
>>> analysis = analyze("data/sample", issues="my_issues.yaml", cues="my_cues.yaml")  # doctest: +SKIP
"""
from __future__ import annotations

import os

import pandas as pd

from ..corpus import Corpus, load_corpus, read_articles_frame
from ..scale.pipeline import Settings
from .analysis import Analysis


def analyze(corpus, *, actors=None, cues=None, issues=None, extractors=None, discover: bool = True,
            workers: int | None = None, engine: str = "local", client=None, cache=None, progress=None,
            spill=None) -> Analysis:
    """Analyse a corpus: a :class:`~toolkit.corpus.Corpus`, a path (file, folder, glob, or list), or a
    DataFrame of records.

    - ``actors``: the gazetteer: ``None`` for the built-in one, a YAML path (or list of paths), or a
      :class:`~toolkit.resources.Gazetteer` (e.g. ``tk.Gazetteer.builtin().merge(tk.Gazetteer.from_yaml(p))``).
    - ``cues``: the cue lexicon of reporting verbs and negotiation acts: ``None`` for the bundled
      ``cues.yaml``, a YAML path of the same layout, or a :class:`~toolkit.resources.CueLexicon`
      (``tk.CueLexicon.bundled().merge({...})`` adds to the bundled one).
    - ``issues``: the issue taxonomy of statements: ``None`` for the bundled ``issues.yaml``, a YAML path, a
      mapping, or an :class:`~toolkit.resources.IssueTaxonomy` (``tk.IssueTaxonomy.bundled().merge(...)``).
    - ``discover``: persons the text introduces with a title or an apposition ("Iran's foreign minister,
      Abbas Araghchi") become actors of the analysis, with the side their title gives, and their later
      surname mentions count (``mentions.origin == "discovered"``); ``False`` keeps to the gazetteer.
    - ``extractors``: extractors of the user's (:class:`~toolkit.extract.Extractor`), each adding a table
      (one named like a built-in table replaces it).
    - ``workers``: processes on this machine (default: all cores when there are enough articles to gain).
    - ``engine``: ``"local"`` or ``"dask"`` (``pip install 'negotiation-toolkit[scale]'``); with ``client`` a
      ``dask.distributed.Client``, the work goes to that cluster. Results are identical row for row.
    - ``cache``: per-article results (and the loaded corpus) are kept in Parquet in the user cache folder
      (a folder path to choose another; ``False`` to turn it off). Unchanged articles are read back; any
      change to an article, the resources, the extractors or the toolkit recomputes what it affects.
    - ``progress``: show a progress bar (default: for 1,000 articles or more); Ctrl-C stops a run cleanly.
    - ``spill``: where the tables of a large run are kept (:mod:`toolkit.scale.spill`): by default in
      memory-mapped files in ``spill/`` of the cache folder (also with ``cache=False``), unlinked at once so
      nothing stays on disk; a folder path to choose another disk; ``False`` to keep them in RAM. Runs of
      under a million characters of text, and runs on Windows, keep their tables in RAM.

    >>> analysis = analyze("data/sample")   # doctest: +SKIP
    """
    from ..scale.cache import default_cache_dir, load_corpus_cached
    from ..scale.engine import open_cache, run, spill_folder

    settings = Settings.build(actors, cues, issues, extractors, discover)
    if isinstance(corpus, Corpus):
        pass
    elif isinstance(corpus, pd.DataFrame):
        corpus = read_articles_frame(corpus)
    elif cache is False:
        corpus = load_corpus(corpus)
    else:  # files: the loaded corpus is cached too, keyed by the files' contents
        paths = [corpus] if isinstance(corpus, (str, os.PathLike)) else list(corpus)
        root = default_cache_dir() if cache in (None, True) else cache
        corpus = load_corpus_cached(root, paths, lambda: load_corpus(paths))
    tables = run(corpus.articles, settings, workers=workers, engine=engine, client=client,
                 cache=open_cache(cache, settings), progress=progress, spill=spill_folder(spill, cache))
    resources = settings.resources
    meta = {"n_input_articles": len(corpus.articles), "gazetteer": resources.actors.fingerprint(),
            "gazetteer_actors": len(resources.actors), "issues": list(resources.issues.order)}
    specs = {**settings.specs}
    return Analysis(meta=meta, specs=specs, **tables, problems=corpus.problems.copy())

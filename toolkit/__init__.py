"""negotiation-toolkit: tidy tables of sentiment, actors, quotes and positions from news about negotiations.

>>> import toolkit as tk
>>> corpus = tk.load_corpus("data/sample")     # doctest: +SKIP
>>> analysis = tk.analyze(corpus)              # doctest: +SKIP
>>> analysis.sentences.head()                  # doctest: +SKIP

The package is cut by stage (see ``docs/architecture.md``): ``corpus`` loads articles, ``text`` splits and
scores sentences, ``extract`` fills one table per extractor, ``analysis`` holds and summarises the tables,
``viz`` draws them; ``resources`` holds the editable lexicons and ``scale`` runs the extractors over large
corpora. Charts and widgets are imported on first use (``tk.charts``, ``tk.widgets``, ``tk.dashboard``), so
analysing does not load matplotlib or ipywidgets.
"""
from __future__ import annotations

import importlib

__version__ = "0.2.0"

from .corpus import Corpus, CorpusError, load_corpus  # noqa: E402
from .resources import CueLexicon, Gazetteer, GazetteerError, IssueTaxonomy  # noqa: E402
from .text import sentence_scores, tone  # noqa: E402
from .extract import Doc, Extractor, default_extractors  # noqa: E402
from .analysis import (Analysis, actor_counts, analyze, article_sentences, article_table, co_mentions,  # noqa: E402
                       distinctive_words, positions, quote_board, rounds, suggest_actors, suggestions_to_yaml,
                       volume)
from .scale import analyze_files  # noqa: E402

_LAZY = {"charts": "toolkit.viz.charts", "widgets": "toolkit.viz.widgets"}

__all__ = [
    "__version__", "Analysis", "Corpus", "CorpusError", "CueLexicon", "Doc", "Extractor", "Gazetteer",
    "GazetteerError", "IssueTaxonomy", "actor_counts", "analyze", "analyze_files", "article_sentences",
    "article_table", "charts", "co_mentions",
    "dashboard", "default_extractors", "distinctive_words", "load_corpus", "positions", "quote_board",
    "rounds", "sentence_scores", "suggest_actors", "suggestions_to_yaml", "tone", "volume", "widgets",
]


def __getattr__(name: str):
    """``tk.charts``, ``tk.widgets`` and ``tk.dashboard``, imported on first use."""
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        globals()[name] = module
        return module
    if name == "dashboard":
        from .viz.dashboard import dashboard

        globals()[name] = dashboard
        return dashboard
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

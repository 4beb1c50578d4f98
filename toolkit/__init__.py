"""negotiation-toolkit: tidy tables of sentiment, actors, quotes and positions from news about negotiations.

>>> import toolkit as tk
>>> corpus = tk.load_corpus("data/sample")     # doctest: +SKIP
>>> analysis = tk.analyze(corpus)              # doctest: +SKIP
>>> analysis.sentences.head()                  # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"

from .loaders import Corpus, CorpusError, load_corpus  # noqa: E402
from .gazetteer import Gazetteer, GazetteerError  # noqa: E402
from .actors import actor_counts, co_mentions  # noqa: E402
from .discover import suggest_actors, suggestions_to_yaml  # noqa: E402
from .quotes import quote_board  # noqa: E402
from .statements import positions  # noqa: E402
from .tone import sentence_scores, tone  # noqa: E402
from .analysis import Analysis, analyze  # noqa: E402
from .out_of_core import analyze_files  # noqa: E402
from . import charts, widgets  # noqa: E402
from .widgets import dashboard  # noqa: E402

__all__ = [
    "__version__", "Analysis", "Corpus", "CorpusError", "Gazetteer", "GazetteerError",
    "actor_counts", "analyze", "analyze_files", "charts", "co_mentions", "dashboard", "load_corpus", "positions",
    "quote_board", "sentence_scores", "suggest_actors", "suggestions_to_yaml", "tone", "widgets",
]

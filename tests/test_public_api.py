"""The public face: every name of the previous release still imports, and importing the toolkit (as every
worker process does) loads neither the chart and widget libraries nor TextBlob's NLTK and SciPy."""
from __future__ import annotations

import json
import subprocess
import sys

import toolkit as tk

from conftest import ROOT

#: The public names of version 0.1 (``toolkit.__all__`` then).
EARLIER = ["__version__", "Analysis", "Corpus", "CorpusError", "Gazetteer", "GazetteerError", "actor_counts",
           "analyze", "analyze_files", "charts", "co_mentions", "dashboard", "load_corpus", "positions",
           "quote_board", "sentence_scores", "suggest_actors", "suggestions_to_yaml", "tone", "widgets"]


def test_every_earlier_public_name_imports():
    for name in EARLIER + ["CueLexicon", "IssueTaxonomy", "Extractor", "Doc", "default_extractors"]:
        assert getattr(tk, name) is not None, name
    assert set(EARLIER) <= set(tk.__all__) and set(tk.__all__) <= set(dir(tk))
    assert tk.widgets.FilterPanel and callable(tk.dashboard) and callable(tk.charts.sentiment_over_time)


def test_importing_and_analysing_loads_no_charts_widgets_or_nltk():
    code = (
        "import sys, json; import toolkit as tk; tk.analyze(tk.load_corpus('data/sample'), cache=False); "
        "print(json.dumps(sorted(m for m in ('matplotlib', 'ipywidgets', 'textblob', 'nltk', 'scipy') "
        "if m in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == []

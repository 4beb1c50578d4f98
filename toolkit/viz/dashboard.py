"""The dashboard: a :class:`~toolkit.viz.widgets.FilterPanel`, six charts and tables of matching sentences
and quotes, kept in sync (``tk.dashboard(analysis)``; served as a web page by ``make dashboard``).

>>> tk.dashboard(analysis)     # the last expression of a notebook cell   # doctest: +SKIP
"""
from __future__ import annotations

import html
import io

import ipywidgets as w

from . import charts
from .widgets import STYLE, FilterPanel, quote_table_html, sentence_table_html


def _png(draw, analysis, **kwargs) -> bytes:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=kwargs.pop("figsize", (9, 4)), layout="constrained")
    try:
        draw(analysis, ax=ax, **kwargs)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80)
        return buffer.getvalue()
    finally:
        plt.close(fig)


class Dashboard:
    """The filter panel, six charts and the tables of matching sentences and quotes, kept in sync."""

    CHARTS = (
        ("Sentiment over time", "sentiment_over_time", {"by": "outlet", "freq": "M", "figsize": (8, 4.5)}),
        ("Actor sentiment", "actor_sentiment", {"top": 12, "figsize": (8, 4.5)}),
        ("Actor mentions", "actor_mentions", {"top": 14, "by": "side", "figsize": (8, 4.5)}),
        ("Co-mentions", "co_mention_heatmap", {"level": "side", "top": 10, "figsize": (8, 4.5)}),
        ("Positions", "positions_matrix", {"figsize": (8, 4.5)}),
        ("Statements timeline", "statements_timeline", {"figsize": (8, 4.5)}),
    )

    def __init__(self, analysis):
        self.panel = FilterPanel(analysis)
        self.images = {name: w.Image(format="png", layout=w.Layout(width="100%", height="auto"))
                       for name, _, _ in self.CHARTS}
        self.sentences = w.HTML()
        self.quotes = w.HTML()
        grid = w.GridBox([self.images[name] for name, _, _ in self.CHARTS],
                         layout=w.Layout(grid_template_columns="repeat(2, minmax(0, 1fr))", grid_gap="8px",
                                         width="100%"))
        tables = w.Tab(children=[self.sentences, self.quotes])
        tables.set_title(0, "Matching sentences")
        tables.set_title(1, "Quotes")
        warning = analysis.coverage_warning()  # plain text made by the toolkit: escaped all the same
        header = STYLE + "<h3>Negotiation coverage dashboard</h3>" + (
            f'<p class="tk-warning">{html.escape(warning)}</p>' if warning else "")
        self.widget = w.VBox([w.HTML(header), self.panel.widget, grid, tables], layout=w.Layout(width="100%"))
        self.widget.add_class("tk-dashboard")
        self.panel.observe(self.refresh)
        self.refresh(self.panel.value)

    def refresh(self, analysis) -> None:
        """Redraw every chart and table for ``analysis`` (the panel calls this after each change)."""
        for name, function, kwargs in self.CHARTS:
            self.images[name].value = _png(getattr(charts, function), analysis, **dict(kwargs))
        self.sentences.value = sentence_table_html(analysis, self.panel.text.value.strip())
        self.quotes.value = quote_table_html(analysis)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def dashboard(analysis) -> Dashboard:
    """Lay out a :class:`FilterPanel`, the charts of :mod:`toolkit.viz.charts` and tables of matching sentences
    and quotes; changing a filter redraws everything. Display it as the last expression of a cell."""
    return Dashboard(analysis)

"""The dashboard: a :class:`~toolkit.viz.widgets.FilterPanel`, the coverage volume, the charts of
:mod:`toolkit.viz.charts` in tabs, and tables of the matching articles, sentences and quotes, kept in sync
(``tk.dashboard(analysis)``; served as a web page by ``make dashboard``).

A filter change redraws the volume chart, the chart of the open tab and the tables; the other charts are
redrawn when their tab is opened, so a change costs one or two charts, not eight. The *Distinctive words*
tab compares the sentences of the matching articles with those of the other articles. While it redraws, the
status line says so. "Export" packs the current view (its tables as CSV, its charts as PNG) into one zip to
download. Displayed outside a live notebook (an HTML report), the dashboard is a static snapshot of its
charts and tables, which needs no widget script.

>>> tk.dashboard(analysis)     # the last expression of a notebook cell   # doctest: +SKIP
"""
from __future__ import annotations

import base64
import html
import io
import time
import zipfile

import ipywidgets as w

import pandas as pd

from ..analysis.summaries import article_table
from ..analysis.wording import distinctive_words_of
from . import charts
from .widgets import STYLE, FilterPanel, article_table_html, quote_table_html, sentence_table_html

#: Charts drawn at this resolution (dots per inch); they are scaled to the page width.
DPI = 100


def _png(draw, analysis, figsize=(9, 4), **kwargs) -> bytes:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    try:
        draw(analysis, ax=ax, **kwargs)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()
    finally:
        plt.close(fig)


class Dashboard:
    """The filter panel, the coverage volume, the charts in tabs and the tables, kept in sync."""

    VOLUME = ("Coverage", "coverage_volume", {"freq": "auto", "figsize": (12, 2.2)})
    CHARTS = (
        ("Sentiment over time", "sentiment_over_time", {"by": "outlet", "freq": "M", "figsize": (10, 4.2)}),
        ("Actor sentiment", "actor_sentiment", {"top": 12, "figsize": (10, 4.2)}),
        ("Actor mentions", "actor_mentions", {"top": 14, "by": "side", "figsize": (10, 4.2)}),
        ("Co-mentions", "co_mention_heatmap", {"level": "side", "top": 10, "figsize": (10, 4.6)}),
        ("Positions", "positions_matrix", {"figsize": (10, 4.6)}),
        ("Statements timeline", "statements_timeline", {"figsize": (10, 4.2)}),
        ("Distinctive words", "distinctive_words", {"figsize": (10, 5.5)}),
    )
    def __init__(self, analysis):
        self.panel = FilterPanel(analysis)
        self.volume = w.Image(format="png", layout=w.Layout(width="100%", height="auto"))
        self.images = {name: w.Image(format="png", layout=w.Layout(width="100%", height="auto"))
                       for name, _, _ in self.CHARTS}
        self.chart_tabs = w.Tab(children=[self.images[name] for name, _, _ in self.CHARTS])
        for k, (name, _, _) in enumerate(self.CHARTS):
            self.chart_tabs.set_title(k, name)
        self.articles = w.HTML()
        self.sentences = w.HTML()
        self.quotes = w.HTML()
        tables = w.Tab(children=[self.articles, self.sentences, self.quotes])
        for k, name in enumerate(("Articles", "Matching sentences", "Quotes")):
            tables.set_title(k, name)
        self.busy = w.HTML()
        self.export_button = w.Button(description="Export", icon="download", tooltip="the current view as CSV "
                                      "tables and PNG charts, in one zip", layout=w.Layout(width="auto"))
        self.download = w.HTML()
        self.export_button.on_click(lambda _: self.export())
        warning = analysis.coverage_warning()  # plain text made by the toolkit: escaped all the same
        problems = len(analysis.problems)
        self.header = w.HTML(STYLE + '<b class="tk-title">Negotiation coverage</b>' + (
            f' <span class="tk-warning">{html.escape(warning)}</span>' if warning else "") + (
            f' <span class="tk-warning">{problems} input problem{"s" if problems != 1 else ""} (see '
            'analysis.problems)</span>' if problems else ""))
        self.widget = w.VBox([self.header, self.panel.widget,
                              w.HBox([self.busy, self.export_button, self.download]),
                              self.volume, self.chart_tabs, tables], layout=w.Layout(width="100%"))
        self.widget.add_class("tk-dashboard")
        self._drawn: dict[str, object] = {}  # chart name -> the analysis it shows
        self._view = self.panel.value
        self.chart_tabs.observe(lambda _: self._draw_open_chart(), names="selected_index")
        self.panel.observe(self.refresh)
        self.refresh(self.panel.value)

    def refresh(self, analysis) -> None:
        """Redraw for ``analysis`` (the panel calls this after each change): the volume, the open chart and
        the tables; the other charts when their tab is opened."""
        started = time.perf_counter()
        self._view = analysis
        self.busy.value = '<span class="tk-busy">redrawing…</span>'
        try:
            self.volume.value = _png(getattr(charts, self.VOLUME[1]), analysis, **self.VOLUME[2])
            self._draw_open_chart()
            self.articles.value = article_table_html(analysis)
            self.sentences.value = sentence_table_html(analysis, self.panel.text.value.strip())
            self.quotes.value = quote_table_html(analysis)
            self.download.value = ""
        finally:
            self.seconds = time.perf_counter() - started
            self.busy.value = ""

    def _draw_open_chart(self) -> None:
        self._draw_chart(self.chart_tabs.selected_index or 0)

    def _draw_chart(self, k: int) -> None:
        """Draw the ``k``-th chart of the tabs for the current view, unless it already shows that view."""
        name, function, kwargs = self.CHARTS[k]
        if self._drawn.get(name) is not self._view:
            self.images[name].value = self._draw(function, self._view, kwargs)
            self._drawn[name] = self._view

    def _draw(self, function: str, analysis, kwargs: dict) -> bytes:
        """One chart of the tabs as PNG. "Distinctive words" compares the matching articles' sentences with
        the other articles' (:func:`toolkit.analysis.wording.distinctive_words_of`)."""
        if function != "distinctive_words":
            return _png(getattr(charts, function), analysis, **self._options(function, kwargs))
        everything = self.panel.analysis
        chosen = set(analysis.articles["article_id"])
        if len(chosen) in (0, len(everything.articles)):
            table = pd.DataFrame(columns=["word", "count_a", "count_b", "log_odds", "z"])
            note = "filter the articles to compare them with the others"
        else:
            sentences = everything.sentences[["article_id", "text"]]
            frame = sentences.assign(group=sentences["article_id"].isin(chosen).map({True: "view", False: "rest"}))
            table = distinctive_words_of(frame, "group", "view", "rest", top=12)
            note = ""

        def draw(_, ax):
            charts.distinctive_words(table, "the matching articles", "the other articles", ax=ax)
            if note:
                ax.texts[0].set_text(note)
            return ax

        return _png(draw, analysis, **kwargs)

    def _options(self, function: str, kwargs: dict) -> dict:
        """A chart's options for the current filters: with sides chosen, sentiment over time follows those
        sides and the actor charts show their actors only (the sides filter keeps the articles that mention
        them, which alone would leave these charts much as they were)."""
        sides = list(self.panel.sides.value)
        if function == "sentiment_over_time" and sides:
            return {**kwargs, "by": "side", "groups": sides}
        if function in ("actor_mentions", "actor_sentiment") and sides:
            return {**kwargs, "sides": sides}
        return kwargs

    def export(self) -> bytes:
        """The current view as a zip (its tables as CSV, every chart as PNG), offered as a download link."""
        view = self._view
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("articles.csv", article_table(view).to_csv(index=False))
            for name in view.tables():
                if name != "articles":
                    archive.writestr(f"{name}.csv", view.tables()[name].to_csv(index=False))
            archive.writestr("volume.png", _png(getattr(charts, self.VOLUME[1]), view, **self.VOLUME[2]))
            for name, function, kwargs in self.CHARTS:
                archive.writestr(f"{name.lower().replace(' ', '_')}.png", self._draw(function, view, kwargs))
        data = buffer.getvalue()
        self.download.value = (f'<a download="negotiation_view.zip" href="data:application/zip;base64,'
                               f'{base64.b64encode(data).decode()}">download the view ({len(data) // 1024} KiB)</a>')
        return data

    def snapshot_html(self) -> str:
        """The dashboard as static HTML: status, charts and tables as they are now (for reports)."""
        for k in range(len(self.CHARTS)):
            self._draw_chart(k)

        def img(png: bytes, alt: str) -> str:
            return (f'<img alt="{html.escape(alt, quote=True)}" style="max-width:100%" '
                    f'src="data:image/png;base64,{base64.b64encode(png).decode()}">')

        charts_html = "".join(f"<h4>{html.escape(name)}</h4>{img(self.images[name].value, name)}"
                              for name, _, _ in self.CHARTS)
        return (f'<div class="tk-dashboard tk-snapshot">{self.header.value}<p>{self.panel.status.value}</p>'
                f'{img(self.volume.value, "Coverage")}{charts_html}<h4>Articles</h4>{self.articles.value}'
                f'<h4>Matching sentences</h4>{self.sentences.value}<h4>Quotes</h4>{self.quotes.value}</div>')

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/html"] = self.snapshot_html()  # what a page without the widget script shows
        return bundle


def dashboard(analysis) -> Dashboard:
    """Lay out a :class:`FilterPanel`, the coverage volume, the charts of :mod:`toolkit.viz.charts` and tables of
    the matching articles, sentences and quotes; changing a filter redraws them. Display it as the last
    expression of a cell."""
    return Dashboard(analysis)

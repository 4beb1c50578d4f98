"""Interactive filtering in notebooks: a :class:`FilterPanel`, and HTML tables of matching sentences and quotes.

The panel only collects criteria; :meth:`~toolkit.analysis.Analysis.filter` does the filtering, so
everything shown here can be reproduced in code. All article text placed in HTML is escaped. The dashboard
that puts the panel, the charts and the tables together is :mod:`toolkit.viz.dashboard`.

>>> panel = tk.widgets.FilterPanel(analysis)          # doctest: +SKIP
>>> panel                                             # shows the widgets in a notebook   # doctest: +SKIP
>>> panel.value                                       # the filtered Analysis            # doctest: +SKIP
"""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w
import pandas as pd

from ..analysis.summaries import article_table, quote_board
from ..resources.cues import ACTS

__all__ = ["FilterPanel", "article_table_html", "quote_table_html", "sentence_table_html"]


def _date_options(dates: pd.Series) -> list[tuple[str, pd.Timestamp]]:
    """Slider stops: days for short spans, weeks or months for long ones."""
    dates = dates.dropna()
    if dates.empty:
        return []
    first, last = dates.min().normalize(), dates.max().normalize()
    span = (last - first).days
    freq = "D" if span <= 120 else ("W-MON" if span <= 900 else "MS")
    stops = list(pd.date_range(first, last, freq=freq))
    if not stops or stops[0] > first:
        stops.insert(0, first)
    if stops[-1] < last:
        stops.append(last)
    return [(ts.strftime("%Y-%m-%d"), ts) for ts in stops]


class FilterPanel:
    """Widgets for :meth:`Analysis.filter`: date range, outlets, sides, actors, issues, acts, the places of
    the talks (the ``meetings`` table) and free text.

    ``.value`` is the filtered :class:`~toolkit.analysis.Analysis`; ``.observe(callback)`` calls
    ``callback(filtered_analysis)`` after every change. Empty selections mean "any".
    """

    def __init__(self, analysis):
        self.analysis = analysis
        articles = analysis.articles
        options = _date_options(articles["date"])
        self._date_options = options
        self.dates = w.SelectionRangeSlider(options=options or [("no dates", None)],
                                            index=(0, max(0, len(options) - 1)), description="Dates",
                                            continuous_update=False, readout=False, layout=w.Layout(width="75%"))
        self.dates_label = w.HTML()  # the slider's own readout cuts long ranges off
        outlets = articles["outlet"].replace("", pd.NA).dropna().value_counts().index.tolist()
        sides = analysis.mentions["side"].replace("", pd.NA).dropna().value_counts().index.tolist()
        issues = analysis.statements["issue"].value_counts().index.tolist()
        issues = [i for i in issues if i != "other"] + [i for i in issues if i == "other"]  # the remainder last
        self.outlets = w.SelectMultiple(options=outlets, rows=min(6, max(2, len(outlets))), description="Outlets")
        self.sides = w.SelectMultiple(options=sides, rows=min(6, max(2, len(sides))), description="Sides")
        self.issues = w.SelectMultiple(options=issues, rows=min(6, max(2, len(issues))), description="Issues")
        self.acts = w.SelectMultiple(options=list(ACTS), rows=6, description="Acts")
        meetings = analysis.tables().get("meetings")  # where the talks were (the meetings table, when present)
        places = [] if meetings is None else meetings["place"].value_counts().index.tolist()
        self.places = w.SelectMultiple(options=places, rows=min(6, max(2, len(places))), description="Talks in")
        if not places:
            self.places.layout.display = "none"
        self.actors = w.Text(placeholder="names or ids, comma-separated", description="Actors",
                             continuous_update=False)
        self.text = w.Text(placeholder="words in the article", description="Search", continuous_update=False)
        self.reset_button = w.Button(description="Reset", icon="undo", layout=w.Layout(width="auto"))
        self.status = w.HTML()
        self._callbacks: list[Callable] = []
        self._value = None
        self._holding = False
        for control in self.controls:
            control.observe(self._changed, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        if len(outlets) < 2:  # one outlet: nothing to choose between
            self.outlets.layout.display = "none"
        self.widget = w.VBox([
            w.HBox([self.dates, self.dates_label]),
            w.HBox([self.outlets, self.sides]),
            w.HBox([self.issues, self.acts, self.places]),
            w.HBox([self.actors, self.text, self.reset_button]),
            self.status,
        ])
        self._update_status()

    @property
    def controls(self) -> list[w.Widget]:
        return [self.dates, self.outlets, self.sides, self.issues, self.acts, self.places, self.actors, self.text]

    def criteria(self) -> dict:
        """The keyword arguments of :meth:`Analysis.filter` the widgets currently describe."""
        out: dict = {}
        if self._date_options:
            start, end = self.dates.value
            if (start, end) != (self._date_options[0][1], self._date_options[-1][1]):
                out["start"] = start
                out["end"] = self._period_end(end)
        for name in ("outlets", "sides", "issues", "acts", "places"):
            values = list(getattr(self, name).value)
            if values:
                out[name] = values
        actors = [a.strip() for a in self.actors.value.split(",") if a.strip()]
        if actors:
            out["actors"] = actors
        if self.text.value.strip():
            out["text"] = self.text.value.strip()
        return out

    def _period_end(self, stop):
        """The last instant of the period a slider stop stands for (up to the next stop, or its whole day)."""
        stops = [ts for _, ts in self._date_options]
        k = stops.index(stop)
        following = stops[k + 1] if k + 1 < len(stops) else stop + pd.Timedelta(days=1)
        return following - pd.Timedelta(microseconds=1)

    @property
    def value(self):
        """The filtered Analysis (computed once per change)."""
        if self._value is None:
            criteria = self.criteria()
            self._value = self.analysis.filter(**criteria) if criteria else self.analysis
        return self._value

    def observe(self, callback: Callable) -> None:
        """Call ``callback(filtered_analysis)`` after every change of the filters."""
        self._callbacks.append(callback)

    def reset(self) -> None:
        """Clear every filter (one notification)."""
        self._holding = True
        try:
            if self._date_options:
                self.dates.index = (0, len(self._date_options) - 1)
            for name in ("outlets", "sides", "issues", "acts", "places"):
                getattr(self, name).value = ()
            self.actors.value = ""
            self.text.value = ""
        finally:
            self._holding = False
        self._changed(None)

    def _changed(self, _change) -> None:
        if self._holding:
            return
        self._value = None
        self._update_status()
        for callback in self._callbacks:
            callback(self.value)

    def _update_status(self) -> None:
        if self._date_options:
            start, end = self.dates.value
            self.dates_label.value = f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
        value = self.value
        total = len(self.analysis.articles)
        dates = value.articles["date"].dropna()
        span = f" · {dates.min():%Y-%m-%d} .. {dates.max():%Y-%m-%d}" if len(dates) else ""
        self.status.value = (f"<b>{len(value.articles)}</b> of {total} articles match{span} · "
                             f"{len(value.sentences)} sentences · {len(value.statements)} statements · "
                             f"{len(value.quotes)} quotes")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


# ---------------------------------------------------------------------------------------------- tables
def _title_link(title: str, url: str) -> str:
    """The article's title, escaped, as a link to its page when the URL is a web address."""
    text = html.escape(title or "(untitled)")
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">{text}</a>'
    return text


def article_table_html(analysis, limit: int = 60) -> str:
    """An HTML table of the articles of a view, newest first: date, outlet, title (linked), and how many
    quotes and stated positions each holds (escaped)."""
    table = article_table(analysis)
    if table.empty:
        return "<p><i>No matching articles.</i></p>"
    body = []
    for r in table.head(limit).itertuples():
        date = "" if pd.isna(r.date) else r.date.strftime("%Y-%m-%d")
        body.append(f"<tr><td>{html.escape(date)}</td><td>{html.escape(r.outlet)}</td>"
                    f"<td>{_title_link(r.title, r.url)}</td><td>{r.quotes}</td><td>{r.statements}</td>"
                    f"<td>{r.polarity:+.2f}</td></tr>")
    more = f"<p><i>{len(table) - limit} more articles not shown.</i></p>" if len(table) > limit else ""
    head = "<tr><th>date</th><th>outlet</th><th>title</th><th>quotes</th><th>positions</th><th>polarity</th></tr>"
    return f'<table class="tk-table">{head}{"".join(body)}</table>{more}'


def _highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escape ``text`` and wrap the given (start, end, title) spans in <mark>; everything else is escaped too."""
    out, pos = [], 0
    for start, end, title in sorted(spans):
        if start < pos or end > len(text):
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark title="{html.escape(title, quote=True)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def matching_sentences(analysis, text: str = "", limit: int = 60) -> pd.DataFrame:
    """Sentences to show for a filtered analysis: those containing ``text`` when given, else those holding a
    statement or a quotation (newest first)."""
    sentences = analysis.sentences
    if text:
        chosen = sentences[sentences["text"].str.contains(text, case=False, regex=False)]
    else:
        keys = pd.concat([analysis.statements[["article_id", "sentence_id"]],
                          analysis.quotes.loc[analysis.quotes["kind"] != "indirect", ["article_id", "sentence_id"]]])
        chosen = sentences.merge(keys.drop_duplicates(), on=["article_id", "sentence_id"])
    meta = analysis.articles[["article_id", "date", "outlet", "title", "url"]]
    chosen = chosen.merge(meta, on="article_id", how="left")
    return chosen.sort_values(["date", "article_id", "sentence_id"], ascending=[False, True, True]).head(limit)


def sentence_table_html(analysis, text: str = "", limit: int = 60) -> str:
    """An HTML table of matching sentences with actor mentions highlighted and statements listed (escaped)."""
    rows = matching_sentences(analysis, text, limit)
    if rows.empty:
        return "<p><i>No matching sentences.</i></p>"
    keys = rows[["article_id", "sentence_id"]]  # only the shown sentences' rows: grouping all of them is slow
    mentions = analysis.mentions.merge(keys, on=["article_id", "sentence_id"]).groupby(["article_id", "sentence_id"])
    statements = analysis.statements.merge(keys, on=["article_id", "sentence_id"]).groupby(
        ["article_id", "sentence_id"])
    body = []
    for r in rows.itertuples():
        key = (r.article_id, r.sentence_id)
        spans = []
        if key in mentions.groups:
            for m in mentions.get_group(key).itertuples():
                spans.append((m.start - r.start, m.end - r.start, f"{m.actor} ({m.side})" if m.side else m.actor))
        acts = ""
        if key in statements.groups:
            acts = "<br>".join(html.escape(f"{s.act} {s.issue} · {s.holder or '?'}")
                               for s in statements.get_group(key).itertuples())
        date = "" if pd.isna(r.date) else r.date.strftime("%Y-%m-%d")
        body.append(f"<tr><td>{html.escape(date)}</td><td>{html.escape(r.outlet)}<br>"
                    f"<small>{_title_link(r.title, r.url)}</small></td>"
                    f"<td>{_highlight(r.text, spans)}</td><td>{r.polarity:+.2f}</td><td>{acts}</td></tr>")
    head = ("<tr><th>date</th><th>outlet, article</th><th>sentence (actors highlighted)</th><th>polarity</th>"
            "<th>statements</th></tr>")
    return f'<table class="tk-table">{head}{"".join(body)}</table>'


def quote_table_html(analysis, limit: int = 40) -> str:
    """An HTML table of direct quotes (newest first), escaped."""
    board = quote_board(analysis).head(limit)
    if board.empty:
        return "<p><i>No matching quotes.</i></p>"
    urls = analysis.articles.set_index("article_id")["url"]
    body = []
    for r in board.itertuples():
        date = "" if pd.isna(r.date) else r.date.strftime("%Y-%m-%d")
        speaker = r.speaker + (f" ({r.speaker_side})" if r.speaker_side else "")
        body.append(f"<tr><td>{html.escape(date)}</td><td>{html.escape(speaker)}</td>"
                    f"<td>“{html.escape(r.text)}”</td><td><small>{html.escape(r.outlet)}: "
                    f"{_title_link(r.title, urls.get(r.article_id, ''))}</small></td></tr>")
    head = "<tr><th>date</th><th>speaker</th><th>quote</th><th>article</th></tr>"
    return f'<table class="tk-table">{head}{"".join(body)}</table>'


STYLE = """<style>
.tk-table {border-collapse: collapse; font-size: 12px; width: 100%;}
.tk-table th, .tk-table td {border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top;}
.tk-table mark {background: #fde68a; padding: 0 1px;}
.tk-title {font-size: 16px;}
.tk-warning {color: #9a3412;}
.tk-busy {color: #1d4ed8; font-style: italic;}
</style>"""

"""Analysis.filter, every chart helper on real and empty data, the filter panel without a browser, and
HTML escaping of article text."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import toolkit as tk  # noqa: E402
from toolkit import charts  # noqa: E402
from toolkit.viz.widgets import FilterPanel, quote_table_html, sentence_table_html  # noqa: E402

CHARTS = [
    (charts.sentiment_over_time, {"by": "outlet", "freq": "M"}),
    (charts.sentiment_over_time, {"by": "side", "freq": "W"}),
    (charts.sentiment_over_time, {"by": None, "freq": "Q"}),
    (charts.actor_sentiment, {"top": 10}),
    (charts.actor_sentiment, {"measure": "polarity"}),
    (charts.actor_mentions, {"by": "outlet"}),
    (charts.actor_mentions, {"by": "side"}),
    (charts.co_mention_heatmap, {"level": "actor"}),
    (charts.co_mention_heatmap, {"level": "side", "window": "article"}),
    (charts.positions_matrix, {}),
    (charts.statements_timeline, {}),
    (charts.coverage_volume, {"freq": "month"}),
    (charts.coverage_volume, {"freq": "week", "actor": "putin"}),
    (charts.coverage_volume, {"freq": "auto"}),
]


# ---------------------------------------------------------------------------------------------- filter
def test_filter_by_date_outlet_and_text(sample_analysis):
    a = sample_analysis
    by_date = a.filter(start="2025-05-16", end="2025-05-16")
    assert len(by_date.articles) >= 1 and (by_date.articles.date.dt.strftime("%Y-%m-%d") == "2025-05-16").all()
    outlet = a.articles.outlet.iloc[0]
    by_outlet = a.filter(outlets=outlet)
    assert set(by_outlet.articles.outlet) == {outlet}
    assert set(by_outlet.sentences.article_id) <= set(by_outlet.articles.article_id)
    for name in ("sentences", "mentions", "quotes", "statements"):
        table = getattr(by_outlet, name)
        assert set(table.article_id) <= set(by_outlet.articles.article_id)
        assert len(table) == getattr(a, name).article_id.isin(by_outlet.articles.article_id).sum()
    searched = a.filter(text="GRAIN")
    assert len(searched.articles) >= 1
    assert searched.articles.text.str.contains("grain", case=False).all()


def test_filter_by_side_actor_issue_act(sample_analysis):
    a = sample_analysis
    turkey = a.filter(sides=["Turkey"])
    assert all((turkey.mentions[turkey.mentions.article_id == aid].side == "Turkey").any()
               for aid in turkey.articles.article_id)
    peskov = a.filter(actors=["peskov"])
    assert len(peskov.articles) == a.mentions[a.mentions.actor_id == "dmitry_peskov"].article_id.nunique()
    assert len(a.filter(actors="dmitry_peskov").articles) == len(peskov.articles)
    demands = a.filter(acts=["DEMAND"], issues=["territory"])
    assert len(demands.statements) and set(demands.statements.act) == {"DEMAND"}
    assert set(demands.statements.issue) == {"territory"}
    assert set(demands.articles.article_id) == set(demands.statements.article_id)
    nothing = a.filter(outlets=["No Such Outlet"])
    assert all(len(t) == 0 for t in nothing.tables().values())
    assert a.filter().articles.equals(a.articles)


def test_filter_does_not_change_the_analysis(sample_analysis):
    before = {name: len(t) for name, t in sample_analysis.tables().items()}
    sample_analysis.filter(outlets=["Meridian Post"], acts="AGREE")
    assert {name: len(t) for name, t in sample_analysis.tables().items()} == before


# ---------------------------------------------------------------------------------------------- charts
@pytest.mark.parametrize("draw, kwargs", CHARTS)
def test_chart_on_real_data(sample_analysis, draw, kwargs):
    fig, ax = plt.subplots()
    returned = draw(sample_analysis, ax=ax, **kwargs)
    assert returned is ax
    assert ax.get_title()
    assert ax.has_data() or ax.images or ax.patches or ax.collections
    assert not any(t.get_text() == charts.NO_DATA for t in ax.texts)
    plt.close(fig)


@pytest.mark.parametrize("draw, kwargs", CHARTS)
def test_chart_on_empty_data(sample_analysis, draw, kwargs):
    empty = sample_analysis.filter(outlets=["No Such Outlet"])
    ax = draw(empty, **kwargs)  # no ax given: the helper makes its own figure
    assert ax.get_title()
    assert any(t.get_text() == charts.NO_DATA for t in ax.texts)
    plt.close(ax.figure)


def test_coverage_volume_draws_one_bar_per_period(sample_analysis):
    ax = charts.coverage_volume(sample_analysis, "month", term="ceasefire")
    table = tk.volume(sample_analysis, "month", term="ceasefire")
    assert len(ax.patches) == 2 * len(table)  # all articles, and those with the term
    assert [p.get_height() for p in ax.patches[:len(table)]] == table.articles.tolist()
    plt.close(ax.figure)


def test_distinctive_words_chart(sample_analysis):
    table = tk.distinctive_words(sample_analysis, "year", "2022", "2025", top=5)
    ax = charts.distinctive_words(table, "2022", "2025")
    assert len(ax.patches) == len(table) and "2022" in ax.get_title()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1].startswith(table.word.iloc[0])  # the most typical of 2022 on top
    plt.close(ax.figure)
    empty = charts.distinctive_words(table.iloc[:0])
    assert any("no word" in t.get_text() for t in empty.texts)
    plt.close(empty.figure)


def test_side_colours_stay_apart():
    fixed = list(charts.SIDE_COLORS.values())
    assert min(charts.color_distance(a, b) for i, a in enumerate(fixed) for b in fixed[i + 1:]) >= 19.5
    assert charts.color_distance(charts.side_color("Israel"), charts.side_color("United Kingdom")) >= 20
    assert charts.color_distance(charts.side_color("Qatar"), charts.side_color("Russia")) >= 20
    assert all(min(charts.color_distance(charts.side_color(s), f) for f in fixed) >= 12
               for s in ("Atlantis", "Sudan", "Armenia"))


def test_sentiment_lines_break_over_empty_periods_and_keep_a_readable_scale():
    frame = pd.DataFrame({"title": ["a", "b", "c"], "date": ["2025-01-10", "2025-02-10", "2025-06-10"],
                          "outlet": ["X"] * 3,
                          "text": [" ".join([f"Talks in round {k} went well."] * 6) for k in "abc"]})
    analysis = tk.analyze(frame, cache=False)
    ax = charts.sentiment_over_time(analysis, by="outlet", freq="M")
    ys = ax.lines[0].get_ydata()
    assert len(ys) == 6 and np.isnan(ys[2:5]).all() and not np.isnan(ys[[0, 1, 5]]).any()  # March-May: no data
    low, high = ax.get_ylim()
    assert low <= -0.1 and high >= 0.1
    plt.close(ax.figure)


def test_one_period_keeps_a_short_time_axis():
    frame = pd.DataFrame({"title": ["a"], "date": ["2025-03-10"], "outlet": ["X"],
                          "text": [" ".join(f"Talks in round {k} went well." for k in "abcdef")]})
    ax = charts.sentiment_over_time(tk.analyze(frame, cache=False), by="outlet", freq="M")
    low, high = (matplotlib.dates.num2date(x).replace(tzinfo=None) for x in ax.get_xlim())
    assert (high - low).days < 200  # not 2024 to 2027 for one point
    plt.close(ax.figure)


def test_side_colours_are_stable():
    assert charts.side_color("Russia") == charts.SIDE_COLORS["Russia"]
    assert charts.side_color("Atlantis") == charts.side_color("Atlantis")


def test_charts_on_seed(seed_analysis):
    for draw, kwargs in CHARTS:
        ax = draw(seed_analysis, **kwargs)
        assert ax.get_title()
        plt.close(ax.figure)


# ---------------------------------------------------------------------------------------------- widgets
def test_filter_panel_value_follows_the_widgets(sample_analysis):
    panel = FilterPanel(sample_analysis)
    assert panel.value is sample_analysis
    seen = []
    panel.observe(seen.append)
    panel.outlets.value = ("Meridian Post",)
    assert set(panel.value.articles.outlet) == {"Meridian Post"}
    assert seen and seen[-1] is panel.value
    panel.acts.value = ("DEMAND",)
    assert set(panel.value.statements.act) == {"DEMAND"}
    panel.actors.value = "Medinsky, peskov"
    assert panel.criteria()["actors"] == ["Medinsky", "peskov"]
    last = len(panel._date_options) - 1
    panel.dates.index = (0, 0)
    first_day = panel._date_options[0][1]
    assert (panel.value.articles.date < panel._date_options[1][1]).all()
    assert (panel.value.articles.date >= first_day).all()
    panel.reset()
    assert panel.criteria() == {} and panel.value is sample_analysis
    assert panel.dates.index == (0, last)
    assert "20</b> of 20 articles" in panel.status.value


def test_dashboard_redraws_when_a_filter_changes(sample_analysis):
    board = tk.dashboard(sample_analysis)
    names = [name for name, _, _ in board.CHARTS]
    assert len(board.volume.value) > 1000 and len(board.images[names[0]].value) > 1000  # the open tab
    assert all(board.images[name].value == b"" for name in names[1:])  # drawn when their tab opens
    board.chart_tabs.selected_index = 4
    positions_before = board.images[names[4]].value
    assert len(positions_before) > 1000
    volume_before, articles_before = board.volume.value, board.articles.value
    board.panel.outlets.value = ("Continental Wire",)
    assert board.volume.value != volume_before and board.images[names[4]].value != positions_before
    assert "Continental Wire" in board.sentences.value and board.articles.value != articles_before
    assert board.articles.value.count("<tr>") == 1 + (sample_analysis.articles.outlet == "Continental Wire").sum()
    assert board.busy.value == "" and board.seconds > 0
    first_before = board.images[names[0]].value
    board.chart_tabs.selected_index = 0  # the stale chart is redrawn for the filtered view
    assert board.images[names[0]].value != first_before
    board.panel.outlets.value = ()
    board.panel.text.value = "zzzz-no-such-words"
    assert "No matching sentences" in board.sentences.value


def test_the_wording_tab_compares_the_view_with_the_other_articles(sample_analysis):
    board = tk.dashboard(sample_analysis)
    k = [function for _, function, _ in board.CHARTS].index("distinctive_words")
    board.chart_tabs.selected_index = k
    unfiltered = board.images[board.CHARTS[k][0]].value
    board.panel.outlets.value = ("Meridian Post",)
    assert len(board.images[board.CHARTS[k][0]].value) > len(unfiltered)  # bars, not a note
    frame = sample_analysis.sentences.assign(group=lambda f: f.article_id.isin(
        sample_analysis.filter(outlets="Meridian Post").articles.article_id).map({True: "view", False: "rest"}))
    expected = tk.analysis.wording.distinctive_words_of(frame, "group", "view", "rest", top=12)
    assert len(expected) > 0


def test_choosing_sides_changes_the_sentiment_chart(sample_analysis):
    board = tk.dashboard(sample_analysis)
    name = board.CHARTS[0][0]
    before = board.images[name].value
    board.panel.sides.value = ("Russia", "Ukraine")
    assert board.images[name].value != before
    ax = charts.sentiment_over_time(sample_analysis, by="side", freq="M", groups=["Russia", "Ukraine"])
    assert sorted(t.get_text().split(" (")[0] for t in ax.get_legend().get_texts()) == ["Russia", "Ukraine"]
    plt.close(ax.figure)


def test_choosing_sides_narrows_the_actor_charts_to_their_actors(sample_analysis):
    ax = charts.actor_mentions(sample_analysis, by="side", sides=["Ukraine"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Ukraine"]
    shown = {t.get_text() for t in ax.get_yticklabels()}
    ukrainian = set(sample_analysis.mentions.query("side == 'Ukraine'").actor)
    assert shown and shown <= ukrainian
    plt.close(ax.figure)
    board = tk.dashboard(sample_analysis)
    k = [name for name, _, _ in board.CHARTS].index("Actor mentions")
    board.chart_tabs.selected_index = k
    before = board.images["Actor mentions"].value
    board.panel.sides.value = ("Ukraine",)
    assert board.images["Actor mentions"].value != before
    assert board._options("actor_sentiment", {})["sides"] == ["Ukraine"]


def test_dashboard_exports_the_view_and_shows_a_static_snapshot(sample_analysis):
    import zipfile

    board = tk.dashboard(sample_analysis)
    board.panel.outlets.value = ("Meridian Post",)
    archive = zipfile.ZipFile(io.BytesIO(board.export()))
    names = set(archive.namelist())
    assert {"articles.csv", "sentences.csv", "quotes.csv", "statements.csv", "volume.png", "positions.png"} <= names
    articles = pd.read_csv(archive.open("articles.csv"))
    assert set(articles.outlet) == {"Meridian Post"} and "title" in articles and "url" in articles
    assert 'download="negotiation_view.zip"' in board.download.value
    bundle = board._repr_mimebundle_()
    snapshot = bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle  # live notebooks still get the widget
    assert snapshot.count("data:image/png;base64,") == 1 + len(board.CHARTS) and "<script" not in snapshot
    assert "Meridian Post" in snapshot and "of 20 articles match" in snapshot


def test_one_outlet_hides_the_outlet_filter_and_other_is_the_last_issue(sample_analysis):
    panel = tk.widgets.FilterPanel(sample_analysis.filter(outlets="Meridian Post"))
    assert panel.outlets.layout.display == "none"
    panel = tk.widgets.FilterPanel(sample_analysis)
    assert panel.outlets.layout.display != "none"
    if "other" in panel.issues.options:
        assert panel.issues.options[-1] == "other"


def test_dashboard_warns_when_few_names_are_known_actors():
    unknown = tk.analyze(pd.DataFrame({"text": ["Zorblat Quenk met Wibbly Frunt in Xandor."], "date": ["2025-05-16"]}),
                         cache=False)
    header = tk.dashboard(unknown).widget.children[0].value
    assert "Warning: only 0% of the names" in header and "analysis.coverage()" in header
    known = tk.analyze(pd.DataFrame({"text": ["Iran met Qatar in Doha."], "date": ["2025-05-16"]}), cache=False)
    assert "Warning" not in tk.dashboard(known).widget.children[0].value


HOSTILE = ('Officials met. <script>alert("x")</script> Peskov said <img src=x onerror=alert(1)> "we agree" '
           'on <b>everything</b> & more.')


def test_article_text_is_escaped_in_html():
    corpus = pd.DataFrame({"title": ["<script>t</script>"], "outlet": ["<i>Out</i>"], "date": ["2025-05-16"],
                           "text": [HOSTILE]})
    analysis = tk.analyze(corpus)
    page = sentence_table_html(analysis, text="Peskov") + quote_table_html(analysis)
    assert "<script>" not in page and "<img" not in page and "<b>everything" not in page and "<i>Out" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<mark title="Dmitry Peskov (Russia)">Peskov</mark>' in page
    board = tk.dashboard(analysis)
    board.panel.text.value = "Peskov"
    assert "<script>" not in board.sentences.value and "&lt;script&gt;" in board.sentences.value


def test_labels_with_dollar_signs_are_plain_text():
    """An outlet or actor named with "$" signs is drawn as written; it broke every chart as mathematics."""
    from matplotlib.figure import Figure

    bad = "Bad $\\frac{$ "  # not valid mathematics: drawn as mathematics, it raised
    frame = pd.DataFrame({"title": ["a", "b"], "outlet": [bad + "Outlet", "costs $5 and $6"],
                          "date": ["2025-05-01", "2025-05-08"],
                          "text": ["Russia rejected the ceasefire plan. Mr Dollar said so. Mr Dollar agreed.",
                                   "Ukraine demanded a ceasefire. Mr Dollar said so. Mr Dollar agreed."]})
    gazetteer = tk.Gazetteer.builtin().add(id="dollar_man", name="Mr Dollar", kind="person", side=bad + "Side")
    analysis = tk.analyze(frame, actors=gazetteer, cache=False)
    assert (analysis.mentions["side"] == bad + "Side").any() and len(analysis.statements)
    for draw in (charts.sentiment_over_time, charts.actor_sentiment, charts.actor_mentions,
                 charts.co_mention_heatmap, charts.positions_matrix, charts.statements_timeline):
        for by_side in ({"level": "side"} if draw is charts.co_mention_heatmap else {}, {}):
            figure = Figure()
            ax = draw(analysis, ax=figure.add_subplot(), **by_side)  # an Axes made before the call
            figure.savefig(io.BytesIO(), format="png")
            figure = draw(analysis, **by_side).figure  # and one the chart makes
            figure.savefig(io.BytesIO(), format="png")
    texts = [t.get_text() for t in charts.actor_mentions(analysis, by="side").findobj(matplotlib.text.Text)]
    assert any(bad + "Side" in t for t in texts)  # drawn as written
    tk.dashboard(analysis)


def test_an_empty_chart_says_whether_articles_matched():
    analysis = tk.analyze(pd.DataFrame({"text": ["The weather was mild."], "date": ["2025-05-16"]}), cache=False)
    ax = charts.positions_matrix(analysis)
    assert [t.get_text() for t in ax.texts] == ["no stated positions in the 1 matching article"]
    plt.close(ax.figure)
    ax = charts.positions_matrix(analysis.filter(outlets="nowhere"))
    assert [t.get_text() for t in ax.texts] == [charts.NO_DATA]
    plt.close(ax.figure)

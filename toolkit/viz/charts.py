"""Chart helpers: each takes an :class:`~toolkit.analysis.Analysis`, an optional ``ax=``, returns the ``Axes``.

Every chart has a title, axis labels and a legend where one is needed; labels from the data are plain text
(a ``$`` in an outlet's or an actor's name is drawn as it is, never as mathematics); sides keep one colour across all
charts (:func:`side_color`). A filter that matches nothing draws an empty chart with a "no matching
articles" note instead of raising.

>>> import toolkit as tk
>>> ax = tk.charts.sentiment_over_time(analysis, by="outlet", freq="M")   # doctest: +SKIP
>>> ax.figure.savefig("sentiment.png")                                    # doctest: +SKIP
"""
from __future__ import annotations

import functools
import hashlib

import matplotlib
import matplotlib.dates as mdates
import matplotlib.text
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

#: Fixed colours for the sides that appear most, far apart from each other (about 20 or more in CIE Lab):
#: Israel and the United Kingdom, Qatar and Russia no longer share a hue. Other sides get a stable colour from
#: their name, among palette colours unlike these.
SIDE_COLORS = {
    "Russia": "#d62728", "Ukraine": "#1f77b4", "United States": "#2c3e50", "Israel": "#17becf", "Hamas": "#2ca02c",
    "Iran": "#8c564b", "Qatar": "#e377c2", "Egypt": "#bcbd22", "Turkey": "#ff7f0e", "United Kingdom": "#9467bd",
    "European Union": "#f7dc6f", "China": "#7b241c", "France": "#aed6f1", "Germany": "#5d6d7e",
    "United Nations": "#48c9b0", "NATO": "#5b2c6f", "Saudi Arabia": "#145a32", "United Arab Emirates": "#9a7d0a",
    "Palestine": "#58d68d", "Hezbollah": "#f0b27a", "India": "#ba4a00", "Pakistan": "#a9dfbf",
    "Houthis": "#7e5109", "": "#b3b3b3",
}
_PALETTE = plt.get_cmap("tab20").colors
#: Colours of the negotiation acts (positions matrix, statements timeline).
ACT_COLORS = {"DEMAND": "#c0392b", "REQUEST": "#e67e22", "PROPOSE": "#2e86c1", "AGREE": "#27ae60",
              "REJECT": "#7d3c98", "THREATEN": "#2c3e50"}
NO_DATA = "no matching articles"


def _plain_text(chart):
    """Draw ``chart``'s texts as plain text: matplotlib reads text between two ``$`` as mathematics, and an
    outlet named "Bad $\\frac{$ Outlet" broke every chart. The rc setting is read when a text is made; the
    tick labels of an ``ax`` made before the call were made before it, so they are switched over after."""
    @functools.wraps(chart)
    def drawn(*args, **kwargs):
        with matplotlib.rc_context({"text.parse_math": False}):
            ax = chart(*args, **kwargs)
        for text in ax.findobj(matplotlib.text.Text):  # texts of an Axes made before the call: tick labels
            text.set_parse_math(False)
        return ax

    return drawn


def color_distance(a: str, b: str) -> float:
    """How different two colours look: the distance of their CIE Lab coordinates (about 2: barely; 20: clearly)."""
    def lab(color):
        rgb = np.array(matplotlib.colors.to_rgb(color))
        rgb = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
        xyz = rgb @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
        f = np.cbrt(xyz / np.array([0.95047, 1.0, 1.08883]))  # the linear segment near black does not matter here
        return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])
    return float(np.linalg.norm(lab(a) - lab(b)))


#: The palette of sides without a fixed colour: tab20's colours that no fixed side's colour resembles.
_OTHER_SIDES = [c for c in map(matplotlib.colors.to_hex, plt.get_cmap("tab20").colors)
                if min(color_distance(c, fixed) for fixed in SIDE_COLORS.values()) >= 12]


def side_color(side: str) -> str:
    """The colour of a side, the same in every chart (a stable pick from a palette for unlisted sides)."""
    if side in SIDE_COLORS:
        return SIDE_COLORS[side]
    digest = int(hashlib.md5(str(side).encode()).hexdigest(), 16)
    return _OTHER_SIDES[digest % len(_OTHER_SIDES)]


def _color_for(name: str, kind: str) -> str:
    return side_color(name) if kind == "side" else matplotlib.colors.to_hex(
        _PALETTE[int(hashlib.md5(str(name).encode()).hexdigest(), 16) % len(_PALETTE)])


def _axes(ax, figsize=(10, 4.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _empty(ax, title: str, note: str = NO_DATA):
    ax.set_title(title)
    ax.text(0.5, 0.5, note, ha="center", va="center", transform=ax.transAxes, fontsize=12, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _none_in(analysis, what: str) -> str:
    """The note of an empty chart: "no matching articles", or, when articles matched, that they hold none of
    ``what`` (an empty positions chart over 40 articles is not the same as no articles)."""
    n = len(analysis.articles)
    return f"no {what} in the {n} matching article{'s' if n != 1 else ''}" if n else NO_DATA


def _mean_ci(values: pd.Series) -> tuple[float, float, int]:
    """Mean, half-width of the 95% confidence interval (normal approximation), and n."""
    n = int(values.count())
    if n == 0:
        return np.nan, np.nan, 0
    mean = float(values.mean())
    half = 1.96 * float(values.std(ddof=1)) / np.sqrt(n) if n > 1 else np.nan
    return mean, half, n


# ---------------------------------------------------------------------------------------------- sentiment
def sentence_groups(analysis, by: str | None) -> pd.DataFrame:
    """Sentences with their article date and a ``group`` column for ``by`` (None, "outlet" or "side").

    With ``by="side"`` a sentence counts once for every side mentioned in it (sentences without a mention of
    a side are left out).
    """
    sentences = analysis.sentences[["article_id", "sentence_id", "polarity"]]
    positions = analysis._article_positions("sentences")  # each sentence's article, by position
    frame = sentences.assign(date=analysis.articles["date"].to_numpy()[positions])
    if by is None:
        return frame.assign(group="all articles")
    if by == "outlet":
        return frame.assign(group=analysis.articles["outlet"].to_numpy(dtype=object)[positions])
    if by == "side":
        sides = analysis.mentions.loc[analysis.mentions["side"] != "", ["article_id", "sentence_id", "side"]]
        sides = sides.drop_duplicates()
        return frame.merge(sides, on=["article_id", "sentence_id"]).rename(columns={"side": "group"})
    raise ValueError("by must be None, 'outlet' or 'side'")


@_plain_text
def sentiment_over_time(analysis, by: str | None = "outlet", freq: str = "W", ax=None, top: int = 6,
                        min_sentences: int = 5, groups=None):
    """Mean sentence polarity per period (``freq``: "D", "W", "M", ...) for each outlet or side (or all).

    The line is the mean TextBlob polarity of the sentences published in the period, the band its 95%
    confidence interval, and the marker size (and the number next to it) the number of sentences behind
    the point. Periods with fewer than ``min_sentences`` sentences are not drawn, and the line breaks over
    them and over periods without sentences rather than joining their neighbours. The y-axis spans at least
    -0.1 .. +0.1 around the zero line, so that differences of a few hundredths do not fill the chart. Only
    the ``top`` largest groups are shown, or those named in ``groups`` (outlets or sides).
    """
    ax = _axes(ax)
    title = "Sentence polarity over time" + (f" by {by}" if by else "")
    if analysis.sentences.empty:
        return _empty(ax, title)
    frame = sentence_groups(analysis, by).dropna(subset=["date"])
    if frame.empty:
        return _empty(ax, title)
    names = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
    if freq not in names:
        raise ValueError(f"freq must be one of {', '.join(names)}")
    frame = frame.assign(period=frame["date"].dt.to_period(freq).dt.start_time)
    if groups:
        frame = frame[frame["group"].isin(list(groups))]
    groups = frame["group"].value_counts().head(top).index
    drawn, low, high = 0, -0.1, 0.1
    for group in groups:
        stats = (frame[frame["group"] == group].groupby("period")["polarity"]
                 .agg(["mean", "std", "count"]).reset_index())
        stats = stats[stats["count"] >= min_sentences]
        if stats.empty:
            continue
        color = _color_for(group, "side" if by == "side" else "outlet")
        half = 1.96 * stats["std"].fillna(0) / np.sqrt(stats["count"])
        every = pd.period_range(stats["period"].min(), stats["period"].max(), freq=freq).start_time
        gapped = stats.set_index("period").reindex(every)  # NaN where a period has no point: the line breaks
        gapped_half = half.set_axis(stats["period"]).reindex(every)
        ax.plot(every, gapped["mean"], color=color, lw=1.8, label=f"{group} (n={int(stats['count'].sum())})")
        ax.fill_between(every, gapped["mean"] - gapped_half, gapped["mean"] + gapped_half, color=color, alpha=0.15,
                        lw=0)
        low = min(low, float((stats["mean"] - half).min()))
        high = max(high, float((stats["mean"] + half).max()))
        ax.scatter(stats["period"], stats["mean"], s=12 + 4 * np.sqrt(stats["count"]), color=color, zorder=3,
                   edgecolor="white", linewidth=0.5)
        if len(stats) <= 12:
            for x, y, n in zip(stats["period"], stats["mean"], stats["count"]):
                ax.annotate(str(int(n)), (x, y), textcoords="offset points", xytext=(0, 7), ha="center",
                            fontsize=7, color=color)
        drawn += 1
    if not drawn:
        return _empty(ax, title, f"fewer than {min_sentences} sentences in every period")
    ax.axhline(0, color="#999999", lw=0.8, ls="--")
    ax.set_ylim(low - 0.02, high + 0.02)
    periods = frame["period"][frame["group"].isin(groups)]
    if periods.nunique() == 1:  # one point: a few periods either side, not years of empty axis
        only = pd.Period(periods.iloc[0], freq=freq)
        ax.set_xlim((only - 2).start_time, (only + 3).start_time)
    ax.set_title(title)
    ax.set_xlabel(f"{names[freq]} (start)")
    ax.set_ylabel("mean polarity (-1 negative .. +1 positive)")
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.legend(title=f"{by.capitalize()} (sentences)" if by else "Sentences", fontsize=8, title_fontsize=8,
              loc="best")
    ax.text(0.99, 0.01, "band: 95% CI; marker size and labels: sentences", transform=ax.transAxes,
            ha="right", va="bottom", fontsize=7, color="#666666")
    return ax


@_plain_text
def actor_sentiment(analysis, top: int = 15, measure: str = "auto", ax=None, min_mentions: int = 5,
                    sides=None):
    """Mean tone toward each of the ``top`` most mentioned actors, with its 95% interval and n.

    ``measure="tone"`` uses the actor-targeted tone score of each mention (``mentions.tone_score``),
    ``measure="polarity"`` the TextBlob polarity of the sentences that mention the actor; ``"auto"`` uses the
    tone when the analysis has it. Actors with fewer than ``min_mentions`` mentions are left out; with
    ``sides``, only the actors of those sides are shown.
    """
    ax = _axes(ax, figsize=(8, 0.35 * top + 1.5))
    mentions = _actor_mentions_of(analysis, sides)
    if measure == "auto":
        measure = "tone" if "tone_score" in mentions.columns else "polarity"
    label = "tone toward the actor" if measure == "tone" else "polarity of sentences mentioning the actor"
    title = f"Actor sentiment: {label}"
    if mentions.empty:
        return _empty(ax, title, _none_in(analysis, 'mentions of actors'))
    if measure == "tone":
        if "tone_score" not in mentions.columns:
            raise ValueError("this analysis has no tone column; use measure='polarity'")
        values = mentions.assign(value=mentions["tone_score"])
    else:
        pol = analysis.sentences.set_index(["article_id", "sentence_id"])["polarity"]
        keys = pd.MultiIndex.from_arrays([mentions["article_id"], mentions["sentence_id"]])
        values = mentions.assign(value=pol.reindex(keys).to_numpy())
        values = values.drop_duplicates(["article_id", "sentence_id", "actor_id"])
    counts = values.groupby("actor_id").size()
    keep = counts[counts >= min_mentions].sort_values(ascending=False).head(top).index
    if not len(keep):
        return _empty(ax, title, f"no actor with {min_mentions} or more mentions")
    rows = []
    for actor_id in keep:
        sub = values[values["actor_id"] == actor_id]
        mean, half, n = _mean_ci(sub["value"])
        rows.append((sub["actor"].iloc[0], sub["side"].iloc[0], mean, half, n))
    table = pd.DataFrame(rows, columns=["actor", "side", "mean", "half", "n"]).sort_values("mean")
    y = np.arange(len(table))
    colors = [side_color(s) for s in table["side"]]
    ax.barh(y, table["mean"], xerr=table["half"].fillna(0), color=colors, alpha=0.85, capsize=2,
            error_kw={"lw": 0.8, "ecolor": "#444444"})
    ax.set_yticks(y, [f"{a} (n={n})" for a, n in zip(table["actor"], table["n"])], fontsize=8)
    ax.axvline(0, color="#999999", lw=0.8)
    ax.set_xlabel(("mean tone score" if measure == "tone" else "mean polarity") + " (negative < 0 < positive)")
    ax.set_title(title)
    _side_legend(ax, table["side"])
    return ax


def _side_legend(ax, sides, **kwargs):
    handles = [Patch(color=side_color(s), label=s or "no side") for s in dict.fromkeys(sides)]
    if handles:
        ax.legend(handles=handles, title="Side", fontsize=7, title_fontsize=8, loc=kwargs.get("loc", "best"))


# ---------------------------------------------------------------------------------------------- actors
def _actor_mentions_of(analysis, sides) -> pd.DataFrame:
    """The mention rows of actors, of ``sides`` only when given (a side name or a list, read as
    ``Analysis.filter`` reads its ``sides``)."""
    from ..analysis.analysis import _names

    mentions = analysis.mentions[analysis.mentions["actor_id"] != ""]
    sides = _names(sides, "sides")
    return mentions[mentions["side"].isin(sides)] if sides else mentions


@_plain_text
def actor_mentions(analysis, top: int = 20, by: str | None = "outlet", ax=None, sides=None):
    """Mention counts of the ``top`` most mentioned actors (of ``sides`` only when given), stacked by outlet or
    side (or unstacked)."""
    ax = _axes(ax, figsize=(9, 0.3 * top + 1.5))
    title = "Most mentioned actors" + (f", by {by}" if by else "")
    mentions = _actor_mentions_of(analysis, sides)
    if mentions.empty:
        return _empty(ax, title, _none_in(analysis, 'mentions of actors'))
    totals = mentions.groupby("actor")["actor_id"].size().sort_values(ascending=False).head(top)
    order = list(totals.index[::-1])
    mentions = mentions[mentions["actor"].isin(order)]
    if by == "outlet":
        outlets = analysis.articles.set_index("article_id")["outlet"]
        table = mentions.assign(group=mentions["article_id"].map(outlets))
    elif by == "side":
        table = mentions.assign(group=mentions["side"])
    elif by is None:
        table = mentions.assign(group="mentions")
    else:
        raise ValueError("by must be 'outlet', 'side' or None")
    pivot = pd.crosstab(table["actor"], table["group"]).reindex(order).fillna(0)
    pivot = pivot[pivot.sum().sort_values(ascending=False).index]
    if pivot.shape[1] > 8:  # keep the legend readable: the 7 largest groups, the rest as "other"
        rest = pivot.iloc[:, 7:].sum(axis=1)
        pivot = pivot.iloc[:, :7].assign(**{"other": rest})
    left = np.zeros(len(pivot))
    for group in pivot.columns:
        color = "#d5d8dc" if group == "other" else (
            _color_for(group, "side" if by == "side" else "outlet") if by else "#2e86c1")
        ax.barh(np.arange(len(pivot)), pivot[group], left=left, color=color, label=str(group) or "no side")
        left += pivot[group].to_numpy()
    ax.set_yticks(np.arange(len(pivot)), order, fontsize=8)
    ax.set_xlim(0, left.max() * 1.08 if len(left) else 1)
    ax.set_xlabel("mentions")
    ax.set_title(title)
    if by:
        ax.legend(title=by.capitalize(), fontsize=7, title_fontsize=8, loc="lower right")
    return ax


@_plain_text
def co_mention_heatmap(analysis, level: str = "actor", window: str = "sentence", top: int = 15, ax=None):
    """How often the ``top`` actors (or sides) are mentioned together in the same sentence or article."""
    from ..analysis.summaries import co_mentions

    ax = _axes(ax, figsize=(8, 7))
    title = f"Co-mentions of {'actors' if level == 'actor' else 'sides'} (same {window})"
    pairs = co_mentions(analysis, level=level, window=window)
    if pairs.empty:
        return _empty(ax, title, _none_in(analysis, 'co-mentions'))
    weight = pd.concat([pairs.groupby("a_name")["count"].sum(), pairs.groupby("b_name")["count"].sum()])
    names = list(weight.groupby(level=0).sum().sort_values(ascending=False).head(top).index)
    matrix = pd.DataFrame(0, index=names, columns=names, dtype="int64")
    for row in pairs.itertuples():
        if row.a_name in matrix.index and row.b_name in matrix.index:
            matrix.loc[row.a_name, row.b_name] += row.count
            matrix.loc[row.b_name, row.a_name] += row.count
    image = ax.imshow(matrix.to_numpy(), cmap="Blues", aspect="auto")  # cells fill the figure: room for numbers
    ax.set_xticks(range(len(names)), names, rotation=40, ha="right", fontsize=9)
    ax.set_yticks(range(len(names)), names, fontsize=9)
    high = matrix.to_numpy().max() or 1
    size = 9 if len(names) <= 10 else 8 if len(names) <= 15 else 7
    for i in range(len(names)):
        for j in range(len(names)):
            value = matrix.iat[i, j]
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=size,
                        color="white" if value > high / 2 else "#333333")
    ax.figure.colorbar(image, ax=ax, shrink=0.7, label=f"{window}s with both")
    ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------------------------- positions
@_plain_text
def positions_matrix(analysis, ax=None, include_negated: bool = False, top_sides: int = 10, top_issues: int = 10):
    """Holder side x issue: each cell coloured by the act most often stated there, darker with more statements,
    and labelled with that act and the number of statements in the cell ("demand 12" = 12 statements, most
    of them demands).

    Read a row as one side's positions: a red cell in the Russia row under "territory" means Russia's
    statements on territory are mostly demands. Only the ``top_sides`` sides and ``top_issues`` issues with
    most statements are shown; ``tk.positions(analysis)`` gives every count per act.
    """
    statements = analysis.statements[analysis.statements["holder_side"] != ""]
    if not include_negated:
        statements = statements[~statements["negated"]]
    sides = list(statements["holder_side"].value_counts().head(top_sides).index)
    ax = _axes(ax, figsize=(11, 1.2 + 0.5 * max(3, len(sides))))
    title = "Positions: holder side x issue (colour = most frequent act, number = statements)"
    if statements.empty:
        return _empty(ax, title, _none_in(analysis, 'stated positions'))
    statements = statements[statements["holder_side"].isin(sides)]
    issues = [i for i in statements["issue"].value_counts().index if i != "other"][:top_issues]
    statements = statements[statements["issue"].isin(issues)]
    counts = statements.groupby(["holder_side", "issue", "act"]).size()
    totals = counts.groupby(level=[0, 1]).sum()
    ax.set_xlim(-0.5, len(issues) - 0.5)
    ax.set_ylim(len(sides) - 0.5, -0.5)
    for (side, issue), total in totals.items():
        i, j = sides.index(side), issues.index(issue)
        act = counts.loc[(side, issue)].sort_values(ascending=False).index[0]
        strength = min(1.0, total / max(1, totals.quantile(0.9)))
        ax.add_patch(plt.Rectangle((j - 0.48, i - 0.48), 0.96, 0.96, color=ACT_COLORS[act], alpha=0.2 + 0.7 * strength))
        ax.text(j, i, f"{act.lower()}\n{total}", ha="center", va="center", fontsize=8, linespacing=1.0,
                color="white" if strength > 0.6 else "black")
    ax.set_xticks(range(len(issues)), issues, rotation=30, ha="right", fontsize=9)
    ax.set_yticks(range(len(sides)), sides, fontsize=9)
    ax.set_xlabel("issue")
    ax.set_ylabel("holder side")
    ax.set_title(title)
    ax.legend(handles=[Patch(color=c, label=a.lower()) for a, c in ACT_COLORS.items()],
              fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="most frequent act", title_fontsize=8)
    return ax


@_plain_text
def statements_timeline(analysis, ax=None, include_negated: bool = False, top_sides: int = 8):
    """One lane per holder side; a dot per statement at its article's date, coloured by act.

    Read along a lane to follow one side's positions across rounds of talks; compare lanes at the same date
    to see who demanded, offered, agreed to or refused something in the same round (the issues are in the
    positions matrix). Dots of the same day are spread a little up and down so that they stay visible.
    """
    ax = _axes(ax, figsize=(11, 4.5))
    title = "Statements over time by holder side (colour = act)"
    statements = analysis.statements[analysis.statements["holder_side"] != ""]
    if not include_negated:
        statements = statements[~statements["negated"]]
    if statements.empty:
        return _empty(ax, title, _none_in(analysis, 'stated positions'))
    dates = analysis.articles.set_index("article_id")["date"]
    statements = statements.assign(date=statements["article_id"].map(dates)).dropna(subset=["date"])
    if statements.empty:
        return _empty(ax, title, _none_in(analysis, 'dated articles'))
    sides = list(statements["holder_side"].value_counts().head(top_sides).index)
    statements = statements[statements["holder_side"].isin(sides)]
    rng = np.random.default_rng(0)
    size = 30 if len(statements) < 200 else 14 if len(statements) < 1500 else 7
    for act, color in ACT_COLORS.items():
        sub = statements[statements["act"] == act]
        if sub.empty:
            continue
        y = sub["holder_side"].map({s: i for i, s in enumerate(sides)}).to_numpy() + rng.uniform(-0.3, 0.3, len(sub))
        ax.scatter(sub["date"], y, s=size, color=color, alpha=0.75, linewidth=0, label=f"{act.lower()} ({len(sub)})")
    ax.set_yticks(range(len(sides)), sides, fontsize=9)
    ax.set_ylim(len(sides) - 0.5, -0.5)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("article date")
    ax.set_title(title)
    ax.legend(title="act (statements)", fontsize=8, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0),
              markerscale=1.5)
    for side_index in range(1, len(sides)):
        ax.axhline(side_index - 0.5, color="#dddddd", lw=0.6, zorder=0)
    return ax


# ---------------------------------------------------------------------------------------------- coverage
@_plain_text
def coverage_volume(analysis, freq: str = "week", *, actor: str | None = None, term: str | None = None,
                    rounds: int = 6, ax=None):
    """Articles per period as bars (:func:`toolkit.analysis.summaries.volume`; ``freq="auto"`` picks weeks,
    months or quarters by the span of the dates); with ``actor`` or ``term``, the articles that mention it as
    darker bars in front. Periods with no article show as gaps on the zero line.

    The ``rounds`` most reported rounds of talks (:func:`toolkit.analysis.summaries.rounds`, reported by two
    articles or more) are marked above the bars with their place.

    Read it first: where the coverage is, the other charts have their data; a burst of articles marks a round
    of talks or an event, and a mean sentiment from a quiet week rests on few articles.
    """
    from ..analysis.summaries import rounds as rounds_of, volume

    if freq == "auto":  # bars wide enough to see: weeks over a year or less, months over five, else quarters
        dates = analysis.articles["date"].dropna()
        span = (dates.max() - dates.min()).days if len(dates) else 0
        freq = "week" if span <= 370 else "month" if span <= 5 * 366 else "quarter"
    ax = _axes(ax, figsize=(11, 3.8))
    what = f" mentioning {actor or term!r}" if (actor or term) else ""
    title = f"Articles per {freq}" + (f" (dark: those{what})" if what else "")
    table = volume(analysis, freq, actor=actor, term=term)
    if table.empty or not table["articles"].any():
        return _empty(ax, title, _none_in(analysis, 'dated articles'))
    width = {"day": 0.9, "date": 0.9, "week": 6, "month": 27, "quarter": 85, "year": 330}[freq]
    ax.bar(table["period"], table["articles"], width=width, align="edge", color="#b8c4d6", label="all articles")
    if what:
        ax.bar(table["period"], table["matching_articles"], width=width, align="edge", color="#2e5c8a",
               label=f"articles{what}")
        ax.legend(fontsize=8, loc="upper left")
    ax.axhline(0, color="#333333", lw=0.6)
    talks = rounds_of(analysis, "week") if rounds else None
    if talks is not None and not talks.empty:
        talks = talks[talks["articles"] >= 2].sort_values(["articles", "date"], ascending=[False, True])
        talks = talks.drop_duplicates("place").head(rounds).sort_values("date")  # each place once, at its peak
        top = float(table["articles"].max())
        for k, r in enumerate(talks.itertuples()):
            y = top * (1.06 + 0.1 * (k % 3))  # three heights, so that neighbouring labels do not collide
            ax.plot([r.date], [y], marker="v", color="#b45309", ms=6)
            ax.annotate(f"{r.place} ({r.articles})", (r.date, y), xytext=(4, 0), textcoords="offset points",
                        fontsize=7, color="#7c2d12", va="center")
        if len(talks):
            ax.set_ylim(0, top * 1.42)
            title += "; \u25bc rounds of talks (articles)"
    ax.set_ylabel("articles")
    ax.yaxis.get_major_locator().set_params(integer=True)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_title(title)
    return ax


@_plain_text
def distinctive_words(table: pd.DataFrame, a: str = "a", b: str = "b", ax=None):
    """The table of :func:`toolkit.analysis.wording.distinctive_words` as diverging bars of ``z``: words typical
    of ``a`` to the right, of ``b`` to the left, each labelled with its counts in the two groups. Bars beyond
    the dotted lines (|z| > 1.96) are unlikely to be chance."""
    ax = _axes(ax, figsize=(8, max(3.0, 0.28 * len(table) + 1.2)))
    title = f"Words typical of {a} (right) and of {b} (left)"
    if table.empty:
        return _empty(ax, title, "no word frequent enough in both groups")
    rows = table.iloc[::-1].reset_index(drop=True)
    colors = ["#2e86c1" if z > 0 else "#c0392b" for z in rows["z"]]
    ax.barh(range(len(rows)), rows["z"], color=colors)
    ax.set_yticks(range(len(rows)), [f"{w}  ({x}/{y})" for w, x, y in zip(rows["word"], rows["count_a"],
                                                                          rows["count_b"])], fontsize=8)
    for z in (-1.96, 1.96):
        ax.axvline(z, color="#777777", lw=0.8, ls=":")
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_xlabel(f"z of the log-odds ratio (counts: {a}/{b})")
    ax.set_title(title)
    return ax


__all__ = ["ACT_COLORS", "SIDE_COLORS", "actor_mentions", "actor_sentiment",
           "co_mention_heatmap", "coverage_volume", "distinctive_words", "positions_matrix", "sentence_groups",
           "sentiment_over_time", "side_color", "statements_timeline"]

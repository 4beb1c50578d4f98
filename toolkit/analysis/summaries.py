"""Summaries of an analysis, each a new tidy DataFrame: how much was written when (:func:`volume`) and where
the parties met (:func:`rounds`), the articles behind a view and what each holds (:func:`article_table`,
:func:`article_sentences`), who is mentioned and with whom (:func:`actor_counts`,
:func:`co_mentions`), who takes which positions (:func:`positions`), who said what (:func:`quote_board`).

Tables can be grouped ``by`` an articles column or by a period of the article date (:func:`article_groups`):

>>> articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"],
...                          "date": pd.to_datetime(["2025-05-16", "2025-06-02"])})
>>> article_groups(articles, "month").dt.strftime("%Y-%m").tolist()
['2025-05', '2025-06']
"""

from __future__ import annotations

import pandas as pd

from ..resources.cues import ACTS
from ..resources.issues import IssueTaxonomy

#: Period names accepted wherever a table can be grouped "by" time, with their pandas period codes.
PERIODS = {"date": "D", "day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def article_groups(articles: pd.DataFrame, by: str, extra_columns: str = "") -> pd.Series:
    """``article_id`` -> group value for ``by``: an articles column, or a period of ``date`` (its start).

    ``extra_columns`` names other columns the caller accepts, for the error message only.
    """
    if by in PERIODS:
        values = articles["date"].dt.to_period(PERIODS[by]).dt.start_time
    elif by in articles:
        values = articles[by]
    else:
        where = f"not {extra_columns} or articles column" if extra_columns else "not an articles column"
        raise KeyError(f"cannot group by {by!r}: {where}, nor one of {', '.join(PERIODS)}")
    return pd.Series(values.to_numpy(), index=articles["article_id"].to_numpy(), name=by)


# ---------------------------------------------------------------------------------------------- volume
def volume(analysis, freq: str = "week", *, by: str | None = None, actor: str | None = None,
           term: str | None = None) -> pd.DataFrame:
    """How much was written when: articles per period (``freq``: "day", "week", "month", "quarter", "year"),
    optionally per group (``by``: an articles column such as "outlet").

    With ``actor`` (a gazetteer id, or part of an actor's name, case-insensitive) or ``term`` (words, found
    case-insensitively in the sentences), ``matching_articles`` counts the articles that mention it and
    ``mentions`` its mentions (for a term, the sentences holding it). Every period from the first dated article
    to the last is listed, with 0 where nothing was published: a gap in coverage is data too. Articles without
    a date are left out (``analysis.articles.date.isna().sum()`` says how many).

    Columns: ``period`` (its first day), ``period_end`` (its last day: ``analysis.filter(start=period,
    end=period_end)`` gives its articles), [``by``], ``articles``[, ``matching_articles``, ``mentions``].
    """
    if freq not in PERIODS:
        raise ValueError(f"freq must be one of {', '.join(PERIODS)}, not {freq!r}")
    if actor and term:
        raise ValueError("give actor or term, not both")
    articles = analysis.articles
    dated = articles[articles["date"].notna()]
    frame = pd.DataFrame({"article_id": dated["article_id"].to_numpy(),
                          "period": dated["date"].dt.to_period(PERIODS[freq]).dt.start_time.to_numpy()})
    if by is not None:
        if by not in articles:
            raise KeyError(f"cannot group by {by!r}: not an articles column")
        frame[by] = dated[by].to_numpy()
    keys = ["period"] + ([by] if by else [])
    counted = {"articles": ("article_id", "size")}
    if actor or term:
        if actor:
            m = analysis.mentions
            hits = m[(m["actor_id"] == actor) | m["actor"].str.contains(actor, case=False, regex=False)]
        else:
            s = analysis.sentences
            hits = s[s["text"].str.contains(term, case=False, regex=False)]
        per_article = hits.groupby("article_id").size()
        frame["mentions"] = frame["article_id"].map(per_article).fillna(0).astype("int64")
        frame["matching_articles"] = frame["mentions"] > 0
        counted.update(matching_articles=("matching_articles", "sum"), mentions=("mentions", "sum"))
    table = frame.groupby(keys).agg(**counted)
    if len(frame):
        periods = pd.period_range(frame["period"].min(), frame["period"].max(), freq=PERIODS[freq]).start_time
        index = (pd.MultiIndex.from_product([periods, sorted(frame[by].dropna().unique())], names=keys) if by
                 else pd.Index(periods, name="period"))
        table = table.reindex(index, fill_value=0)
    table = table.astype("int64").reset_index()
    ends = table["period"].dt.to_period(PERIODS[freq]).dt.end_time.dt.normalize()
    table.insert(1, "period_end", ends)
    return table


def _ranked(frame: pd.DataFrame, column: str, keep_empty: bool = False) -> pd.DataFrame:
    """The values of ``column`` (each "; "-joined) per ``round`` of ``frame``, one row each, sorted most often
    first within a round, ties in the order they first come."""
    values = frame[["round", column]].assign(value=frame[column].str.split("; ")).explode("value")
    if not keep_empty:
        values = values[values["value"] != ""]
    values = values.assign(order=range(len(values)))
    counts = values.groupby(["round", "value"], sort=False).agg(n=("order", "size"), first=("order", "min"))
    return counts.reset_index().sort_values(["round", "n", "first"], ascending=[True, False, True])


def rounds(analysis, freq: str = "week") -> pd.DataFrame:
    """Rounds of talks: the ``meetings`` rows grouped by place and period of the article date, periods that
    follow each other at one place being one round (a summit reported the week before, of and after it).

    Columns: ``date`` (the first article reporting it), ``place``, ``host_side``, ``parties`` (the sides named
    with it, most often first, "; "-joined), ``mediators`` (the sides its articles name as mediators, most often
    first), ``articles`` (how many articles report it), ``article_ids``
    ("; "-joined: ``analysis.filter(places=place, start=..., end=...)`` or these ids give the articles).
    Sorted by date. Rows without an article date are left out.
    """
    if freq not in PERIODS:
        raise ValueError(f"freq must be one of {', '.join(PERIODS)}, not {freq!r}")
    columns = ["date", "place", "host_side", "parties", "mediators", "articles", "article_ids"]
    meetings = analysis.tables().get("meetings")
    if meetings is None or meetings.empty:
        return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "date" else "int64" if c == "articles"
                                          else "str") for c in columns})
    dates = analysis.articles.set_index("article_id")["date"]
    frame = meetings.assign(date=meetings["article_id"].map(dates)).dropna(subset=["date"])
    frame = frame.assign(period=frame["date"].dt.to_period(PERIODS[freq]))
    # a round: the runs of consecutive periods with talks at one place
    spans = frame[["place", "period"]].drop_duplicates().sort_values(["place", "period"])
    new_round = (spans["place"] != spans["place"].shift()) | (spans["period"] != spans["period"].shift() + 1)
    spans = spans.assign(round=new_round.cumsum())
    frame = frame.merge(spans, on=["place", "period"])
    by_round = frame.groupby("round", sort=False)
    first_reports = frame.sort_values("date", kind="stable").drop_duplicates(["round", "article_id"])
    ids = first_reports.groupby("round")["article_id"]
    joined = {c: _ranked(frame, c).groupby("round")["value"].agg("; ".join) for c in ("parties", "mediators")}
    table = pd.DataFrame({"date": by_round["date"].min(), "place": by_round["place"].first(),
                          "host_side": _ranked(frame, "host_side", keep_empty=True).groupby("round")["value"].first(),
                          **joined, "articles": ids.size(), "article_ids": ids.agg("; ".join)})
    table = table.fillna({"parties": "", "mediators": "", "host_side": ""})[columns]
    return table.sort_values(["date", "articles", "place"], ascending=[True, False, True]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- drill-down
def article_table(analysis) -> pd.DataFrame:
    """The articles behind a view, newest first, with what each holds: ``date, outlet, title, url,
    sentences, quotes`` (in quotation marks), ``statements``, ``polarity`` (mean sentence polarity),
    ``article_id``. Use it on a filtered analysis (``analysis.filter(...)``) to see what a chart is made of."""
    articles = analysis.articles
    quotes = analysis.quotes
    counts = {"quotes": quotes[quotes["kind"] != "indirect"].groupby("article_id").size(),
              "statements": analysis.statements.groupby("article_id").size()}
    table = articles[["date", "outlet", "title", "url", "n_sentences", "polarity", "article_id"]].rename(
        columns={"n_sentences": "sentences"})
    for name, per_article in counts.items():
        table.insert(5, name, table["article_id"].map(per_article).fillna(0).astype("int64"))
    table = table[["date", "outlet", "title", "url", "sentences", "quotes", "statements", "polarity", "article_id"]]
    return table.sort_values(["date", "article_id"], ascending=[False, True], na_position="last").reset_index(
        drop=True)


def article_sentences(analysis, article_id: str) -> pd.DataFrame:
    """One article read sentence by sentence, with what the toolkit found in each: ``sentence_id, text,
    polarity, actors`` (the actors named, "; "-joined), ``quotes`` (speaker: the quoted words),
    ``positions`` (holder act issue, e.g. "Hamas REJECT ceasefire"). The article's title, outlet, date and
    link are in ``article_table``."""
    if article_id not in set(analysis.articles["article_id"]):
        raise KeyError(f"no article {article_id!r} in this analysis")
    sentences = analysis.sentences[analysis.sentences["article_id"] == article_id]
    mentions = analysis.mentions[analysis.mentions["article_id"] == article_id]
    quotes = analysis.quotes[(analysis.quotes["article_id"] == article_id) & (analysis.quotes["kind"] != "indirect")]
    statements = analysis.statements[analysis.statements["article_id"] == article_id]

    def joined(frame, values) -> pd.Series:
        return frame.assign(value=values).groupby("sentence_id")["value"].agg(lambda v: "; ".join(dict.fromkeys(v)))

    actors = joined(mentions, mentions["actor"])
    said = joined(quotes, (quotes["speaker"].where(quotes["speaker"] != "", "(unattributed)") + ": " + quotes["text"]))
    held = joined(statements, statements["holder"] + " " + statements["act"] + " " + statements["issue"]
                  + statements["negated"].map({True: " (negated)", False: ""}))
    table = sentences[["sentence_id", "text", "polarity"]].copy()
    for name, values in (("actors", actors), ("quotes", said), ("positions", held)):
        table[name] = table["sentence_id"].map(values).fillna("")
    return table.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- actors
def actor_counts(analysis, by: str | None = None) -> pd.DataFrame:
    """Mentions per actor, optionally per group (``by`` = an ``articles`` column such as ``"outlet"``, or
    ``"date"``/``"day"``, ``"week"``, ``"month"``, ``"year"``).

    Columns: ``[by,] actor_id, actor, kind, side, mentions, articles, article_share`` where ``articles`` is
    the number of articles that mention the actor and ``article_share`` that number over all articles (of the
    group). Ambiguous mentions (no ``actor_id``) are left out. Sorted by mentions, descending.
    """
    mentions = analysis.mentions[analysis.mentions["actor_id"] != ""]
    articles = analysis.articles
    keys = ["actor_id", "actor", "kind", "side"]
    if by is None:
        grouped = mentions.groupby(keys, sort=False)
        out = grouped.size().rename("mentions").to_frame().join(
            grouped["article_id"].nunique().rename("articles")).reset_index()
        out["article_share"] = out["articles"] / max(1, len(articles))
        return out.sort_values(["mentions", "actor"], ascending=[False, True]).reset_index(drop=True)
    group_of = article_groups(articles, by)
    tagged = mentions.assign(**{by: mentions["article_id"].map(group_of)})
    grouped = tagged.groupby([by] + keys, sort=False, dropna=False)
    out = grouped.size().rename("mentions").to_frame().join(
        grouped["article_id"].nunique().rename("articles")).reset_index()
    per_group = group_of.value_counts(dropna=False)
    out["article_share"] = out["articles"] / out[by].map(per_group).astype(float)
    return out.sort_values([by, "mentions", "actor"], ascending=[True, False, True]).reset_index(drop=True)


def co_mentions(analysis, level: str = "actor", window: str = "sentence") -> pd.DataFrame:
    """Pairs of actors (or sides) mentioned together in the same sentence or article.

    Columns: ``a``, ``b`` (actor ids, or side names for ``level="side"``), ``a_name``, ``b_name``, ``count``
    (number of sentences/articles where both appear), ``articles`` (number of articles). Each unordered pair
    appears once with ``a < b``; an actor paired with itself is left out. Sorted by count, descending.
    """
    if level not in ("actor", "side"):
        raise ValueError("level must be 'actor' or 'side'")
    if window not in ("sentence", "article"):
        raise ValueError("window must be 'sentence' or 'article'")
    mentions = analysis.mentions
    key = "actor_id" if level == "actor" else "side"
    mentions = mentions[mentions[key] != ""]
    unit = ["article_id", "sentence_id"] if window == "sentence" else ["article_id"]
    names = dict(zip(mentions[key], mentions["actor" if level == "actor" else "side"]))
    units = mentions[unit + [key]].drop_duplicates()
    pairs = units.merge(units, on=unit, suffixes=("_a", "_b"))
    pairs = pairs[pairs[f"{key}_a"] < pairs[f"{key}_b"]]
    columns = ["a", "b", "a_name", "b_name", "count", "articles"]
    if pairs.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("count", "articles") else "str") for c in columns})
    grouped = pairs.groupby([f"{key}_a", f"{key}_b"])
    out = grouped.size().rename("count").to_frame().join(grouped["article_id"].nunique().rename("articles"))
    out = out.reset_index().rename(columns={f"{key}_a": "a", f"{key}_b": "b"})
    out["a_name"] = out["a"].map(names)
    out["b_name"] = out["b"].map(names)
    out = out[columns].sort_values(["count", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)
    return out.astype({"count": "int64", "articles": "int64"})


# ---------------------------------------------------------------------------------------------- positions
#: Label of holders without a side in :func:`positions` ("both sides", unnamed parties).
NO_SIDE = "(no side)"


def positions(analysis, by: str = "holder_side", *, include_negated: bool = False) -> pd.DataFrame:
    """Who takes which positions on what: counts of statements, rows ``(by, act)``, one column per issue.

    Holders without a side are grouped as "(no side)" (listed last).

    ``by`` is a statements column ("holder_side", "holder", "target_side", ...), an articles column
    ("outlet"), or a period of the article date ("month", "week", "year"). Negated statements ("did not
    agree") are left out unless ``include_negated``. Every act appears for every group (zeros included).

    >>> tk.positions(analysis, by="holder_side").loc["Russia"]     # doctest: +SKIP
    """
    statements = analysis.statements
    if not include_negated:
        statements = statements[~statements["negated"]]
    if by in statements:
        keys = statements[by].replace("", NO_SIDE if by.endswith("side") else "(none)")
    else:
        source = article_groups(analysis.articles, by, extra_columns="a statements")
        keys = statements["article_id"].map(source)
    order = analysis.meta.get("issues") or IssueTaxonomy.bundled().order  # the taxonomy the analysis used
    issues = list(order) + ["other"]
    issues += sorted(set(statements["issue"]) - set(issues))
    table = pd.crosstab([keys.rename(by), statements["act"]], statements["issue"])
    groups = sorted(dict.fromkeys(keys.dropna()), key=lambda g: (str(g).startswith("("), str(g))) \
        if len(statements) else []
    index = pd.MultiIndex.from_product([groups, list(ACTS)], names=[by, "act"])
    return table.reindex(index=index, columns=issues, fill_value=0).astype("int64")


# ---------------------------------------------------------------------------------------------- quotes
def quote_board(analysis, actor: str | None = None, *, side: str | None = None,
                kind: str | tuple[str, ...] | None = ("direct", "partial")) -> pd.DataFrame:
    """The quotes of an actor (gazetteer id, or part of the speaker's name, case-insensitive), newest first.

    ``side`` keeps the speakers of one side; ``kind`` is one kind or several: "direct" and "partial" (the
    default: words in quotation marks), "indirect" (reported speech), or None for all.
    Columns: ``date, outlet, title, speaker, speaker_id, speaker_side, kind, cue, text, article_id,
    sentence_id``.

    >>> tk.quote_board(analysis, "dmitry_peskov").head()     # doctest: +SKIP
    >>> tk.quote_board(analysis, side="Ukraine")              # doctest: +SKIP
    """
    quotes = analysis.quotes
    mask = pd.Series(True, index=quotes.index)
    if kind is not None:
        mask &= quotes["kind"].isin([kind] if isinstance(kind, str) else list(kind))
    if actor:
        mask &= (quotes["speaker_id"] == actor) | quotes["speaker"].str.contains(actor, case=False, regex=False)
    if side:
        mask &= quotes["speaker_side"] == side
    meta = analysis.articles[["article_id", "date", "outlet", "title"]]
    board = quotes[mask].merge(meta, on="article_id", how="left")
    columns = ["date", "outlet", "title", "speaker", "speaker_id", "speaker_side", "kind", "cue", "text", "article_id",
               "sentence_id"]
    board = board.sort_values(["date", "article_id", "sentence_id"], ascending=[False, True, True], na_position="last")
    return board[columns].reset_index(drop=True)

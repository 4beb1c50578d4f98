"""Summaries of an analysis: actor counts, co-mentions, positions and the quote board."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import toolkit as tk


# ---------------------------------------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def small_analysis():
    corpus = pd.DataFrame({
        "title": ["a", "b", "c"],
        "outlet": ["X", "X", "Y"],
        "date": ["2025-05-16", "2025-05-20", "2025-06-02"],
        "text": ["Putin met Trump. Zelensky was absent.",
                 "Putin and Zelensky spoke. Putin left.",
                 "Trump called Zelensky."],
    })
    return tk.analyze(corpus)


def test_actor_counts(small_analysis):
    counts = tk.actor_counts(small_analysis).set_index("actor_id")
    assert counts.loc["vladimir_putin", ["mentions", "articles"]].tolist() == [3, 2]
    assert counts.loc["volodymyr_zelensky", "article_share"] == 1.0
    by_outlet = tk.actor_counts(small_analysis, by="outlet").set_index(["outlet", "actor_id"])
    assert by_outlet.loc[("X", "vladimir_putin"), "mentions"] == 3
    assert by_outlet.loc[("Y", "donald_trump"), "article_share"] == 1.0
    by_month = tk.actor_counts(small_analysis, by="month")
    assert set(by_month.month.dt.month) == {5, 6}
    with pytest.raises(KeyError):
        tk.actor_counts(small_analysis, by="nonsense")


def test_co_mentions(small_analysis):
    sentence = tk.co_mentions(small_analysis)
    pairs = {(r.a, r.b): r.count for r in sentence.itertuples()}
    assert pairs == {("donald_trump", "vladimir_putin"): 1, ("vladimir_putin", "volodymyr_zelensky"): 1,
                     ("donald_trump", "volodymyr_zelensky"): 1}
    article = {(r.a, r.b): (r.count, r.articles) for r in tk.co_mentions(small_analysis, window="article").itertuples()}
    assert article[("vladimir_putin", "volodymyr_zelensky")] == (2, 2)
    assert article[("donald_trump", "volodymyr_zelensky")] == (2, 2)
    sides = tk.co_mentions(small_analysis, level="side", window="article")
    assert {(r.a, r.b) for r in sides.itertuples()} == {("Russia", "Ukraine"), ("Russia", "United States"),
                                                         ("Ukraine", "United States")}
    empty = tk.co_mentions(tk.analyze(pd.DataFrame({"text": ["Nobody here."]})))
    assert empty.empty and list(empty.columns) == ["a", "b", "a_name", "b_name", "count", "articles"]


def test_counts_and_co_mentions_on_sample(sample_analysis):
    counts = tk.actor_counts(sample_analysis)
    top = counts[counts.kind == "person"].actor_id.head(3).tolist()
    assert "volodymyr_zelensky" in top and "vladimir_putin" in top
    pairs = tk.co_mentions(sample_analysis, level="side")
    assert (pairs.iloc[0].a, pairs.iloc[0].b) == ("Russia", "Ukraine")


# ---------------------------------------------------------------------------------------------- positions
def test_positions_pivot(sample_analysis):
    table = tk.positions(sample_analysis, by="holder_side")
    assert list(table.index.names) == ["holder_side", "act"]
    assert set(table.index.get_level_values("act")) == {"DEMAND", "REQUEST", "PROPOSE", "AGREE", "REJECT", "THREATEN"}
    assert {"ceasefire", "territory", "hostages_detainees", "talks", "other"} <= set(table.columns)
    statements = sample_analysis.statements
    assert table.to_numpy().sum() == (~statements.negated).sum()
    assert table.loc[("Russia", "DEMAND")].sum() == ((statements.holder_side == "Russia") & (statements.act == "DEMAND")
                                                     & ~statements.negated).sum()
    by_month = tk.positions(sample_analysis, by="month")
    assert by_month.to_numpy().sum() == table.to_numpy().sum()
    with pytest.raises(KeyError):
        tk.positions(sample_analysis, by="nonsense")


# ---------------------------------------------------------------------------------------------- quotes
def test_quote_board(sample_analysis):
    board = tk.quote_board(sample_analysis, "dmitry_peskov")
    assert len(board) >= 3 and set(board.speaker_id) == {"dmitry_peskov"}
    assert board.date.is_monotonic_decreasing
    by_name = tk.quote_board(sample_analysis, "peskov")
    assert len(by_name) == len(board)
    ukraine = tk.quote_board(sample_analysis, side="Ukraine", kind=None)
    assert set(ukraine.speaker_side) == {"Ukraine"} and {"direct", "indirect"} <= set(ukraine.kind)


# ---------------------------------------------------------------------------------------------- volume, wording
def test_volume_counts_articles_per_period_with_empty_periods(small_analysis):
    by_month = tk.volume(small_analysis, "month")
    assert by_month.period.dt.strftime("%Y-%m").tolist() == ["2025-05", "2025-06"]
    assert by_month.articles.tolist() == [2, 1]
    assert by_month.period_end.dt.strftime("%Y-%m-%d").tolist() == ["2025-05-31", "2025-06-30"]
    by_week = tk.volume(small_analysis, "week")
    assert by_week.articles.tolist() == [1, 1, 0, 1]  # the weeks of 12 May .. 2 June, one without articles
    putin = tk.volume(small_analysis, "month", actor="putin")
    assert putin[["matching_articles", "mentions"]].values.tolist() == [[2, 3], [0, 0]]
    term = tk.volume(small_analysis, "month", term="zelensky")
    assert term.mentions.tolist() == [2, 1]
    per_outlet = tk.volume(small_analysis, "month", by="outlet")
    assert per_outlet[["outlet", "articles"]].values.tolist() == [["X", 2], ["Y", 0], ["X", 0], ["Y", 1]]
    with pytest.raises(ValueError, match="freq"):
        tk.volume(small_analysis, "fortnight")
    with pytest.raises(ValueError, match="not both"):
        tk.volume(small_analysis, actor="putin", term="talks")


def test_log_odds_with_an_informative_prior_by_hand():
    from toolkit.analysis.wording import distinctive_words_of

    frame = pd.DataFrame({"side": ["a", "b"], "text": ["tariffs tariffs farmers", "peace peace farmers"]})
    table = distinctive_words_of(frame, "side", "a", "b", min_count=1, prior=6.0, phrases=False).set_index("word")
    # every word is 2 of the 6 words: alpha_w = 6 * 2 / 6 = 2; n_a = n_b = 3, alpha0 = 6
    delta = np.log((2 + 2) / (3 + 6 - 2 - 2)) - np.log((0 + 2) / (3 + 6 - 0 - 2))
    assert table.loc["tariffs", "log_odds"] == pytest.approx(delta)
    assert table.loc["tariffs", "z"] == pytest.approx(delta / np.sqrt(1 / 4 + 1 / 2))
    assert table.loc["peace", "z"] == pytest.approx(-table.loc["tariffs", "z"])
    assert "farmers" not in table.index  # z = 0: typical of neither
    assert list(table.columns) == ["count_a", "count_b", "log_odds", "z"]


def test_distinctive_words_of_quotes_and_periods(sample_analysis):
    quotes = tk.distinctive_words(sample_analysis, "speaker_side", "Russia", "Ukraine", source="quotes", min_count=2)
    assert len(quotes) and quotes.z.is_monotonic_decreasing
    periods = tk.distinctive_words(sample_analysis, "year", "2022", "2025", top=5)
    assert 0 < (periods.z > 0).sum() <= 5 and 0 < (periods.z < 0).sum() <= 5
    assert set(periods.columns) == {"word", "count_a", "count_b", "log_odds", "z"}
    assert tk.distinctive_words(sample_analysis, "outlet", "nobody", "Meridian Post").empty
    with pytest.raises(KeyError, match="cannot group by"):
        tk.distinctive_words(sample_analysis, "colour", "a", "b")
    with pytest.raises(ValueError, match="source"):
        tk.distinctive_words(sample_analysis, "outlet", "a", "b", source="titles")


def test_article_table_and_sentences_drill_down(sample_analysis):
    view = sample_analysis.filter(acts=["REJECT"])
    table = tk.article_table(view)
    assert list(table.columns) == ["date", "outlet", "title", "url", "sentences", "quotes", "statements", "polarity",
                                   "article_id"]
    assert len(table) == len(view.articles) and table.date.is_monotonic_decreasing
    first = table.iloc[0]
    assert first.statements == (view.statements.article_id == first.article_id).sum() > 0
    detail = tk.article_sentences(sample_analysis, first.article_id)
    assert list(detail.columns) == ["sentence_id", "text", "polarity", "actors", "quotes", "positions"]
    assert len(detail) == first.sentences
    rejected = view.statements[view.statements.article_id == first.article_id].iloc[0]
    assert "REJECT" in detail.set_index("sentence_id").loc[rejected.sentence_id, "positions"]
    with pytest.raises(KeyError, match="no article"):
        tk.article_sentences(sample_analysis, "nope")

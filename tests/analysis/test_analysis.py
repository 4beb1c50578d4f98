"""tk.analyze: the tables, TextBlob identity of sentiment, Parquet round-trip, and the command line."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from textblob import TextBlob

import toolkit as tk
from conftest import ROOT, SAMPLE

ARTICLE_COLUMNS = ["article_id", "title", "date", "outlet", "url", "author", "text", "source", "n_sentences",
                   "n_words", "polarity", "subjectivity"]
SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "start", "end", "text", "polarity", "subjectivity"]


def test_tables_have_documented_columns(sample_analysis):
    assert list(sample_analysis.articles.columns[:len(ARTICLE_COLUMNS)]) == ARTICLE_COLUMNS
    assert list(sample_analysis.sentences.columns[:len(SENTENCE_COLUMNS)]) == SENTENCE_COLUMNS
    assert sample_analysis.articles.date.dtype.kind == "M"


def test_sentence_offsets_and_counts(sample_analysis):
    texts = sample_analysis.articles.set_index("article_id").text
    for row in sample_analysis.sentences.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text
    counts = sample_analysis.sentences.groupby("article_id").size()
    articles = sample_analysis.articles.set_index("article_id")
    assert (articles.n_sentences == counts.reindex(articles.index)).all()
    assert (articles.n_words > 100).all()


def _assert_textblob_identity(analysis):
    for row in analysis.sentences.itertuples():
        expected = TextBlob(row.text).sentiment
        assert row.polarity == expected.polarity and row.subjectivity == expected.subjectivity, row.text
    for row in analysis.articles.itertuples():
        expected = TextBlob(row.text).sentiment
        assert (row.polarity, row.subjectivity) == (expected.polarity, expected.subjectivity)


def test_sentence_sentiment_equals_textblob_on_sample(sample_analysis):
    _assert_textblob_identity(sample_analysis)


def test_sentence_sentiment_equals_textblob_on_seed(seed_analysis):
    _assert_textblob_identity(seed_analysis)
    assert len(seed_analysis.sentences) == 35


def test_save_load_round_trips_exactly(sample_analysis, tmp_path):
    sample_analysis.save(tmp_path / "out")
    loaded = tk.Analysis.load(tmp_path / "out")
    for name, frame in sample_analysis.tables().items():
        pd.testing.assert_frame_equal(getattr(loaded, name), frame, check_exact=True)
    assert loaded.meta == sample_analysis.meta


def test_round_trip_with_problems_and_missing_dates(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("# A\n\nsome day 12\n\nBody of a.", encoding="utf-8")
    (tmp_path / "in" / "b.md").write_text("", encoding="utf-8")
    analysis = tk.analyze(tmp_path / "in")
    assert analysis.articles.date.isna().all() and len(analysis.problems) == 2
    loaded = tk.Analysis.load(analysis.save(tmp_path / "out"))
    for name, frame in analysis.tables().items():
        pd.testing.assert_frame_equal(getattr(loaded, name), frame, check_exact=True)


def test_analyze_does_not_mutate_its_input():
    corpus = tk.load_corpus(SAMPLE)
    before = corpus.articles.copy()
    tk.analyze(corpus)
    pd.testing.assert_frame_equal(corpus.articles, before)


def test_load_missing_analysis_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        tk.Analysis.load(tmp_path / "nothing")


def test_cli_analyze_writes_tables(tmp_path):
    out = tmp_path / "x"
    result = subprocess.run([sys.executable, "-m", "toolkit", "analyze", str(SAMPLE), "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "articles:" in result.stdout and "outlets:" in result.stdout and "dates:" in result.stdout
    for name in ("articles", "sentences", "problems"):
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists()
    articles = pd.read_parquet(out / "articles.parquet")
    assert len(articles) == len(tk.load_corpus(SAMPLE).articles)


def test_cli_out_of_core_writes_partitioned_tables(tmp_path):
    out = tmp_path / "parts"
    result = subprocess.run([sys.executable, "-m", "toolkit", "analyze", str(SAMPLE), "--out", str(out),
                             "--out-of-core", "--workers", "1"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    expected = tk.load_corpus(SAMPLE)
    assert f"articles:  {len(expected.articles)}" in result.stdout
    loaded = tk.Analysis.load(out)
    pd.testing.assert_frame_equal(loaded.articles[list(expected.articles.columns)], expected.articles)
    strict = subprocess.run([sys.executable, "-m", "toolkit", "analyze", str(SAMPLE), "--out", str(out),
                             "--out-of-core", "--strict"], capture_output=True, text=True, cwd=ROOT)
    assert strict.returncode == 2 and "--strict" in strict.stderr


def test_cli_bad_path_exits_1(tmp_path):
    result = subprocess.run([sys.executable, "-m", "toolkit", "analyze", str(tmp_path / "missing"), "--out",
                             str(tmp_path / "o")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_rows_where_equals_boolean_indexing_on_every_table(sample_analysis):
    import numpy as np

    from toolkit.analysis.analysis import rows_where

    rng = np.random.default_rng(7)
    for name, table in sample_analysis.tables().items():
        # several Arrow chunks per column, as after pd.concat or a Parquet read
        chunked = pd.concat([table.iloc[:len(table) // 2], table.iloc[len(table) // 2:]], ignore_index=True)
        for share in (0.0, 0.3, 1.0):
            mask = rng.random(len(table)) < share
            expected = table[mask].reset_index(drop=True)
            pd.testing.assert_frame_equal(rows_where(chunked, mask), expected, check_exact=True, obj=name)


def test_filter_maps_rows_to_articles_and_drops_rows_of_unknown_articles(sample_analysis):
    import numpy as np

    a = sample_analysis
    positions = a._article_positions("sentences")
    expected = pd.Index(a.articles["article_id"]).get_indexer(a.sentences["article_id"])
    assert np.array_equal(positions, expected)
    # a sentence whose article is missing (a hand-built table) is never kept, whatever the last article does
    orphan = a.sentences.iloc[:1].assign(article_id="no-such-article")
    with_orphan = tk.Analysis(articles=a.articles, sentences=pd.concat([a.sentences, orphan], ignore_index=True),
                              mentions=a.mentions, quotes=a.quotes, statements=a.statements, problems=a.problems)
    assert with_orphan._article_positions("sentences")[-1] == -1
    everything = with_orphan.filter(outlets=a.articles["outlet"].unique().tolist())
    assert len(everything.sentences) == len(a.sentences)
    last_only = with_orphan.filter(outlets=[a.articles["outlet"].iloc[-1]])
    assert "no-such-article" not in set(last_only.sentences["article_id"])


def test_filter_equals_plain_pandas_selection(sample_analysis):
    """Every table of a filtered analysis is the plain pandas selection of the rows of the kept articles,
    narrowed to the statements of the chosen side and act."""
    a = sample_analysis
    outlet = a.articles["outlet"].value_counts().index[0]
    got = a.filter(outlets=[outlet])
    kept = set(a.articles.loc[a.articles["outlet"] == outlet, "article_id"])
    assert 0 < len(kept) < len(a.articles)
    for name, table in a.tables().items():
        if name != "problems":
            expected = table[table["article_id"].isin(kept)].reset_index(drop=True)
            pd.testing.assert_frame_equal(getattr(got, name), expected, check_exact=True, obj=name)
    narrowed = a.filter(sides=["Ukraine"], acts=["DEMAND"])
    s = a.statements
    rows = s[(s["holder_side"] == "Ukraine") & (s["act"] == "DEMAND")]
    mentioning = set(a.mentions.loc[a.mentions["side"] == "Ukraine", "article_id"])
    articles = set(rows["article_id"]) & mentioning
    assert 0 < len(articles) < len(a.articles)
    expected = rows[rows["article_id"].isin(articles)].reset_index(drop=True)
    pd.testing.assert_frame_equal(narrowed.statements, expected, check_exact=True)
    q = a.quotes
    expected = q[q["article_id"].isin(articles) & (q["speaker_side"] == "Ukraine")].reset_index(drop=True)
    pd.testing.assert_frame_equal(narrowed.quotes, expected, check_exact=True)
    assert set(narrowed.articles["article_id"]) == articles


def test_tables_by_position_by_assignment_and_filters_after_a_saved_edit(sample_analysis, tmp_path):
    a = sample_analysis
    by_position = tk.Analysis(a.articles, a.sentences)  # as version 0.1 took them
    assert len(by_position.sentences) == len(a.sentences) and by_position.statements.empty
    edited = tk.Analysis(**a.tables())
    edited.statements = a.statements.assign(checked=True)  # replaces the table everywhere
    assert "checked" in edited.tables()["statements"] and "checked" in edited.filter(acts="DEMAND").statements
    # saved with the added column, the table keeps its filter keywords and its actor columns
    loaded = tk.Analysis.load(edited.save(tmp_path / "edited"))
    assert loaded.specs["statements"].filters == {"issues": "issue", "acts": "act"}
    narrowed = loaded.filter(acts=["DEMAND"], sides=["Ukraine"], outlets=a.articles["outlet"].unique().tolist())
    assert set(narrowed.statements["act"]) == {"DEMAND"} and set(narrowed.statements["holder_side"]) == {"Ukraine"}
    assert len(loaded.filter(outlets="Meridian Post").articles) == (a.articles["outlet"] == "Meridian Post").sum()


# ---------------------------------------------------------------------------------------------- hostile input
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    frame = pd.DataFrame({"title": ["=HYPERLINK(\"http://x.example\",\"Talks\")", "+1 talks", "@SUM(A1)", "Plain"],
                          "outlet": ["-Wire", "@Wire", "Wire", "Wire"], "date": ["2025-05-16"] * 4,
                          "text": [f"Russia rejected plan {i}." for i in range(4)]})
    analysis = tk.analyze(frame, cache=False)
    written = pd.read_csv(analysis.to_csv(tmp_path / "csv") / "articles.csv", keep_default_na=False)
    assert written["title"].tolist() == ["'=HYPERLINK(\"http://x.example\",\"Talks\")", "'+1 talks", "'@SUM(A1)",
                                         "Plain"]
    assert written["outlet"].tolist()[:2] == ["'-Wire", "'@Wire"]  # the loader has folded white space already
    assert written["polarity"].dtype.kind == "f"  # numbers stay numbers, negative ones too
    saved = tk.Analysis.load(analysis.save(tmp_path / "parquet"))
    assert saved.articles["title"].tolist()[0].startswith("=HYPERLINK")  # Parquet keeps the exact text


def test_load_refuses_paths_that_leave_the_folder_and_tables_without_their_columns(sample_analysis, tmp_path):
    import json

    folder = sample_analysis.save(tmp_path / "saved")
    meta = json.loads((folder / "meta.json").read_text())
    for key, value, message in (("parts", ["../../secret.parquet"], "'parts' must name files"),
                                ("tables", {"../secret": {"columns": {"article_id": "str"}}}, "must be identifiers")):
        (folder / "meta.json").write_text(json.dumps({**meta, key: value}))
        with pytest.raises(ValueError, match=message):
            tk.Analysis.load(folder)
    (folder / "meta.json").write_text(json.dumps(meta))
    sample_analysis.quotes.drop(columns=["speaker_side"]).to_parquet(folder / "quotes.parquet")
    with pytest.raises(ValueError, match="quotes.parquet: table 'quotes' lacks the column\\(s\\) speaker_side"):
        tk.Analysis.load(folder)


@pytest.mark.parametrize("criteria, error, message", [
    ({"start": 2025}, TypeError, "start takes a date such as '2025-05-16'"),
    ({"end": 20250516}, TypeError, "end takes a date"),
    ({"start": "not a date"}, ValueError, "start: 'not a date' is not a date"),
    ({"start": "2025-06-01", "end": "2025-05-01"}, ValueError, "start .* is after end"),
    ({"outlets": 123}, TypeError, "outlets takes names \\(strings\\), not int 123"),
    ({"actors": [1]}, TypeError, "actors takes names \\(strings\\), not int 1"),
    ({"text": ["ceasefire"]}, TypeError, "text takes a string"),
    ({"acts": object()}, TypeError, "acts takes a value or a list"),
])
def test_filter_says_what_is_wrong_with_its_arguments(sample_analysis, criteria, error, message):
    with pytest.raises(error, match=message):
        sample_analysis.filter(**criteria)
    assert len(sample_analysis.filter(start="2025", end=pd.Timestamp("2025-12-31", tz="Europe/Kyiv")).articles)


def test_cli_checks_its_output_and_workers_first_and_exits_130_on_ctrl_c(tmp_path, monkeypatch, capsys):
    from toolkit import cli

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    calls = []
    monkeypatch.setattr(tk, "load_corpus", lambda *a, **k: calls.append(1))  # nothing may run before the check
    assert cli.main(["analyze", str(SAMPLE), "--out", str(blocker / "out")]) == 1
    assert "cannot write to --out" in capsys.readouterr().err and not calls
    with pytest.raises(SystemExit) as usage:
        cli.main(["analyze", str(SAMPLE), "--out", str(tmp_path / "o"), "--workers", "0"])
    assert usage.value.code == 2 and "at least 1" in capsys.readouterr().err

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(tk, "load_corpus", interrupted)
    assert cli.main(["analyze", str(SAMPLE), "--out", str(tmp_path / "o")]) == 130
    assert capsys.readouterr().err.strip() == "interrupted"


def test_filter_dates_beyond_pandas_range_and_missing_criteria():
    a = tk.analyze(pd.DataFrame({"date": ["2025-05-16 10:00", "2025-06-01"], "text": ["Talks one.", "Talks two."]}),
                   cache=False)
    import numpy as np

    for criteria, kept in ((dict(start="2500-01-01"), 0), (dict(end="1000-01-01"), 0), (dict(start="1500-01-01"), 2),
                           (dict(end="3000-01-01"), 2), (dict(start=np.datetime64("2600-01-01", "s")), 0),
                           (dict(end="2025-05-16"), 1), (dict(end="2025-05-16 09:00"), 0),
                           (dict(acts=[pd.NA, None]), 2)):
        assert len(a.filter(**criteria).articles) == kept, criteria


def test_csv_cells_of_any_text_dtype_are_neutralised(tmp_path):
    import json

    frame = pd.DataFrame({"title": ["=HYPERLINK(\"http://x.example\")"], "outlet": ["=cmd"], "date": ["2025-05-16"],
                          "text": ["Russia rejected the plan."]})
    analysis = tk.analyze(frame, cache=False)
    analysis.articles = analysis.articles.assign(outlet=analysis.articles["outlet"].astype("category"))
    written = pd.read_csv(analysis.to_csv(tmp_path / "a") / "articles.csv")
    assert written["outlet"].tolist() == ["'=cmd"]
    saved = analysis.save(tmp_path / "saved")  # a meta.json that makes the title a category: still neutralised
    meta = json.loads((saved / "meta.json").read_text())
    meta["tables"]["articles"]["columns"]["title"] = "category"
    (saved / "meta.json").write_text(json.dumps(meta))
    written = pd.read_csv(tk.Analysis.load(saved).to_csv(tmp_path / "b") / "articles.csv")
    assert written["title"].str.startswith("'=").all()


def test_load_refuses_links_out_malformed_meta_and_reserved_names(sample_analysis, tmp_path):
    import json
    import os

    folder = sample_analysis.save(tmp_path / "saved")
    good = (folder / "meta.json").read_text()
    for content in ("[1, 2]", '{"tables": {"articles": {}}}', '{"parts": 5}', "\udcff".encode("utf-8", "surrogateescape"),
                    '{"tables": {"specs": {"columns": {"article_id": "str"}}}}'):
        (folder / "meta.json").write_bytes(content if isinstance(content, bytes) else content.encode())
        with pytest.raises(ValueError, match="meta.json"):
            tk.Analysis.load(folder)
    (folder / "meta.json").write_text(good)
    outside = tmp_path / "outside.parquet"
    sample_analysis.articles.head(1).to_parquet(outside)
    os.remove(folder / "articles.parquet")
    os.symlink(outside, folder / "articles.parquet")
    with pytest.raises(ValueError, match="leads outside"):
        tk.Analysis.load(folder)


def test_cli_refuses_a_url_for_out_without_out_of_core(tmp_path, monkeypatch, capsys):
    from toolkit import cli

    monkeypatch.chdir(tmp_path)
    assert cli.main(["analyze", str(SAMPLE), "--out", "x://y"]) == 1
    assert "takes --out-of-core" in capsys.readouterr().err and not (tmp_path / "x:").exists()


def test_cli_dashboard_sets_the_corpus_and_checks_its_paths(tmp_path, capsys):
    from toolkit import cli

    nb = cli.dashboard_notebook(cli.DASHBOARD, "/data/my articles")
    assert {c.cell_type for c in nb.cells} == {"code"}  # the page shows the dashboard, not the narration
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    at = next(i for i, t in enumerate(tags) if "parameters" in t)
    assert tags[at + 1] == ["injected-parameters"] and nb.cells[at + 1].source == "CORPUS = '/data/my articles'"
    default = cli.dashboard_notebook(cli.DASHBOARD)
    assert f"CORPUS = {str(SAMPLE.resolve())!r}" in [c.source for c in default.cells]  # served from a temp folder
    assert cli.main(["dashboard", str(tmp_path / "missing")]) == 1
    assert "no such file or folder" in capsys.readouterr().err
    assert cli.main(["dashboard", str(SAMPLE), "--notebook", str(tmp_path / "none.ipynb")]) == 1
    assert "no dashboard notebook" in capsys.readouterr().err

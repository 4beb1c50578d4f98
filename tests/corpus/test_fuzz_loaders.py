"""Fuzzing the loaders: records with hostile strings, dates and nesting, written as JSON Lines, JSON, CSV and
Markdown. Every record ends as an article or a problem row, nothing raises, and what loads can be analysed.
The examples are drawn from a fixed seed (``derandomize``), so a failure repeats."""
from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit as tk

HOSTILE = ["", " ", "\x00", "\ud83d", "\udcff tail", "\u202e\u200b", "=cmd|' /C calc'!A0", "$\\frac{$", "\n\n\n",
           "**a " * 50, "[" * 200, "# " + " " * 300 + "x", "9999-12-31", "1500-01-01", "0000-00-00", "Feb 30, 2025",
           "Tue, 99 Mar 2025 25:61:00 +9900", "<p>Talks <b>resumed</b></p>", "<script>alert(1)</script>",
           "http://" + "a" * 500, "NaN", "null", "Infinity", "-1e13", "1e300", "\r\n" * 10, "\t" * 40]

words = st.sampled_from(["Russia", "Ukraine", "Hamas", "talks", "ceasefire", "said", "\"We agree,\"", "rejected",
                         "demanded", "Putin", "Zelensky", ".", ",", "prisoners", "Doha", "Geneva"])
texts = st.one_of(st.text(max_size=300), st.sampled_from(HOSTILE),
                  st.lists(words, min_size=1, max_size=60).map(" ".join),
                  st.tuples(st.sampled_from(HOSTILE), st.lists(words, max_size=20).map(" ".join)).map("".join))
dates = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                  st.sampled_from(HOSTILE), st.text(max_size=30),
                  st.datetimes(timezones=st.none() | st.timezones()).map(lambda d: d.isoformat()))
nested = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                      lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                      max_leaves=12)
records = st.fixed_dictionaries({"title": st.one_of(texts, nested), "text": st.one_of(texts, nested),
                                 "date": dates, "url": st.one_of(st.none(), texts), "outlet": st.one_of(texts, nested),
                                 "author": nested})


def counted(corpus) -> int:
    """Records accounted for: articles, and problem rows of records not loaded (kept ones carry an id; a row
    that folds a long run of the same problem counts its positions)."""
    total = len(corpus.articles)
    for reason in corpus.problems.loc[corpus.problems["article_id"] == "", "reason"]:
        folded = re.search(r"\(the same for positions ([\d,]+)-([\d,]+)\)$", reason)
        total += 1 if folded is None else int(folded.group(2).replace(",", "")) - int(folded.group(1).replace(",", "")) + 1
    return total


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records, min_size=1, max_size=8))
def test_json_lines_and_json_account_for_every_record(batch):
    with tempfile.TemporaryDirectory() as folder:
        lines = Path(folder) / "in.jsonl"
        lines.write_text("".join(json.dumps(r) + "\n" for r in batch), encoding="utf-8")
        corpus = tk.load_corpus(lines)
        assert counted(corpus) == len(batch)
        whole = Path(folder) / "in.json"
        whole.write_text(json.dumps(batch), encoding="utf-8")
        assert counted(tk.load_corpus(whole)) == len(batch)
        if len(corpus.articles):
            analysis = tk.analyze(corpus, cache=False)
            assert len(analysis.articles) == len(corpus.articles)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(texts, texts, dates), min_size=1, max_size=6))
def test_csv_accounts_for_every_row(rows):
    with tempfile.TemporaryDirectory() as folder:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["title", "text", "date"])
        writer.writerows([(t, b, "" if d is None else d) for t, b, d in rows])
        path = Path(folder) / "in.csv"
        path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
        corpus = tk.load_corpus(path)
        written = [row for row in csv.reader(io.StringIO(buffer.getvalue(), newline=""))][1:]
        # a blank row is no record (once stray NUL bytes are removed, as the loader removes them)
        records = sum(1 for row in written if any(cell.replace("\x00", "").strip() for cell in row))
        assert counted(corpus) == records or (corpus.articles.empty and len(corpus.problems) == 1)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts, st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)))
def test_markdown_files_load_or_are_one_problem(title, body, date_line):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.md"
        path.write_bytes(f"# {title}\n\n{date_line}\n\n{body}\n".encode("utf-8", "surrogatepass"))
        corpus = tk.load_corpus(path)
        assert counted(corpus) == 1

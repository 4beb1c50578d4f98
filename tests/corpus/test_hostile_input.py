"""Broken and hostile input: every file and record ends as an article or a problem row, nothing raises,
nothing hangs, and nothing grows without bound. Inputs are built here, small; the limits are lowered where
a case would otherwise need large files."""
from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time

import pytest

import toolkit as tk
from toolkit.corpus import fields, loader, markdown

from conftest import ROOT

GOOD = {"title": "Talks resume", "date": "2025-05-16", "text": "Russia and Ukraine met in Istanbul on Friday."}


def record(i: int, **changes) -> dict:
    return {**GOOD, "title": f"Talks resume {i}", "text": f"{GOOD['text']} Round {i}.", **changes}


def jsonl(path, lines) -> str:
    path.write_bytes(b"".join((line if isinstance(line, bytes) else json.dumps(line).encode()) + b"\n"
                             for line in lines))
    return str(path)


def reasons(corpus) -> list[str]:
    return corpus.problems["reason"].tolist()


# ---------------------------------------------------------------------------------------------- data loss
@pytest.mark.parametrize("value", ["9999-12-31", "1500-01-01", -1e13, 1e300, "inf"])
def test_a_date_out_of_range_keeps_the_article_with_no_date(tmp_path, value):
    path = jsonl(tmp_path / "in.jsonl", [record(1, date=value), record(2)])
    corpus = tk.load_corpus(path)
    assert len(corpus.articles) == 2
    assert corpus.articles["date"].isna().tolist() == [True, False]
    (reason,) = reasons(corpus)
    assert "date" in reason and corpus.problems["article_id"].iloc[0] == corpus.articles["article_id"].iloc[0]
    out = tk.analyze_files(path, out=tmp_path / "out", workers=1, progress=False)  # a run, not a crash
    assert len(tk.Analysis.load(out).articles) == 2


def test_a_lone_surrogate_is_replaced_and_noted(tmp_path):
    bad = json.dumps(record(1, text="Talks \ud83d resumed in Doha.")).encode()  # a JSON escape of half a pair
    path = jsonl(tmp_path / "in.jsonl", [bad, record(2)])
    corpus = tk.load_corpus(path)
    assert corpus.articles["text"].tolist()[0] == "Talks \ufffd resumed in Doha."
    assert any("invalid characters" in r for r in reasons(corpus))
    assert len(tk.analyze(corpus, cache=False).sentences) >= 2


def test_json_nested_too_deep_is_one_problem(tmp_path):
    deep = b"[" * 100_000 + b"]" * 100_000
    corpus = tk.load_corpus(jsonl(tmp_path / "in.jsonl", [record(1), deep, record(2)]))
    assert len(corpus.articles) == 2
    assert corpus.problems["position"].tolist() == [2] and "nested" in reasons(corpus)[0]
    (tmp_path / "deep.json").write_bytes(deep)
    whole = tk.load_corpus(tmp_path / "deep.json")
    assert whole.articles.empty and "nested" in reasons(whole)[0]


def test_a_binary_line_at_the_start_of_a_json_lines_file_is_one_problem(tmp_path):
    junk = bytes(range(256)) * 4  # zero bytes and control bytes in the first 4 kB, but no newline byte
    junk = junk.replace(b"\n", b" ")
    path = jsonl(tmp_path / "in.jsonl", [junk] + [record(i) for i in range(49)])
    corpus = tk.load_corpus(path)
    assert len(corpus.articles) == 49
    assert corpus.problems["position"].tolist() == [1]


def test_one_line_in_another_encoding_does_not_garble_the_others(tmp_path):
    lines = [json.dumps(record(i, text=f"Talks in Zürich — “round {i}”."), ensure_ascii=False).encode()
             for i in range(20)]
    odd = json.dumps(record(99, text="Le café de la paix."), ensure_ascii=False).encode("cp1252")
    corpus = tk.load_corpus(jsonl(tmp_path / "in.jsonl", lines[:10] + [odd] + lines[10:]))
    texts = corpus.articles["text"].tolist()
    assert len(texts) == 21 and texts[0] == "Talks in Zürich — “round 0”." and texts[11] == "Talks in Zürich — “round 10”."
    assert texts[10] == "Le café de la paix."
    notes = corpus.problems
    assert notes["position"].tolist() == [11] and "cp1252" in notes["reason"].iloc[0]


def test_a_nul_byte_inside_a_markdown_article_is_dropped_and_noted(tmp_path):
    (tmp_path / "a.md").write_bytes("# Talks\n\nMay 16, 2025\n\nRussia and Ukraine\x00 met in Istanbul.\n".encode())
    corpus = tk.load_corpus(tmp_path)
    assert corpus.articles["text"].tolist() == ["Russia and Ukraine met in Istanbul."]
    assert any("NUL" in r for r in reasons(corpus))


def test_cyrillic_utf16_without_a_byte_order_mark_is_read(tmp_path):
    text = "# Переговоры в Стамбуле\n\n16 мая 2025\n\nРоссия и Украина провели первые прямые переговоры.\n"
    (tmp_path / "ru.md").write_bytes(text.encode("utf-16-le"))
    corpus = tk.load_corpus(tmp_path)
    assert corpus.articles["title"].tolist() == ["Переговоры в Стамбуле"]
    assert any("UTF-16" in r for r in reasons(corpus))


def test_unreadable_folders_and_links_to_folders_are_reported(tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "a.md").write_text("# A\n\nMay 1, 2025\n\nText.", encoding="utf-8")
    (root / "b.md").write_text("# B\n\nMay 2, 2025\n\nText.", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    original = os.scandir

    def scandir(path="."):  # the tests run as root, who can read any folder: deny this one here
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return original(path)

    monkeypatch.setattr(os, "scandir", scandir)
    corpus = tk.load_corpus(root)
    assert corpus.articles["title"].tolist() == ["B"]
    problems = dict(zip(corpus.problems["path"].map(os.path.basename), corpus.problems["reason"]))
    assert "Permission denied" in problems["locked"] and "link to a folder" in problems["linked"]


# ---------------------------------------------------------------------------------------------- hangs
def run_isolated(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``code`` in a fresh process with a timeout and a 2 GB address-space cap (a hang or a blow-up fails)."""
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30)); "
    return subprocess.run([sys.executable, "-c", limit + code], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_and_a_link_to_a_device_are_reported_not_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("# A\n\nMay 1, 2025\n\nRussia rejected the plan.", encoding="utf-8")
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "zero.jsonl").symlink_to("/dev/zero")
    done = run_isolated("import toolkit as tk, json; c = tk.load_corpus(%r); a = tk.analyze(%r); "
                        "f = tk.Analysis.load(tk.analyze_files(%r, out=%r, workers=1, progress=False)); "
                        "print(json.dumps([len(c.articles), c.problems['reason'].tolist(), len(a.articles), "
                        "len(f.articles), len(f.problems)]))"
                        % (str(folder), str(folder), str(folder), str(tmp_path / "out")))
    assert done.returncode == 0, done.stderr[-2000:]
    articles, problems, analysed, from_files, file_problems = json.loads(done.stdout.splitlines()[-1])
    assert articles == 1 and analysed == 1 and from_files == 1 and file_problems == 2
    assert sorted(problems) == ["not a regular file (a device): not read",
                                "not a regular file (a named pipe): not read"]


def test_a_gzip_bomb_stops_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(fields, "MAX_FILE_BYTES", 1_000_000)
    monkeypatch.setattr(fields, "MAX_RECORD_BYTES", 200_000)
    bomb = json.dumps([record(1, text="x" * 3_000_000)]).encode()  # a whole-file format: expands past the cap
    (tmp_path / "bomb.json.gz").write_bytes(gzip.compress(bomb))
    long_line = json.dumps(record(1, text="y" * 500_000)).encode()  # one record past the cap, then good ones
    (tmp_path / "lines.jsonl.gz").write_bytes(gzip.compress(long_line + b"\n" + json.dumps(record(2)).encode()))
    corpus = tk.load_corpus(tmp_path)
    by_file = corpus.problems.groupby(corpus.problems["path"].map(os.path.basename))["reason"].first().to_dict()
    assert "larger than" in by_file["bomb.json.gz"]
    assert "larger than" in by_file["lines.jsonl.gz"]
    assert corpus.articles["title"].tolist() == ["Talks resume 2"]
    out = tk.analyze_files(tmp_path / "lines.jsonl.gz", out=tmp_path / "out", workers=1, progress=False)
    assert len(tk.Analysis.load(out).articles) == 1


def test_an_article_longer_than_the_limit_is_a_problem_not_a_blow_up(tmp_path, monkeypatch):
    monkeypatch.setattr(fields, "MAX_ARTICLE_CHARS", 10_000)
    path = jsonl(tmp_path / "in.jsonl", [record(1, text="word " * 5_000), record(2)])
    corpus = tk.load_corpus(path)
    assert corpus.articles["title"].tolist() == ["Talks resume 2"]
    assert "longer than" in reasons(corpus)[0]


ADVERSARIAL = [
    " " * 30_000, "**a " * 10_000, "__a " * 10_000, "*a " * 10_000, "_a " * 10_000, "[" * 30_000, "](" * 15_000,
    "[a](" * 8_000, "![" * 15_000, "`" * 30_000, "<" * 30_000, "# " + " " * 30_000 + "x", "#" * 30_000,
    "a." * 15_000, "1." * 15_000, "http://" + "a" * 30_000, "http://a" + "/" * 30_000, "**" * 15_000,
    "By " + "a " * 15_000, "> " * 15_000, "- " * 15_000, "*" * 30_000 + "a", "Original url: " + " " * 30_000,
    "Published: " + "1 " * 15_000, "\t" * 30_000 + "x", ", " * 15_000, "(" * 30_000, "a" * 30_000,
]


def test_every_loader_regex_is_linear_on_adversarial_input():
    patterns = [(module.__name__, name, value) for module in (fields, markdown, loader, tk.corpus.formats)
                for name, value in vars(module).items() if isinstance(value, re.Pattern)]
    assert len(patterns) > 20
    for module, name, pattern in patterns:
        for text in ADVERSARIAL:
            start = time.perf_counter()
            pattern.search(text)
            pattern.sub("", text[:20_000])
            elapsed = time.perf_counter() - start
            assert elapsed < 0.5, (module, name, text[:20], elapsed)


def test_markdown_articles_of_adversarial_lines_parse_quickly():
    for body in ("# " + " " * 3_000 + "x" + " " * 3_000, "**a " * 25_000, "_a " * 25_000, "[a](" * 20_000,
                 "a" * 150_000 + "!", "\n\n".join(["of the"] * 20_000)):
        start = time.perf_counter()
        markdown.parse_markdown_article(f"# Title\n\nMay 16, 2025\n\n{body}\n\nRussia rejected the plan.")
        assert time.perf_counter() - start < 2, body[:20]


# ---------------------------------------------------------------------------------------------- found later
def test_a_feed_whose_content_is_a_path_or_url_is_not_opened(tmp_path):
    """feedparser opens a string that looks like a path or a URL: a feed file must be parsed as the text it
    holds, or a file could read another file (or a device, or the network)."""
    secret = tmp_path / "secret.xml"
    secret.write_text("<rss><channel><item><title>Secret</title><description>Never read me, please.</description>"
                      "</item></channel></rss>", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feed.rss").write_text(str(secret), encoding="utf-8")
    (folder / "zero.xml").write_text("/dev/zero", encoding="utf-8")
    (folder / "web.atom").write_text("http://127.0.0.1:9/feed", encoding="utf-8")
    corpus = tk.load_corpus(folder)
    assert corpus.articles.empty and len(corpus.problems) == 3
    assert all("not a readable RSS/Atom feed" in r for r in reasons(corpus))


def test_one_odd_value_does_not_stop_a_load(tmp_path):
    lines = [record(1, url="http://a.example:99999/x"), record(2, url="http://[::1/x"),
             b'{"title": "n", "text": "Talks resumed.", "n": ' + b"1" * 5000 + b"}",
             record(4, date={"$date": "2025-05-16"}), record(5, date={"$date": {"$numberLong": "1747353600000"}}),
             record(6, date={"odd": 1})]
    corpus = tk.load_corpus(jsonl(tmp_path / "in.jsonl", lines))
    assert corpus.articles["title"].tolist() == ["Talks resume 1", "Talks resume 2", "Talks resume 4",
                                                 "Talks resume 5", "Talks resume 6"]
    assert corpus.articles["date"].iloc[2:4].dt.strftime("%Y-%m-%d").tolist() == ["2025-05-16", "2025-05-16"]
    assert corpus.articles["url"].tolist()[:2] == ["http://a.example:99999/x", "http://[::1/x"]
    problems = dict(zip(corpus.problems["position"], corpus.problems["reason"]))
    assert "4300" in problems[3] and "unparseable date" in problems[6]
    (tmp_path / "big.json").write_bytes(b'[{"text": "Talks.", "n": ' + b"1" * 5000 + b"}]")
    assert "4300" in reasons(tk.load_corpus(tmp_path / "big.json"))[0]


def test_a_file_name_that_is_not_utf8_is_shown_not_fatal(tmp_path):
    name = os.fsdecode(b"bad\xff\xfe.md")
    (tmp_path / name).write_text("# Talks\n\nMay 16, 2025\n\nRussia and Ukraine met.", encoding="utf-8")
    corpus = tk.load_corpus(tmp_path)
    assert corpus.articles["source"].str.endswith("bad\ufffd\ufffd.md").all()
    assert len(tk.analyze(corpus, cache=False).sentences) == 1


def test_a_flood_of_tiny_bad_records_is_a_few_rows_in_bounded_memory(tmp_path):
    (tmp_path / "zeros.jsonl.gz").write_bytes(gzip.compress(b"0\n" * 5_000_000))  # 10 MB from 10 kB
    (tmp_path / "zeros.json").write_bytes(b"[" + b"0," * 2_000_000 + b"0]")
    (tmp_path / "rows.csv").write_bytes(b"title,date,text\n" + b"x\n" * 2_000_000)
    done = run_isolated("import toolkit as tk, json; c = tk.load_corpus(%r); "
                        "print(json.dumps(c.problems['reason'].tolist()))" % str(tmp_path), timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    problems = json.loads(done.stdout.splitlines()[-1])
    assert len(problems) <= 3 * 11
    assert any("(the same for positions 11-5,000,000)" in p for p in problems)


def test_an_unclosed_csv_quote_and_lone_carriage_returns_keep_the_records_after_them(tmp_path):
    (tmp_path / "quote.csv").write_text('title,date,text\nA,2025-05-16,"Russia met Ukraine.\n'
                                        "B,2025-05-16,Talks resumed.\nC,2025-05-17,More talks.\n", encoding="utf-8")
    corpus = tk.load_corpus(tmp_path / "quote.csv")
    assert corpus.articles["title"].tolist() == ["B", "C"]
    assert reasons(corpus) == ["unreadable CSV row: a quoted field is not closed"]
    (tmp_path / "cr.jsonl").write_bytes(b"\r".join(json.dumps(record(i)).encode() for i in range(3)))
    assert len(tk.load_corpus(tmp_path / "cr.jsonl").articles) == 3


PATHOLOGICAL = {"said": "said " * 20_000, "bang": "!" * 100_000, "ellipsis": "…" * 100_000,
                "names": "Russia " * 14_285, "quotes": '"We agree," said ' * 5_882, "curly": "“a " * 33_333,
                "titles": "Mr. " * 25_000, "commas": "Putin, " * 14_000}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_texts_without_sentences_analyse_in_linear_time(name):
    """100,000 characters of one word, one mark or one phrase repeated took from 30 s to past a minute
    (quadratic scans); a sentence is now at most 1,000 characters and the scans are bounded."""
    start = time.perf_counter()
    tk.analyze(tk.corpus.read_articles_frame(__import__("pandas").DataFrame({"text": [PATHOLOGICAL[name]]})),
               cache=False)
    assert time.perf_counter() - start < 15

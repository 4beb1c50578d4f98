"""Loaders: every supported format, the seed article, and bad input that must be reported, never lost."""
from __future__ import annotations

import codecs
import gzip
import json

import pandas as pd
import pytest

import toolkit as tk
from toolkit.corpus import ARTICLE_COLUMNS, PROBLEM_COLUMNS
from toolkit.corpus.fields import canonical_url, parse_date
from toolkit.corpus.markdown import parse_markdown_article

# An article in the seed's Markdown-ish form, written for these tests.
SEED_STYLE = """# Delegations Agree to Meet Again After Geneva Round

June 3, 2025



Delegates leave the conference hall in Geneva on June 3, 2025. **Press Office via Meridian Post**

The two delegations [agreed](#) on Tuesday to meet again within a month, officials said after talks in Geneva.

The head of the Ukrainian delegation, Defense Minister Rustem Umerov, said the sides had **exchanged** draft memoranda.

**Related article:** [Who Is Leading the Talks?](#)

The session was opened by Turkish Foreign

Minister Hakan Fidan, who called for a ceasefire.

*Continental Wire contributed reporting.*

Original url:

<https://www.meridianpost.example/2025/06/03/delegations-agree-to-meet-again>
"""


def write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


# ---------------------------------------------------------------------------------------------- Markdown
def test_seed_style_article_is_cleaned(tmp_path):
    corpus = tk.load_corpus(write(tmp_path / "a.md", SEED_STYLE))
    assert corpus.problems.empty
    art = corpus.articles.iloc[0]
    assert art.title == "Delegations Agree to Meet Again After Geneva Round"
    assert art.date == pd.Timestamp("2025-06-03")
    assert art.outlet == "Meridian Post"
    assert art.url == "https://www.meridianpost.example/2025/06/03/delegations-agree-to-meet-again"
    paragraphs = art.text.split("\n\n")
    assert paragraphs == [
        "The two delegations agreed on Tuesday to meet again within a month, officials said after talks in Geneva.",
        "The head of the Ukrainian delegation, Defense Minister Rustem Umerov, said the sides had exchanged draft "
        "memoranda.",
        "The session was opened by Turkish Foreign Minister Hakan Fidan, who called for a ceasefire.",
    ]
    assert list(corpus.articles.columns) == ARTICLE_COLUMNS


def test_seed_article_loads_as_described(seed_path):
    corpus = tk.load_corpus(seed_path)
    assert corpus.problems.empty
    assert len(corpus.articles) == 1
    art = corpus.articles.iloc[0]
    assert art.title == "Russia and Ukraine Agree to Prisoner Swap After First Direct Talks Since 2022"
    assert art.date == pd.Timestamp("2025-05-16")
    assert art.outlet == "The Moscow Times"
    assert art.url.startswith("https://www.themoscowtimes.com/2025/05/16/russia-and-ukraine-agree-to-prisoner-swap")
    text = art.text
    for furniture in ("**", "](", "[", "Related article", "Original url", "<http", "contributed reporting",
                      "via AFP", "https://"):
        assert furniture not in text, furniture
    assert text.startswith("Russia and Ukraine have agreed to a major prisoner exchange")
    assert text.rstrip().endswith("before Trump took office in January.")
    assert "Rustem Umerov, told reporters" in text  # link markup reduced to its words
    assert "opened by Turkish Foreign Minister Hakan Fidan" in text  # the export's broken paragraph re-joined
    assert text.count("\n\n") == 20  # 21 body paragraphs, blank line between them
    assert "\n\n\n" not in text


def test_plain_text_title_and_other_date_forms(tmp_path):
    files = {
        "iso.txt": "Talks resume\n\n2025-06-02\n\nThe delegations met again in Istanbul.",
        "weekday.md": "# Leaders meet\n\nMonday, 18 August 2025\n\nLeaders met at the White House.",
        "published.md": "# Third round\n\nPublished: 23 July 2025 14:05 GMT\n\nA third round began in Istanbul.",
        "byline.md": "# Swap\n\nMay 16, 2025\nBy Jane Roe\n\nBoth sides agreed to a swap.",
    }
    for name, text in files.items():
        write(tmp_path / name, text)
    arts = tk.load_corpus(tmp_path).articles.set_index("source")
    get = lambda name: arts.loc[str(tmp_path / name)]  # noqa: E731
    assert get("iso.txt").title == "Talks resume" and get("iso.txt").date == pd.Timestamp("2025-06-02")
    assert get("weekday.md").date == pd.Timestamp("2025-08-18")
    assert get("published.md").date == pd.Timestamp("2025-07-23 14:05")
    assert get("byline.md").author == "Jane Roe"
    assert get("byline.md").text == "Both sides agreed to a swap."


def test_markdown_strips_inline_markup():
    doc = parse_markdown_article("# T\n\nMay 1, 2025\n\nA ![pic](x.png)[link](http://a.b) with *em*, __b__ and `c`.\n")
    assert doc.body == "A link with em, b and c."


# ---------------------------------------------------------------------------------------------- dates and URLs
@pytest.mark.parametrize("raw, expected", [
    ("May 16, 2025", "2025-05-16"),
    ("2025-05-16", "2025-05-16"),
    ("2025-05-16T10:30:00Z", "2025-05-16 10:30"),
    ("2025-05-16T10:30:00+03:00", "2025-05-16 07:30"),
    ("2025-05-16 10:30", "2025-05-16 10:30"),
    ("Fri, 16 May 2025 10:00:00 +0300", "2025-05-16 07:00"),
    ("Fri, 16 May 2025 10:00:00 GMT", "2025-05-16 10:00"),
    ("Monday, 18 August 2025", "2025-08-18"),
    ("Published: 23 July 2025 14:05 GMT", "2025-07-23 14:05"),
    (1747389600, "2025-05-16 10:00"),
])
def test_parse_date_forms(raw, expected):
    assert parse_date(raw) == pd.Timestamp(expected)


@pytest.mark.parametrize("raw", ["", None, float("nan")])
def test_parse_date_empty_is_none(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize("raw", ["yesterday", "Thursday", "not a date 99", "May 45, 2025"])
def test_parse_date_rejects_non_dates(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


def test_canonical_url_removes_noise():
    a = canonical_url("http://www.Example.org/news/story/?utm_source=tw&id=3#comments")
    b = canonical_url("https://example.org/news/story?id=3")
    assert a == b == "https://example.org/news/story?id=3"


def test_outlet_table_and_unknown_domain(tmp_path):
    write(tmp_path / "known.md", "# A\n\nMay 1, 2025\n\nBody one.\n\nOriginal url:\n\n<https://edition.cnn.com/a>")
    write(tmp_path / "unknown.md", "# B\n\nMay 1, 2025\n\nBody two.\n\nOriginal url:\n\n<https://news.example.net/b>")
    arts = tk.load_corpus(tmp_path).articles.sort_values("title")
    assert arts.outlet.tolist() == ["CNN", "news.example.net"]
    custom = tk.load_corpus(tmp_path, outlets={"example.net": "Example Net News"}).articles.sort_values("title")
    assert custom.outlet.tolist() == ["CNN", "Example Net News"]


# ---------------------------------------------------------------------------------------------- HTML
HTML_PAGE = """<!doctype html><html><head>
<title>Envoys meet in Riyadh | Meridian Post</title>
<meta property="og:title" content="Envoys meet in Riyadh">
<meta property="og:site_name" content="Meridian Post">
<meta property="article:published_time" content="2025-02-18T09:15:00+03:00">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="https://meridianpost.example/2025/02/18/envoys-meet">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Envoys meet in Riyadh","datePublished":"2025-02-18T09:15:00+03:00",
"author":{"@type":"Person","name":"Jane Roe"}}</script>
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Envoys meet in Riyadh</h1>
<p>Senior American and Russian officials met in Riyadh on Tuesday for their first substantive talks in years,
and both sides described the four-hour session as useful.</p>
<p>The delegations agreed to restore staff at their embassies and to set up a team to work on a settlement,
according to a statement issued after the meeting.</p>
<p>No Ukrainian officials attended, which drew sharp criticism from Kyiv and from several European capitals.</p>
</article><footer>Copyright Meridian Post. All rights reserved.</footer></body></html>"""


def test_html_page_uses_trafilatura_and_metadata(tmp_path):
    corpus = tk.load_corpus(write(tmp_path / "page.html", HTML_PAGE))
    assert corpus.problems.empty, corpus.problems
    art = corpus.articles.iloc[0]
    assert art.title == "Envoys meet in Riyadh"
    assert art.outlet == "Meridian Post"
    assert art.author == "Jane Roe"
    assert art.url == "https://meridianpost.example/2025/02/18/envoys-meet"
    assert art.date == pd.Timestamp("2025-02-18 06:15")
    assert art.text.count("\n\n") == 2
    assert "Home" not in art.text and "Copyright" not in art.text


def test_html_without_article_text_is_a_problem(tmp_path):
    corpus = tk.load_corpus(write(tmp_path / "empty.html", "<html><head><title>x</title></head><body></body></html>"))
    assert corpus.articles.empty
    assert corpus.problems.reason.tolist() == ["no article text found in HTML"]


# ---------------------------------------------------------------------------------------------- records
def test_json_jsonl_csv_aliases_and_mapping(tmp_path):
    records = [
        {"headline": "One", "content": "Body of one.", "published": "2025-05-16", "link": "https://a.example/1",
         "source": {"id": None, "name": "Wire A"}, "authors": ["A. Writer", "B. Writer"]},
        {"title": "Two", "body": "<p>Body of two.</p><p>Second paragraph.</p>", "publish_date": "May 17, 2025",
         "domain": "bbc.co.uk"},
    ]
    write(tmp_path / "a.json", json.dumps({"articles": records}))
    write(tmp_path / "b.jsonl", "\n".join(json.dumps({**r, "link": r.get("link", "") + "x"}) for r in records))
    write(tmp_path / "c.csv", "Title,Text,Date,URL\nThree,\"Body, of three.\",2025-05-18,https://c.example/3\n")
    write(tmp_path / "d.csv", "hed;story_body;pub\nFour;Body of four.;2025-05-19\n")
    corpus = tk.load_corpus([tmp_path / "a.json", tmp_path / "c.csv"])
    arts = corpus.articles.set_index("title")
    assert arts.loc["One", "outlet"] == "Wire A" and arts.loc["One", "author"] == "A. Writer, B. Writer"
    assert arts.loc["Two", "text"] == "Body of two.\n\nSecond paragraph."
    assert arts.loc["Two", "outlet"] == "BBC News"
    assert arts.loc["Three", "date"] == pd.Timestamp("2025-05-18") and arts.loc["Three", "outlet"] == "c.example"
    assert arts.loc["One", "source"] == f"{tmp_path / 'a.json'}:1"
    # The JSONL copy has the same bodies: they are duplicates of the JSON records.
    both = tk.load_corpus([tmp_path / "a.json", tmp_path / "b.jsonl"])
    assert len(both.articles) == 2
    assert both.problems.reason.str.startswith("duplicate of ").sum() == 2
    # Unknown column names need a mapping.
    assert tk.load_corpus(tmp_path / "d.csv").problems.reason.str.contains("no text column").all()
    mapped = tk.load_corpus(tmp_path / "d.csv", mapping={"text": "story_body", "title": "hed", "date": "pub"})
    assert mapped.articles.iloc[0][["title", "text"]].tolist() == ["Four", "Body of four."]
    assert mapped.articles.iloc[0].date == pd.Timestamp("2025-05-19")


def test_gzipped_jsonl(tmp_path):
    lines = "\n".join(json.dumps({"title": f"T{i}", "text": f"Body number {i}."}) for i in range(3))
    write(tmp_path / "x.jsonl.gz", gzip.compress(lines.encode()))
    assert len(tk.load_corpus(tmp_path / "x.jsonl.gz").articles) == 3


def test_dataframe_input():
    frame = pd.DataFrame({"headline": ["A", "B"], "content": ["Alpha text.", "Beta text."]})
    analysis = tk.analyze(frame)
    assert analysis.articles.title.tolist() == ["A", "B"]


# ---------------------------------------------------------------------------------------------- feeds
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Bosphorus Review</title><link>https://bosphorusreview.example/</link>
<item><title>Talks resume in Istanbul</title><link>https://bosphorusreview.example/2025/06/02/talks</link>
<pubDate>Mon, 02 Jun 2025 10:00:00 +0300</pubDate><author>desk@bosphorusreview.example (News Desk)</author>
<description>&lt;p&gt;Delegations met again.&lt;/p&gt;&lt;p&gt;They exchanged memoranda.&lt;/p&gt;</description></item>
<item><title>Link only</title><link>https://bosphorusreview.example/2025/06/03/x</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Northern Dispatch</title>
<entry><title>Truce holds</title><link href="https://northerndispatch.example/2025/05/10/truce"/>
<updated>2025-05-10T08:00:00Z</updated><content type="html">&lt;p&gt;The truce held overnight.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_and_atom_feeds(tmp_path):
    write(tmp_path / "feed.rss", RSS)
    write(tmp_path / "feed.atom", ATOM)
    corpus = tk.load_corpus(tmp_path)
    arts = corpus.articles.set_index("title")
    assert arts.loc["Talks resume in Istanbul", "text"] == "Delegations met again.\n\nThey exchanged memoranda."
    assert arts.loc["Talks resume in Istanbul", "date"] == pd.Timestamp("2025-06-02 07:00")
    assert arts.loc["Talks resume in Istanbul", "outlet"] == "Bosphorus Review"
    assert arts.loc["Truce holds", "date"] == pd.Timestamp("2025-05-10 08:00")
    problems = corpus.problems
    assert problems.reason.tolist() == ["feed entry has no content or summary"]
    assert problems.position.tolist() == [2]


# ---------------------------------------------------------------------------------------------- bad input
GOOD = "# Good {n}\n\nMay {n}, 2025\n\nA perfectly ordinary article body number {n} about the talks."


@pytest.fixture()
def mixed_folder(tmp_path):
    """A folder of good and bad inputs, and how many records each file holds."""
    d = tmp_path / "mixed"
    records = {}

    def add(name, data, n_records=1):
        write(d / name, data)
        records[name] = n_records

    add("good1.md", GOOD.format(n=1))
    add("good2.txt", GOOD.format(n=2))
    add("cp1252.md", GOOD.format(n=3).replace("ordinary", "café “ordinary”"), )
    write(d / "cp1252.md", GOOD.format(n=3).replace("ordinary", "café “ordinary”").encode("cp1252"))
    add("bom.md", codecs.BOM_UTF8 + GOOD.format(n=4).encode())
    add("utf16.md", GOOD.format(n=5).encode("utf-16"))
    add("empty.md", b"")
    add("title_only.md", "# Only a title\n\nMay 1, 2025\n")
    add("binary.md", bytes(range(256)) * 8)
    add("picture.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
    add("notes.docx", b"PK\x03\x04 not really a docx")
    add("lines.jsonl", "\n".join([
        json.dumps({"title": "J1", "text": "First JSON line article."}),
        "{this is not json",
        json.dumps({"title": "J3", "text": "Third JSON line article.", "date": "the day after tomorrow"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "J5", "text": ""}),
    ]), n_records=5)
    add("notext.csv", "title,date\nA,2025-01-01\nB,2025-01-02\n", n_records=2)
    add("zz_dupe.md", GOOD.format(n=1))
    add("broken.json", '{"articles": [ {"title": "x"', n_records=1)
    return d, records


def test_mixed_folder_accounts_for_every_record(mixed_folder):
    folder, records = mixed_folder
    corpus = tk.load_corpus(folder)
    problems = corpus.problems
    assert list(problems.columns) == PROBLEM_COLUMNS
    dropped = problems[problems.article_id == ""]
    kept_with_note = problems[problems.article_id != ""]
    # Every record is either an article or a dropped-record problem; notes point at kept articles.
    assert len(corpus.articles) + len(dropped) == sum(records.values())
    assert set(kept_with_note.article_id) <= set(corpus.articles.article_id)
    reasons = {(p.path.rsplit("/", 1)[-1], None if pd.isna(p.position) else int(p.position)): p.reason
               for p in problems.itertuples()}
    assert reasons[("empty.md", None)] == "empty file"
    assert reasons[("title_only.md", None)] == "title but no body text"
    assert reasons[("binary.md", None)] == "binary file (not text)"
    assert reasons[("picture.png", None)].startswith("unsupported file type '.png'")
    assert reasons[("notes.docx", None)].startswith("unsupported file type '.docx'")
    assert reasons[("lines.jsonl", 2)].startswith("malformed JSON line")
    assert reasons[("lines.jsonl", 3)].startswith("unparseable date 'the day after tomorrow'")
    assert reasons[("lines.jsonl", 4)] == "line holds a list, not an object"
    assert reasons[("lines.jsonl", 5)] == "title but no body text"
    assert reasons[("notext.csv", 1)].startswith("no text column")
    assert reasons[("notext.csv", 2)].startswith("no text column")
    assert reasons[("broken.json", None)].startswith("malformed JSON")
    assert reasons[("cp1252.md", None)] == "not UTF-8: decoded as cp1252"
    assert reasons[("utf16.md", None)] == "not UTF-8: decoded as UTF-16"
    assert ("bom.md", None) not in reasons
    first = corpus.articles.set_index("title").loc["Good 1", "article_id"]
    assert reasons[("zz_dupe.md", None)] == f"duplicate of {first}"
    titles = set(corpus.articles.title)
    assert {"Good 1", "Good 2", "Good 3", "Good 4", "Good 5", "J1", "J3"} == titles
    cafe = corpus.articles.set_index("title").loc["Good 3", "text"]
    assert "café “ordinary”" in cafe
    assert pd.isna(corpus.articles.set_index("title").loc["J3", "date"])


def test_strict_raises_with_problems(mixed_folder):
    folder, _ = mixed_folder
    with pytest.raises(tk.CorpusError) as info:
        tk.load_corpus(folder, strict=True)
    assert "empty.md" in str(info.value)
    assert len(info.value.problems) >= 10


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        tk.load_corpus(tmp_path / "nope")


def test_article_ids_are_stable(tmp_path):
    path = write(tmp_path / "a.md", SEED_STYLE)
    first = tk.load_corpus(path).articles.article_id.iloc[0]
    again = tk.load_corpus(path).articles.article_id.iloc[0]
    assert first == again and len(first) == 16
    # Without a URL the id hashes title + date + text, so an edited body gives a new id.
    no_url = write(tmp_path / "b.md", "# T\n\nMay 1, 2025\n\nBody.")
    edited = write(tmp_path / "c.md", "# T\n\nMay 1, 2025\n\nBody edited.")
    ids = tk.load_corpus([no_url, edited]).articles.article_id
    assert ids.nunique() == 2


def test_sample_corpus_loads_cleanly():
    from conftest import SAMPLE

    corpus = tk.load_corpus(SAMPLE)
    assert corpus.problems.empty, corpus.problems
    arts = corpus.articles
    assert len(arts) >= 15
    assert arts.outlet.nunique() >= 4
    assert arts.date.notna().all()
    assert arts.date.dt.year.nunique() >= 2
    for text in arts.text:
        assert "**" not in text and "](" not in text and "Original url" not in text


def test_loading_in_batches_gives_the_same_corpus(tmp_path, monkeypatch):
    from toolkit.corpus.loader import _Collector

    records = [{"title": f"Round {i}", "date": f"2025-05-{i % 28 + 1:02d}", "url": f"https://example.org/{i}",
                "text": f"Delegates met for round {i} of the talks in Istanbul."} for i in range(10)]
    records.append({**records[2], "url": "https://example.org/copy"})  # same text as an earlier batch
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    whole = tk.load_corpus(path)
    frames = []
    original = _Collector._flush
    monkeypatch.setattr(_Collector, "_flush", lambda self: frames.append(len(self.rows)) or original(self))
    monkeypatch.setattr(_Collector, "BATCH", 3)
    batched = tk.load_corpus(path)
    pd.testing.assert_frame_equal(batched.articles, whole.articles)
    pd.testing.assert_frame_equal(batched.problems, whole.problems)
    assert len(batched.articles) == 10
    assert batched.problems.reason.tolist() == [f"duplicate of {whole.articles.article_id[2]}"]
    assert frames == [3, 3, 3, 1]

    frames.clear()  # batches bounded by characters of text too: 53-54 characters an article here
    monkeypatch.setattr(_Collector, "BATCH", 2048)
    monkeypatch.setattr(_Collector, "BATCH_CHARS", 120)
    by_chars = tk.load_corpus(path)
    pd.testing.assert_frame_equal(by_chars.articles, whole.articles)
    pd.testing.assert_frame_equal(by_chars.problems, whole.problems)
    assert frames == [3, 3, 3, 1]


def test_glob_patterns_name_files(tmp_path):
    for name in ("a.jsonl", "b.jsonl", "notes.txt"):
        sub = tmp_path / "exports"
        sub.mkdir(exist_ok=True)
        text = "Negotiators met again on Tuesday." if name.endswith(".jsonl") else "# Notes\n\nNot an export."
        (sub / name).write_text(json.dumps({"title": name, "text": text + " " + name}) if name.endswith(".jsonl")
                                else text, encoding="utf-8")
    corpus = tk.load_corpus(str(tmp_path / "exports" / "*.jsonl"))
    assert sorted(corpus.articles.title) == ["a.jsonl", "b.jsonl"]
    assert len(tk.load_corpus(str(tmp_path / "**" / "*.txt"))) == 1
    with pytest.raises(FileNotFoundError, match="no files match"):
        tk.load_corpus(str(tmp_path / "*.csv"))


def test_json_lines_are_read_block_by_block_with_the_same_result(tmp_path, monkeypatch):
    """A JSON Lines file is never held whole: read in blocks, it gives exactly the articles and problems of
    one block, line numbers included; a truncated .gz keeps the lines before the cut; binary data in the
    middle skips its block only."""
    import toolkit.corpus.blocks as blocks

    lines = [json.dumps({"title": f"Round {i}", "url": f"https://example.org/{i}",
                         "text": f"Delegates met for round {i} of the talks in Istanbul."}) for i in range(23)]
    lines[5] = "{broken"
    lines[9] = json.dumps({"title": "Copy", "url": "https://example.org/1", "text": "Another text."})
    lines[14] = ""
    lines[17] = json.dumps({"title": "No body"})
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = tk.load_corpus(path)
    assert len(whole.articles) == 19 and whole.problems.position.tolist() == [6, 10, 18]
    read = []
    original = blocks.line_blocks
    monkeypatch.setattr("toolkit.corpus.loader.line_blocks",
                        lambda p, size=None, max_bytes=None: (read.append(b) or b for b in original(p, 4)))
    in_blocks = tk.load_corpus(path)
    assert len(read) == 6  # 23 lines, 4 at a time
    pd.testing.assert_frame_equal(in_blocks.articles, whole.articles)
    pd.testing.assert_frame_equal(in_blocks.problems, whole.problems)

    read.clear()  # load_corpus's own bound on bytes (smaller than a task's block in tk.analyze_files)
    monkeypatch.setattr("toolkit.corpus.loader.line_blocks",
                        lambda p, size=None, max_bytes=None: (read.append(b) or b for b in original(p, size, max_bytes)))
    monkeypatch.setattr("toolkit.corpus.loader.LOAD_BLOCK_BYTES", 300)
    by_bytes = tk.load_corpus(path)
    longest = max(len(line.encode()) + 1 for line in lines)
    assert len(read) > 6 and all(len(data) < 300 + longest for _, data, _ in read)
    pd.testing.assert_frame_equal(by_bytes.articles, whole.articles)
    pd.testing.assert_frame_equal(by_bytes.problems, whole.problems)

    gz = tmp_path / "cut.jsonl.gz"
    gz.write_bytes(gzip.compress(path.read_bytes())[:-40])  # the end of the stream is missing
    cut = tk.load_corpus(gz)
    last = cut.problems.iloc[-1]
    assert last.reason.startswith("corrupt gzip file after line ") and len(cut.articles) >= 15
    assert int(last.position) == int(last.reason.split("after line ")[1].split(":")[0]) + 1

    many = [json.dumps({"title": f"Meeting {i}", "text": f"Envoys met for the {i}th time in Geneva."})
            for i in range(200)]
    mixed = tmp_path / "mixed.jsonl"  # binary data after the first 4 kB (before it, the file is read whole)
    mixed.write_bytes("\n".join(many[:100]).encode() + b"\n" + bytes(range(256)) * 4 + b"\n" +
                      "\n".join(many[100:]).encode() + b"\n")
    monkeypatch.setattr("toolkit.corpus.loader.line_blocks", lambda p, size=None, max_bytes=None: original(p, 50))
    skipped = tk.load_corpus(mixed)
    assert skipped.problems.reason.tolist() == ["binary file (not text): lines 101-105 skipped"]  # 4 newlines in it
    assert skipped.problems.position.tolist() == [101]
    assert len(skipped.articles) == 200  # every line but the binary ones, also those in the binary's block

    for name, content, reason in (("blank.jsonl", b"\n  \n", "empty file"), ("none.jsonl", b"", "empty file"),
                                  ("bom.jsonl", codecs.BOM_UTF8 + b"\n", "empty file"),
                                  ("lists.jsonl", b"[1]\n[2]\n", None)):
        (tmp_path / name).write_bytes(content)
        got = tk.load_corpus(tmp_path / name).problems
        if reason:
            assert got.reason.tolist() == [reason] and got.position.isna().all()
        else:
            assert got.reason.tolist() == ["line holds a list, not an object"] * 2

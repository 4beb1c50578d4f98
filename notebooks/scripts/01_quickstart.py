# ---
# jupyter:
#   jupytext:
#     formats: ipynb,scripts//py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Quickstart: from a folder of articles to five tidy tables
#
# This notebook takes a pile of news articles about negotiations, loads it, runs the analysis once and
# walks through the tables you get back. Everything after this is pandas: every table is a DataFrame you can
# filter, join and chart.
#
# **To use your own articles**, change `CORPUS` in the next cell. It can be a file, a folder (searched
# recursively) or a list of files and folders, in Markdown/plain text, HTML, JSON, JSON Lines, CSV/TSV or
# RSS/Atom (gzipped is fine). The default is the small sample shipped with the project: 20 illustrative
# articles **written by the project team** (fictional outlets, made-up quotations; see `data/README.md`).
# They are not news reports and must not be cited as such.

# %% tags=["parameters"]
CORPUS = "../data/sample"   # a file, a folder or a list of them; paths are relative to notebooks/

# %%
import json
import tempfile
from pathlib import Path

import pandas as pd

import toolkit as tk

pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# ## 1. Load the articles
#
# `tk.load_corpus` reads the files into a `Corpus` with two tables: `articles` (one row per article that
# was loaded) and `problems` (everything that was not loaded, or was loaded with a caveat). Nothing is
# dropped silently: every input file or record ends up in one of the two.

# %%
corpus = tk.load_corpus(CORPUS)
corpus

# %%
corpus.articles[["title", "date", "outlet", "source"]].head()

# %% [markdown]
# ## 2. The problems table
#
# Look at `corpus.problems` before you look at any result: a folder where half the files failed to load
# gives charts that look fine but describe the wrong corpus. The columns are:
#
# - `path`: the file the problem is in;
# - `position`: where in the file (the line of a JSON Lines file, the record of a JSON or CSV file or of
#   a feed); empty (`<NA>`) when the problem concerns the whole file;
# - `reason`: what went wrong, in words;
# - `article_id`: set when the record **was kept** despite the problem (e.g. an unreadable date: the
#   article is loaded with date `NaT`), empty when it was **not loaded**.
#
# An empty table means every input became an article.

# %%
print(f"{len(corpus.articles)} articles loaded, {len(corpus.problems)} problems")
corpus.problems.head(20)

# %% [markdown]
# Clean corpora have no problems, so here is what they look like on a deliberately messy folder, built
# in a temporary directory: an empty file, a JSON Lines file with a broken line, a repeated record and an
# unreadable date, and a Word document (not a supported format).

# %%
messy = Path(tempfile.mkdtemp())
record = {"title": "Talks resume", "date": "2025-05-16", "outlet": "Example Wire",
          "text": "Delegations met in Istanbul on Friday. They agreed to exchange prisoners."}
undated = {"title": "Envoys meet", "date": "sometime soon", "outlet": "Example Wire",
           "text": "Envoys said the talks would continue next week."}
(messy / "empty.md").write_text("")
(messy / "feed.jsonl").write_text("\n".join([json.dumps(record), "{not json", json.dumps(record),
                                             json.dumps(undated)]) + "\n")
(messy / "notes.docx").write_bytes(b"PK\x03\x04 not really a Word file")

messy_corpus = tk.load_corpus(messy)
print(messy_corpus)
messy_corpus.problems.assign(path=messy_corpus.problems["path"].map(lambda p: Path(p).name))

# %% [markdown]
# The kinds of problems you will meet: **empty files** or a title without a body; **malformed records**
# (a broken JSON line, a CSV without a text column); **unsupported or binary files**; **duplicates**
# (`duplicate of <article_id>`: the same canonical URL or the same text; only the first copy is kept);
# and **kept-with-a-caveat** rows such as an unparseable date, which carry the `article_id` of the
# article they refer to. Duplicate detection is exact, so a lightly edited re-publication is kept as a
# second article. If you would rather stop at the first problem, use `tk.load_corpus(path, strict=True)`,
# which raises `tk.CorpusError` with the list.

# %% [markdown]
# ## 3. Run the analysis
#
# `tk.analyze` splits the articles into sentences, scores each sentence with TextBlob, finds the actors
# of the built-in gazetteer (Russia-Ukraine track), extracts quotes and stated positions. It runs offline,
# at roughly a second or two per hundred articles. It returns a `tk.Analysis`, a bundle of tables.

# %%
analysis = tk.analyze(corpus)
analysis

# %% [markdown]
# ## 4. The five tables at a glance
#
# All tables share `article_id` (and, below the article level, `sentence_id`), so any of them can be joined
# back to the article's date, outlet and title with `merge`. Missing text values are empty strings, missing
# dates `NaT`. `docs/tables.md` lists every column.
#
# ### `analysis.articles`: one row per article
#
# Key columns: `article_id` (a stable 16-hex-digit id), `title`, `date` (naive UTC), `outlet`, `text`,
# `n_sentences`, `n_words`, and `polarity`/`subjectivity` of the whole text (TextBlob; see notebook 02 for
# what those numbers mean and where they mislead).

# %%
analysis.articles[["article_id", "title", "date", "outlet", "n_sentences", "n_words", "polarity"]].head()

# %% [markdown]
# ### `analysis.sentences`: one row per sentence
#
# `sentence_id` counts from 0 within its article and `paragraph_id` gives the paragraph. `start`/`end` are
# character offsets into the article's `text`, so you can always get back to the context. `polarity`
# (-1..+1) and `subjectivity` (0..1) are TextBlob's scores of that one sentence.

# %%
analysis.sentences[["article_id", "sentence_id", "paragraph_id", "text", "polarity", "subjectivity"]].head()

# %% [markdown]
# ### `analysis.mentions`: one row per actor mention
#
# Each row is one place where an actor of the gazetteer is named: `actor_id` and `actor` (display name),
# `kind` (person, government, country, organization, delegation, group), `side`, the person's `role` on
# the article's date, and `surface`, the words actually matched ("Kremlin spokesman Dmitry Peskov",
# "Moscow", "Ukrainian negotiators"). A surname shared by two people that could not be resolved has an
# empty `actor_id` and its candidates in `ambiguous`. Notebook 03 is about this table.

# %%
analysis.mentions[["article_id", "sentence_id", "actor_id", "actor", "kind", "side", "role", "surface"]].head()

# %% [markdown]
# ### `analysis.quotes`: one row per quote
#
# `kind` is `direct` (a quotation standing as its own sentence or clause), `partial` (quoted words inside the
# reporter's sentence: she called it "a serious basis") or `indirect` (reported speech: "X said that ...").
# `text` is the quoted words, `speaker`/`speaker_id`/`speaker_side` who said them (the id and side are empty
# for unnamed sources and for people outside the gazetteer), `cue` the reporting verb and `speaker_text`
# the words that named the speaker in the article ("he", "the source", "Kremlin spokesman Dmitry Peskov").

# %%
analysis.quotes[["article_id", "sentence_id", "kind", "speaker", "speaker_side", "cue", "text"]].head()

# %% [markdown]
# ### `analysis.statements`: one row per stated position
#
# Who demands, requests, proposes, agrees to, rejects or threatens what, of whom: `act`, `issue`,
# `holder`/`holder_side`, `target_side`, `negated`, and `evidence`, the full sentence the row was read from.
# These rows come from word-order rules that favour precision: they are a sample of the positions in the
# text, not a census. Notebook 04 explains every column and the caveats.

# %%
analysis.statements[["article_id", "sentence_id", "act", "issue", "holder", "holder_side", "target_side",
                     "negated", "evidence"]].head()

# %% [markdown]
# The table sizes give a first sense of the corpus: how many sentences per article, how densely actors
# are mentioned, how much is quoted.

# %%
pd.Series({name: len(table) for name, table in analysis.tables().items()}, name="rows").to_frame()

# %% [markdown]
# ## 5. A first chart
#
# Every chart helper in `tk.charts` takes an `Analysis`, draws with matplotlib and returns the `Axes`, so
# you can adjust it or save it (`ax.figure.savefig("chart.png", dpi=150)`); pass `ax=` to draw into a figure
# of your own. This one counts mentions of the ten most mentioned actors: bar length is the number of
# mentions, all articles together. It measures visibility in the text, not importance; notebook 03 explains
# what counts as a mention.

# %%
ax = tk.charts.actor_mentions(analysis, top=10, by=None)

# %% [markdown]
# ## 6. Save and reload
#
# `analysis.save(folder)` writes every table as Parquet (plus a small `meta.json` recording the toolkit
# version and the gazetteer used); `tk.Analysis.load(folder)` reads it back exactly, so you can analyse a
# large corpus once and reopen the result in other notebooks. Here we use a throw-away temporary folder;
# in your own work pick a permanent one. `analysis.to_csv(folder)` writes CSV files for spreadsheets
# instead, and `python -m toolkit analyze <path> --out <folder>` does the same from a terminal.

# %%
folder = tempfile.mkdtemp()
analysis.save(folder)
sorted(p.name for p in Path(folder).iterdir())

# %%
reloaded = tk.Analysis.load(folder)
print(reloaded)
{name: reloaded.tables()[name].equals(table) for name, table in analysis.tables().items()}

# %% [markdown]
# ## Where next
#
# - **02_sentiment**: sentence polarity over time, by outlet and by side; what TextBlob's numbers mean
#   and concrete cases where they mislead; drilling down to the sentences behind a chart.
# - **03_actors**: who is covered and with whom, the gazetteer, and how to add the actors your corpus
#   needs.
# - **04_positions**: demands, proposals, agreements and refusals by side and issue, quote boards, and
#   how far to trust them.
# - **05_dashboard**: an interactive dashboard with filters (also served as a web page with
#   `make dashboard`).
#
# Every chart helper takes an `Analysis`, so you can narrow it first with
# `analysis.filter(start=..., end=..., outlets=[...], sides=[...], actors=[...], issues=[...], acts=[...],
# text=...)` and pass the result on.

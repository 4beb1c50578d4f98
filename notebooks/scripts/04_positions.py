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
# # Positions: who demands, proposes, accepts or refuses what
#
# Besides sentiment and mentions, the analysis reads **stated positions** out of the text: "Russia demanded
# Ukraine's neutrality", "Kyiv rejected the proposal", "both sides agreed to exchange prisoners". This
# notebook explains the `statements` table, summarises it by side, issue and month, charts it, filters it
# and shows who is quoted saying what.
#
# **Read this first.** Statements are found by word-order rules over the sentences (no parser, no trained
# model). The rules favour precision: a row is usually a real position, but **many positions in the text
# are missed** (long sentences with several clauses, positions stated across sentences, implicit holders),
# and the issue is the least reliable column. Treat the tables as a **sample of positions, not a census**,
# and read the `evidence` sentence before you quote any finding.

# %% tags=["parameters"]
CORPUS = "../data/sample"   # a file, a folder or a list of them; paths are relative to notebooks/

# %%
import matplotlib.pyplot as plt
import pandas as pd

import toolkit as tk

pd.set_option("display.max_colwidth", 160)

# %%
corpus = tk.load_corpus(CORPUS)
analysis = tk.analyze(corpus)
analysis

# %% [markdown]
# ## 1. The statements table
#
# One row per stated position; a sentence can give several rows (two holders, or a list of demands on
# several issues). The columns:
#
# - `act`: DEMAND, REQUEST, PROPOSE, AGREE, REJECT or THREATEN (the negotiation acts of the PLOVER event
#   ontology). A request is softer than a demand ("asked for", "called for"); AGREE covers accepting,
#   signing and agreeing.
# - `issue`: what the position is about: ceasefire, hostages_detainees, withdrawal, territory, leaders_meeting,
#   nuclear, sanctions, trade, security_guarantees, military, recognition, governance, reconstruction,
#   humanitarian, talks, or `other` when no issue keyword was found. It is the first issue keyword in `text`,
#   a rough guess; `issues` lists every issue the position's words name ("ceasefire; hostages_detainees").
# - `holder`, `holder_id`, `holder_side`: who holds the position, its gazetteer id if it has one, and its
#   side (empty when the holder is not in the gazetteer, e.g. "both delegations" or an unnamed source).
# - `target_side`: the side the position is directed at or demanded of, often empty.
# - `text`: the words saying what is demanded, offered or agreed.
# - `negated`: true for "did not agree", "no agreement was reached". A modal refusal ("would not sign") is
#   a REJECT instead.
# - `reported_by_side`: set when one side reports the other's position ("Kyiv accused Moscow of demanding
#   ..."): the position is then the reporter's account, not the holder's own words.
# - `when`: a past year the sentence places the position in ("the failed 2022 talks"); empty means it is
#   presented as current at the article's date.
# - `cue`: the word or phrase that triggered the row; `evidence`: the whole sentence.

# %%
statements = analysis.statements
statements[["act", "issue", "holder", "holder_side", "target_side", "text", "negated", "evidence"]].head(8)

# %% [markdown]
# How the rows are distributed over issues (rows) and acts (columns), with totals. A large `other` row is
# normal: it collects positions whose text has no keyword of the issue list
# (`toolkit/resources/issues.yaml`, which you can extend).

# %%
pd.crosstab(statements["issue"], statements["act"], margins=True, margins_name="total")

# %% [markdown]
# The special columns, with a few examples each (empty when the corpus has none): negated statements,
# positions reported by another side, and positions placed in a past year.

# %%
statements.loc[statements["negated"], ["act", "issue", "holder", "evidence"]].head(4)

# %%
statements.loc[statements["reported_by_side"] != "",
               ["act", "holder", "holder_side", "reported_by_side", "evidence"]].head(4)

# %%
statements.loc[statements["when"] != "", ["act", "holder", "when", "evidence"]].head(4)

# %% [markdown]
# ## 2. Positions by side and issue
#
# `tk.positions(analysis, by="holder_side")` counts statements in a table with one row per (side, act)
# and one column per issue. Every act appears for every side, zeros included, so rows line up across
# sides. Negated statements are left out (add `include_negated=True` to keep them). The row group with an
# empty side name collects holders without a side. `by=` also takes "holder", "target_side", "outlet", or a
# period of the article date ("week", "month", "year").

# %%
pos = tk.positions(analysis, by="holder_side")
pos.head(12)

# %% [markdown]
# A more compact view: statements per side and act, summed over issues, for the sides with most
# statements. Then the full issue breakdown of the side with most statements (taken from the data).

# %%
per_side = pos.sum(axis=1).unstack("act")
per_side = per_side[per_side.index != ""]
per_side.loc[per_side.sum(axis=1).sort_values(ascending=False).index].head(8)

# %%
sided = statements.loc[(statements["holder_side"] != "") & ~statements["negated"], "holder_side"]
top_side = sided.value_counts().index[0] if len(sided) else None
print("side with most statements:", top_side)
pos.loc[top_side] if top_side is not None else pos

# %% [markdown]
# **By month.** `by="month"` groups by the month of the article date. Summed over issues, it shows how many
# demands, proposals, agreements... were reported each month. These are counts of *reported* statements:
# they rise with the number of articles published, so compare the mix of acts between months rather than
# raw numbers.

# %%
by_month = tk.positions(analysis, by="month")
by_month.sum(axis=1).unstack("act")

# %% [markdown]
# ## 3. The positions matrix
#
# `tk.charts.positions_matrix` draws one row per holder side and one column per issue. Each cell's colour
# is the act **most often** stated there (red demand, orange request, blue propose, green agree, purple
# reject, dark threaten), darker when the cell has more statements, and its text names that act and the
# number of statements in the cell: "demand 12" means twelve statements, most of them demands. Read a row
# as one side's positions across issues, a column as who says what about one issue. A cell backed by one
# or two statements is an anecdote: check the counts (`tk.positions(analysis)` gives every act) and the
# evidence before describing a pattern. The chart shows the ten sides and ten issues with most statements
# (`top_sides=`, `top_issues=` change that); `other` is left out.
#
# Every chart helper accepts `ax=`: the cell below makes a taller figure and passes it.

# %%
fig, ax = plt.subplots(figsize=(11, 6), layout="constrained")
tk.charts.positions_matrix(analysis, ax=ax);

# %% [markdown]
# ## 4. The statements timeline
#
# `tk.charts.statements_timeline` has one lane per holder side (the 8 sides with most statements), and a
# dot per statement at its article's date, coloured by its act (the legend counts each act). Dots are
# spread a little up and down so that statements of the same day stay visible; the issues are in the
# positions matrix above.
# Read along a lane to follow one side through the rounds of talks; read down a date to see who demanded,
# offered, agreed to or refused what in the same round. The date is the article's date, not the date the
# position was first taken (see the `when` column).

# %%
tk.charts.statements_timeline(analysis);

# %% [markdown]
# ## 5. Filtering
#
# `analysis.filter(...)` returns a new `Analysis` limited to matching **articles**, with every table cut to
# them. `acts=` and `issues=` also keep only the statements with those acts and issues. Note what `sides=`
# means: articles that **mention** an actor of that side, not statements **held** by that side. So the
# demands below come from articles mentioning the side, and their holders can be anyone.

# %%
side = top_side or ""
demands = analysis.filter(acts=["DEMAND"], sides=[side]) if side else analysis.filter(acts=["DEMAND"])
print(demands)
demands.statements["holder_side"].value_counts().rename("demands by holder side").to_frame()

# %% [markdown]
# To keep the demands **made by** that side, filter the statements table itself:

# %%
own = demands.statements[demands.statements["holder_side"] == side]
own[["issue", "holder", "target_side", "text", "evidence"]].head(10)

# %% [markdown]
# ## 6. Quote boards
#
# `tk.quote_board(analysis, actor)` lists an actor's quotes, newest first, with date, outlet and title. The
# actor is a gazetteer id or part of the speaker's name (case-insensitive). By default only **direct**
# quotes (in quotation marks) are shown. The cell uses Kremlin spokesman Dmitry Peskov when the corpus
# quotes him, otherwise the most quoted named speaker. Quotes in the sample corpus are illustrative wording
# written by the project team, not real statements.

# %%
named = analysis.quotes.loc[analysis.quotes["speaker_id"] != "", "speaker_id"]
if (named == "dmitry_peskov").any():
    speaker = "dmitry_peskov"
elif len(named):
    speaker = named.value_counts().index[0]
else:
    speaker = None
print("speaker:", speaker)
board = tk.quote_board(analysis, speaker) if speaker else tk.quote_board(analysis).head(0)
board[["date", "outlet", "speaker", "cue", "text"]].head(10)

# %% [markdown]
# `side=` keeps the speakers of one side, and `kind=None` adds indirect quotes (reported speech: "X said
# that ..."), whose `text` is the reporter's paraphrase, not the speaker's words. Quotes from people
# outside the gazetteer have no side and only appear without `side=`.

# %%
side_board = tk.quote_board(analysis, side=side, kind=None)
print(f"{len(side_board)} quotes from speakers of side {side!r}:",
      side_board["kind"].value_counts().to_dict())
side_board[["date", "speaker", "kind", "text"]].head(10)

# %% [markdown]
# ## 7. How far to trust this
#
# - **Rule-based, precision first.** On the project's own hand-labelled sample (see `docs/quality.md`),
#   about 8 in 10 extracted statements are right, about half of the labelled positions are
#   found, and the issue is right about 6 times in 10. The sample was written and labelled by the team, so
#   expect lower figures on real news. Quote detection and speaker attribution are more reliable than
#   statements.
# - **Absence is not evidence.** A side with no REJECT on an issue may simply have refused in a sentence
#   the rules could not read. Do not compare small counts between sides or months.
# - **Ambiguous cues.** Some cue words cover more than one act: "insisted" introduces demands ("insisted
#   on guarantees") but also plain assertions ("insisted the deal was still in place"), and both can end
#   up as DEMAND rows. The `cue` column shows which word triggered each row.
# - **Reported positions.** Much of what a side "demands" is reported by others; check `reported_by_side`
#   and the `evidence`.
# - **Always read the evidence.** Before quoting a finding, print the sentences behind it. Below: the
#   evidence for the most frequent (side, act, issue) combination of this corpus.

# %%
held = statements[(statements["holder_side"] != "") & ~statements["negated"]]
if held.empty:
    print("No statements with a holder side in this corpus.")
else:
    sizes = held.groupby(["holder_side", "act", "issue"]).size().sort_values(ascending=False)
    cell_side, cell_act, cell_issue = sizes.index[0]
    print(f"{sizes.iloc[0]} statements: {cell_side} / {cell_act} / {cell_issue}\n")
    evidence = held.query("holder_side == @cell_side and act == @cell_act and issue == @cell_issue")
    for row in evidence.head(5).itertuples():
        print(f"- [{row.holder}] {row.evidence}\n")

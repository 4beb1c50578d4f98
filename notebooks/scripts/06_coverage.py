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
# # Coverage: how much was written when, what is behind it, and which words set groups apart
#
# Before reading any mean sentiment or count of positions, look at how much coverage there is: a chart of
# averages over a quiet week rests on two or three articles. This notebook walks through
#
# 1. **volume over time**: articles per week, and those mentioning an actor or a term of your choice;
# 2. **drill-down**: from a busy week to its articles (title, outlet, date, link) and from one article to
#    its sentences with the actors, quotes and positions found in each;
# 3. **distinctive wording**: the words and phrases that set two outlets, two sides' quotes or two periods
#    apart;
# 4. **your own view**: the dashboard's filter panel driving a summary of your choice.
#
# Every table is a helper of the toolkit (`tk.volume`, `tk.article_table`, `tk.article_sentences`,
# `tk.distinctive_words`) that you can reuse in your own notebooks. The default corpus is the project's sample:
# 20 illustrative articles written by the team, not real news.

# %% tags=["parameters"]
CORPUS = "../data/sample"   # a file, a folder or a list of them; paths are relative to notebooks/
FREQ = "month"              # the period of the volume chart: "day", "week", "month", "quarter" or "year"
TERM = "ceasefire"          # words to follow through the coverage (case-insensitive)

# %%
import matplotlib.pyplot as plt
import pandas as pd

import toolkit as tk

pd.set_option("display.max_colwidth", 120)
analysis = tk.analyze(tk.load_corpus(CORPUS))
print(f"{len(analysis.articles)} articles, {analysis.articles.date.isna().sum()} without a date")

# %% [markdown]
# ## 1. Volume over time
#
# Each bar is the number of articles published in the period; the darker bar in front counts those that
# mention the term. Periods with no article are kept as gaps on the zero line rather than joined over, so
# a quiet stretch is visible as such. Bursts of coverage usually mark a round of talks, a summit or an
# event: the triangles mark the most reported rounds of talks, with their place and how many articles
# report them; read the other charts with these bursts in mind.

# %%
fig, ax = plt.subplots(figsize=(11, 3.8), layout="constrained")
tk.charts.coverage_volume(analysis, FREQ, term=TERM, ax=ax)
plt.show()

# %% [markdown]
# The same numbers as a table: `articles` per period, `matching_articles` those mentioning the term and
# `mentions` the sentences that hold it. The busiest periods first:

# %%
volume = tk.volume(analysis, FREQ, term=TERM)
busiest = volume.sort_values(["articles", "period"], ascending=[False, True]).head(5)
busiest

# %% [markdown]
# The rounds of talks come from the `meetings` table: sentences that place a meeting ("talks in Istanbul",
# "met in Geneva", "the Alaska summit"). `tk.rounds` groups them by place and week, with the host state, the
# sides named with them, the mediators their articles name ("mediated by Qatar and Egypt", "Pakistani
# mediators") and the articles that report them; `analysis.filter(places="Istanbul")` selects
# those articles. A place the toolkit does not know has no host side; a sentence like "met Putin in Moscow"
# is a meeting in Moscow even if it was a phone call reported loosely, so check the evidence.

# %%
tk.rounds(analysis).sort_values("articles", ascending=False).head(8)

# %% [markdown]
# ## 2. Drill-down: from a period to its articles, from an article to its sentences
#
# `analysis.filter(start=..., end=...)` keeps the articles of a period (the volume table gives each period's
# first and last day; the filter also takes outlets, sides, actors, issues: every filter of the dashboard),
# and `tk.article_table` lists them with their title, outlet,
# date, link and how many quotes and stated positions each holds. Here, the busiest period:

# %%
top = busiest.iloc[0]
articles = tk.article_table(analysis.filter(start=top.period, end=top.period_end))
articles

# %% [markdown]
# `tk.article_sentences` reads one article sentence by sentence, with the actors named in each, the quoted
# words and their speaker, and the positions found (holder, act, issue). It is the quickest way to check
# what the charts count: the rows come from word-order rules and a small statistical model, so read the
# sentence before trusting a position.

# %%
detail = tk.article_sentences(analysis, articles.article_id.iloc[0])
detail[(detail.quotes != "") | (detail.positions != "")]

# %% [markdown]
# ## 3. Distinctive wording
#
# Which words does one group use and the other not? `tk.distinctive_words` compares two groups of texts by
# the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn, 2008): words used in
# both groups at their usual rate score near 0; a word's `z` is large when one group uses it much more than
# the other, beyond what its frequency alone would produce (|z| > 1.96, the dotted lines, is unlikely to be
# chance). The counts beside each word say how often each group used it: a word said twice is weak evidence
# however large its bar.
#
# First, the two outlets that published the most articles:

# %%
outlets = analysis.articles.outlet.value_counts().index.tolist()
if len(outlets) >= 2:
    by_outlet = tk.distinctive_words(analysis, "outlet", outlets[0], outlets[1], top=12)
    tk.charts.distinctive_words(by_outlet, outlets[0], outlets[1])
    plt.show()
else:
    print("one outlet only: nothing to compare")

# %% [markdown]
# Then what the two sides most quoted say in their own words (quotes in quotation marks, grouped by the
# speaker's side), and the first period of the coverage against the last:

# %%
sides = analysis.quotes.loc[analysis.quotes.kind != "indirect", "speaker_side"]
sides = sides[sides != ""].value_counts().index.tolist()
if len(sides) >= 2:
    by_side = tk.distinctive_words(analysis, "speaker_side", sides[0], sides[1], source="quotes", top=10,
                                   min_count=2)
    tk.charts.distinctive_words(by_side, sides[0], sides[1])
    plt.show()
years = sorted(analysis.articles.date.dropna().dt.year.unique())
if len(years) >= 2:
    by_year = tk.distinctive_words(analysis, "year", str(years[0]), str(years[-1]), top=10)
    tk.charts.distinctive_words(by_year, str(years[0]), str(years[-1]))
    plt.show()

# %% [markdown]
# **How to read it.** A distinctive word is a lead, not a finding: open the articles or quotes that use it
# (`analysis.filter(text="word")`, then `tk.article_table`) before concluding that an outlet frames the
# talks differently. Small corpora give few words beyond the dotted lines; with the sample's 20 articles most
# differences are suggestive at best.

# %% [markdown]
# ## 4. Build your own view
#
# The dashboard is made of parts you can reuse. `tk.widgets.FilterPanel(analysis)` is the block of
# controls; `panel.value` is the filtered `Analysis` for the current settings, and
# `panel.observe(callback)` calls `callback(filtered_analysis)` after every change. Here, a panel drives a
# one-line summary of the most mentioned actors.

# %%
import html

import ipywidgets as widgets

panel = tk.widgets.FilterPanel(analysis)
summary = widgets.HTML()


def show_top_actors(filtered):
    top = tk.actor_counts(filtered).head(5)
    names = ", ".join(f"{actor} ({n})" for actor, n in zip(top["actor"], top["mentions"]))
    summary.value = f"<b>Most mentioned:</b> {html.escape(names) or 'no actors'}"


panel.observe(show_top_actors)
show_top_actors(panel.value)
widgets.VBox([panel.widget, summary])

# %% [markdown]
# `panel.criteria()` gives the current settings as keyword arguments of `analysis.filter(...)`, so a
# selection made with the mouse can be turned into code; re-run the cell after changing the controls.

# %%
print(panel.criteria())
panel.value

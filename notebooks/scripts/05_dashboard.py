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
# # Negotiation coverage dashboard
#
# Filter a corpus of news articles about negotiations and see its sentiment, actors and stated positions
# update together. Every chart here is one of the toolkit's chart helpers applied to the filtered articles,
# so anything you find can be reproduced in a notebook (see notebooks 02-04 for how to read each chart and
# its caveats). The default corpus is the project's sample: 20 illustrative articles written by the team,
# not real news reports. In a notebook, set `CORPUS` below; for the web page, run
# `make dashboard CORPUS=path/to/articles`.

# %% tags=["parameters"]
CORPUS = "../data/sample"   # a file, a folder or a list of them; paths are relative to notebooks/

# %%
import toolkit as tk

analysis = tk.analyze(tk.load_corpus(CORPUS))

# %% [markdown]
# **The controls.** All filters combine (an article must match every one); an empty control means "any".
#
# - **Dates**: drag the two ends of the slider to keep the articles published in that range.
# - **Outlets**, **Sides**, **Issues**, **Acts**: click to select, Ctrl/Cmd-click (or Shift-click) to select
#   several. *Sides* keeps articles that mention an actor of that side, and narrows the charts to it:
#   sentiment over time by side, the actor charts to that side's actors, positions and quotes to those it
#   holds; *Issues* and *Acts* keep articles with a stated position of that issue or act (and only those
#   positions).
# - **Actors**: type names or gazetteer ids, comma-separated (`Peskov, rustem_umerov`), then press Enter;
#   part of a name is enough.
# - **Talks in**: the places where the articles say the parties met or held talks (the `meetings` table).
# - **Search**: words that must appear in the article's title or text (press Enter).
# - **Reset** clears every filter. The line under the controls counts what matches.
#
# **What you see, top to bottom.** The status line counts what matches; *Export* packs the current view
# (its tables as CSV, its charts as PNG) into one zip to download. *Coverage* shows how many articles were
# published each week (or month, over long spans), with the most reported rounds of talks marked by their
# place: read the other charts against it, since an average over a quiet week rests on few articles. The chart tabs: *Sentiment over time* (mean sentence polarity per month and outlet), *Actor
# sentiment* (tone toward each actor), *Actor mentions*, *Co-mentions* (sides named in the same sentence),
# *Positions* (side x issue, coloured by the most frequent act), *Statements timeline* and *Distinctive
# words* (the words that set the matching articles apart from the others: filter first); only the open tab
# is redrawn when a filter changes, the others when you open them. Below, *Articles* lists the matching
# articles with their title (a link to the page), outlet, date and how many quotes and positions each
# holds; *Matching sentences* lists the sentences with a stated position or a direct quote (or, with a
# search, the sentences containing the words), actors highlighted; *Quotes* lists direct quotes, newest
# first. Polarity is a rough lexicon score and positions come from rules and a small model: read the
# sentences before drawing conclusions. To reuse the parts in your own notebook, see the end of
# `06_coverage`.

# %%
tk.dashboard(analysis)

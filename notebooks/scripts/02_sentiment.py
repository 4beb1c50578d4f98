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
# # Sentiment: what the polarity numbers say, and what they do not
#
# The toolkit scores every sentence with TextBlob. This notebook charts those scores over time, by outlet
# and by side; explains what a TextBlob score is; shows, on sentences written for the purpose, where it
# misleads in negotiation coverage; and then drills down from a chart to the sentences behind it.
#
# The short version: polarity is a **rough tone signal averaged over many sentences**. It is useful for
# comparing large groups of sentences and for finding sentences worth reading; it is not a judgement of
# any one sentence, nor of how an outlet or a side "feels" about the talks.

# %% tags=["parameters"]
CORPUS = "../data/sample"   # a file, a folder or a list of them; paths are relative to notebooks/
FREQ = "M"                  # period of the time charts: "D", "W", "M", "Q" or "Y"

# %%
import matplotlib.pyplot as plt
import pandas as pd
from textblob import TextBlob

import toolkit as tk
from toolkit.text import textblob_sentiment

pd.set_option("display.max_colwidth", 160)

# %%
corpus = tk.load_corpus(CORPUS)
analysis = tk.analyze(corpus)
analysis

# %% [markdown]
# ## 1. What a TextBlob score is
#
# TextBlob (through its "pattern" analyser) has a lexicon of about 2,900 English words, mostly adjectives,
# each with a **polarity** from -1 (negative) to +1 (positive) and a **subjectivity** from 0 (factual) to
# 1 (opinion). A sentence's score is the **average over the lexicon words it contains**, after simple
# adjustments: an intensifier like "very" multiplies the next word, and a negation word ("not", "never",
# "n't", "no") just before a word flips it and halves it. Words outside the lexicon count for nothing,
# and a sentence with no lexicon word scores exactly 0.
#
# `analysis.sentences.polarity` and `.subjectivity` are exactly `TextBlob(sentence).sentiment`, and
# `toolkit.text.textblob_sentiment(text)` returns the same pair for any text you give it. The next
# cell checks this on up to 200 sentences of the corpus.

# %%
check = analysis.sentences.head(200)
same = [textblob_sentiment(text) == tuple(TextBlob(text).sentiment) for text in check["text"]]
print(f"{sum(same)} of {len(same)} sentences: toolkit score == TextBlob(sentence).sentiment")
textblob_sentiment("The talks were very constructive.")

# %% [markdown]
# Most news sentences contain no lexicon word at all. The share of sentences scoring exactly 0 is worth
# knowing before reading any average: a mean polarity of +0.05 usually means "mostly zeros and a few
# mildly positive words", not "slightly positive coverage".

# %%
polarity = analysis.sentences["polarity"]
print(f"{(polarity == 0).mean():.0%} of {len(polarity)} sentences score exactly 0")
polarity.describe().round(3).to_frame().T

# %%
fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
ax.hist(polarity, bins=41, range=(-1, 1), color="#2e86c1")
ax.set_yscale("log")
ax.set(title="Sentence polarity (log scale: the spike at 0 dwarfs the rest)", xlabel="polarity",
       ylabel="sentences");

# %% [markdown]
# The histogram has a log-scaled y axis. The tall bar in the middle is the sentences without any lexicon
# word (plus a few whose words cancel out); the rest spread thinly on both sides. Many non-zero scores
# are set by a single common word, which is why a few exact values recur: -0.1 is "military", -0.125
# "foreign" or "other", +0.5 "more", +0.7 "good". The most frequent non-zero values of this corpus:

# %%
polarity[polarity != 0].round(3).value_counts().head(6).rename("sentences").to_frame()

# %% [markdown]
# ## 2. Where it misleads: examples you can check
#
# The sentences below are written for this notebook (they are not from the corpus) and scored live. The
# helper prints the score and, from TextBlob's `sentiment_assessments`, **the words that actually
# scored**, which is the quickest way to see why a sentence got its number. Reuse `score(...)` on your own
# sentences.

# %%
def score(*sentences):
    """Polarity, subjectivity and the scoring words of each sentence (TextBlob)."""
    rows = []
    for sentence in sentences:
        pol, subj = textblob_sentiment(sentence)
        parts = TextBlob(sentence).sentiment_assessments.assessments
        words = "; ".join(f"{' '.join(a[0])} ({a[1]:+.2f})" for a in parts)
        rows.append({"sentence": sentence, "polarity": round(pol, 2), "subjectivity": round(subj, 2),
                     "words that scored": words or "(none)"})
    return pd.DataFrame(rows)


# %% [markdown]
# **Negation scope.** "Not" flips only the next lexicon word. "Not a failure" becomes mildly positive, but
# in "not a complete failure" the negation lands on "complete" and "failure" stays negative, so the
# sentence scores as a negative one. "Hardly" is not a negation at all for TextBlob.

# %%
score("The talks were a failure.",
      "The talks were not a failure.",
      "The talks were not a complete failure.",
      "The meeting was hardly a success.")

# %% [markdown]
# **Diplomatic understatement.** Diplomats call talks "useful" or "constructive" when little or nothing
# was agreed. "Useful" is a positive lexicon word, so the sentence scores +0.3 whether or not anything was
# agreed; the clause "nothing was agreed" carries no lexicon word and changes nothing. "Constructive",
# "businesslike" and "frank" are not in the lexicon: "constructive" talks score 0, and "very constructive"
# talks score +0.2 only because of "very", as "The talks were very." shows.

# %%
score("The talks were useful.",
      "The talks were useful, although nothing was agreed.",
      "Both sides described the talks as constructive.",
      "The talks were very constructive.",
      "The talks were very.",
      "We had a frank and businesslike exchange of views.")

# %% [markdown]
# **Sarcasm and irony** score as what the words literally say: highly positive.

# %%
score("What a wonderful ceasefire: the shelling never stopped.",
      "Sure, the ceasefire is working perfectly.",
      "A great victory for diplomacy, if you ignore the shelling.")

# %% [markdown]
# **The vocabulary of negotiations and war is neutral to TextBlob.** "Ceasefire", "war", "invasion",
# "truce", "collapsed", "rejected", "unacceptable" and even "disaster" are not in the lexicon, so these
# sentences all score 0. A sentence about civilians being killed scores -0.2 only because "killed" is
# there. Coverage of a period of intense fighting can therefore look *neutral*, and a rise of polarity can
# come from more adjectives, not from better news.

# %%
score("Russia and Ukraine agreed a ceasefire.",
      "The ceasefire collapsed.",
      "The war continues.",
      "The talks were a disaster.",
      "The Kremlin rejected the proposal as unacceptable.",
      "Missiles killed 20 civilians.")

# %% [markdown]
# The reverse also happens: **ordinary words that are not sentiment** are in the lexicon. "Foreign"
# (as in foreign minister) and "military" are negative, "more" is strongly positive. A corpus that talks a
# lot about foreign ministers, or about exchanging *more* prisoners, drifts accordingly.

# %%
score("The foreign ministers met on Tuesday.",
      "Military delegations met in Riyadh.",
      "Both sides agreed to exchange more prisoners.")

# %% [markdown]
# **Whose sentiment?** A sentence's score mixes the reporter's words and the quoted speaker's, and says
# nothing about who is positive about whom. Both sentences below are about the same talks; the scores
# belong to the speakers' adjectives.

# %%
score("Putin said the talks were useful.",
      "Zelensky said the talks were useless.")

# %% [markdown]
# ## 3. Polarity over time
#
# `tk.charts.sentiment_over_time` groups the sentences by the period of their article's date (`freq`:
# "D", "W", "M", "Q" or "Y") and draws, per group, the **mean sentence polarity**. How to read it:
#
# - **The line** is the mean polarity of the sentences published in each period; the dashed line is 0.
# - **The shaded band** is a 95% confidence interval of that mean (mean ± 1.96 · standard deviation /
#   √n). It assumes sentences are independent, which they are not (sentences of one article share a topic
#   and a writer), so the real uncertainty is wider. Treat non-overlapping bands as a hint, not a test.
# - **The small numbers above the markers** (and the marker size) are **n, the number of sentences**
#   behind each point; labels are printed when a line has at most 12 points. Periods with fewer than
#   `min_sentences` (default 5) sentences are not drawn.
# - **The legend's n** is the total number of sentences of that group.
# - The line **breaks** over periods without enough sentences instead of bridging them, so a gap in the line
#   is a gap in the coverage. With a small or sparse corpus, a coarser `freq` ("Q" or "Y") reads better.
# - The y-axis always spans at least -0.1 .. +0.1 around the dashed zero line, so that differences of a few
#   hundredths do not look like swings.
#
# First, all articles together (`by=None`):

# %%
tk.charts.sentiment_over_time(analysis, by=None, freq=FREQ);

# %% [markdown]
# **By outlet.** One line per outlet, for the `top` (default 6) outlets with most sentences. Differences
# between outlets often reflect **style** (a wire service writes few adjectives, an opinionated outlet
# many) more than stance: compare outlets on the same events, and read their sentences (section 4) before
# drawing a conclusion. With a single outlet the chart shows one line, the same as above.

# %%
print(analysis.articles["outlet"].value_counts().head(10).to_string())
tk.charts.sentiment_over_time(analysis, by="outlet", freq=FREQ);

# %% [markdown]
# **By side.** Here a sentence counts once for **every side mentioned in it** (sides come from the actor
# mentions; see notebook 03), and sentences that mention no side are left out. This is the tone of the
# sentences *that mention* a side, **not the tone toward that side**: "Russia rejected Ukraine's offer as
# unhelpful" counts, negatively, for both. Sides that are mentioned together a lot move together.

# %%
tk.charts.sentiment_over_time(analysis, by="side", freq=FREQ);

# %% [markdown]
# ## 4. Drill down: the sentences behind the numbers
#
# Any mean on a chart is made of sentences you can read. Join `analysis.sentences` with the article's date,
# outlet and title, and sort. Here are the most negative sentences of the corpus:

# %%
meta = analysis.articles[["article_id", "date", "outlet", "title"]]
columns = ["date", "outlet", "polarity", "subjectivity", "text"]

most_negative = analysis.sentences.nsmallest(8, "polarity").merge(meta, on="article_id", how="left")
most_negative[columns]

# %% [markdown]
# And the most positive ones:

# %%
most_positive = analysis.sentences.nlargest(8, "polarity").merge(meta, on="article_id", how="left")
most_positive[columns]

# %% [markdown]
# Extreme scores are typically **short sentences carrying one strong word**, often inside a quotation,
# and many sentences can tie at the extremes (-1 or +1), so `nsmallest` shows only the first of them.
# Read them as examples, not as a ranking, and look for the usual traps: "a great deal of" or "went to
# great lengths" (quantity, not praise: +0.8); "their own" (+0.6); a word quoted in order to criticise it
# ("called the attack 'excellent'" scores as praise); a negation too far from its word ("None of this
# means the talks are worthless" scores strongly negative). Requiring a minimum length gives sentences
# where the score averages over more words:

# %%
words = analysis.sentences["text"].str.split().str.len()
longer = analysis.sentences[words >= 15]
longer.nsmallest(5, "polarity").merge(meta, on="article_id", how="left")[columns]

# %% [markdown]
# ### One outlet, one month
#
# To check one point of the outlet chart, take an outlet and a period and read its sentences. The cell
# picks the outlet with most articles and, within it, the month with most sentences (change `outlet` and
# `month` to look elsewhere). `analysis.filter(outlets=..., start=..., end=...)` narrows every table to the
# matching articles; an `end` date includes its whole day.

# %%
dated = analysis.sentences.merge(meta, on="article_id").dropna(subset=["date"])
if dated.empty:
    print("No dated sentences in this corpus: nothing to drill into.")
    month_sentences = dated
else:
    outlet = analysis.articles["outlet"].value_counts().index[0]
    of_outlet = dated[dated["outlet"] == outlet]
    month = of_outlet["date"].dt.to_period("M").value_counts().index[0]
    month_view = analysis.filter(outlets=[outlet], start=month.start_time.date(), end=month.end_time.date())
    month_sentences = month_view.sentences.merge(meta, on="article_id")
    print(f"{outlet}, {month}: {len(month_view.articles)} articles, {len(month_sentences)} sentences, "
          f"mean polarity {month_sentences['polarity'].mean():+.3f}, "
          f"{(month_sentences['polarity'] == 0).mean():.0%} of them exactly 0")

# %% [markdown]
# The mean printed above is the point drawn for this outlet and month in the outlet chart when `FREQ` is
# "M" (when the outlet is among those drawn). Sorted by polarity, its sentences show what pulls the mean
# up or down: often a handful of quoted adjectives.

# %%
month_sentences.sort_values("polarity")[["date", "title", "polarity", "text"]].head(6)

# %%
month_sentences.sort_values("polarity")[["date", "title", "polarity", "text"]].tail(6)

# %% [markdown]
# ## Take-aways
#
# - Compare **large groups** of sentences, and always look at n and at the share of zeros.
# - Negotiation vocabulary (ceasefire, war, rejected, collapsed) is invisible to the lexicon; diplomatic
#   adjectives ("useful") and sarcasm push scores up. A change in polarity can be a change in style.
# - "By side" is the tone of sentences mentioning a side, not tone toward it; notebook 03's actor
#   sentiment chart has the same limitation.
# - Before reporting a difference, read the sentences behind it (section 4).

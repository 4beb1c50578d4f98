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
# # Actors: who is covered, with whom, and in what tone
#
# The analysis finds mentions of the actors listed in a **gazetteer**: people, governments, countries,
# organisations and delegations, each with a side. This notebook counts who is mentioned (overall, by outlet,
# by side), who is mentioned together, the tone of the sentences around each actor, and then shows the
# gazetteer itself and how to extend it with the people your corpus needs.
#
# Keep in mind what a mention is: a name, a title plus name, a metonym ("the Kremlin", "Kyiv" count as the
# side's government) or a group form ("Ukrainian negotiators" counts as Ukraine's delegation). Counting
# mentions measures **visibility in the text**, not importance, and only actors in the gazetteer can be
# counted: the built-in one covers the Russia-Ukraine negotiation track, so on other negotiations many
# actors are missing until you add them (section 5).

# %% tags=["parameters"]
CORPUS = "../data/sample"   # a file, a folder or a list of them; paths are relative to notebooks/
TOP = 15                    # how many actors the tables and charts show

# %%
import pandas as pd

import toolkit as tk

pd.set_option("display.max_colwidth", 120)

# %%
corpus = tk.load_corpus(CORPUS)
analysis = tk.analyze(corpus)
analysis

# %% [markdown]
# ## 1. Who is mentioned most
#
# `tk.actor_counts(analysis)` has one row per actor: `mentions` (every occurrence), `articles` (how many
# articles mention the actor at least once) and `article_share` (that number over all articles). Prefer
# `articles`/`article_share` when comparing actors: one long profile of a person can produce dozens of
# mentions in a single article. Mentions whose surname was ambiguous between two people (empty
# `actor_id`) are left out.

# %%
counts = tk.actor_counts(analysis)
counts.head(TOP)

# %% [markdown]
# The same counts per outlet (`by=` accepts any `articles` column, or a period: "week", "month", "year").
# `article_share` is then relative to the outlet's own number of articles, which makes outlets of
# different size comparable. Here are the five most mentioned actors of each outlet:

# %%
by_outlet = tk.actor_counts(analysis, by="outlet")
by_outlet.groupby("outlet").head(5)

# %% [markdown]
# ## 2. Mention charts
#
# `tk.charts.actor_mentions` draws the `top` actors by number of mentions. With `by="outlet"` each bar is
# split into the outlets that produced those mentions: bar length is the total, segment length one
# outlet's share. Larger outlets dominate every bar simply by publishing more, so use this chart to see
# *who* is visible and the `article_share` table above to compare outlets fairly.

# %%
tk.charts.actor_mentions(analysis, top=TOP, by="outlet");

# %% [markdown]
# With `by="side"` the bars are coloured by the actor's own side (each actor has exactly one side, so each
# bar has one colour; the legend may list more sides than the bars show). Side colours are the same in
# every chart of the toolkit. The chart helpers return the matplotlib `Axes`, so you can adjust the result;
# here the legend is moved beside the bars. Side governments ("Government of Russia") collect all the metonyms
# ("Moscow", "the Kremlin"), so they often rank high.

# %%
ax = tk.charts.actor_mentions(analysis, top=TOP, by="side")
ax.legend(title="Side", fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1));   # legend beside the bars

# %% [markdown]
# ## 3. Who is mentioned together
#
# `tk.co_mentions` lists pairs of actors (or of sides, with `level="side"`) mentioned in the same sentence
# (`window="sentence"`, the default) or the same article (`window="article"`): `count` is the number of
# sentences (or articles) with both, `articles` the number of articles where that happens. Each pair
# appears once. A co-mention means the text puts two actors side by side, which is often a meeting, a
# negotiation or a conflict, but it can be a contrast or a list; read some sentences before concluding
# anything about their relation.

# %%
side_pairs = tk.co_mentions(analysis, level="side")
side_pairs.head(10)

# %% [markdown]
# The heatmap shows the same counts for the `top` actors (those with most co-mentions): each cell is the
# number of sentences mentioning both the row and the column actor, so the matrix is symmetric and its
# diagonal empty. The colour scale runs up to the largest pair, which can wash out everything else; read
# the numbers in the cells rather than the shades.

# %%
tk.charts.co_mention_heatmap(analysis, level="actor", top=TOP);

# %% [markdown]
# ## 4. Tone around each actor
#
# `tk.charts.actor_sentiment` shows, for the most mentioned actors (at least 5 mentions), the mean of a
# score over their mentions, with a 95% interval (the whisker) and `n` in the label: the number of
# sentences mentioning the actor (an actor named twice in one sentence counts once). Unless the
# analysis has an actor-targeted tone column (`tone_score` in `mentions`; the standard analysis has none),
# the score is **the TextBlob polarity of the sentences that mention the actor**. So a bar says how
# positive the words *around* the actor are, not how the outlet or anyone else judges the actor: in "Putin
# rejected Zelensky's fair proposal" both get the credit of "fair". All the caveats of notebook 02 apply,
# and actors mentioned in the same sentences get similar values.

# %%
print("actor-targeted tone available:", "tone_score" in analysis.mentions.columns)
tk.charts.actor_sentiment(analysis, top=TOP);

# %% [markdown]
# ## 5. The gazetteer
#
# The built-in gazetteer is a set of YAML files in `toolkit/resources/actors/`. `to_frame()` gives one row
# per actor: id, display name, kind, side, aliases, the surnames that count as a mention on their own,
# gender, dated roles and a note.

# %%
g = tk.Gazetteer.builtin()
print(g)
g.to_frame()[["id", "name", "kind", "side", "aliases", "surnames", "roles"]].head(10)

# %%
g.to_frame().groupby("side").size().sort_values(ascending=False).head(12).rename("actors").to_frame()

# %% [markdown]
# Roles carry dates, and `role_on(actor_id, date)` returns the role(s) held on a given day. The
# `role` column of `analysis.mentions` is this lookup at each article's date, which is how the same person
# can appear as a delegation member in 2022 and a minister later. Several roles held at the same time are
# joined with "; ". A role without an end date counts as still held, so check the dates of the roles you
# rely on (`g.to_frame()` lists them).

# %%
g.role_on("rustem_umerov", "2025-05-16")

# %%
pd.Series({day: g.role_on("rustem_umerov", day) for day in ["2022-02-28", "2023-10-01", "2025-08-01"]},
          name="role of rustem_umerov").to_frame()

# %% [markdown]
# ## 6. Extending the gazetteer
#
# `tk.suggest_actors(analysis)` looks for **people introduced with a title or role who are not in the
# gazetteer** ("Foreign Minister X", "X, the envoy of Y"). Each row has a suggested `id`, the `name`, a
# `guessed_side` (from a nearby adjective or country, often empty), the `role` phrase, `mentions`,
# `articles` and an `example` sentence.
#
# Treat the list as leads, not facts. The patterns also catch capitalised phrases that are not people
# (committees, agencies, "Middle East"), split one person into variants (with and without a first name or
# title), and `mentions` counts every occurrence of the *surname* anywhere in the corpus, so a surname
# that is also a common word or place (White, as in White House) is inflated. Sorting by `articles` (where
# the titled name itself was seen) is more reliable. Always read the example sentence.

# %%
suggestions = tk.suggest_actors(analysis)
print(f"{len(suggestions)} suggestions")
suggestions.drop(columns="yaml").sort_values(["articles", "mentions"], ascending=False).head(10)

# %% [markdown]
# `tk.suggestions_to_yaml` turns rows into YAML in the gazetteer file format, ready to paste into a file of
# your own and edit (fix the side, add aliases and role dates, delete what is not a person). Load such a
# file with `tk.analyze(corpus, actors="my_actors.yaml")`, or combine it with the built-in one:
# `tk.Gazetteer.builtin().merge(tk.Gazetteer.from_yaml("my_actors.yaml"))`.

# %%
if suggestions.empty:
    print("No suggestions for this corpus: every titled person found is already in the gazetteer.")
else:
    print(tk.suggestions_to_yaml(suggestions.sort_values(["articles", "mentions"], ascending=False).head(5)))

# %% [markdown]
# You can also extend the gazetteer in code. `g.add(...)` returns a **new** gazetteer with one more actor
# (the built-in one is unchanged). The cell takes the suggestion seen in most articles; if there is none it
# adds a made-up example person instead. A suggestion's side comes from its title in the text and is empty
# when the text gives none: in real work, check the person and write the side and role dates.

# %%
if not suggestions.empty:
    pick = suggestions.sort_values(["articles", "mentions"], ascending=False).iloc[0]
    person_id, person_name, role = pick["id"], pick["name"], pick["role"]
    side = pick["guessed_side"]     # from the text, may be empty: check it before relying on it
    print(f"Adding the suggested person {person_name!r} (side: {side}, role: {role!r})")
else:
    # A MADE-UP EXAMPLE PERSON, only to show the call: expect no mentions of her in the corpus.
    person_id, person_name, role, side = "jane_roe", "Jane Roe", "UN envoy (example)", "United Nations"
    print("No suggestions: adding the made-up example person 'Jane Roe'")

extended = g.add(id=person_id, name=person_name, kind="person", side=side,
                 roles=[{"title": role, "from": None, "to": None}])   # dates unknown: fill them in
print(len(g), "actors in the built-in gazetteer,", len(extended), "in the extended one")

# %% [markdown]
# Now analyse the corpus again with the extended gazetteer (`actors=` also takes a YAML path). The new
# person's mentions appear in `mentions`, including surname-only mentions after the first full name, with
# the role from the gazetteer. Every other table (quotes, statements) can now attribute words and positions
# to this person as well.

# %%
analysis_ext = tk.analyze(corpus, actors=extended)
new_mentions = analysis_ext.mentions[analysis_ext.mentions["actor_id"] == person_id]
print(f"{len(new_mentions)} mentions of {person_name} in {new_mentions['article_id'].nunique()} articles; "
      f"{len(analysis.mentions)} -> {len(analysis_ext.mentions)} mentions in total")
new_mentions[["article_id", "sentence_id", "surface", "actor", "side", "role"]].head(10)

# %%
speaker_quotes = analysis_ext.quotes[analysis_ext.quotes["speaker_id"] == person_id]
print(f"{len(speaker_quotes)} quotes now attributed to {person_name}")
speaker_quotes[["kind", "cue", "text"]].head(5)

# %% [markdown]
# Where the new actor now ranks (compare with the table of section 1):

# %%
ranked = tk.actor_counts(analysis_ext)
ranked[ranked["actor_id"] == person_id]

"""Distinctive wording: which words and phrases set two groups of texts apart (two outlets, two sides' quotes,
two periods), by the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi and Quinn
("Fightin' Words", Political Analysis 16(4), 2008).

For a word w with counts y_a, y_b in the two groups (n_a, n_b words in all) and a prior from the whole
corpus, alpha_w = alpha0 * y_w / n (alpha0 = ``prior`` words in all), the log-odds ratio is

    delta_w = log((y_a + alpha_w) / (n_a + alpha0 - y_a - alpha_w))
              - log((y_b + alpha_w) / (n_b + alpha0 - y_b - alpha_w))

with variance about 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w); ``z = delta / sqrt(variance)`` ranks the words
(|z| > 1.96: unlikely by chance alone). The prior shrinks rare words toward zero, so a word said twice by one
side does not top the list as raw ratios would.

>>> frame = pd.DataFrame({"group": ["a", "a", "b"], "text": ["tariffs hurt farmers", "tariffs again", "peace now"]})
>>> distinctive_words_of(frame, "group", "a", "b", min_count=1).word.tolist()[:1]
['tariffs']
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from .summaries import PERIODS, article_groups

#: Function words left out (they distinguish writing styles, not positions).
STOP_WORDS = frozenset("""a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own said same says she should so some such
than that the their theirs them themselves then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours yourself mr mrs ms""".split())
_WORD = re.compile(r"[a-z](?:\.[a-z])+|[a-z][a-z'’-]*[a-z]")  # "u.s" kept whole; one letter is no word
_BREAK = re.compile(r"[,;:!?()\[\]\"“”—–]+|\.(?![a-z])|\s-\s")  # not the dots inside "u.s."
COLUMNS = ["word", "count_a", "count_b", "log_odds", "z"]


def words_of(text: str, phrases: bool = True) -> list[str]:
    """The words of ``text`` without function words, lower-cased, and (``phrases``) the pairs of neighbouring
    words ("peace talks"); a pair never spans a function word or punctuation.

    >>> words_of("The peace talks failed. Talks resume")
    ['peace', 'talks', 'failed', 'talks', 'resume', 'peace talks', 'talks failed', 'talks resume']
    >>> words_of("Russia's offer to the U.S.", phrases=False)
    ['russia', 'offer', 'u.s']
    """
    words, pairs = [], []
    for chunk in _BREAK.split(text.lower()):
        tokens = [w.replace("’", "'").removesuffix("'s") for w in _WORD.findall(chunk)]
        words += [w for w in tokens if w not in STOP_WORDS]
        if phrases:
            pairs += [f"{x} {y}" for x, y in zip(tokens, tokens[1:]) if x not in STOP_WORDS and y not in STOP_WORDS]
    return words + pairs


def distinctive_words_of(frame: pd.DataFrame, by: str, a, b, *, text: str = "text", top: int = 20,
                         min_count: int = 3, prior: float = 500.0, phrases: bool = True) -> pd.DataFrame:
    """The (at most) ``top`` words most typical of the rows of ``frame`` whose ``by`` is ``a``, then the
    ``top`` most typical of ``b``, from the texts in column ``text`` (see the module docstring).

    Columns: ``word``, ``count_a``, ``count_b`` (occurrences in each group), ``log_odds`` (positive: typical of
    ``a``), ``z``; rows sorted by ``z``, descending. Words seen fewer than ``min_count`` times in the two
    groups together are left out; ``prior`` is the weight of the whole frame's word frequencies in words.
    """
    if by not in frame:
        raise KeyError(f"no column {by!r} to group by (columns: {', '.join(map(str, frame.columns))})")
    counts = {}
    for group in (a, b):
        rows = frame.loc[frame[by] == group, text]
        counts[group] = Counter(w for t in rows for w in words_of(str(t), phrases))
    everything = Counter(w for t in frame[text] for w in words_of(str(t), phrases))
    vocabulary = [w for w in everything if counts[a][w] + counts[b][w] >= min_count]
    if not vocabulary or not sum(counts[a].values()) or not sum(counts[b].values()):
        return pd.DataFrame({c: pd.Series(dtype="str" if c == "word" else "float64") for c in COLUMNS})
    y_a = np.array([counts[a][w] for w in vocabulary], dtype=float)
    y_b = np.array([counts[b][w] for w in vocabulary], dtype=float)
    total = float(sum(everything.values()))
    alpha = prior * np.array([everything[w] for w in vocabulary], dtype=float) / total
    n_a, n_b = float(sum(counts[a].values())), float(sum(counts[b].values()))
    delta = (np.log((y_a + alpha) / (n_a + prior - y_a - alpha))
             - np.log((y_b + alpha) / (n_b + prior - y_b - alpha)))
    z = delta / np.sqrt(1.0 / (y_a + alpha) + 1.0 / (y_b + alpha))
    table = pd.DataFrame({"word": vocabulary, "count_a": y_a.astype("int64"), "count_b": y_b.astype("int64"),
                          "log_odds": delta, "z": z})
    table = table.sort_values(["z", "word"], ascending=[False, True])
    picked = pd.concat([table[table["z"] > 0].head(top), table[table["z"] < 0].tail(top)])
    return picked.sort_values(["z", "word"], ascending=[False, True]).reset_index(drop=True)


def distinctive_words(analysis, by: str, a, b, *, source: str = "sentences", top: int = 20, min_count: int = 3,
                      prior: float = 500.0, phrases: bool = True) -> pd.DataFrame:
    """Words and phrases that set group ``a`` apart from group ``b`` (log-odds with an informative Dirichlet
    prior; columns and options as :func:`distinctive_words_of`).

    - ``source="sentences"``: the article sentences, grouped ``by`` an articles column ("outlet") or a period
      of the article date ("month", "week", ...; ``a``/``b`` the periods' start dates or strings like
      "2025-05");
    - ``source="quotes"``: the words of quotes in quotation marks, grouped by ``"speaker_side"`` or
      ``"speaker"``, or like sentences by an articles column or period.

    >>> tk.distinctive_words(analysis, "speaker_side", "Russia", "Ukraine", source="quotes")  # doctest: +SKIP
    """
    if source == "sentences":
        frame = analysis.sentences[["article_id", "text"]]
    elif source == "quotes":
        quotes = analysis.quotes
        frame = quotes.loc[quotes["kind"] != "indirect", ["article_id", "speaker", "speaker_side", "text"]]
    else:
        raise ValueError("source must be 'sentences' or 'quotes'")
    if by not in frame:
        groups = article_groups(analysis.articles, by, extra_columns="a column of the source table")
        frame = frame.assign(**{by: frame["article_id"].map(groups)})
        if by in PERIODS:
            a, b = pd.Timestamp(a), pd.Timestamp(b)
    return distinctive_words_of(frame, by, a, b, top=top, min_count=min_count, prior=prior, phrases=phrases)


__all__ = ["COLUMNS", "STOP_WORDS", "distinctive_words", "distinctive_words_of", "words_of"]

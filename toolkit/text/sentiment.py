"""Sentence and document sentiment with TextBlob's pattern analyser, offline (its lexicon ships in the wheel).

``polarity`` runs from -1 (negative) to +1 (positive), ``subjectivity`` from 0 (factual) to 1 (opinion).
The values are exactly those of ``TextBlob(text).sentiment`` -- the same floats, bit for bit -- computed by a
re-implementation that is several times faster than TextBlob and does not import the ``textblob`` package
(whose ``__init__`` pulls in NLTK and SciPy, about a second of start-up): TextBlob's own ``_text`` module,
which needs only the standard library, is loaded from its file, and its ``en-sentiment.xml`` lexicon is read
as ``textblob.en`` reads it. ``python benchmarks/bench_sentiment.py`` measures the speed.

>>> textblob_sentiment("The talks were very constructive.")
(0.2, 0.3)

How it stays identical
----------------------
``TextBlob(text).sentiment`` is ``textblob.en.sentiment(text)``: ``find_tokens`` splits the text into
sentences of space-separated tokens, the tokens are lower-cased and fed to ``Sentiment.assessments`` (a small
state machine over known words, modifiers such as "very", negations, "!", emoticons and the irony mark
"(!)"), and polarity and subjectivity are the plain averages over the assessments. This module uses
TextBlob's own lexicon (with its averaged ``None`` part-of-speech entries and the "-ly" adverbs added on
loading), negations, modifiers, ``modifier`` predicate, punctuation, abbreviations, contractions, emoticon
table and compiled regular expressions -- all read from TextBlob's own analyser, built as ``textblob.en``
builds it (:func:`_analyzer`) -- and repeats the arithmetic operation by operation (the same clamping, the same
left-to-right sums starting from the integer 0, the same division).

Fast path: ``find_tokens`` only ever splits a whitespace-separated piece of the text into tokens (its
contraction and quote replacements never cross whitespace), so each distinct piece is tokenized once and
cached as what the state machine needs to know about its tokens. Its sentence segmentation only matters to
two per-sentence substitutions (the sarcasm mark "( ! )" -> "(!)" and emoticons such as ": )" -> ":)") and to
the ``END-OF-SENTENCE`` markers it inserts at blank lines, which are dropped again; the substitutions need
an emoticon or "(!)" in the text once all whitespace is removed. A text without one (and without a literal
"END-OF-SENTENCE"; one regular expression search, no false negatives) is scored from the cached pieces;
any other text takes the exact path, a line-by-line port of ``find_tokens`` whose sentences go through TextBlob's own ``RE_SARCASM`` and
``RE_EMOTICONS``. Inputs that are not ``str`` go to TextBlob's analyzer itself.

The tables are read once, on first use.
"""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .patterns import trie_regex

__all__ = ["add_sentiment", "clear_caches", "sentiment_arrays", "textblob_sentiment"]

#: Results kept per text, and token information kept per piece of text (words repeat; sentences seldom do).
MAX_CACHED_TEXTS = 1_000
MAX_CACHED_PIECES = 5_000

_tables = None  # built on first use by _load()


@lru_cache(maxsize=1)
def _analyzer():
    """TextBlob's English sentiment analyser (``textblob.en.sentiment``), built from TextBlob's own ``_text``
    module and lexicon file without importing the ``textblob`` package."""
    spec = importlib.util.find_spec("textblob")  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("TextBlob is not installed: pip install textblob")
    package = Path(next(iter(spec.submodule_search_locations)))
    module_spec = importlib.util.spec_from_file_location("_toolkit_textblob_text", package / "_text.py")
    pattern = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(pattern)
    # the settings of textblob.en.sentiment
    analyzer = pattern.Sentiment(path=str(package / "en" / "en-sentiment.xml"), synset="wordnet_id",
                                 negations=("no", "not", "n't", "never"), modifiers=("RB",),
                                 modifier=lambda w: w.endswith("ly"), tokenizer=pattern.find_tokens,
                                 language="en")
    analyzer.load()
    # textblob.en adds an adverb for every adjective on loading: "terrible" -> "terribly", "happy" -> "happily"
    for word, senses in list(dict.items(analyzer)):
        if "JJ" in senses:
            stem = word[:-1] + "i" if word.endswith("y") else word
            stem = stem[:-2] if stem.endswith("le") else stem
            analyzer.annotate(stem + "ly", "RB", *senses["JJ"])
    analyzer.pattern = pattern
    return analyzer


def clear_caches() -> None:
    """Empty the per-text, per-piece and per-token caches (the lexicon tables stay loaded)."""
    for cache in (_RESULTS, _PIECES, _SPLITS, _INFOS):
        cache.cache_clear()


# ---------------------------------------------------------------------------------------------- tables

# Infos of the unknown tokens that do nothing but update the pending negation and modifier (other tokens
# are described by tuples, see _token_info):
#: 3+ characters, 2+ without quotes at the ends (an ordinary word): ends a pending negation and modifier.
_PLAIN = ("plain",)
#: 2 characters, no quote at either end ("of"): ends a pending negation only.
_MID = ("mid",)
#: 1 character, or 2 with a quote at an end ("a", ",", "."): a pending negation may join a pending "-ly"
#: modifier ("really, not good"), nothing else.
_TINY = ("tiny",)


class _Tables:
    """Everything the scorer needs, taken from TextBlob's own objects once."""

    def __init__(self):
        analyzer = _analyzer()
        tt = analyzer.pattern
        self.lexicon = {w: tuple(pos[None]) for w, pos in dict.items(analyzer) if None in pos}
        self.modifier_words = {
            w for w, pos in dict.items(analyzer) if any(map(pos.__contains__, analyzer.modifiers))
        }
        self.negations = analyzer.negations
        self.none_is_modifier = None in analyzer.modifiers  # "pos in self.modifiers" with pos None
        self.modifier = analyzer.modifier
        # find_tokens as called by Parser.find_tokens (textblob.en.parser), the tokenizer of the analyzer.
        self.punctuation = tuple(tt.PUNCTUATION.replace(".", ""))
        self.punctuation_dot = self.punctuation + (".",)
        self.leading = frozenset(self.punctuation)  # t.startswith(punctuation) <=> t[0] in leading
        self.trailing = frozenset(self.punctuation_dot)
        self.abbreviations = tt.ABBREVIATIONS
        self.replace = tt.replacements
        self.re_abbr1, self.re_abbr2, self.re_abbr3 = tt.RE_ABBR1, tt.RE_ABBR2, tt.RE_ABBR3
        self.re_sarcasm, self.re_emoticons = tt.RE_SARCASM, tt.RE_EMOTICONS
        self.eos = tt.EOS
        self.all_punctuation = tt.PUNCTUATION
        # assessments(): the first emoticon type (in EMOTICONS order) whose lower-cased forms contain w.
        self.emoticons: dict[str, float] = {}
        for (_type, p), forms in tt.EMOTICONS.items():
            for e in forms:
                self.emoticons.setdefault(e.lower(), p)
        # Prefilter: RE_SARCASM or RE_EMOTICONS can only change a sentence (and EOS markers only matter)
        # if the text with all whitespace removed contains one of these strings (none holds whitespace, and
        # ``\s`` is exactly ``str.isspace``, so a gap of ``\s*`` finds them in ``"".join(text.split())``).
        needles = {e for forms in tt.EMOTICONS.values() for e in forms} | {"(!)", tt.EOS}
        self.prefilter = re.compile(trie_regex(needles, gap=r"\s*")).search


def _load() -> _Tables:
    """The tables, built on first use."""
    global _tables
    if _tables is None:
        _tables = _Tables()
    return _tables


# ---------------------------------------------------------------------------------------------- tokens

def _split_candidate(t: str) -> tuple[str, ...]:
    """The tokens ``find_tokens`` makes of one whitespace-free candidate ``t`` (loop body, line by line)."""
    tb = _tables
    # Shortcuts (the loops below would do the same): no punctuation to split at either end; one
    # punctuation mark (not a period) after a word that then ends in no punctuation.
    if t[0] not in tb.leading:
        if t[-1] not in tb.trailing:
            return (t,)
        if t[-1] in tb.leading and len(t) > 1 and t[-2] not in tb.trailing:
            return (t[:-1], t[-1])
    punctuation, replace, abbreviations = tb.punctuation, tb.replace, tb.abbreviations
    tokens = []
    tail = []
    while t.startswith(punctuation) and t not in replace:
        # Split leading punctuation.
        if t.startswith(punctuation):
            tokens.append(t[0])
            t = t[1:]
    while t.endswith(tb.punctuation_dot) and t not in replace:
        # Split trailing punctuation.
        if t.endswith(punctuation):
            tail.append(t[-1])
            t = t[:-1]
        # Split ellipsis (...) before splitting period.
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        # Split period (if not an abbreviation).
        if t.endswith("."):
            if (
                t in abbreviations
                or tb.re_abbr1.match(t) is not None
                or tb.re_abbr2.match(t) is not None
                or tb.re_abbr3.match(t) is not None
            ):
                break
            else:
                tail.append(t[-1])
                t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))
    return tuple(tokens)


def _prepare(string: str) -> str:
    """find_tokens before its whitespace collapse: contractions, then spaces around quotes."""
    if "'" in string:
        for a, b in _tables.replace.items():  # re.sub of a literal pattern == str.replace
            string = string.replace(a, b)
    return (
        string.replace("“", " “ ")
        .replace("”", " ” ")
        .replace("‘", " ‘ ")
        .replace("’", " ’ ")
        .replace("'", " ' ")
        .replace('"', ' " ')
    )


_QUOTES = re.compile("['\"“”‘’]").search  # the characters _prepare() acts on
_LINEBREAK = re.compile(r"\n{2,}")
_WHITESPACE = re.compile(r"\s+")


def _find_tokens(string: str) -> list[str]:
    """Exactly ``textblob._text.find_tokens(string)`` with the English parser's defaults."""
    tb = _tables
    eos = tb.eos
    string = _prepare(string)
    # Collapse whitespace.
    string = string.replace("\r\n", "\n")
    string = _LINEBREAK.sub(" %s " % eos, string)
    string = _WHITESPACE.sub(" ", string)
    tokens: list[str] = []
    for t in string.split():  # == TOKEN.findall(string + " ") on the collapsed string
        tokens += _SPLITS(t)
    sentences, i, j = [[]], 0, 0
    while j < len(tokens):
        if tokens[j] in ("...", ".", "!", "?", eos):
            # Handle citations, trailing parenthesis, repeated punctuation (!?).
            while j < len(tokens) and tokens[j] in ("'", '"', "”", "’", "...", ".", "!", "?", ")", eos):
                if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                    break  # Balanced quotes.
                j += 1
            sentences[-1].extend(t for t in tokens[i:j] if t != eos)
            sentences.append([])
            i = j
        j += 1
    sentences[-1].extend(tokens[i:j])
    sarcasm, emoticons = tb.re_sarcasm.sub, tb.re_emoticons.sub
    out = []
    for s in sentences:
        if len(s) > 0:
            s = sarcasm("(!)", " ".join(s))
            out.append(emoticons(_join_emoticon, s))
    return out


def _join_emoticon(m: re.Match) -> str:
    return m.group(1).replace(" ", "") + m.group(2)


def _token_info(w: str):
    """What ``assessments()`` needs to know about the lower-cased token ``w``: one of the markers _PLAIN,
    _MID, _TINY, a known word ``(True, p, s, i, is_modifier, modifier(w), is_negation)`` or another unknown
    word ``(False, is_negation, len(w.strip("'")) > 1, len(w) > 2, w == "!", w == "(!)", emoticon or None)``.
    """
    tb = _tables
    entry = tb.lexicon.get(w)
    if entry is not None:
        p, s, i = entry
        modifies = w in tb.modifier_words
        return (True, p, s, i, modifies, bool(tb.modifier(w)) if modifies else False, w in tb.negations)
    negation = w in tb.negations
    if not negation and w.isalpha():  # the common case, in short (no quote, no emoticon, no "!")
        return _PLAIN if len(w) > 2 else _MID if len(w) == 2 else _TINY
    strip2 = len(w.strip("'")) > 1
    long3 = len(w) > 2
    emoticon = None
    if w.isalpha() is False and len(w) <= 5 and w not in tb.all_punctuation:
        emoticon = tb.emoticons.get(w)
    exclamation = w == "!"
    irony = w == "(!)"
    if not (negation or exclamation or irony or emoticon is not None):
        if strip2:
            return _PLAIN if long3 else _MID
        if not long3:
            return _TINY
    return (False, negation, strip2, long3, exclamation, irony, emoticon)


class _Multi(tuple):
    """The infos of a piece that makes several tokens (a piece that makes one is stored as that info)."""


def _piece_infos(piece: str):
    """Token infos of one whitespace-free piece of a text (fast path: no emoticon, no EOS involved).

    A piece that makes one token is stored as that token's info, others as a _Multi of infos, leaving out
    those that cannot change the outcome: with no negation pending (after _PLAIN, _MID or a known word that
    is not a negation) _MID and _TINY do nothing, and of _PLAIN or _MID followed by _PLAIN only the
    _PLAIN matters.
    """
    if piece.isalpha():  # no punctuation, quotes or contractions: the piece is one token
        return _token_info(piece.lower())
    if _QUOTES(piece) is None:  # contractions and quote spacing change nothing
        tokens = _split_candidate(piece)
        if len(tokens) == 1:
            return _token_info(tokens[0].lower())
    else:
        tokens = [token for t in _prepare(piece).split() for token in _split_candidate(t)]
    infos = []
    no_negation = False  # no negation can be pending at this point
    for token in tokens:
        info = _INFOS(token)
        if info is _PLAIN or info is _MID or info is _TINY:
            if no_negation and info is not _PLAIN:
                continue
            if infos and (infos[-1] is _PLAIN or infos[-1] is _MID):
                infos[-1] = info if info is _PLAIN else infos[-1]
                continue
            no_negation = no_negation or info is not _TINY
        else:
            no_negation = info[0] is True and not info[6]
        infos.append(info)
    return infos[0] if len(infos) == 1 else _Multi(infos)


_PIECES = lru_cache(MAX_CACHED_PIECES)(_piece_infos)  # piece of a text between whitespace -> token info(s)
_SPLITS = lru_cache(MAX_CACHED_PIECES)(_split_candidate)  # "t" of find_tokens' loop -> its tokens (exact path)
_INFOS = lru_cache(MAX_CACHED_PIECES)(lambda token: _token_info(token.lower()))  # token -> info


# ---------------------------------------------------------------------------------------------- scoring

def _run(infos, a: list, m, n: bool, none_is_modifier: bool, plain=_PLAIN, mid=_MID, tiny=_TINY):
    """The loop of ``Sentiment.assessments`` over token infos (a _Multi is run recursively).

    ``a`` collects ``[p, s, i, n]`` per assessment (the dicts of assessments(); the words and labels do not
    change the scores); ``m`` is the pending modifier (None, or ``modifier(word)`` of the modifier word,
    because ``pos`` is None for strings), ``n`` whether a negation is pending. Returns the new ``(m, n)``.
    """
    for info in infos:
        if info is plain:
            n = False
            m = None
        elif info is mid:
            n = False
        elif info is tiny:
            if n and m is not None and (none_is_modifier or m):
                a[-1][3] = -1
                n = False
        else:
            kind = info[0]
            if kind is True:
                _, p, s, i, modifies, ly, negation = info
                # Known word not preceded by a modifier ("good").
                if m is None:
                    last = [p, s, i, 1]
                    a.append(last)
                # Known word preceded by a modifier ("really good").
                else:
                    last = a[-1]
                    last[0] = max(-1.0, min(p * last[2], +1.0))
                    last[1] = max(-1.0, min(s * last[2], +1.0))
                    last[2] = i
                # Known word preceded by a negation ("not really good").
                if n:
                    last[2] = 1.0 / last[2]
                    last[3] = -1
                # Known word may be modifying the next word (i.e., it is a known adverb) or a negation.
                m = ly if modifies else None
                n = negation
            elif kind is False:
                _, negation, strip2, long3, exclamation, irony, emoticon = info
                # Unknown word may be a negation ("not good").
                if negation:
                    n = True
                # Unknown word. Retain negation across small words ("not a good").
                elif n and strip2:
                    n = False
                # Unknown word may be a negation preceded by a modifier ("really not good").
                if n and m is not None and (none_is_modifier or m):
                    a[-1][3] = -1
                    n = False
                # Unknown word. Retain modifier across small words ("really is a good").
                elif m is not None and long3:
                    m = None
                # Exclamation marks boost previous word.
                if exclamation and len(a) > 0:
                    a[-1][0] = max(-1.0, min(a[-1][0] * 1.25, +1.0))
                # Exclamation marks in parentheses indicate sarcasm.
                if irony:
                    a.append([0.0, 1.0, 1.0, 1])
                # EMOTICONS
                if emoticon is not None:
                    a.append([emoticon, 1.0, 1.0, 1])
            else:  # _Multi
                m, n = _run(info, a, m, n, none_is_modifier)
    return m, n


def _score(text, exact_path: bool = False) -> tuple[float, float]:
    """``(polarity, subjectivity)`` of ``text`` (uncached); ``exact_path=True`` skips the fast path."""
    if type(text) is not str:  # bytes, lists, None, str subclasses, ...: whatever the analyzer makes of them
        p, s = _analyzer()(text)[:2]
        return float(p), float(s)
    tb = _tables or _load()
    a: list = []
    if not exact_path and tb.prefilter(text) is None:
        _run(map(_PIECES, text.split()), a, None, False, tb.none_is_modifier)
    else:
        _run(map(_INFOS, " ".join(_find_tokens(text)).split()), a, None, False, tb.none_is_modifier)
    if not a:
        return 0.0, 0.0
    # The end of assessments() ("not good" = slightly bad, "not bad" = slightly good) and the avg() of
    # Sentiment.__call__: sums from the integer 0, left to right, divided by float(len(a) or 1).
    sp, ss = 0, 0
    for p, s, _i, neg in a:
        sp += p * -0.5 if neg < 0 else p
        ss += s
    count = float(len(a))
    return sp / count, ss / count


_RESULTS = lru_cache(MAX_CACHED_TEXTS)(_score)  # text -> (polarity, subjectivity)


# ---------------------------------------------------------------------------------------------- public

def textblob_sentiment(text: str) -> tuple[float, float]:
    """``(polarity, subjectivity)`` of ``text``, identical to ``TextBlob(text).sentiment``."""
    try:
        return _RESULTS(text)
    except TypeError:  # unhashable (a list of words, a dict): not cached
        return _score(text)


def sentiment_arrays(texts: Iterable[str], cache: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Polarity and subjectivity arrays for many texts (each identical to TextBlob's).

    Results are cached per text, so repeated texts (boilerplate lines, a second call) cost a dict lookup.
    ``cache=False`` scores without reading or filling the cache: for long texts that never repeat, such as
    whole articles, whose cache would only hold a second copy of the corpus.

    >>> polarity, subjectivity = sentiment_arrays(["Talks were a great success.", "No deal."])
    >>> polarity.round(2).tolist()
    [0.55, 0.0]
    """
    texts = list(texts)
    if not cache:
        results = [_score(text) for text in texts]
    else:
        try:
            results = list(map(_RESULTS, texts))
        except TypeError:  # some text is unhashable
            results = [textblob_sentiment(text) for text in texts]
    polarity, subjectivity = np.array(results, dtype="float64").reshape(-1, 2).T.copy()
    return polarity, subjectivity


def add_sentiment(frame: pd.DataFrame, column: str = "text") -> pd.DataFrame:
    """A copy of ``frame`` with ``polarity`` and ``subjectivity`` columns computed from ``frame[column]``."""
    polarity, subjectivity = sentiment_arrays(frame[column].tolist())
    return frame.assign(polarity=polarity, subjectivity=subjectivity)

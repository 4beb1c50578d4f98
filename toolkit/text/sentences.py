"""Paragraphs, sentences and words of article text, with character offsets. No downloaded data needed.

Sentences come from nupunkt's pre-trained Punkt model (bundled in its wheel), corrected by a small set of
rules for what news text throws at a general-purpose splitter: "U.S." or "a.m." before a capitalised word,
titles ("Gen.", "Sen."), initials ("Donald J. Trump"), a missed boundary after an ordinary word, and closing
quotes or brackets after the final punctuation. Sentences never cross a paragraph break (blank line), so
headings and captions standing on their own line are sentences of their own.

>>> [text for _, _, _, text in split_sentences('The U.S. delegation left at 5 p.m. U.S. officials said no.')]
['The U.S. delegation left at 5 p.m.', 'U.S. officials said no.']
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

#: Columns of the sentences table (before sentiment is added).
SENTENCE_BASE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "start", "end", "text"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A candidate boundary: final punctuation, optional closing quotes/brackets, whitespace, then the start of a
# sentence (an opening quote/bracket, a capital letter or a digit).
# Possessive runs, and never from inside a run of punctuation: linear on "!!!!..." too.
_CANDIDATE = re.compile(r"(?<![.!?…])(?P<punct>[.!?…]++)(?P<close>[\"'”’»)\]]*+)(?P<space>\s++)"
                        r"(?=[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")
#: Characters a sentence may hold at most; a longer run of text without a sentence boundary (no news sentence
#: is one: a table or a list dumped as text, or hostile input) is cut at spaces, so that the extractors, whose
#: work grows with the square of a sentence's length, stay fast.
MAX_SENTENCE_CHARS = 1000
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_WORD_AFTER = re.compile(r"[\"'“‘«(\[]?([\w.'’-]+)")

#: Abbreviations that are never sentence-final before a capitalised word (titles and name parts).
TITLE_ABBREVIATIONS = frozenset("""
mr mrs ms dr gen lt col sgt capt cmdr adm maj gov sen rep rev prof st mt ft pres sec amb hon messrs mme mlle
brig cpl pvt supt insp det atty fr sr jr
""".split())
#: Month abbreviations: not final when a day number follows ("Jan. 5").
MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
#: Other abbreviations that usually do not end a sentence.
OTHER_ABBREVIATIONS = frozenset("""
approx est nos vs etc inc corp co ltd dept univ assn bros fig vol ed eds al cf ca para art sect
""".split())
#: Words that begin a new sentence after an ambiguous abbreviation ("... in the U.S. The talks ...").
SENTENCE_STARTERS = frozenset("""
The A An This That These Those It Its He She They We I You His Her Their Our My Your But And Or So Yet In On
At For After Before During While When If As Although Though However Meanwhile There Here What Why How Who
Where Both Some Many Most Several No Not One Two Three Earlier Later Last Next Since With Without According
Asked Still Also Such Each Every All Any Instead Under Over Despite Amid Until Once Then Now Today Yesterday
Tomorrow
""".split())
# After a closing quote, a capitalised name followed by a reporting verb is the attribution, not a new
# sentence: '"Are you ready?" Zelensky asked.'
_ATTRIBUTION_AFTER_QUOTE = re.compile(
    r"[A-Z][\w.'’-]*\s+(?:(?!(?:and|but|or|then|when|while|as|if)\s)[\w.'’-]+\s+){0,4}(?:said|says|asked|asks|added|adds|told|tells|wrote|writes|replied|replies|"
    r"tweeted|posted|insisted|insists|warned|warns|declared|stated|explained|noted|continued|concluded|"
    r"shouted|cried|recalled|recalls|argued|argues)\b"
)
_TIMEZONE = re.compile(r"^(?:[A-Z]{2,5}|local)$")


@lru_cache(maxsize=1)
def _punkt():
    import nupunkt

    return nupunkt.load_default_model()


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-empty paragraph (blocks separated by a blank line), whitespace trimmed."""
    spans = []
    pos = 0
    for m in list(_PARAGRAPH_BREAK.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        start, stop = _trim(text, pos, end)
        if stop > start:
            spans.append((start, stop))
        if m:
            pos = m.end()
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _rule(paragraph: str, match: re.Match) -> bool | None:
    """True/False when a news rule decides the candidate boundary; None lets Punkt decide."""
    punct = match.group("punct")
    if re.search(r"[\"”’»']", match.group("close")) and _ATTRIBUTION_AFTER_QUOTE.match(paragraph, match.end()):
        return False
    if punct[-1] in "!?…" or len(punct) > 1 and not punct.endswith("."):
        return True
    before = _TOKEN_BEFORE.search(paragraph, max(0, match.start() - 100), match.start())  # the word before it
    token = before.group(1) if before else ""
    token = token.lstrip("\"'“‘«([")
    after = _WORD_AFTER.match(paragraph, match.end())
    next_word = after.group(1) if after else ""
    if match.group("close") and not token.count("."):
        return True  # 'said it was "a good start." Others' - punctuation inside the closing quote
    bare = token.lower().rstrip(".")
    if "." in token:  # dotted abbreviation: U.S., D.C., a.m., J.D.
        if re.fullmatch(r"(?:[A-Z]\.){2}", token + ".") and next_word[:1].isupper() and next_word not in SENTENCE_STARTERS:
            return False  # initials "J.D. Vance"
        if bare in ("a.m", "p.m"):
            if _TIMEZONE.match(next_word) or paragraph[after.end():after.end() + 5] == " time" if after else False:
                return False
            return True
        return next_word in SENTENCE_STARTERS
    if bare in TITLE_ABBREVIATIONS and token[:1].isupper():
        return False
    if bare in MONTH_ABBREVIATIONS and token[:1].isupper():
        return not next_word[:1].isdigit()
    if re.fullmatch(r"[A-Z]", token):
        return False  # a middle initial: "Donald J. Trump"
    if token == "No" and next_word[:1].isdigit():
        return False  # "No. 10 said"
    if bare in OTHER_ABBREVIATIONS:
        return next_word in SENTENCE_STARTERS
    if re.fullmatch(r"[a-z][a-z'’-]+", token):
        return True  # an ordinary lower-case word before the full stop
    return None


def _sentence_ends(paragraph: str) -> list[int]:
    """End offsets (exclusive, after closing quotes) of the sentences of one paragraph except the last."""
    candidates = list(_CANDIDATE.finditer(paragraph))
    if not candidates:
        return []
    punkt_ends = None
    ends = []
    for m in candidates:
        decision = _rule(paragraph, m)
        if decision is None:
            if punkt_ends is None:
                punkt_ends = {_trim(paragraph, s, e)[1] for s, e in _punkt().span_tokenize(paragraph)}
            boundary = m.end("close")
            decision = boundary in punkt_ends or m.end("punct") in punkt_ends
        if decision:
            ends.append(m.end("close"))
    return ends


def split_sentences(text: str) -> list[tuple[int, int, int, str]]:
    """Split ``text`` into sentences: a list of ``(start, end, paragraph_id, sentence_text)``.

    ``text[start:end] == sentence_text``; paragraphs are numbered from 0 in order.
    """
    out = []
    for paragraph_id, (p_start, p_end) in enumerate(paragraph_spans(text)):
        paragraph = text[p_start:p_end]
        pos = 0
        for end in _sentence_ends(paragraph) + [len(paragraph)]:
            s, e = _trim(paragraph, pos, end)
            while e - s > MAX_SENTENCE_CHARS:
                cut = paragraph.rfind(" ", s + 1, s + MAX_SENTENCE_CHARS)
                cut = cut if cut > s else s + MAX_SENTENCE_CHARS
                piece_end = _trim(paragraph, s, cut)[1]
                out.append((p_start + s, p_start + piece_end, paragraph_id, paragraph[s:piece_end]))
                s = _trim(paragraph, cut, e)[0]
            if e > s:
                out.append((p_start + s, p_start + e, paragraph_id, paragraph[s:e]))
            pos = end
    return out


def sentences_frame(articles: pd.DataFrame) -> pd.DataFrame:
    """The sentences of every article: one row per sentence with the columns of :data:`SENTENCE_BASE_COLUMNS`.

    >>> frame = pd.DataFrame({"article_id": ["a"], "text": ["One. Two."]})
    >>> sentences_frame(frame)[["sentence_id", "start", "end", "text"]].values.tolist()
    [[0, 0, 4, 'One.'], [1, 5, 9, 'Two.']]
    """
    rows = []
    for article_id, text in zip(articles["article_id"], articles["text"]):
        for sentence_id, (start, end, paragraph_id, sentence) in enumerate(split_sentences(text)):
            rows.append((article_id, sentence_id, paragraph_id, start, end, sentence))
    frame = pd.DataFrame(rows, columns=SENTENCE_BASE_COLUMNS)
    return frame.astype({"article_id": str, "sentence_id": "int64", "paragraph_id": "int64", "start": "int64",
                         "end": "int64", "text": str})


_WORD = re.compile(r"[^\W_]+(?:[.'’,\-]{1,2}[^\W_]+)*", re.UNICODE)


def count_words(text: str) -> int:
    """Number of words: runs of letters/digits, with inner apostrophes, hyphens, dots and commas kept inside
    ("Russia's", "U.S.-led", "1,000", "de-escalation" are one word each)."""
    return len(_WORD.findall(text))


def word_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each word in ``text`` (the same words :func:`count_words` counts)."""
    return [m.span() for m in _WORD.finditer(text)]

"""Actor-targeted tone: how a sentence treats the actor named in it, not how the sentence sounds overall.

"Congress moved to censure Mr. Trump" is negative toward Trump whatever TextBlob's polarity of the sentence
says. :func:`tone` scores the target at ``sentence[start:end]`` with a small linear model (multinomial
logistic regression) over features of the target's context:

- TextBlob polarity/subjectivity of the sentence, of the clause holding the target, of a window of words
  around it, and of its left and right contexts separately; VADER valence of the first three;
- verbs that attack or praise someone ("accused", "censure", "praised", "backed"), before the target (the
  target is their object) or after it (the target does the attacking or praising);
- the target's place in the sentence (subject at the start, object after a verb), negation near it, whether
  it speaks ("..., Trump said") or stands inside a quotation;
- the words around the target, marked as left or right of it, pairs of neighbouring words, and the other
  words of the sentence (a vocabulary learned from the training data).

The weights (``toolkit/resources/tone_model.json``) are trained by ``python -m toolkit.text.tone_training`` on the
NewsMTSC training split (MIT licence); no model is downloaded and inference is plain NumPy.

>>> label, score = tone("Congress moved to censure Mr. Trump over his remarks.", 30, 35)   # doctest: +SKIP
>>> label                                                                                  # doctest: +SKIP
'negative'
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

import numpy as np

from ..resources.files import resource_path
from .sentiment import textblob_sentiment

LABELS = ("negative", "neutral", "positive")
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’…—–"

_WORD = re.compile(r"[A-Za-z][\w'’-]*|[.!?,;:\"“”]")
_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s|\b(?:but|while|although|though|whereas|because)\b", re.I)
NEGATIVE_VERBS = frozenset("""accuse accused accuses accusing criticize criticized criticizes criticizing criticise
criticised criticises blame blamed blames blaming condemn condemned condemns condemning censure censured censuring
attack attacked attacks attacking slam slammed slams slamming denounce denounced denounces denouncing sue sued suing
impeach impeached impeaching indict indicted investigate investigated investigating fire fired oust ousted mock mocked
mocking ridicule ridiculed accusing warn warned rebuke rebuked reprimand reprimanded scold scolded lambast lambasted
blast blasted assail assailed fault faulted undermine undermined threaten threatened arrest arrested charge charged
convict convicted sanction sanctioned expel expelled reject rejected oppose opposed protest protested
dismiss dismissed question questioned challenge challenged target targeted""".split())
POSITIVE_VERBS = frozenset("""praise praised praises praising thank thanked thanks applaud applauded commend commended
congratulate congratulated endorse endorsed endorses endorsing support supported supports supporting back backed
backing defend defended defends defending welcome welcomed welcomes hail hailed admire admired elect elected
celebrate celebrated honor honored honour honoured reward rewarded embrace embraced champion championed
credit credited trust trusted help helped helping protect protected""".split())
REPORTING = frozenset("said says say told tells added adds noted wrote writes asked asks explained stated "
                      "according".split())
NEGATIONS = frozenset("not no never n't nor without cannot".split())


#: Entries of the per-text score caches below (the scopes around the targets of one sentence repeat).
_CACHED = 256


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _vader_vocabulary() -> tuple[frozenset, frozenset]:
    analyzer = _vader()
    return frozenset(analyzer.lexicon), frozenset(analyzer.emojis)


@lru_cache(maxsize=_CACHED)
def _vader_scores(text: str) -> tuple[float, float, float]:
    """VADER's (compound, pos, neg). Texts without a VADER lexicon word or emoji score (0, 0, 0) in VADER
    (only lexicon words carry valence), so they skip the analyser: same results, much faster."""
    if not text.strip():
        return 0.0, 0.0, 0.0
    lexicon, emojis = _vader_vocabulary()
    if emojis.isdisjoint(text) and not any(
            t in lexicon or t.strip(_PUNCTUATION) in lexicon for t in text.lower().split()):
        return 0.0, 0.0, 0.0
    s = _vader().polarity_scores(text)
    return s["compound"], s["pos"], s["neg"]


@lru_cache(maxsize=_CACHED)
def _tb(text: str) -> tuple[float, float]:
    return textblob_sentiment(text) if text.strip() else (0.0, 0.0)


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause holding the target: between the nearest breaks (commas, 'but', ...) around it."""
    left = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, start):
        left = m.end()
    m = _CLAUSE_BREAK.search(sentence, end)
    right = m.start() if m else len(sentence)
    return sentence[left:right]


_STOP = frozenset("the a an of to in and or for on at by with from as is was are were be been it its this that "
                  "these those he she they his her their".split())


def features(sentence: str, start: int, end: int, window: int = 6, word_window: int = 10) -> dict[str, float]:
    """Named features of the target ``sentence[start:end]`` (numeric values; word features are 1.0).

    Words within ``word_window`` of the target are marked left (``L_``) or right (``R_``), pairs of
    neighbouring words near it are ``LB_``/``RB_``/``LR_``, and the other content words of the sentence
    ``S_``; the lexicon scores use the narrower ``window``.
    """
    left_text, right_text = sentence[:start], sentence[end:]
    left_words = [w.lower() for w in _WORD.findall(left_text)]
    right_words = [w.lower() for w in _WORD.findall(right_text)]
    near_left, near_right = left_words[-window:], right_words[:window]
    window_text = " ".join(near_left + near_right)
    clause = _clause(sentence, start, end)
    f: dict[str, float] = {}
    for name, text in (("sent", sentence), ("clause", clause), ("win", window_text), ("left", left_text),
                       ("right", right_text)):
        pol, subj = _tb(text)
        f[f"tb_{name}"] = pol
        f[f"tbsubj_{name}"] = subj
        if name in ("sent", "clause", "win"):  # VADER is the costly part: the left/right scopes add nothing
            comp, pos, neg = _vader_scores(text)
            f[f"vader_{name}"] = comp
            f[f"vpos_{name}"] = pos
            f[f"vneg_{name}"] = neg
    f["neg_verb_before"] = float(any(w in NEGATIVE_VERBS for w in near_left))
    f["neg_verb_after"] = float(any(w in NEGATIVE_VERBS for w in near_right))
    f["pos_verb_before"] = float(any(w in POSITIVE_VERBS for w in near_left))
    f["pos_verb_after"] = float(any(w in POSITIVE_VERBS for w in near_right))
    f["negation_near"] = float(any(w in NEGATIONS or w.endswith("n't") for w in near_left[-3:] + near_right[:3]))
    f["subject_position"] = float(len(left_words) <= 2)
    f["relative_position"] = start / max(1, len(sentence))
    f["speaks"] = float(bool(near_right) and near_right[0] in REPORTING or
                        bool(near_left) and near_left[-1] in REPORTING and left_text.rstrip().endswith(("said", "says")))
    f["in_quote"] = float(left_text.count("“") > left_text.count("”") or left_text.count('"') % 2 == 1)
    f["question"] = float(sentence.rstrip().endswith("?"))
    f["exclamation"] = float("!" in sentence)
    for w in left_words[-word_window:]:
        f[f"L_{w}"] = 1.0
    for w in right_words[:word_window]:
        f[f"R_{w}"] = 1.0
    for w in set(left_words + right_words):
        if w not in _STOP and w.isalpha():
            f[f"S_{w}"] = 1.0
    for a, b in zip(near_left, near_left[1:]):
        f[f"LB_{a}_{b}"] = 1.0
    for a, b in zip(near_right, near_right[1:]):
        f[f"RB_{a}_{b}"] = 1.0
    if near_left and near_right:
        f[f"LR_{near_left[-1]}_{near_right[0]}"] = 1.0
    return f


class ToneModel:
    """Multinomial logistic regression over :func:`features` (weights from a JSON file)."""

    def __init__(self, data: dict):
        self.data = data
        self.classes = list(data["classes"])
        self.index = {name: i for i, name in enumerate(data["features"])}
        self.weights = np.asarray(data["weights"], dtype="float64")  # (features, classes)
        self.bias = np.asarray(data["bias"], dtype="float64")
        self.mean = np.asarray(data["mean"], dtype="float64")
        self.scale = np.asarray(data["scale"], dtype="float64")
        self.window = int(data.get("window", 6))
        self.word_window = int(data.get("word_window", 10))
        # (x - mean) / scale @ W + b  ==  x @ (W / scale) + (b - mean / scale @ W): only present features count
        self._scaled = self.weights / self.scale[:, None]
        self._offset = self.bias - (self.mean / self.scale) @ self.weights

    @classmethod
    def bundled(cls) -> "ToneModel":
        return _bundled_model()

    def vector(self, f: dict[str, float]) -> np.ndarray:
        x = np.zeros(len(self.index))
        for name, value in f.items():
            i = self.index.get(name)
            if i is not None:
                x[i] = value
        return (x - self.mean) / self.scale

    def probabilities(self, sentence: str, start: int, end: int) -> np.ndarray:
        f = features(sentence, start, end, self.window, self.word_window)
        index, values = [], []
        for name, value in f.items():
            i = self.index.get(name)
            if i is not None and value:
                index.append(i)
                values.append(value)
        logits = self._offset + np.asarray(values) @ self._scaled[index] if index else self._offset.copy()
        logits -= logits.max()
        e = np.exp(logits)
        return e / e.sum()

    def predict(self, sentence: str, start: int, end: int) -> tuple[str, float]:
        p = self.probabilities(sentence, start, end)
        probs = dict(zip(self.classes, p))
        label = self.classes[int(np.argmax(p))]
        score = float(probs.get("positive", 0.0) - probs.get("negative", 0.0))
        return label, round(score, 6)


@lru_cache(maxsize=1)
def _bundled_model() -> ToneModel:
    path = resource_path("tone_model.json")
    return ToneModel(json.loads(path.read_text(encoding="utf-8")))


def tone(sentence: str, start: int, end: int) -> tuple[str, float]:
    """Tone toward the target ``sentence[start:end]``: ("negative" | "neutral" | "positive", score).

    The score is P(positive) - P(negative) under the model, from -1 to +1.
    """
    if not (0 <= start < end <= len(sentence)):
        raise ValueError(f"target span {start}:{end} is not inside the sentence (length {len(sentence)})")
    return _bundled_model().predict(sentence, start, end)


def tone_rows(sentence_texts: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[float]]:
    """Labels and scores for many targets (``spans`` relative to their sentence)."""
    model = _bundled_model()
    labels, scores = [], []
    for text, (s, e) in zip(sentence_texts, spans):
        label, score = model.predict(text, s, e)
        labels.append(label)
        scores.append(score)
    return labels, scores


# ---------------------------------------------------------------------------------------------- sentences
#: Words that negate what follows them in their clause ("None of this means the track is worthless").
_NEGATORS = re.compile(r"\b(?:none|nobody|nothing|no one|neither)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:.!?]|\b(?:but|although|though|while|whereas)\b", re.I)


def without_negated_negatives(text: str) -> str:
    """``text`` with the negative words that a negator earlier in their clause cancels taken out, so that "None
    of this means the track is worthless" or "Nobody thinks the talks are useless" do not read as strongly
    negative. Words VADER already negates (up to three words after the negator: "not bad") are left to it.

    >>> without_negated_negatives("None of this means the track is worthless.")
    'None of this means the track is .'
    """
    lexicon = _vader().lexicon  # word -> valence
    out, pos = [], 0
    for neg in _NEGATORS.finditer(text):
        end = _CLAUSE_END.search(text, neg.end())
        scope_end = end.start() if end else len(text)
        for k, w in enumerate(re.finditer(r"[A-Za-z'-]+", text[neg.end():scope_end])):
            if k < 3 or w.start() + neg.end() < pos:
                continue  # VADER negates the next three words itself
            valence = lexicon.get(w.group(0).lower())
            if valence is not None and valence < -1.0:
                s = neg.end() + w.start()
                out.append(text[pos:s])
                pos = s + len(w.group(0))
    out.append(text[pos:])
    return "".join(out)


def sentence_scores(texts, method: str = "textblob"):
    """One row per text with a ``score`` column: TextBlob polarity, VADER compound, or the toolkit's combined
    sentence score (``method="combined"``: a linear combination of TextBlob polarity and subjectivity and
    VADER's compound, positive and negative parts, fitted on NewsMTSC's training sentences -- not on any
    evaluation data -- and stored in ``tone_model.json``; about -1 .. +1, not clipped; negative words that
    "none", "nobody", "nothing", "no one" or "neither" cancels earlier in their clause are left out,
    :func:`without_negated_negatives`).

    >>> sentence_scores(["A great success.", "A terrible failure."], method="vader").score.round(2).tolist()
    [0.83, -0.75]
    """
    import pandas as pd

    texts = list(texts)
    if method == "textblob":
        scores = [_tb(t)[0] for t in texts]
    elif method == "vader":
        scores = [_vader_scores(t)[0] for t in texts]
    elif method == "combined":
        combo = _bundled_model().data["sentence_combination"]
        scores = []
        for t in texts:
            t = without_negated_negatives(t)
            pol, subj = _tb(t)
            comp, pos, neg = _vader_scores(t)
            x = {"tb": pol, "tbsubj": subj, "vader": comp, "vpos": pos, "vneg": neg}
            scores.append(sum(combo["weights"][k] * x[k] for k in combo["weights"]) + combo["bias"])
    else:
        raise ValueError("method must be 'textblob', 'vader' or 'combined'")
    return pd.DataFrame({"text": texts, "score": scores})

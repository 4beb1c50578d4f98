"""A learned reader of stated positions, beside the statement rules: does a sentence state a negotiating
position, with which act, on which issues?

The rules of :mod:`toolkit.extract.statements` are precise but find fewer than half of the positions real news
states (long sentences, positions inside quotes, demands stated as nouns, implicit holders). Three small
linear models read every sentence instead, and a fourth picks a holder where the rules found none:

- **position**: the probability that the sentence states somebody's position (logistic regression);
- **act**: which PLOVER act it states (multinomial logistic regression over DEMAND, REQUEST, PROPOSE,
  AGREE, REJECT, THREATEN);
- **issues**: one probability per issue of the bundled taxonomy (one logistic regression each);
- **holder**: for a sentence only the model reads, which of the sides it names holds the position (a logistic
  regression over where and how each side is named: :func:`toolkit.extract.statements.holder_candidates`).

Their features (:func:`sentence_features`) are the sentence's lower-cased words, the acts whose cues
``cues.yaml`` finds in it, whether a reporting verb occurs, the issues whose keywords ``issues.yaml`` finds,
its length, and its article's main issue (the issue its sentences name most). They are always computed with
the bundled cue lexicon and issue taxonomy, so a user's own files change the rules, never the model's input.

The weights (``toolkit/resources/position_model.json``) are fitted by ``python benchmarks/train_positions.py``
on the hand-labelled real articles of ``benchmarks/labels/corpus/`` (train split only); inference is NumPy,
nothing is downloaded. The file also holds the probability threshold above which a sentence counts as a
position, chosen by cross-validation on the training articles.

>>> model = PositionModel.bundled()
>>> reading = model.read("Hamas rejected the proposal and demanded a full withdrawal of Israeli troops.")
>>> 0.0 <= reading.probability <= 1.0 and sorted(reading.acts) == sorted(ACTS)
True
>>> reading.acts[0] in ACTS
True
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..resources.cues import ACTS, CueLexicon
from ..resources.files import resource_path
from ..resources.issues import IssueTaxonomy

MODEL_FILE = "position_model.json"
_WORD = re.compile(r"[a-z][a-z'’-]*|\d+|[\"“”?]")
_QUOTE_MARKS = {'"', "“", "”"}


def sentence_features(sentence: str, cues: CueLexicon, taxonomy: IssueTaxonomy, main_issue: str = "") -> set[str]:
    """The model's binary features of one sentence: ``w:<word>`` for each lower-cased word ("w:quote" for a
    quotation mark), ``cue``, ``cue:<ACT>`` and ``cue:<ACT>:<part>`` for the act cues found, ``reporting``,
    ``issue:<name>`` for the issue keywords found, ``length:short|medium|long``, and ``main:<issue>`` for the
    main issue of its article (:meth:`IssueTaxonomy.main_issue`) when given."""
    words = ["quote" if w in _QUOTE_MARKS else w for w in _WORD.findall(sentence.lower())]
    features = {"w:" + w for w in words}
    for cue in cues.acts(sentence, 0, len(sentence)):
        features.update(("cue", f"cue:{cue.act}", f"cue:{cue.act}:{cue.part}"))
    if cues.first_reporting(sentence, 0, len(sentence)) is not None:
        features.add("reporting")
    features.update("issue:" + name for name in taxonomy.classify_all(sentence))
    features.add("length:" + ("short" if len(words) < 12 else "medium" if len(words) < 30 else "long"))
    if main_issue:
        features.add("main:" + main_issue)
    return features


@dataclass(frozen=True)
class Reading:
    """What the model reads in one sentence."""

    probability: float  # that the sentence states a position
    acts: tuple[str, ...]  # every act, the most probable first
    issues: tuple[str, ...]  # every issue the model knows, the most probable first
    likely: int  # how many of ``issues`` are above the model's issue threshold (at least one)

    def issues_among(self, candidates, last=frozenset()) -> tuple[str, ...]:
        """``candidates`` (the issues whose keywords the sentence names) when there are any, the model's most
        probable first but those in ``last`` (the talks themselves) after the others; else the model's likely
        issues. When the words name only issues of ``last``, the model's likely issues come first: "the deal
        announced after talks" is about what the deal settles."""
        rank = {issue: k for k, issue in enumerate(self.issues)}
        named = tuple(sorted(candidates, key=lambda i: (i in last, rank.get(i, len(rank)))))
        likely = self.issues[:self.likely]
        if named and all(i in last for i in named):
            return (*likely, *(i for i in named if i not in likely))
        return named or likely


class PositionModel:
    """The three models of the module docstring, from the weights file's data."""

    def __init__(self, data: dict):
        self.features = {name: i for i, name in enumerate(data["features"])}
        self.outputs: list[str] = list(data["outputs"])
        self.weights = np.asarray(data["weights"], dtype=float)  # (features, outputs)
        self.bias = np.asarray(data["bias"], dtype=float)
        self.threshold = float(data["threshold"])
        self.issue_threshold = float(data.get("issue_threshold", 0.5))
        self._issue_score_threshold = _logit(self.issue_threshold)  # the same threshold on the model's scores
        self.acts = [o.split(":", 1)[1] for o in self.outputs if o.startswith("act:")]
        self.issue_names = [o.split(":", 1)[1] for o in self.outputs if o.startswith("issue:")]
        self._act_columns = [i for i, o in enumerate(self.outputs) if o.startswith("act:")]
        self._issue_columns = [i for i, o in enumerate(self.outputs) if o.startswith("issue:")]
        self._position_column = self.outputs.index("position")
        self.meta = dict(data.get("meta") or {})
        holder = data.get("holder") or {}
        self._holder_weights = dict(zip(holder.get("features") or [], holder.get("weights") or []))
        self._holder_bias = float(holder.get("bias", 0.0))
        self.cues = CueLexicon.bundled()
        self.taxonomy = IssueTaxonomy.bundled()

    @classmethod
    def bundled(cls) -> "PositionModel | None":
        """The model shipped in ``toolkit/resources`` (``None`` before one has been trained)."""
        return _bundled()

    def read(self, sentence: str, main_issue: str = "") -> Reading:
        """The model's reading of ``sentence``, of an article whose main issue
        (:meth:`IssueTaxonomy.main_issue`, bundled taxonomy) is ``main_issue``."""
        return self._reading(sentence_features(sentence, self.cues, self.taxonomy, main_issue))

    def read_article(self, sentences) -> list[Reading]:
        """The model's readings of an article's ``sentences``, each with the article's main issue, taken from the
        issue keywords the sentences' features already hold (one keyword scan per sentence)."""
        features = [sentence_features(sentence, self.cues, self.taxonomy) for sentence in sentences]
        main = self.taxonomy.most_named([f[6:] for f in fs if f.startswith("issue:")] for fs in features)
        return [self._reading(fs | {"main:" + main} if main else fs) for fs in features]

    def _reading(self, features: set[str]) -> Reading:
        # sorted: the same sum in every process, whatever order its string hashing gives the set
        rows = sorted(self.features[f] for f in features if f in self.features)
        scores = self.weights[rows].sum(axis=0) + self.bias
        probability = _sigmoid(scores[self._position_column])
        acts = scores[self._act_columns]
        issues = scores[self._issue_columns]
        ranked = np.argsort(-issues, kind="stable")
        likely = max(1, int((issues > self._issue_score_threshold).sum()))
        return Reading(probability, tuple(self.acts[k] for k in np.argsort(-acts, kind="stable")),
                       tuple(self.issue_names[k] for k in ranked), likely)

    def states_position(self, reading: Reading) -> bool:
        return reading.probability >= self.threshold

    @property
    def reads_holders(self) -> bool:
        """Whether the weights file holds the holder model (see :meth:`holder_score`)."""
        return bool(self._holder_weights)

    def holder_score(self, features) -> float:
        """The holder model's score that a candidate side holds the sentence's position, from its binary
        features (:func:`toolkit.extract.statements.holder_candidates`); candidates are compared by it."""
        return self._holder_bias + sum(self._holder_weights.get(f, 0.0) for f in sorted(features))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-float(x)))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@lru_cache(maxsize=1)
def _bundled() -> PositionModel | None:
    path = resource_path(MODEL_FILE)
    if not path.exists():
        return None
    return PositionModel(json.loads(path.read_text(encoding="utf-8")))


__all__ = ["ACTS", "PositionModel", "Reading", "sentence_features"]

"""Cue lexicons: reporting verbs and negotiation-act cues from ``toolkit/resources/cues.yaml`` (or a user's
file: ``tk.analyze(corpus, cues="my_cues.yaml")``).

>>> cues = CueLexicon.bundled()
>>> cues.lemma_of("urged"), cues.lemma_of("told")
('urge', 'tell')
>>> inflect("call for")
['call for', 'calls for', 'called for', 'calling for']
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..text.patterns import trie_regex
from .files import as_resource, deep_merge, load_yaml, read_yaml_file

ACTS = ("DEMAND", "REQUEST", "PROPOSE", "AGREE", "REJECT", "THREATEN")
#: Reporting lemmas that introduce reported speech ("X said that ...").
SPEECH_LEMMAS = frozenset("""say tell add note confirm warn stress insist argue write post tweet declare state explain
announce acknowledge admit claim suggest recall predict promise caution complain emphasise emphasize report assert
maintain remark observe reiterate vow pledge contend concede boast lament point out""".split())


#: A determiner or possessive right before a cue: the cue is a noun ("the call", "Iran's warning").
_NOUN_BEFORE = re.compile(r"(?:\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ur|[Mm]y|[Yy]our)"
                          r"|['’]s)\s+$")


def inflect(lemma: str) -> list[str]:
    """Base, third-person, past and -ing forms of a (possibly multi-word) verb lemma, by regular rules."""
    head, _, tail = lemma.partition(" ")
    tail = f" {tail}" if tail else ""
    if re.search(r"(?:s|sh|ch|x|z|o)$", head):
        third = head + "es"
    elif re.search(r"[^aeiou]y$", head):
        third = head[:-1] + "ies"
    else:
        third = head + "s"
    if head.endswith("e"):
        past = head + "d"
    elif re.search(r"[^aeiou]y$", head):
        past = head[:-1] + "ied"
    else:
        past = head + "ed"
    if head.endswith("ie"):
        gerund = head[:-2] + "ying"
    elif head.endswith("e") and not head.endswith("ee"):
        gerund = head[:-1] + "ing"
    else:
        gerund = head + "ing"
    return [f"{w}{tail}" for w in (head, third, past, gerund)]


@dataclass(frozen=True)
class ActCue:
    start: int
    end: int
    act: str
    lemma: str
    part: str  # verb | noun | phrase | said | "verb|noun" (decided by context)


def _entries(raw) -> list[tuple[str, list[str]]]:
    """YAML cue lists hold plain lemmas or ``{lemma: [forms]}`` mappings."""
    out = []
    for item in raw or []:
        if isinstance(item, dict):
            for lemma, forms in item.items():
                out.append((str(lemma), [str(f) for f in forms] if forms else inflect(str(lemma))))
        else:
            out.append((str(item), None))
    return out


class CueLexicon:
    """Reporting verbs and act cues, each compiled into one trie regex (lower-case cues match as written)."""

    def __init__(self, data: dict):
        self.data = data
        self._lemma: dict[str, str] = {}
        reporting_forms = self._forms(data.get("reporting"))
        for form in ("according to", "According to"):
            self._lemma[form.lower()] = "according to"
            reporting_forms.append(form)
        self.speech_lemmas = SPEECH_LEMMAS & set(self._lemma.values())
        reporting_lemmas = set(self._lemma.values())
        # Case-sensitive: cues are lower-case words in running text ("The Post has learned" has no cue "post").
        self._reporting = re.compile(r"(?<![\w-])(?:" + trie_regex(reporting_forms) + r")(?![\w-])")
        quoting_forms = reporting_forms + self._forms(data.get("quoting"))
        self._quoting = re.compile(r"(?<![\w-])(?:" + trie_regex(quoting_forms) + r")(?![\w-])")
        #: lemmas that only take quoted words as their object ("condemned the "telling attack"")
        self.quoting_lemmas = frozenset(set(self._lemma.values()) - reporting_lemmas)

        self._act_of: dict[str, tuple[str, str, str]] = {}  # form -> (act, lemma, part)
        for act, spec in (data.get("acts") or {}).items():
            if act not in ACTS:
                raise ValueError(f"cues.yaml: unknown act {act!r} (expected one of {', '.join(ACTS)})")
            for lemma, forms in _entries(spec.get("verbs")):
                for f in forms or inflect(lemma):
                    self._act_of.setdefault(f.lower(), (act, lemma, "verb"))
            for lemma, forms in _entries(spec.get("nouns")):
                for f in forms or [lemma]:
                    known = self._act_of.get(f.lower())
                    if known is None:
                        self._act_of[f.lower()] = (act, lemma, "noun")
                    elif known[0] == act and known[2] == "verb":
                        # "request", "demands", "offer": a verb or a noun, decided by the words before it
                        self._act_of[f.lower()] = (act, known[1], "verb|noun")
            for lemma, forms in _entries(spec.get("phrases")):
                for f in forms or [lemma]:
                    self._act_of[f.lower()] = (act, lemma, "phrase")  # phrases win over a verb of the same form
            for lemma, forms in _entries(spec.get("said")):
                for f in forms or [lemma]:
                    self._act_of[f.lower()] = (act, lemma, "said")
        self._acts = re.compile(r"(?<![\w-])(?:" + trie_regex(sorted(self._act_of)) + r")(?![\w-])")
        negations = data.get("negations") or []
        if any(not isinstance(n, str) for n in negations):
            raise ValueError(f"cues.yaml: negations must be words, got {negations!r} (quote no, yes, on and off: "
                             f"YAML reads them as true or false)")
        negations = [n.lower() for n in negations]
        self.negation = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in sorted(negations, key=len,
                                                                                           reverse=True)) +
                                   r")(?![\w])", re.I) if negations else None
        self.reporting_of_other = set()
        for lemma in data.get("reporting_of_other") or []:
            self.reporting_of_other.update(inflect(str(lemma)))

    @classmethod
    def bundled(cls) -> "CueLexicon":
        """The lexicon of ``toolkit/resources/cues.yaml`` (built once)."""
        return _bundled()

    @classmethod
    def from_yaml(cls, path: str | Path) -> "CueLexicon":
        """A lexicon read from a file of the same layout as ``cues.yaml`` (it replaces the bundled one)."""
        return cls(read_yaml_file(path))

    def merge(self, other: "CueLexicon | dict") -> "CueLexicon":
        """A new lexicon with ``other``'s cues added to these (lists joined, other values replaced).

        >>> more = CueLexicon.bundled().merge({"acts": {"DEMAND": {"verbs": ["exhort"]}}})
        >>> more.acts("They exhorted Tehran to stop.", 0, 29)[0].act
        'DEMAND'
        """
        return CueLexicon(deep_merge(self.data, other.data if isinstance(other, CueLexicon) else other))

    def fingerprint(self) -> str:
        return hashlib.sha1(json.dumps(self.data, sort_keys=True, default=str).encode()).hexdigest()[:16]

    def _forms(self, entries) -> list[str]:
        """The forms of each ``lemma: [forms]`` entry (generated when none are listed), noting their lemma."""
        out = []
        for lemma, forms in (entries or {}).items():
            for f in ([str(f) for f in forms] if forms else inflect(str(lemma))):
                self._lemma[f.lower()] = str(lemma)
                out.append(f.lower())
        return out

    def lemma_of(self, form: str) -> str:
        return self._lemma.get(form.lower(), "")

    def reporting(self, text: str, start: int, end: int, quoting: bool = False):
        """``(start, end, lemma)`` of each reporting verb in ``text[start:end]``; a form after a determiner or
        a possessive is a noun ("the call", "his reply", "Iran's warning") and is skipped. ``quoting`` adds
        the verbs that take someone's quoted words as their object (``quoting`` in cues.yaml)."""
        for m in (self._quoting if quoting else self._reporting).finditer(text, start, end):
            if _NOUN_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue
            yield m.start(), m.end(), self._lemma[m.group(0).lower()]

    def first_reporting(self, text: str, start: int, end: int):
        return next(self.reporting(text, start, end), None)

    def last_reporting(self, text: str, start: int, end: int):
        found = None
        for found in self.reporting(text, start, end):
            pass
        return found

    def acts(self, text: str, start: int, end: int) -> list[ActCue]:
        """Act cues in ``text[start:end]``, longest match first at each position."""
        out = []
        for m in self._acts.finditer(text, start, end):
            act, lemma, part = self._act_of[" ".join(m.group(0).lower().split())]
            out.append(ActCue(m.start(), m.end(), act, lemma, part))
        return out


@lru_cache(maxsize=1)
def _bundled() -> CueLexicon:
    return CueLexicon(load_yaml("cues.yaml"))


def as_cues(cues) -> CueLexicon:
    """Accept ``None`` (the bundled lexicon), a :class:`CueLexicon`, a mapping, or a YAML path."""
    return as_resource(cues, CueLexicon, "cues")

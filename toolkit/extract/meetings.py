"""Where and when the parties met: the ``meetings`` table, one row per sentence that places a meeting or a
round of talks ("talks in Istanbul", "met in Geneva on Sunday", "the Alaska summit", "the Doha talks").

A meeting word (the ``meetings`` section of ``cues.yaml``: nouns such as talks, summit, negotiations; verbs
such as met, held talks, hosted) with a place: "<word> ... in <Place>" or "<word> ... at <Place>" (within
eight words: "met Zelensky on Sunday in Armenia", "hosted Trump at Chequers"), or "<Place> <noun>"; or a visit
to a place in a sentence that speaks of talks ("flew to Moscow for talks", "on his way to Islamabad to meet
..."); not "met conditions" or "a press conference". The place is a capitalised name: a state ("talks in
Turkey"), a capital the gazetteer knows ("Doha": its state is the host), a venue of ``world/venues.yaml``
("Geneva", "Sharm el-Sheikh"), a province or city of the world layer ("Alaska"), or a name the toolkit does
not know (no host side); never a person, an organisation, a state's adjective ("the Pakistani capital"), a
month or a weekday, and before a noun never a state's own name ("the Ukraine talks" are talks about Ukraine,
not in it). ``tk.rounds(analysis)`` groups the rows into rounds of talks: one place in one week, with the
articles that report it.

>>> from toolkit.extract import Doc
>>> doc = Doc("a", "Russian and Ukrainian delegations met in Istanbul.")
>>> [(m.place, m.host_side, m.word) for m in find_meetings(doc)]
[('Istanbul', 'Turkey', 'met')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources.cues import CueLexicon
from ..resources.files import RESOURCES, read_yaml_file
from ..resources.gazetteer import world_regions
from ..text.patterns import trie_regex
from .base import Doc, Extractor

_NOT_PLACES = frozenset("""January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday The This That These Those It He She They We Mr Mrs Ms
Dr Sir President Prime Minister""".split())
# A capitalised name of one to three words ("Geneva", "Abu Dhabi", "Sharm el-Sheikh"), not starting with a
# month, a weekday or a sentence word ("The Alaska summit" is the Alaska summit)
_PLACE = (rf"(?P<place>(?!(?:{'|'.join(sorted(_NOT_PLACES))})\b)[A-Z][\w'’]+"
          r"(?:[ -](?:el-|al-|es-)?[A-Z][\w'’]+){0,2})")
_PARTY_KINDS = ("country", "government", "person", "organization", "group")
_WAR = "war|fighting|conflict|crisis|attacks?|strikes?|violence"


@lru_cache(maxsize=1)
def venues() -> dict[str, str]:
    """Venue -> the state it is in, from ``world/venues.yaml`` ("Geneva" -> "Switzerland")."""
    return {str(k): str(v) for k, v in (read_yaml_file(RESOURCES / "world" / "venues.yaml") or {}).items()}


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Place -> state: the world layer's regions and cities, with the venues over them."""
    return {**world_regions(), **venues()}


@dataclass
class Meeting:
    sentence_index: int
    place: str
    host_side: str  # the state the place is in ("" when unknown)
    word: str  # the meeting word: talks, summit, met, ...
    parties: tuple[str, ...]  # the sides named in the sentence, the mediators and a host without its people excluded
    evidence: str
    mediators: tuple[str, ...] = ()  # the sides the article names as mediators (see mediator_sides)


#: A mediator named before its mention: "mediated by Qatar", "mediator Oman", "mediators from Egypt".
_MEDIATOR_BEFORE = re.compile(r"\b(?:(?:mediated|brokered|facilitated)\s+by|mediators?|mediation\s+(?:of|by)|"
                              r"mediators?\s+(?:from|in))\s+(?:the\s+)?(?:(?:fellow|Gulf|regional)\s+)?$",
                              re.I)
#: ... or after it: "Qatar, which has mediated", "Qatar - which is acting as a mediator", "Oman, their trusted
#: mediator", "Egypt-brokered", "Oman's mediation", "Pakistan mediated".
_MEDIATOR_AFTER = re.compile(r"(?:['’]s)?(?:-|\s+|\s*(?:,|\s[-–—])\s*(?:which|who)\s+|,\s+(?=(?:their|its)\s))"
                             r"(?:(?:has|have|had|is|are|was|were|also|been|long|helped|helping|acting\s+as|acts\s+as|"
                             r"serving\s+as|serves\s+as|a|an|the|key|their|its|trusted)\s+){0,4}"
                             r"(?:mediat(?:ed|es|e|ing|ion|ors?)|brokered|brokering)\b"
                             r"(?!\s+by\b)", re.I)  # not "talks with Zelensky brokered by Trump"
#: Fellow mediators after one: "Qatar - which is acting as a mediator, along with the US and Egypt".
_ALONG_WITH = re.compile(r"\s*,?\s+(?:along|together)\s+with\s+(?:the\s+)?")


def mediator_sides(doc: Doc) -> tuple[str, ...]:
    """The sides ``doc`` names as mediators, in order of first naming: "talks mediated by Qatar", "Egyptian
    mediators", "Oman, which has mediated", "the Pakistan-brokered ceasefire"."""
    out: dict[str, None] = {}
    text = doc.text
    mentions = sorted((m for m in doc.mentions if m.side and m.kind in _PARTY_KINDS + ("delegation",)),
                      key=lambda x: x.start)
    for k, m in enumerate(mentions):
        after = _MEDIATOR_AFTER.match(text, m.end)
        if "mediator" in m.surface.lower() or _MEDIATOR_BEFORE.search(text, max(0, m.start - 40), m.start) or after:
            out.setdefault(m.side, None)
            # a list after it names mediators too when it ends in "and": "mediated by Qatar, Egypt and the US"
            chain, last, j = [], m, k
            along = _ALONG_WITH.match(text, after.end()) if after else None
            first = next((x for x in mentions[k + 1:] if x.start == along.end()), None) if along else None
            if first is not None:  # "..., along with the US and Egypt": the list after "with"
                out.setdefault(first.side, None)
                j, last = mentions.index(first), first
            for x in mentions[j + 1:]:
                gap = text[last.end:x.start]
                if re.fullmatch(r"\s*,\s*(?:the\s+)?", gap):
                    chain.append(x)
                elif re.fullmatch(r"\s*,?\s+and\s+(?:the\s+)?", gap):
                    out.update((y.side, None) for y in (*chain, x))
                    break
                else:
                    break
                last = x
    return tuple(out)


#: A visit or a journey to a place: "visited Moscow", "a visit to the White House", "on his way to Islamabad".
_VISIT = (r"(?P<word>visit(?:s|ed|ing)?(?:\s+to)?|trip\s+to|travel(?:s|led|ling)?\s+to|head(?:s|ed|ing)?\s+to|"
          r"on\s+(?:his|her|their|its)\s+way\s+to|arriv(?:e|es|ed|ing)\s+in|went\s+to|fl(?:y|ies|ew)\s+to)")
#: What a meeting word does not mean here: "a press conference", "met conditions".
_BRIEFING = re.compile(r"(?:press|news|media)\s+$", re.I)
_MET_TERMS = re.compile(r"(?:meet|meets|met)\s+(?:[\w-]+\s+){0,2}?(?:conditions|demands|"
                        r"requirements|targets|criteria|expectations|deadlines?|obligations|commitments|standards|"
                        r"threshold)\b", re.I)
#: A description after a state's adjective is no named place: "the Pakistani capital", "the Swiss city".
_DESCRIBED = re.compile(r"\s+(?:capital|city|town|port|village|resort|region|province|coast|border)\b")


@lru_cache(maxsize=8)
def _patterns(cues: CueLexicon) -> tuple[re.Pattern, ...]:
    spec = cues.data.get("meetings") or {}
    nouns = [str(n) for n in spec.get("nouns") or []]
    words = trie_regex(sorted({*nouns, *(str(v) for v in spec.get("verbs") or [])}, key=len, reverse=True))
    # "talks ... in Istanbul", "met ... at Chequers": at most eight words between (a parenthesis aside), not
    # across a semicolon or a war ("talks to end the war in Ukraine", "met Putin; fighting in Kharkiv")
    word_in = re.compile(rf"\b(?P<word>(?i:{words}))\b(?:[ ,]+(?:\(\w+\)|(?!(?:[Ii]n|[Aa]t|{_WAR})\b)[\w'’-]+))"
                         rf"{{0,8}}?\s+(?:in|at)\s+(?:the\s+)?{_PLACE}")
    place_noun = re.compile(rf"{_PLACE}\s+(?P<word>(?i:{trie_regex(nouns) if nouns else '(?!)'}))\b")
    visit = re.compile(rf"\b{_VISIT}\s+(?:the\s+)?{_PLACE}")
    # a visit counts when its sentence speaks of talks: "flew to Washington to meet Rubio", "a state visit"
    talk = re.compile(rf"\b(?:(?i:{words})|state\s+visit|[Mm]ediat\w*|[Nn]egotiat\w*|envoys?|delegations?)\b")
    return word_in, place_noun, visit, talk


@lru_cache(maxsize=8)
def _adjectives(gazetteer) -> frozenset[str]:
    """The side adjectives that are no place names: "Omani", "Pakistani", not "US" (built once per gazetteer)."""
    return frozenset(gazetteer.side_of_adjective()) - frozenset(gazetteer.owner_forms())


class MeetingFinder:
    def __init__(self, cues: CueLexicon):
        self.word_in, self.place_noun, self.visit, self.talk = _patterns(cues)
        self.regions = _places()

    def find(self, doc: Doc) -> list[Meeting]:
        out = []
        mediators = None
        adjectives = _adjectives(doc.context.gazetteer)
        for s_index, (start, end, _, sentence) in enumerate(doc.sentences):
            mentions = [m for m in doc.mentions if start <= m.start < end]
            seen = set()
            patterns = [(self.word_in, False), (self.place_noun, True)]
            if self.talk.search(sentence):  # a visit counts in a sentence that speaks of talks
                patterns.append((self.visit, False))
            for pattern, after_noun in patterns:
                for m in pattern.finditer(sentence):
                    described = _DESCRIBED.match(sentence, m.end("place")) and \
                        not m.group("place").endswith(("'s", "’s"))  # "the Pakistani capital", not "Qatar's"
                    if described or _BRIEFING.search(sentence, max(0, m.start("word") - 6), m.start("word")) or \
                            _MET_TERMS.match(sentence, m.start("word")):
                        continue
                    place = re.split(r"['’]s\b", m.group("place"))[0]  # "Istanbul's Dolmabahce Palace"
                    if after_noun and not sentence[:m.start("place")].strip(" \"“‘'"):
                        known = any(x.start == start + m.start("place") for x in mentions) or place in self.regions
                        if not known:
                            continue  # "Indirect talks", "Following talks": a capital of the sentence's start
                    if place in adjectives:
                        continue  # "the Omani ambassador's residence", "the Pakistani capital"
                    host = self._host(place, start + m.start("place"), mentions, after_noun)
                    if host is None or place in seen:
                        continue
                    seen.add(place)
                    place_at = (start + m.start("place"), start + m.end("place"))
                    mediators = mediator_sides(doc) if mediators is None else mediators
                    # the host takes part when one of its people is named ("Witkoff met Putin in Moscow"), not
                    # when it only hosts or speaks ("Qatar said talks in Doha would go on")
                    present = host and any(x.side == host and x.kind in ("person", "delegation") for x in mentions)
                    parties = tuple(dict.fromkeys(
                        x.side for x in mentions if x.side and x.kind in _PARTY_KINDS and (x.side != host or present)
                        and x.side not in mediators and not (place_at[0] <= x.start < place_at[1])))
                    word = "visit" if pattern is self.visit else " ".join(m.group("word").lower().split())
                    out.append(Meeting(s_index, place, host, word, parties, sentence, mediators))
        return out

    def _host(self, place: str, at: int, mentions, before_noun: bool) -> str | None:
        """The side of the state ``place`` is in ("" when unknown), or None when it is no place."""
        mention = next((x for x in mentions if x.start == at), None)
        if mention is not None:
            if mention.kind == "government" and "government" not in mention.surface.lower():
                return mention.side  # a capital: "Doha"
            if mention.kind == "country" and not before_noun:
                return mention.side  # "talks in Turkey"; "the Ukraine talks" are about Ukraine
            return None  # a person, an organisation, a group, a state before a noun
        if re.fullmatch(r"[A-Z][\w'’]+-[A-Z][\w'’]+", place):
            return None  # "Russia-Ukraine talks": the parties, not a place
        if re.fullmatch(r"[A-Z]{2,}", place) and place not in self.regions:
            return None  # an acronym the world layer does not place: "the EPC summit", "at Nato"
        return self.regions.get(place, "")


def find_meetings(doc: Doc) -> list[Meeting]:
    """The meetings placed by the sentences of ``doc``."""
    return MeetingFinder(doc.resources.cues).find(doc)


class MeetingExtractor(Extractor):
    """The ``meetings`` table: where the parties met or hold talks, one row per sentence and place.

    Columns: ``sentence_id``; ``place`` (as the text names it: "Istanbul", "Doha", "Alaska"); ``host_side``,
    the state the place is in ("" when the toolkit does not know the place); ``word``, the meeting word
    ("talks", "summit", "met"); ``parties``, the sides named in the sentence, the mediators excluded and the
    host only when one of its people is named ("Witkoff met Putin in Moscow": both; "Qatar said talks in Doha
    would go on": not Qatar) ("; "-joined); ``mediators``, the sides the article names as mediators
    ("mediated by Qatar", "Egyptian mediators", "Oman, which has mediated"; "; "-joined); ``evidence``, the
    sentence.
    ``tk.rounds(analysis)`` groups them into rounds of talks.
    """

    name = "meetings"
    columns = {"sentence_id": "int64", "place": "str", "host_side": "str", "word": "str", "parties": "str",
               "mediators": "str", "evidence": "str"}
    filters = {"places": "place"}

    def rows(self, doc: Doc):
        for m in find_meetings(doc):
            yield (m.sentence_index, m.place, m.host_side, m.word, "; ".join(m.parties), "; ".join(m.mediators),
                   m.evidence)

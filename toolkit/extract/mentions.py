"""Actor mentions: one pass of a compiled matcher over each text, with sides, roles and group forms.

The gazetteer's names, aliases, surnames and "ignore" phrases are compiled into one trie-shaped regular
expression, so each text is scanned once whatever the size of the gazetteer. Around each hit the matcher
then applies the rules of the mentions table (see ``toolkit/resources/actors/README.md``):
titles before a person's name belong to the mention, group forms ("the Russian delegation", "Kyiv's
negotiators", "Turkish, U.S., and Ukrainian officials") become mentions of the side's group, a surname shared
by two persons goes to the one named in full earlier in the article, and nothing inside a URL counts.

>>> [(m.surface, m.actor_id) for m in find_mentions("Kremlin spokesman Dmitry Peskov met Erdogan's envoy.")]
[('Kremlin spokesman Dmitry Peskov', 'dmitry_peskov'), ('Erdogan', 'recep_tayyip_erdogan')]

:class:`MentionExtractor` makes the ``mentions`` table, with the role of each person on the article's date and
the tone of the sentence toward each mention (:func:`toolkit.text.tone`).
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..corpus.fields import find_urls
from ..resources.gazetteer import Gazetteer, as_gazetteer, derive_surname, short_forms, world_regions
from ..text.patterns import trie_regex
from ..text.tone import ToneModel
from .base import Doc, Extractor
from .people import FUNCTION_WORDS, common_words, proper_nouns, spelt_alike, starts_sentence

#: An honorific and a first name, an alias such as "Sir Keir" or "Sir Tony".
_SIR_FIRST_NAME = re.compile(r"(?:Sir|Dame|Lord|Lady)\s+[A-Z][\w'’-]+")
#: A generational suffix after a name: another person of the same name ("Donald Trump Jr").
_JUNIOR = re.compile(r",?\s+(?:Jr|Sr|Jnr|Snr)\b\.?")
#: Titles of a head of state, who in a story naming no state is of an unknown one ("President X said no").
_HEAD_OF_STATE = re.compile(r"\b(?:[Pp]resident|King|Queen|Emir|Sultan)\b")
#: A reporting verb right after a word: a surname that is also an ordinary word starts a sentence as the speaker.
_SAYS = re.compile(r"\s+(?:said|says|told|tells|added|adds|wrote|writes)\b")

# ---------------------------------------------------------------------------------------------- folding
_SPECIAL_FOLDS = {"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h",
                  "’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-", "\u00a0": " "}


class _FoldTable(dict):
    """``str.translate`` table folding each character to one base character (offsets are preserved)."""

    def __missing__(self, code: int):
        ch = chr(code)
        if ch in _SPECIAL_FOLDS:
            out = _SPECIAL_FOLDS[ch]
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            base = decomposed[0]
            out = base if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]) else ch
        self[code] = out if len(out) == 1 else ch
        return self[code]


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Strip diacritics and unify apostrophes/dashes, keeping the length: ``fold("Erdoğan") == "Erdogan"``."""
    return text.translate(_FOLD)


def slug(text: str) -> str:
    """An ASCII id made from a name: ``slug("Selin Aydın") == "selin_aydin"``."""
    return re.sub(r"[^a-z0-9]+", "_", fold(text).lower()).strip("_")


# ---------------------------------------------------------------------------------------------- tries
def _normalise_key(text: str) -> str:
    return " ".join(fold(text).split())


# ---------------------------------------------------------------------------------------------- matcher
@dataclass
class Mention:
    start: int
    end: int
    surface: str
    actor_id: str  # "" when ambiguous
    actor: str
    kind: str
    side: str
    form: str  # name | alias | surname | group | title+...
    ambiguous: tuple[str, ...] = ()
    origin: str = "gazetteer"  # gazetteer | world | discovered
    role: str = ""  # for a discovered person: the title or role the text gives


@dataclass(frozen=True)
class _Entry:
    actor_id: str
    form: str  # name, alias, surname, ignore


_GROUP_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"


class ActorMatcher:
    """Finds actor mentions in texts with one compiled pass per text (build once per gazetteer)."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer = as_gazetteer(gazetteer)
        entries: dict[str, list[_Entry]] = {}

        def add(form_text: str, actor_id: str, form: str):
            key = _normalise_key(form_text)
            for article in ("the ", "The "):
                if key.startswith(article) and len(key) > len(article):
                    key = key[len(article):]
            if key:
                bucket = entries.setdefault(key, [])
                if all(e.actor_id != actor_id for e in bucket):
                    bucket.append(_Entry(actor_id, form))
                elif form in ("name", "alias"):  # a full form beats a surname of the same actor
                    bucket[:] = [e if e.actor_id != actor_id else _Entry(actor_id, form) for e in bucket]

        for actor in gazetteer:
            add(actor.name, actor.id, "name")
            for alias in actor.aliases:
                add(alias, actor.id, "alias")
        for actor in gazetteer:
            for surname in actor.surnames():
                add(surname, actor.id, "surname")
        for phrase in gazetteer.ignore:
            entries.setdefault(_normalise_key(phrase), []).insert(0, _Entry("", "ignore"))
        # A full name or alias of one actor is never read as another actor's surname.
        for key, bucket in entries.items():
            full = [e for e in bucket if e.form in ("name", "alias", "ignore")]
            if full:
                entries[key] = full
        self._entries = entries
        self._main = re.compile(r"(?<![\w'])(?:" + trie_regex(entries) + r")(?![\w])") if entries else None

        # Side adjectives, group nouns, and possessive owners for group forms.
        self._adjective_side = {_normalise_key(a): side for a, side in gazetteer.side_of_adjective().items()}
        self._group_kind = {_normalise_key(noun): kind for kind, nouns in gazetteer.groups.items() for noun in nouns}
        owners = {_normalise_key(form).removeprefix("The "): side for form, side in gazetteer.owner_forms().items()}
        self._owner_side = owners
        if self._adjective_side and self._group_kind:
            adj = trie_regex(self._adjective_side)
            self._adjective_re = re.compile(r"(?<![\w'])(?:" + adj + r")(?![\w])")
            nouns = trie_regex(self._group_kind)
            self._group_re = re.compile(
                r"(?<![\w'.-])(?P<adjs>(?:" + adj + r")(?:" + _GROUP_SEP + r"(?:" + adj + r"))*)\s+"
                r"(?P<noun>" + nouns + r")(?![\w])"
            )
            self._possessive_re = re.compile(
                r"(?<![\w'])(?P<owner>" + trie_regex(short_forms(owners)) + r")'s\s+(?P<noun>" + nouns + r")(?![\w])"
            ) if owners else None
        else:
            self._adjective_re = self._group_re = self._possessive_re = None

        # Titles before a person's name: title phrases, modifiers, and prefixes (side adjectives, metonyms).
        titles = gazetteer.titles
        self._titles = {_normalise_key(t) for t in titles.get("titles", [])}
        self._modifiers = {_normalise_key(t) for t in titles.get("modifiers", [])} | {"ex"}
        prefixes = set(self._adjective_side) | {k for k in owners} | {k + "'s" for k in owners}
        for actor in gazetteer:
            if actor.kind in ("government", "organization", "country"):
                for form in (actor.name, *actor.aliases):
                    prefixes.add(_normalise_key(form).removeprefix("the ").removeprefix("The "))
        self._title_prefixes = prefixes
        self._title_last_words = {t.split()[-1] for t in self._titles}
        self._title_words = {w for t in self._titles | self._modifiers | prefixes for w in t.split()}
        self._people = None  # the PeopleFinder, compiled on first use with discovery on
        self._max_title_words = max((len(t.split()) for t in self._titles | prefixes), default=1)

    # ------------------------------------------------------------------ public
    def find(self, text: str, *, date=None, discover: bool = False, home: str = "") -> list[Mention]:
        """All mentions in ``text``, in order. ``date`` is not used for matching (roles are looked up later).
        With ``discover``, persons the text introduces with a title or an apposition (:mod:`.people`) are
        actors too, and their later surname mentions resolve to them; ``home``, the side of the outlet's
        country, goes to those introduced with a state office and no country ("Trade Secretary X")."""
        folded = fold(text)
        urls = find_urls(text)
        blocked = list(urls)
        raw: list[tuple[int, int, list[_Entry]]] = []
        if self._main is not None:
            for m in self._main.finditer(folded):
                bucket = self._entries.get(_normalise_key(m.group(0)))
                if bucket is None:
                    continue
                if bucket[0].form == "ignore":
                    blocked.append(m.span())
                    continue
                raw.append((m.start(), m.end(), bucket))
        raw = [r for r in raw if not _overlaps(r[0], r[1], urls)]

        mentions: list[Mention] = []
        person_spans: list[tuple[int, int]] = []
        for start, end, bucket in raw:
            ids = [e.actor_id for e in bucket]
            actors = [self.gazetteer[i] for i in ids]
            form = bucket[0].form
            if form == "surname" and _inside_longer_name(folded, start, end, self._title_words) and \
                    not _given_name_misspelt(folded, start, end, actors):
                continue  # "Michel" of "Michel Barnier" is not Charles Michel
            if form != "surname" and actors[0].kind in ("country", "government") and (
                    _names_a_thing(folded, end) or _starts_longer_name(folded, end, self._title_words)
                    or self._ends_a_region(folded, start, end) not in ("", actors[0].side)):
                continue  # "OSCE Minsk Group", "Minsk agreements", "Jordan Bardella", "Northern Ireland": not that
                # state
            if all(a.kind == "person" for a in actors):
                if _JUNIOR.match(folded, end):
                    continue  # "Donald Trump Jr" is his son (found as a person of the text)
                if _SIR_FIRST_NAME.fullmatch(folded, start, end) and re.match(r" [A-Z]", folded[end:end + 2]) and \
                        not any(folded.startswith(" " + surname, end) for surname in actors[0].surnames()):
                    continue  # "Sir Tony" of "Sir Tony Radakin" is not Sir Tony Blair
                start = self._absorb_title(folded, start)
                if len(actors) == 1:  # "Sir Keir" of "Sir Keir Starmer": the surname after it is the same mention
                    end = next((end + 1 + len(surname) for surname in actors[0].surnames()
                                if folded.startswith(" " + surname, end)
                                and not folded[end + 1 + len(surname):][:1].isalnum()), end)
                person_spans.append((start, end))
            if len(ids) == 1:
                a = actors[0]
                mentions.append(Mention(start, end, text[start:end], a.id, a.name, a.kind, a.side, form,
                                        origin=a.layer))
            else:
                mentions.append(Mention(start, end, text[start:end], "", text[start:end], actors[0].kind,
                                        "", form, tuple(ids), origin=actors[0].layer))
        # Actor hits swallowed by an absorbed title ("Kremlin" in "Kremlin spokesman Dmitry Peskov").
        absorbed = [(s, e) for s, e in person_spans]
        if absorbed:
            mentions = [m for m in mentions if not _inside_other(m.start, m.end, absorbed)]
        mentions = self._add_groups(text, folded, mentions, person_spans, blocked)
        if discover:
            mentions = self._add_discovered(text, folded, mentions, blocked, home)
        mentions.sort(key=lambda m: m.start)
        return [m for m in self._resolve_surnames(mentions)
                if m.kind != "person" or not _names_something_else(text, m)]

    # ------------------------------------------------------------------ rules
    def _absorb_title(self, folded: str, start: int) -> int:
        """Move ``start`` back over a title directly before a person's name ("Foreign Minister", "U.S. envoy").

        Reading leftwards over space-separated words: first a title phrase, then optionally more titles,
        modifiers ("former", "Deputy") and one prefix naming a side ("U.S.", "Kremlin", "Russia's").
        """
        if start < 2 or folded[start - 1] != " ":
            return start
        previous = folded[max(folded.rfind(" ", 0, start - 1), folded.rfind("\n", 0, start - 1)) + 1:start - 1]
        if previous not in self._title_last_words and "-" not in previous:
            return start  # fast path: no title ends right before the name
        window_start = max(0, start - 160)
        words = [(m.start() + window_start, m.end() + window_start)
                 for m in re.finditer(r"\S+", folded[window_start:start])]
        if not words or not _only_spaces(folded, words[-1][1], start):
            return start
        absorbed, j, have_title, have_prefix = start, len(words), False, False
        while j > 0:
            found = None
            for n in range(min(self._max_title_words, j), 0, -1):
                first, last = words[j - n], words[j - 1]
                if not _only_spaces(folded, last[1], absorbed):
                    break
                phrase = " ".join(folded[first[0]:last[1]].split())
                if phrase in self._titles or self._is_hyphenated_title(phrase):
                    found = "title"
                elif have_title and phrase in self._modifiers:
                    found = "modifier"
                elif have_title and not have_prefix and phrase in self._title_prefixes:
                    found = "prefix"
                if found:
                    break
            if not found:
                break
            have_title = have_title or found == "title"
            have_prefix = have_prefix or found == "prefix"
            absorbed = words[j - n][0]
            j -= n
        return absorbed if have_title else start

    def _is_hyphenated_title(self, phrase: str) -> bool:
        head, _, rest = phrase.partition("-")
        return bool(rest) and head in self._modifiers and rest in self._titles  # "ex-President"

    def _add_groups(self, text, folded, mentions, person_spans, blocked) -> list[Mention]:
        if self._group_re is None:
            return mentions
        groups: list[Mention] = []
        taken = person_spans + blocked

        def group_mention(start, end, side, noun_key, adjective):
            kind = self._group_kind[noun_key]
            if kind == "government":
                gov = self.gazetteer.sides[side].government if side in self.gazetteer.sides else None
                if not gov or gov not in self.gazetteer:
                    return None
                a = self.gazetteer[gov]
                return Mention(start, end, text[start:end], a.id, a.name, a.kind, a.side, "group", origin=a.layer)
            label = kind
            layer = self.gazetteer.sides[side].layer if side in self.gazetteer.sides else "gazetteer"
            return Mention(start, end, text[start:end], f"{slug(side)}_{label}", f"{adjective} {label}",
                           "delegation" if kind == "delegation" else "group", side, "group", origin=layer)

        for m in self._group_re.finditer(folded):
            if _overlaps(m.start(), m.end(), taken):
                continue
            noun_key = _normalise_key(m.group("noun"))
            adjs = list(self._adjective_re.finditer(folded, m.start("adjs"), m.end("adjs")))
            for k, adj in enumerate(adjs):
                side = self._adjective_side[_normalise_key(adj.group(0))]
                last = k == len(adjs) - 1
                end = m.end() if last else adj.end()
                g = group_mention(adj.start(), end, side, noun_key, text[adj.start():adj.end()])
                if g:
                    groups.append(g)
        if self._possessive_re is not None:
            for m in self._possessive_re.finditer(folded):
                if _overlaps(m.start(), m.end(), taken) or _overlaps(m.start(), m.end(),
                                                                     [(g.start, g.end) for g in groups]):
                    continue
                side = self._owner_side[_normalise_key(m.group("owner"))]
                adjective = next((a for a, s in self.gazetteer.side_of_adjective().items() if s == side), side)
                g = group_mention(m.start(), m.end(), side, _normalise_key(m.group("noun")), adjective)
                if g:
                    groups.append(g)
        spans = [(g.start, g.end) for g in groups]
        kept = [m for m in mentions if not _overlaps(m.start, m.end, spans)]
        return kept + groups

    def _add_discovered(self, text, folded, mentions, blocked, home="") -> list[Mention]:
        """Persons introduced in the text and not in the gazetteer: their introductions and later mentions."""
        from .people import PeopleFinder, surname_is_common_word, surname_needs_title

        if self._people is None:
            self._people = PeopleFinder(self.gazetteer)
        known = [(m.start, m.end) for m in mentions if m.kind == "person"] + list(blocked)
        people: dict[str, list] = {}
        for p in self._people.introductions(folded):
            if not _overlaps(p.start, p.end, known) and _normalise_key(p.name) not in self._entries:
                people.setdefault(p.name, []).append(p)
        if not people:
            return mentions
        # a home story: its people are of the outlet's side, but for a head of state of somewhere it does not say
        home_story = bool(home_side(home, [m.side for m in mentions] +
                                    [p.side for intros in people.values() for p in intros]))
        # One person per name; a shorter form ("Abbas Araghchi") joins its longer one ("Seyed Abbas Araghchi").
        merged: dict[str, list] = {}
        for name in sorted(people, key=lambda n: -len(n)):
            into = next((m for m in merged if m.endswith(" " + name)), name)
            merged.setdefault(into, []).extend(people[name])
        forms: dict[str, tuple[str, str]] = {}  # form -> (person name, "name" | "surname" | "first name")
        sharing: dict[str, list[str]] = {}  # surname -> the discovered persons who bear it
        first_names = Counter(name.split()[0] for name in merged)
        for name, intros in merged.items():
            for variant in {p.name for p in intros} | {name}:
                forms.setdefault(variant, (name, "name"))
            surname = derive_surname(name)
            bucket = self._entries.get(_normalise_key(surname)) if surname else None
            if surname and (bucket is None or all(self.gazetteer[e.actor_id].kind == "person" for e in bucket)):
                # also a gazetteer person's surname ("Henry Wang" and Wang Yi, see _surname_is_theirs), but
                # never the name of a state or a body ("Jordan")
                forms.setdefault(surname, (name, "surname"))
                sharing.setdefault(surname, []).append(name)
            first = name.split()[0]
            if first_names[first] == 1 and len(name.split()) > 1 and first[:1].isupper():
                for honorific in _HONORIFICS:  # "Dr Tedros", "Ms Paetongtarn", "Mr Anwar": named by the first name
                    forms.setdefault(f"{honorific} {first}", (name, "honorific"))
            if first_names[first] == 1 and len(first) > 2 and first.lower() not in common_words() and \
                    _normalise_key(first) not in self._entries and (
                        not any(p.titled for p in intros) or not _used_alone(folded, surname, name)):
                # a private person is named by first name later: "Matan Zangauker, 25, ... Matan was ..."; so
                # is an official whose surname the text never uses alone ("Prime Minister Anutin Charnvirakul
                # ... Anutin said")
                forms.setdefault(first, (name, "first name"))
        # (an honorific and a first name followed by a capitalised word or a particle start a longer name: "Dr
        # Simon Opher", "Dr Ahmad al-Farra")
        honorific = [f for f, (_, kind) in forms.items() if kind == "honorific"]
        pattern = re.compile((r"(?<![\w'])(?:" + trie_regex(honorific) +
                              r")(?![\w])(?!\s+(?:[A-Z]|(?:al|el|bin|ibn|abu|de|van|von)\b))|" if honorific else "") +
                             r"(?<![\w'])(?:" + trie_regex([f for f in forms if f not in honorific]) + r")(?![\w])")
        found: list[Mention] = []
        named_at: dict[str, int] = {}  # discovered person -> where first named in full
        last_named: dict[str, int] = {}  # ... and where last named in full
        for m in pattern.finditer(folded):
            name, form = forms.get(" ".join(m.group(0).split()), ("", ""))
            if not name:
                continue
            form = "name" if form == "honorific" else form
            start, end = m.span()
            if form == "surname" and len(sharing.get(m.group(0), ())) > 1:
                # a surname two persons bear is the one named in full last: "Suzan Khalil ... Amal Khalil ... Khalil"
                name = max(sharing[m.group(0)], key=lambda n: last_named.get(n, -1))
            if form == "surname" and name not in named_at and any(
                    k.kind == "person" and k.start < start and m.group(0) in folded[k.start:k.end].split()
                    for k in mentions):
                continue  # "Bruno Rodríguez ... Rodríguez also travelled" before "Esteban Bello Rodríguez"
            if _overlaps(start, end, known) and not (form == "surname" and self._surname_is_theirs(
                    mentions, start, end, named_at.get(name))):
                continue
            titled = self._absorb_title(folded, start)
            if form in ("surname", "first name") and (
                    _inside_longer_name(folded, start, end, self._title_words) or titled == start and (
                        surname_needs_title(m.group(0))
                        or surname_is_common_word(m.group(0)) and starts_sentence(folded, start)
                        and not _SAYS.match(folded, end))):  # "Lange said" is the person, "Love is" is not
                continue
            start = titled
            intros = merged[name]
            sides = Counter(p.side for p in intros if p.side)  # ties go to the side given first
            at_home = any(p.home for p in intros) or \
                home_story and not any(_HEAD_OF_STATE.search(p.role) for p in intros)
            side = sides.most_common(1)[0][0] if sides else (home if at_home else "")
            role = next((p.role for p in intros if p.role), "")
            actor_id = slug(name)
            written = next((text[p.start:p.end] for p in intros if p.name == name), name)  # "Selin Aydın"
            found.append(Mention(start, end, text[start:end], actor_id, written, "person", side, form,
                                 origin="discovered", role=role))
            if form == "name":
                named_at.setdefault(name, start)
                last_named[name] = start
        spans = [(f.start, f.end) for f in found]
        return [m for m in mentions if not _overlaps(m.start, m.end, spans)] + found

    def _ends_a_region(self, folded: str, start: int, end: int) -> str:
        """The side of the region whose name a state's name ends with the capitalised word before it ("Northern
        Ireland" is the United Kingdom's, "North Gaza" Palestine's), or ""."""
        before = re.search(r"([A-Z][\w'’-]*) $", folded[max(0, start - 30):start])
        if before is None:
            return ""
        return world_regions().get(f"{before.group(1)} {folded[start:end]}", "")

    def _surname_is_theirs(self, mentions: list[Mention], start: int, end: int, named: int | None) -> bool:
        """Whether a surname the gazetteer matched at ``start`` belongs to a discovered person named in full
        before it ("Henry Wang, a former adviser ... Wang said"), no gazetteer person of that surname having
        been named in full earlier in the article."""
        if named is None or named >= start:
            return False
        here = [m for m in mentions if m.start <= start and m.end == end and m.form == "surname"]  # "Mr Cooper"
        if not here:
            return False
        candidates = set(here[0].ambiguous) | ({here[0].actor_id} if here[0].actor_id else set())
        return not any(m.actor_id in candidates and m.form in ("name", "alias") and m.start < start
                       for m in mentions)

    def _resolve_surnames(self, mentions: list[Mention]) -> list[Mention]:
        """A shared surname goes to the candidate most recently named in full before it in the article."""
        named_at: dict[str, int] = {}
        out = []
        for m in mentions:
            if m.ambiguous:
                earlier = [(named_at[c], c) for c in m.ambiguous if c in named_at]
                if earlier:
                    a = self.gazetteer[max(earlier)[1]]
                    m = Mention(m.start, m.end, m.surface, a.id, a.name, a.kind, a.side, m.form, origin=a.layer)
            elif m.form in ("name", "alias") and m.actor_id:
                named_at[m.actor_id] = m.start
            out.append(m)
        return out


_THING_WORDS = re.compile(r"\s+(?:Group|[Aa]greements?|[Aa]ccords?|[Pp]rotocols?|Process|Declaration|"
                         r"Airways|Times|Post|Tribune|University|[Ff]ormat)(?![\w])")


#: Honorifics that news style puts before a surname, and before the first name of people named by it.
_HONORIFICS = ("Mr", "Ms", "Mrs", "Miss", "Dr", "Sir", "Dame")


#: A person's name used to name something else: "the Trump plan", "the second Trump presidency", "pro-Trump" ...
_MODIFIER_BEFORE = re.compile(r"(?:\b[Tt]he\s+(?:(?:first|second|third|new|current|former|whole|entire|so-called)"
                              r"\s+)?|\b(?:pro|anti|Pro|Anti)-)$")
#: ... and the things so named ("the Trump tariffs", "the Trump call" name what he did: they count for him).
_NAMED_THING_AFTER = re.compile(r"\s+(?:(?:peace|ceasefire|trade)\s+)?(?:plans?|administration|government|coalition|"
                                r"presidency|family|clan|era|years|doctrine|track|team|outline|document|proposal|"
                                r"resort|junction|locomotives?|spat|camp|effect)\b")


def _names_something_else(text: str, m: Mention) -> bool:
    """Whether a person's name, written bare, names a plan, a presidency or a camp rather than the person, as the
    guidelines count: "the Trump plan", "the Witkoff plan", "the second Trump presidency", "pro-Trump
    protesters" (not "the Trump-Xi talks", "a Putin adviser", "the Trump tariffs", nor a name with its title:
    "the former President Trump said")."""
    if not set(fold(m.surface).split()) <= set(fold(m.actor).split()):
        return False
    start, end = m.start, m.end
    before = _MODIFIER_BEFORE.search(text, max(0, start - 20), start)
    if before is None:
        return False
    if before.group(0).endswith("-"):
        return True
    return _NAMED_THING_AFTER.match(text, end) is not None


def _names_a_thing(folded: str, end: int) -> bool:
    """True when a place name is the first word of a thing's name: "Minsk Group", "Minsk agreements"."""
    return _THING_WORDS.match(folded, end) is not None


_NEXT_NAME = re.compile(r"[ ](?:(?:al-|el-|bin |ibn |de |van |von )?[A-Z][a-z]+)")


def _starts_longer_name(folded: str, end: int, title_words: set[str]) -> bool:
    """True when a capitalised word that is no title follows directly: "Jordan Bardella", "Michel Barnier"."""
    nxt = _NEXT_NAME.match(folded, end)
    return nxt is not None and nxt.group(0).split()[-1] not in title_words and \
        nxt.group(0).split()[-1] not in _FUNCTION_WORDS


def home_side(home: str, sides) -> str:
    """``home``, the outlet's side, when a story names no party of another side (a strike in the NHS, in a British
    outlet): the side of its people and bodies the text gives none; else ""."""
    return home if home and {side for side in sides if side} <= {home} else ""


def _inside_longer_name(folded: str, start: int, end: int, title_words: set[str]) -> bool:
    """A surname directly followed by a capitalised word ("Michel Barnier"), or directly after a capitalised
    word that is no title and does not start the sentence ("Jean Michel"), belongs to another person's name."""
    if _starts_longer_name(folded, end, title_words):
        return True
    if start >= 2 and folded[start - 1] == " ":
        word_start = start - 1
        while word_start > 0 and not folded[word_start - 1].isspace():
            word_start -= 1
        before = folded[word_start:start - 1]
        if before[:1].isupper() and before.isalpha() and before not in title_words and before not in _FUNCTION_WORDS \
                and not (starts_sentence(folded, start - 1 - len(before)) and before.lower() in common_words()
                         and before not in proper_nouns()):
            return True  # "Jean Michel", and "Henry Wang" opening a sentence ("Yesterday Trump" is Trump)
    return False


def _given_name_misspelt(folded: str, start: int, end: int, actors) -> bool:
    """Whether the word before a surname is the known bearer's given name spelt another way ("Volodomyr
    Zelensky", :func:`~.people.spelt_alike`), with no capitalised word after the surname."""
    before = re.search(r"([A-Z][a-z]+) $", folded[max(0, start - 30):start])
    given = actors[0].name.split()[0]
    return before is not None and len(actors) == 1 and not _NEXT_NAME.match(folded, end) and \
        spelt_alike(before.group(1), given) and before.group(1) != given


_FUNCTION_WORDS = FUNCTION_WORDS | frozenset(
    "So Yet Without Dame Lord Lady Last Next Speaking Asked Earlier Later".split())


def _inside_other(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when [start, end) lies inside one of ``spans`` (sorted by start) without being that span."""
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    while k >= 0 and spans[k][1] >= end:
        s, e = spans[k]
        if s <= start and end <= e and (s, e) != (start, end):
            return True
        k -= 1
    return False


def _only_spaces(text: str, start: int, end: int) -> bool:
    return start < end and text[start:end].isspace() and "\n" not in text[start:end]


def _used_alone(text: str, surname: str, name: str) -> bool:
    """Whether ``text`` names the person ``name`` by ``surname`` alone somewhere, outside the full name."""
    return bool(surname) and len(re.findall(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-])", text)) > \
        len(re.findall(rf"(?<![\w'’-]){re.escape(name)}(?![\w-])", text))


def _overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


@lru_cache(maxsize=8)
def _matcher_for(fingerprint: str, gazetteer: Gazetteer) -> ActorMatcher:
    return ActorMatcher(gazetteer)


def matcher_for(gazetteer: Gazetteer) -> ActorMatcher:
    """A cached matcher for ``gazetteer`` (compiling is done once per gazetteer content)."""
    return _matcher_for(gazetteer.fingerprint(), gazetteer)


def find_mentions(text: str, actors=None) -> list[Mention]:
    """The actor mentions in ``text``, in order; ``actors``: a gazetteer, a YAML path, or None (built-in)."""
    return matcher_for(as_gazetteer(actors)).find(text)


class MentionExtractor(Extractor):
    """The ``mentions`` table: one row per actor mention.

    Columns: ``sentence_id``; ``actor_id``, ``actor``, ``kind``, ``side`` (empty id for an ambiguous surname,
    whose candidate ids are in ``ambiguous``; empty side when nothing tells it); ``origin``, where the actor
    comes from: ``gazetteer`` (a track or the user's file), ``world`` (states and organisations) or
    ``discovered`` (introduced in the text); ``role``, the person's role(s) on the article's date (for a
    discovered person, the title the text gives); ``start``, ``end``, ``surface``, offsets into the article
    text and the matched words; ``tone``, ``tone_score``, the tone of the sentence toward this actor.
    """

    name = "mentions"
    columns = {"sentence_id": "int64", "actor_id": "str", "actor": "str", "kind": "str", "side": "str",
               "origin": "str", "role": "str", "start": "int64", "end": "int64", "surface": "str", "ambiguous": "str",
               "tone": "str", "tone_score": "float64"}

    def rows(self, doc: Doc):
        gazetteer = doc.resources.actors
        model = ToneModel.bundled()
        for m in doc.mentions:
            sentence_id = doc.sentence_of(m.start)
            role = gazetteer.role_on(m.actor_id, doc.date) if m.actor_id and m.kind == "person" else ""
            role = role or m.role
            label, score = "", float("nan")
            if doc.sentences:
                s_start, _, _, sentence = doc.sentences[sentence_id]
                a, b = max(0, m.start - s_start), min(len(sentence), m.end - s_start)
                if a < b:
                    label, score = model.predict(sentence, a, b)
            yield (sentence_id, m.actor_id, m.actor, m.kind, m.side, m.origin, role, m.start, m.end, m.surface,
                   ", ".join(m.ambiguous), label, score)

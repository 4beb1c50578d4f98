"""Discover actors the gazetteer does not list yet, from how news text introduces people.

Patterns (titles come from ``toolkit/resources/titles.yaml``, sides from the gazetteers' ``sides``):

- ``<title> <Name>``: "Foreign Minister Hakan Fidan", "Kremlin spokesman Dmitry Peskov",
  "U.S. Special Envoy for Ukraine and Russia Keith Kellogg";
- ``<Name>, the <role> of <Country>`` and ``<Name>, <Country>'s <role>``;
- ``<Country>'s <role>, <Name>``: "the head of Ukraine's presidential office, Andriy Yermak".

>>> import toolkit as tk
>>> found = tk.suggest_actors(tk.analyze("data/sample"))    # doctest: +SKIP
>>> print(tk.suggestions_to_yaml(found.head(3)))            # doctest: +SKIP
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import yaml

from ..extract.mentions import matcher_for, slug
from ..extract.people import PLACE_AND_BODY_WORDS
from ..resources.gazetteer import Gazetteer, as_gazetteer
from ..text.patterns import trie_regex
from ..text.sentences import split_sentences

#: Columns of :func:`suggest_actors`.
SUGGESTION_COLUMNS = ["id", "name", "kind", "guessed_side", "role", "mentions", "articles", "example", "yaml"]

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
_NAME_WORD = rf"[{_UPPER}][\w'’-]*"
_PARTICLE = r"(?:von|van|der|den|de|del|da|di|du|la|le|bin|ibn|al|el|ben)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{1,5}}"
_NOT_NAMES = {"The", "A", "An", "This", "That", "In", "On", "At", "But", "And", "Mr", "Mrs", "Ms", "Dr"}
#: Words of places, bodies and media that make a capitalised phrase something other than a person.
_NOT_PERSON_WORDS = PLACE_AND_BODY_WORDS | {"May", "Ukraine", "Russia", "Moscow", "Kyiv", "Washington"}


def _sides_vocabulary(gazetteer: Gazetteer) -> tuple[dict[str, str], dict[str, str]]:
    """Adjective -> side and owner (country/government name or alias) -> side, from the built-in sides too."""
    adjectives, owners = {}, {}
    for g in (Gazetteer.builtin(), gazetteer):
        adjectives.update(g.side_of_adjective())
        owners.update(g.owner_forms())
    return adjectives, owners


def suggest_actors(analysis, gazetteer=None, *, min_mentions: int = 1) -> pd.DataFrame:
    """Persons named in the text with a title or role but missing from the gazetteer.

    ``gazetteer`` is the one to extend (default: the built-in one; pass ``tk.Gazetteer.empty()`` to see
    everything the patterns find). Returns one row per candidate with :data:`SUGGESTION_COLUMNS`: a
    suggested ``id``, the ``name``, ``guessed_side`` (from the adjective or country next to the title),
    the most frequent ``role`` phrase, ``mentions`` (full name or surname occurrences), ``articles``, an
    ``example`` sentence, and a ``yaml`` snippet ready to paste under ``actors:``. Sorted by mentions.
    """
    gazetteer = as_gazetteer(gazetteer)
    matcher = matcher_for(gazetteer)
    adjectives, owners = _sides_vocabulary(gazetteer)
    titles = set(gazetteer.titles.get("titles", [])) or set(Gazetteer.builtin().titles["titles"])
    modifiers = set(gazetteer.titles.get("modifiers", [])) | {"ex"}
    title_re = trie_regex(sorted(titles))
    mod_re = trie_regex(sorted(modifiers))
    prefix_re = trie_regex(sorted(set(adjectives) | set(owners) | {o + "'s" for o in owners}))
    owner_re = trie_regex(sorted(owners))
    complement = rf"(?:\s+(?:for|of)\s+(?:the\s+)?{_NAME_WORD}(?:\s+(?:and\s+)?{_NAME_WORD})*?)?"
    patterns = [
        re.compile(rf"(?<![\w'])(?:(?P<prefix>{prefix_re})\s+)?(?P<mods>(?:(?:{mod_re})\s+)*)(?P<title>{title_re})"
                   rf"(?P<complement>{complement})\s+(?P<name>{_NAME})(?![\w'’-])"),
        re.compile(rf"(?<![\w'])(?P<name>{_NAME}),\s+(?:the\s+|a\s+)?(?P<role>[a-z][a-z -]{{2,60}}?)\s+"
                   rf"(?:of|for|to)\s+(?:the\s+)?(?P<owner>{owner_re})(?![\w])"),
        re.compile(rf"(?<![\w'])(?P<name>{_NAME}),\s+(?P<owner>{owner_re})['’]s\s+(?P<role>[a-z][a-z -]{{2,60}}?)"
                   rf"(?=[,.;]|\s+(?:who|and|said|told|has|had|was|is)\b)"),
        re.compile(rf"(?:(?<=\s)|^)(?:(?:the|The)\s+(?P<role>(?:[a-z-]+\s+){{1,3}}?(?:of|for|to)\s+))?"
                   rf"(?P<owner>{owner_re})['’]s\s+(?P<rest>[a-z][a-z -]{{2,40}}?),\s+(?P<name>{_NAME})(?![\w'’-])"),
    ]

    found: dict[str, dict] = {}
    articles = analysis.articles
    for article_id, text in zip(articles["article_id"], articles["text"]):
        known_spans = [(m.start, m.end) for m in matcher.find(text)]
        for pattern in patterns:
            for m in pattern.finditer(text):
                name, side, role = _candidate(m, adjectives, owners)
                if not name:
                    continue
                start = m.start("name") + m.group("name").rfind(name)
                end = start + len(name)
                if any(s < end and start < e for s, e in known_spans):
                    continue
                entry = found.setdefault(name, {"roles": Counter(), "sides": Counter(), "example": "",
                                                "articles": set(), "aliases": set()})
                entry["roles"][role] += 1
                if side:
                    entry["sides"][side] += 1
                entry["articles"].add(article_id)
                if not entry["example"]:
                    entry["example"] = _sentence_at(text, start)
    found = _merge_variants(found)
    runs = _name_runs(articles["text"])
    title_words = {w for t in titles for w in t.split()} | modifiers
    rows = []
    for name, entry in found.items():
        mentions = _count_mentions(name, runs, title_words)
        if mentions < min_mentions:
            continue
        side = entry["sides"].most_common(1)[0][0] if entry["sides"] else ""
        role = entry["roles"].most_common(1)[0][0]
        actor_id = slug(name)
        spec = {"id": actor_id, "name": name, "kind": "person"}
        if side:  # from the text's evidence only; left out (no side) when there is none
            spec["side"] = side
        if entry["aliases"]:
            spec["aliases"] = sorted(entry["aliases"])
        spec["roles"] = [{"title": role, "from": None, "to": None}]
        snippet = yaml.safe_dump([spec], sort_keys=False, allow_unicode=True)
        rows.append({"id": actor_id, "name": name, "kind": "person", "guessed_side": side, "role": role,
                     "mentions": mentions, "articles": len(entry["articles"]), "example": entry["example"],
                     "yaml": snippet})
    frame = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    return frame.sort_values(["mentions", "name"], ascending=[False, True]).reset_index(drop=True)


def _candidate(m: re.Match, adjectives: dict, owners: dict) -> tuple[str, str, str]:
    groups = m.groupdict()
    words = groups["name"].split()
    if groups.get("complement") or len(words) > 3 and not any(re.fullmatch(_PARTICLE, w) for w in words):
        words = words[-2:]  # "Envoy for Ukraine and Russia Keith Kellogg": the name is the last two words
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    if words:
        words[-1] = re.sub(r"['’]s$", "", words[-1])  # "Benjamin Netanyahu's"
    if words and re.fullmatch(_PARTICLE, words[-1], re.IGNORECASE):
        return "", "", ""  # a name cut before its last part ("... bin Abdul Rahman Al")
    if len(words) < 2 or any(w in _NOT_PERSON_WORDS or w.isupper() and len(w) > 1 or any(c.isdigit() for c in w)
                             for w in words):
        return "", "", ""
    name = " ".join(words)
    side = ""
    prefix = groups.get("prefix") or ""
    owner = groups.get("owner") or ""
    if prefix:
        side = adjectives.get(prefix) or owners.get(prefix.removesuffix("'s").removesuffix("’s"), "")
    elif owner:
        side = owners.get(owner, "")
    if groups.get("title"):
        role = " ".join(p for p in (prefix, groups["mods"].strip(), groups["title"],
                                    (groups.get("complement") or "").strip()) if p)
        extra = groups["name"].split()[:-len(words)] if len(groups["name"].split()) > len(words) else []
        if extra and groups.get("complement"):
            role += " " + " ".join(extra)
    elif groups.get("rest"):
        role = " ".join(p for p in ((groups.get("role") or "").strip(), f"{owner}'s", groups["rest"]) if p)
    else:
        role = f"{groups.get('role', '')} of {owner}" if "'s" not in m.group(0) else f"{owner}'s {groups['role']}"
    return name, side, " ".join(role.split())


_RUN = re.compile(rf"(?<![\w’'-])[{_UPPER}][\w-]*(?:\s+(?:{_PARTICLE}\s+)*[{_UPPER}][\w-]*)*")


def _name_runs(texts) -> dict[str, Counter]:
    """Runs of capitalised words in ``texts`` ("President Vladimir Putin", "White House"), by last word."""
    counts = Counter(m.group(0) for text in texts for m in _RUN.finditer(text))
    for run, n in list(counts.items()):
        if re.search(rf"-[{_UPPER}]", run):  # "Putin-Zelensky" mentions both names
            for part in re.split(rf"-(?=[{_UPPER}])", run):
                counts[part] += n
    by_last: dict[str, Counter] = {}
    for run, n in counts.items():
        by_last.setdefault(run.split()[-1], Counter())[run] = n
    return by_last


def _count_mentions(name: str, runs: dict[str, Counter], title_words: set[str]) -> int:
    """Occurrences of the full name, or of the surname alone or after a title ("Mr Netanyahu"), counted on
    whole runs of capitalised words, so "White House" is no mention of a "Dana White"."""
    surname = name.split()[-1]
    total = 0
    for run, n in runs.get(surname, {}).items():
        words = run.split()
        if run == surname or run.endswith(" " + name) or run == name or (
                len(words) >= 2 and words[-2] in title_words):
            total += n
    return total


def _merge_variants(found: dict[str, dict]) -> dict[str, dict]:
    """One entry per person: "Abbas Araghchi" goes into "Seyed Abbas Araghchi" (its longer form)."""
    names = sorted(found, key=lambda n: -len(n.split()))
    merged: dict[str, dict] = {}
    for name in names:
        into = next((m for m in merged if m.endswith(" " + name) and len(name.split()) >= 2), None)
        if into is None:
            merged[name] = found[name]
            continue
        target, entry = merged[into], found[name]
        target["roles"].update(entry["roles"])
        target["sides"].update(entry["sides"])
        target["articles"] |= entry["articles"]
        target["aliases"].add(name)
    return merged


def _sentence_at(text: str, offset: int) -> str:
    for start, end, _, sentence in split_sentences(text):
        if start <= offset < end:
            return sentence
    return ""


def suggestions_to_yaml(suggestions: pd.DataFrame) -> str:
    """The suggested actors as YAML text for a gazetteer file (``actors:`` list), edit before use."""
    entries = []
    for row in suggestions.itertuples():
        entries.extend(yaml.safe_load(row.yaml))
    return yaml.safe_dump({"actors": entries}, sort_keys=False, allow_unicode=True)


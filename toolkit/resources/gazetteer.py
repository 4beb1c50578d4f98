"""The actor gazetteer: who can be mentioned, under which names, on which side, in which role and when.

Gazetteers are YAML files (format in ``toolkit/resources/actors/README.md``) read with ``yaml.safe_load`` and
validated with errors that name the file, the entry and the field. Two layers make the built-in one:

- the **world layer** (``resources/world/``): every state with its names, adjectives and capital as metonym
  (built from the ``countryinfo`` package by ``build_world.py``), and the international organisations and
  non-state parties that sit at negotiating tables (curated);
- the **tracks** (``resources/actors/*.yaml``): curated people with dated roles, one file per negotiation.

A track, or a user's file, that defines a side takes that side over from the world layer
(:meth:`Gazetteer.overlay`). Gazetteers are immutable: :meth:`Gazetteer.add` and :meth:`Gazetteer.merge`
return new ones.

>>> g = Gazetteer.builtin()
>>> g["vladimir_putin"].side, g["oman_government"].layer, g.sides["Iran"].adjectives
('Russia', 'world', ('Iranian',))
>>> g.role_on("hakan_fidan", "2025-05-16")
'Foreign Minister of Turkey'
>>> mine = g.add(id="jane_roe", name="Jane Roe", kind="person", side="Mediators", gender="female")
>>> "jane_roe" in mine, "jane_roe" in g
(True, False)
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .files import RESOURCES, ResourceError, load_yaml, read_yaml_file

KINDS = ("person", "government", "country", "organization", "delegation", "group")
GENDERS = ("male", "female")
_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_ACTOR_FIELDS = {"id", "name", "aliases", "kind", "side", "gender", "surname", "roles", "note"}
_ROLE_FIELDS = {"title", "from", "to", "note"}
_TOP_FIELDS = {"track", "description", "sides", "actors", "ignore"}
_SIDE_FIELDS = {"adjectives", "country", "government", "note"}
# Lower-case name particles that belong to a surname: "von der Leyen", "bin Salman", "al-Aiban".
_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "bin", "ibn",
              "al", "el", "ben", "dos", "das"}


class GazetteerError(ValueError):
    """A gazetteer file or entry is invalid; the message names the file, the entry and the field."""


@dataclass(frozen=True)
class Role:
    """An office held from ``start`` to ``end`` (either may be ``None``: open or unknown)."""

    title: str
    start: dt.date | None = None
    end: dt.date | None = None

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else "?"
        end = self.end.isoformat() if self.end else ""
        return f"{self.title} ({start}..{end})"


@dataclass(frozen=True)
class Actor:
    """One gazetteer entry. ``surname=None`` switches automatic surname matching off for a person."""

    id: str
    name: str
    kind: str
    side: str
    aliases: tuple[str, ...] = ()
    gender: str | None = None
    surname: str | None = ""  # "" = derive from the name and aliases; None = no surname matching
    roles: tuple[Role, ...] = ()
    note: str = ""
    origin: str = ""  # the file (or "code") the entry came from
    layer: str = "gazetteer"  # gazetteer (a track or the user's file), world, or discovered (from the text)

    def surnames(self) -> tuple[str, ...]:
        """The forms that count as a mention of a person on their own, besides the full names."""
        if self.kind != "person" or self.surname is None:
            return ()
        if self.surname:
            return (self.surname,)
        out = []
        for full in (self.name, *self.aliases):
            short = derive_surname(full)
            if short and short != full and short not in out:
                out.append(short)
        return tuple(out)


@dataclass(frozen=True)
class Side:
    """How a side is named in running text (``adjectives``) and which actors stand for it."""

    name: str
    adjectives: tuple[str, ...] = ()
    country: str | None = None
    government: str | None = None
    origin: str = ""  # the file it was read from, for error messages
    layer: str = "gazetteer"  # as for actors


def derive_surname(full_name: str) -> str:
    """The surname of a multi-word name: its last word, with lower-case particles before it.

    >>> derive_surname("Ursula von der Leyen"), derive_surname("Dmitry Peskov"), derive_surname("Peskov")
    ('von der Leyen', 'Peskov', '')
    """
    words = full_name.split()
    if len(words) < 2:
        return ""
    i = len(words) - 1
    while i > 1 and words[i - 1] in _PARTICLES:
        i -= 1
    return " ".join(words[i:])


def _parse_day(value, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise GazetteerError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _as_str_list(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GazetteerError(f"{where}: must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _actor_from_dict(entry, origin: str, index: int, layer: str = "gazetteer") -> Actor:
    label = f"{origin}: actors[{index}]"
    if not isinstance(entry, dict):
        raise GazetteerError(f"{label}: must be a mapping with id, name and kind (and a side when known)")
    if entry.get("id") is not None:
        label += f" (id {entry.get('id')!r})"
    unknown = set(entry) - _ACTOR_FIELDS
    if unknown:
        raise GazetteerError(f"{label}: unknown field(s) {', '.join(sorted(map(str, unknown)))} "
                             f"(allowed: {', '.join(sorted(_ACTOR_FIELDS))})")
    for name in ("id", "name", "kind"):
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise GazetteerError(f"{label}: field '{name}' is required and must be a non-empty string")
    side = entry.get("side")
    if side is None:
        side = ""
    if not isinstance(side, str):
        raise GazetteerError(f"{label}: field 'side' must be a string (leave it out when the side is not known)")
    actor_id = entry["id"].strip()
    if not _ID.match(actor_id):
        raise GazetteerError(f"{label}: field 'id': {actor_id!r} must be lower_snake_case (a-z, 0-9, _)")
    kind = entry["kind"].strip()
    if kind not in KINDS:
        raise GazetteerError(f"{label}: field 'kind': {kind!r} is not one of {', '.join(KINDS)}")
    gender = entry.get("gender")
    if gender is not None and gender not in GENDERS:
        raise GazetteerError(f"{label}: field 'gender': {gender!r} is not one of {', '.join(GENDERS)}")
    surname = entry["surname"] if "surname" in entry else ""
    if surname is not None and not isinstance(surname, str):
        raise GazetteerError(f"{label}: field 'surname' must be a string or null")
    roles_raw = entry.get("roles") or []
    if not isinstance(roles_raw, list):
        raise GazetteerError(f"{label}: field 'roles' must be a list")
    roles = []
    for j, role in enumerate(roles_raw):
        where = f"{label}: field 'roles[{j}]'"
        if not isinstance(role, dict) or not isinstance(role.get("title"), str) or not role["title"].strip():
            raise GazetteerError(f"{where}: needs a 'title' string")
        extra = set(role) - _ROLE_FIELDS
        if extra:
            raise GazetteerError(f"{where}: unknown field(s) {', '.join(sorted(map(str, extra)))}")
        start = _parse_day(role.get("from"), f"{where}.from")
        end = _parse_day(role.get("to"), f"{where}.to")
        if start and end and start > end:
            raise GazetteerError(f"{where}: 'from' {start} is after 'to' {end}")
        roles.append(Role(role["title"].strip(), start, end))
    note = entry.get("note") or ""
    if not isinstance(note, str):
        raise GazetteerError(f"{label}: field 'note' must be a string")
    return Actor(
        id=actor_id, name=entry["name"].strip(), kind=kind, side=side.strip(),
        aliases=_as_str_list(entry.get("aliases"), f"{label}: field 'aliases'"), gender=gender,
        surname=surname.strip() if isinstance(surname, str) else None, roles=tuple(roles), note=note,
        origin=origin, layer=layer,
    )


def _sides_from_dict(raw, origin: str, layer: str = "gazetteer") -> dict[str, Side]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise GazetteerError(f"{origin}: 'sides' must be a mapping of side name -> adjectives/country/government")
    sides = {}
    for name, spec in raw.items():
        where = f"{origin}: sides[{name!r}]"
        spec = spec or {}
        if not isinstance(spec, dict):
            raise GazetteerError(f"{where}: must be a mapping")
        extra = set(spec) - _SIDE_FIELDS
        if extra:
            raise GazetteerError(f"{where}: unknown field(s) {', '.join(sorted(map(str, extra)))}")
        sides[str(name)] = Side(str(name), _as_str_list(spec.get("adjectives"), f"{where}.adjectives"),
                                spec.get("country"), spec.get("government"), origin, layer)
    return sides


class Gazetteer:
    """Actors (by id), sides, phrases to ignore, and the title/group vocabularies used by the matcher."""

    def __init__(self, actors: Iterable[Actor] = (), sides: dict[str, Side] | None = None,
                 ignore: Iterable[str] = (), titles: dict | None = None, groups: dict | None = None):
        self._actors: dict[str, Actor] = {}
        for actor in actors:
            if actor.id in self._actors:
                raise GazetteerError(f"{actor.origin}: duplicate actor id {actor.id!r} "
                                     f"(also in {self._actors[actor.id].origin})")
            self._actors[actor.id] = actor
        self.sides: dict[str, Side] = dict(sides or {})
        self.ignore: tuple[str, ...] = tuple(dict.fromkeys(ignore))
        self.titles = titles if titles is not None else _bundled_titles()
        self.groups = groups if groups is not None else _bundled_groups()
        self._fingerprint: str | None = None
        self._persons_by_side: dict[str, list[Actor]] | None = None
        self._side_words: frozenset[str] | None = None
        self._demonyms: dict[str, str] | None = None
        for side in self.sides.values():
            for ref in (side.country, side.government):
                if ref and ref not in self._actors:
                    where = f"{side.origin}: " if side.origin else ""
                    raise GazetteerError(f"{where}sides[{side.name!r}] refers to unknown actor id {ref!r}")

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_yaml(cls, *paths: str | os.PathLike, layer: str = "gazetteer") -> "Gazetteer":
        """Load and validate one or more YAML files (or folders of them) into one gazetteer (exactly those
        files: :func:`as_gazetteer` puts a user's files over the world layer)."""
        actors: list[Actor] = []
        sides: dict[str, Side] = {}
        ignore: list[str] = []
        files: list[Path] = []
        for p in paths:
            p = Path(p)
            if p.is_dir():
                files.extend(sorted(f for f in p.glob("*.yaml") if not f.name.startswith(".")))
            elif p.exists():
                files.append(p)
            else:
                raise FileNotFoundError(f"no gazetteer file {str(p)!r}")
        for file in files:
            try:
                data = read_yaml_file(file)
            except ResourceError as exc:
                raise GazetteerError(str(exc)) from None
            origin = str(file)
            if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
                raise GazetteerError(f"{origin}: must be a mapping with an 'actors' list")
            unknown = set(data) - _TOP_FIELDS
            if unknown:
                raise GazetteerError(f"{origin}: unknown top-level field(s) {', '.join(sorted(map(str, unknown)))} "
                                     f"(allowed: {', '.join(sorted(_TOP_FIELDS))})")
            actors.extend(_actor_from_dict(e, origin, i, layer) for i, e in enumerate(data["actors"]))
            sides.update(_sides_from_dict(data.get("sides"), origin, layer))
            ignore.extend(_as_str_list(data.get("ignore"), f"{origin}: 'ignore'"))
        return cls(actors, sides, ignore)

    @classmethod
    def builtin(cls) -> "Gazetteer":
        """The world layer with the curated tracks of ``toolkit/resources/actors/`` (every ``*.yaml``) over it."""
        return _builtin()

    @classmethod
    def world(cls) -> "Gazetteer":
        """The world layer alone: states, international organisations and non-state parties."""
        return _world()

    @classmethod
    def empty(cls) -> "Gazetteer":
        """A gazetteer with no actors (titles and group nouns still load), e.g. for ``suggest_actors``."""
        return cls()

    def add(self, *, id: str, name: str, kind: str, side: str, aliases: Iterable[str] = (),
            gender: str | None = None, surname: str | None = "", roles: Iterable[dict | Role] = (),
            note: str = "") -> "Gazetteer":
        """A new gazetteer with one more actor (or with the actor of that ``id`` replaced).

        ``roles`` are dicts like ``{"title": "Foreign Minister of Turkey", "from": "2023-06-04", "to": None}``.
        """
        entry = {"id": id, "name": name, "kind": kind, "side": side, "aliases": list(aliases), "gender": gender,
                 "surname": surname, "note": note,
                 "roles": [r if isinstance(r, dict) else {"title": r.title, "from": r.start, "to": r.end}
                           for r in roles]}
        actor = _actor_from_dict(entry, "code", len(self._actors))
        return self._with(replace_actors=[actor])

    def merge(self, other: "Gazetteer") -> "Gazetteer":
        """A new gazetteer with ``other``'s actors, sides and ignore phrases added; ``other`` wins on equal ids."""
        merged_sides = {**self.sides, **other.sides}
        return self._with(replace_actors=list(other), sides=merged_sides, ignore=self.ignore + other.ignore)

    def overlay(self, other: "Gazetteer") -> "Gazetteer":
        """``other`` over this gazetteer: a side ``other`` defines replaces this one's side of that name with its
        country and government ("United States" of a track file replaces the world layer's); the side's other
        actors (state media, parties) stay unless ``other`` names them too; equal ids go to ``other``."""
        taken = set(other.sides)
        replaced = {ref for name in taken if name in self.sides
                    for ref in (self.sides[name].country, self.sides[name].government)}
        forms = {form for actor in other for form in (actor.name, *actor.aliases)}
        kept = [a for a in self if a.id not in other and a.id not in replaced
                and not (a.side in taken and forms.intersection((a.name, *a.aliases)))]
        sides = {name: side for name, side in self.sides.items() if name not in taken}
        sides.update(other.sides)
        return Gazetteer([*kept, *other], sides, self.ignore + other.ignore, self.titles, self.groups)

    def _with(self, replace_actors=(), sides=None, ignore=None) -> "Gazetteer":
        actors = dict(self._actors)
        for actor in replace_actors:
            actors[actor.id] = actor
        return Gazetteer(actors.values(), sides if sides is not None else self.sides,
                         ignore if ignore is not None else self.ignore, self.titles, self.groups)

    # ------------------------------------------------------------------ access
    def __getitem__(self, actor_id: str) -> Actor:
        return self._actors[actor_id]

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __len__(self) -> int:
        return len(self._actors)

    def __repr__(self) -> str:
        return f"Gazetteer({len(self)} actors, {len(self.sides)} sides)"

    def role_on(self, actor_id: str, date) -> str:
        """The actor's role(s) on ``date`` ("; "-joined), or "" when none is known or the date is unknown."""
        if actor_id not in self._actors or date is None or pd.isna(date):
            return ""
        day = pd.Timestamp(date).date()
        return "; ".join(r.title for r in self._actors[actor_id].roles if r.holds_on(day))

    def to_frame(self) -> pd.DataFrame:
        """One row per actor: id, name, kind, side, aliases, surnames, gender, roles, note, origin, layer."""
        rows = [{
            "id": a.id, "name": a.name, "kind": a.kind, "side": a.side, "aliases": "; ".join(a.aliases),
            "surnames": "; ".join(a.surnames()), "gender": a.gender or "",
            "roles": "; ".join(str(r) for r in a.roles), "note": a.note, "origin": a.origin, "layer": a.layer,
        } for a in self]
        columns = ["id", "name", "kind", "side", "aliases", "surnames", "gender", "roles", "note", "origin", "layer"]
        return pd.DataFrame(rows, columns=columns)

    def to_yaml_dict(self) -> dict:
        """The gazetteer as a plain dict in the YAML file format (for ``yaml.safe_dump``)."""
        def actor_dict(a: Actor) -> dict:
            d = {"id": a.id, "name": a.name, "kind": a.kind}
            if a.side:
                d["side"] = a.side
            if a.aliases:
                d["aliases"] = list(a.aliases)
            if a.gender:
                d["gender"] = a.gender
            if a.surname != "":
                d["surname"] = a.surname
            if a.roles:
                d["roles"] = [{"title": r.title, "from": r.start.isoformat() if r.start else None,
                               "to": r.end.isoformat() if r.end else None} for r in a.roles]
            if a.note:
                d["note"] = a.note
            return d

        out: dict = {}
        if self.sides:
            out["sides"] = {s.name: {k: v for k, v in (("adjectives", list(s.adjectives)), ("country", s.country),
                                                        ("government", s.government)) if v}
                            for s in self.sides.values()}
        if self.ignore:
            out["ignore"] = list(self.ignore)
        out["actors"] = [actor_dict(a) for a in self]
        return out

    def fingerprint(self) -> str:
        """A hash of everything that affects matching (actors, sides, ignore list, titles, group nouns); a
        gazetteer does not change, so it is computed once."""
        if self._fingerprint is None:
            payload = json.dumps({"g": self.to_yaml_dict(), "t": self.titles, "gr": self.groups}, sort_keys=True,
                                 default=str)
            self._fingerprint = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]
        return self._fingerprint

    def owner_forms(self) -> dict[str, str]:
        """The names and aliases of each side's ``country`` and ``government`` actors, without a leading "the",
        mapped to the side ("Kremlin" -> "Russia"): the owners in "the Kremlin's envoy", "Iran's delegation"."""
        out = {}
        for side in self.sides.values():
            for ref in (side.country, side.government):
                if ref and ref in self._actors:
                    actor = self._actors[ref]
                    for form in (actor.name, *actor.aliases):
                        out[form.removeprefix("the ")] = side.name
        return out

    def side_of_adjective(self) -> dict[str, str]:
        """Adjective -> side name ("Russian" -> "Russia")."""
        return {adj: side.name for side in self.sides.values() for adj in side.adjectives}

    def persons_of(self, side: str) -> list[Actor]:
        """The persons of ``side`` (computed once for all sides)."""
        if self._persons_by_side is None:
            by_side: dict[str, list[Actor]] = {}
            for actor in self._actors.values():
                if actor.kind == "person" and actor.side:
                    by_side.setdefault(actor.side, []).append(actor)
            self._persons_by_side = by_side
        return self._persons_by_side.get(side, [])

    def demonym_sides(self) -> dict[str, str]:
        """Lower-case side adjectives and plural demonyms -> side ("thai" -> Thailand, "americans" -> United
        States), computed once."""
        if self._demonyms is None:
            adjectives = self.side_of_adjective()
            forms = {adj.lower(): side for adj, side in adjectives.items() if adj[:1].isupper()}
            forms.update({adj.lower() + "s": side for adj, side in adjectives.items() if adj[-1:].isalpha()
                          and adj[-1:].islower() and adj[-2:] in ("an", "di", "ri", "li", "ti", "ni")})
            self._demonyms = forms
        return self._demonyms

    def side_words(self) -> frozenset[str]:
        """Lower-case adjectives and owner forms of every side, with their possessives ("iran's")."""
        if self._side_words is None:
            words = {w.lower() for w in [*self.side_of_adjective(), *self.owner_forms()]}
            self._side_words = frozenset(words | {w + "'s" for w in words} | {w + "’s" for w in words})
        return self._side_words


def _bundled_titles() -> dict:
    data = load_yaml("titles.yaml") or {}
    return {"titles": list(data.get("titles") or []), "modifiers": list(data.get("modifiers") or []),
            "home_titles": list(data.get("home_titles") or []), "title_sides": dict(data.get("title_sides") or {})}


def _bundled_groups() -> dict:
    data = load_yaml("groups.yaml") or {}
    return {kind: list(nouns or []) for kind, nouns in (data.get("groups") or {}).items()}


@lru_cache(maxsize=1)
def world_regions() -> dict[str, str]:
    """Region or city -> side, from the world layer's ``regions.yaml`` ("Michigan" -> "United States")."""
    data = read_yaml_file(RESOURCES / "world" / "regions.yaml") or {}
    return {region: side for side, regions in data.items() for region in regions}


_GOVERNMENT_FORM = re.compile(r"^Government of |\s[Gg]overnment$")


def short_forms(forms) -> set[str]:
    """The forms news puts before a noun or a title ("Iran's envoy", "Hamas official X"): names of up to four
    words, without "Government of X" or "X government" (the name or the adjective matches there already).
    Fewer and shorter forms also keep the patterns built from them quick to compile in each new process."""
    return {f for f in forms if len(f.split()) <= 4 and not _GOVERNMENT_FORM.search(f)}


@lru_cache(maxsize=1)
def _world() -> Gazetteer:
    world = RESOURCES / "world"
    return Gazetteer.from_yaml(world / "countries.yaml", world / "organizations.yaml", world / "media.yaml",
                               world / "parties.yaml", world / "leaders.yaml", layer="world")


@lru_cache(maxsize=1)
def _builtin() -> Gazetteer:
    return _world().overlay(Gazetteer.from_yaml(RESOURCES / "actors"))


def as_gazetteer(actors) -> Gazetteer:
    """Accept ``None`` (the built-in world layer and tracks), a :class:`Gazetteer` (used as it is), a YAML path
    or a list of paths (read over the world layer, so countries and organisations are always known)."""
    if actors is None:
        return Gazetteer.builtin()
    if isinstance(actors, Gazetteer):
        return actors
    if isinstance(actors, (str, os.PathLike)):
        return Gazetteer.world().overlay(Gazetteer.from_yaml(actors))
    if isinstance(actors, (list, tuple)):
        return Gazetteer.world().overlay(Gazetteer.from_yaml(*actors))
    raise TypeError(f"actors must be a Gazetteer, a YAML path or None, not {type(actors).__name__}")


__all__ = ["Actor", "Gazetteer", "GazetteerError", "KINDS", "Role", "Side", "as_gazetteer", "derive_surname"]

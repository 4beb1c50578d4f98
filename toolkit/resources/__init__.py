"""Resources: the editable data an analysis runs on, each file beside the code that reads it.

| file | read by |
|---|---|
| ``actors/*.yaml``, ``titles.yaml``, ``groups.yaml`` | :class:`Gazetteer` (``gazetteer.py``) |
| ``cues.yaml`` | :class:`CueLexicon` (``cues.py``) |
| ``issues.yaml`` | :class:`IssueTaxonomy` (``issues.py``) |
| ``outlets.yaml`` | ``toolkit.corpus.fields.OutletTable`` (names), :class:`Resources` (``home``: each outlet's country) |
| ``tone_model.json`` | ``toolkit.text.tone.ToneModel`` (made by ``python -m toolkit.text.tone_training``) |
| ``position_model.json`` | ``toolkit.extract.positions.PositionModel`` (made by ``python benchmarks/train_positions.py``) |

:class:`Resources` bundles the three that shape the extracted tables; ``tk.analyze(corpus, actors=...,
cues=..., issues=...)`` builds one from the user's files or objects.

>>> resources = Resources.build(issues={"issues": {"nuclear": {"keywords": ["enrichment"]}}})
>>> resources.issues.order
['nuclear']
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .cues import CueLexicon, as_cues
from .files import RESOURCES, ResourceError, deep_merge, load_yaml, read_yaml_file, resource_path
from .gazetteer import Gazetteer, GazetteerError, as_gazetteer
from .issues import IssueTaxonomy, as_issues


@dataclass(frozen=True)
class Resources:
    """The gazetteer of actors, the cue lexicon and the issue taxonomy of one analysis."""

    actors: Gazetteer
    cues: CueLexicon
    issues: IssueTaxonomy
    discover: bool = True  # persons introduced in the text become actors (toolkit.extract.people)
    #: (outlet, side) pairs: the country whose officials an outlet titles without naming it (outlets.yaml)
    homes: tuple[tuple[str, str], ...] = ()

    def home_of(self, outlet: str) -> str:
        """The side of ``outlet``'s country ("" when unknown): "BBC News" -> "United Kingdom"."""
        return dict(self.homes).get(outlet, "") if outlet else ""

    @classmethod
    def build(cls, actors=None, cues=None, issues=None, discover: bool = True) -> "Resources":
        """Each of ``actors``, ``cues``, ``issues``: ``None`` for the bundled one, a YAML path, or an object
        (a :class:`Gazetteer`, :class:`CueLexicon`, :class:`IssueTaxonomy`; a mapping for cues and issues).
        ``discover=False`` keeps to the gazetteer's actors."""
        homes = tuple(sorted((str(k), str(v)) for k, v in (load_yaml("outlets.yaml").get("home") or {}).items()))
        return cls(as_gazetteer(actors), as_cues(cues), as_issues(issues), bool(discover), homes)

    def fingerprint(self) -> str:
        """A hash of all of it (part of the result cache's key)."""
        parts = (self.actors.fingerprint(), self.cues.fingerprint(), self.issues.fingerprint(), str(self.discover),
                 repr(self.homes))
        return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


__all__ = ["RESOURCES", "CueLexicon", "Gazetteer", "GazetteerError", "IssueTaxonomy", "ResourceError", "Resources",
           "as_cues", "as_gazetteer", "as_issues", "deep_merge", "load_yaml", "read_yaml_file", "resource_path"]

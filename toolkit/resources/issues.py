"""The issue taxonomy of stated positions: keywords (and regular expressions) per issue, from
``toolkit/resources/issues.yaml`` or a user's file (``tk.analyze(corpus, issues="my_issues.yaml")``).

>>> IssueTaxonomy.bundled().classify("an exchange of prisoners of war")
'hostages_detainees'
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from ..text.patterns import trie_regex
from .files import ResourceError, as_resource, deep_merge, load_yaml, read_yaml_file


class IssueTaxonomy:
    """Issue keywords from ``toolkit/resources/issues.yaml`` (or a user's file)."""

    def __init__(self, data: dict):
        if not isinstance(data, dict) or not isinstance(data.get("issues"), dict):
            raise ResourceError("an issue taxonomy needs a mapping 'issues:' of issue names to their 'keywords:'")
        self.data = data
        self.order: list[str] = []
        self.process: frozenset[str] = frozenset(
            issue for issue, spec in (data.get("issues") or {}).items() if (spec or {}).get("process"))
        self._regexes: list[tuple[str, re.Pattern]] = []
        owners: dict[str, list[str]] = {}  # a plain keyword (lower case, single spaces) -> its issues
        for issue, spec in (data.get("issues") or {}).items():
            self.order.append(issue)
            for kw in (spec or {}).get("keywords") or []:
                kw = str(kw)
                if kw.startswith("re:"):
                    self._regexes.append((issue, re.compile(kw[3:])))
                else:
                    owners.setdefault(" ".join(kw.lower().split()), []).append(issue)
        # One scan finds every keyword: at each word start, the lookahead captures the longest keyword there,
        # and the keywords that end at a word boundary inside it ("peace" in "peace talks") match there too.
        self._issues_at: dict[str, list[str]] = {}
        for key in owners:
            cuts = [j for j in range(1, len(key)) if not re.match(r"[\w-]", key[j])] + [len(key)]
            found = {i for j in cuts for i in owners.get(key[:j], ())}
            self._issues_at[key] = [i for i in self.order if i in found]
        self._keywords = re.compile(rf"(?<![\w-])(?=({trie_regex(list(owners))})(?![\w-]))", re.I) if owners \
            else None

    @classmethod
    def bundled(cls) -> "IssueTaxonomy":
        """The taxonomy of ``toolkit/resources/issues.yaml`` (built once)."""
        return _bundled()

    @classmethod
    def from_yaml(cls, path: str | Path) -> "IssueTaxonomy":
        """A taxonomy read from a file of the same layout as ``issues.yaml`` (it replaces the bundled one)."""
        try:
            return cls(read_yaml_file(path))
        except ResourceError as exc:
            raise ResourceError(f"{path}: {exc}") from None

    def merge(self, other: "IssueTaxonomy | dict") -> "IssueTaxonomy":
        """A new taxonomy with ``other``'s issues added after these (keywords of an issue both have are joined).

        >>> tax = IssueTaxonomy.bundled().merge({"issues": {"energy": {"keywords": ["gas pipeline"]}}})
        >>> tax.classify("a new gas pipeline"), tax.order[-1]
        ('energy', 'energy')
        """
        return IssueTaxonomy(deep_merge(self.data, other.data if isinstance(other, IssueTaxonomy) else other))

    def fingerprint(self) -> str:
        """A hash of the taxonomy's content (part of the result cache's key)."""
        return hashlib.sha1(json.dumps(self.data, sort_keys=True, default=str).encode()).hexdigest()[:16]

    def classify(self, text: str) -> str | None:
        """The issue whose keyword appears earliest in ``text`` (ties: taxonomy order); None when none does."""
        found = self.classify_all(text)
        return found[0] if found else None

    def classify_all(self, text: str) -> list[str]:
        """Every issue with a keyword in ``text``, by where its first keyword appears (ties: taxonomy order), the
        ``process`` issues (the talks themselves) after the issues of substance.

        >>> IssueTaxonomy.bundled().classify_all("a ceasefire, the release of hostages and rebuilding Gaza")
        ['ceasefire', 'hostages_detainees', 'reconstruction']
        """
        first: dict[str, tuple[int, int]] = {}
        if self._keywords is not None:
            for m in self._keywords.finditer(text):
                for issue in self._issues_at[" ".join(m.group(1).lower().split())]:
                    first.setdefault(issue, (m.start(), self.order.index(issue)))
        for issue, pattern in self._regexes:
            m = pattern.search(text)
            if m:
                key = (m.start(), self.order.index(issue))
                first[issue] = min(first.get(issue, key), key)
        return sorted(first, key=lambda issue: (issue in self.process, first[issue]))

    def main_issue(self, texts) -> str:
        """The issue the most of ``texts`` (an article's sentences) name, ties in taxonomy order; a ``process``
        issue (the talks themselves) only when no other is named; "" when none is: what "the deal" of a sentence
        naming no issue is about.

        >>> IssueTaxonomy.bundled().main_issue(["Tariffs rose.", "The talks resume.", "A trade deal is near."])
        'trade'
        """
        return self.most_named(self.classify_all(text) for text in texts)

    def most_named(self, issues_per_text) -> str:
        """:meth:`main_issue` of texts already classified: one list of issues per text."""
        counts: dict[str, int] = {}
        for issues in issues_per_text:
            for issue in issues:
                counts[issue] = counts.get(issue, 0) + 1
        if any(issue not in self.process for issue in counts):
            counts = {issue: n for issue, n in counts.items() if issue not in self.process}
        return max(counts, key=lambda i: (counts[i], -self.order.index(i))) if counts else ""


@lru_cache(maxsize=1)
def _bundled() -> IssueTaxonomy:
    return IssueTaxonomy(load_yaml("issues.yaml"))


def as_issues(issues) -> IssueTaxonomy:
    """Accept ``None`` (the bundled taxonomy), an :class:`IssueTaxonomy`, a mapping, or a YAML path."""
    return as_resource(issues, IssueTaxonomy, "issues")

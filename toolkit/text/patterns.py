"""Regular expressions built from word lists: one trie-shaped pattern scans a text once, whatever the size
of the list (the actor matcher, the cue lexicons and the sentiment prefilter use it)."""
from __future__ import annotations

import re


def trie_regex(keys, gap: str = "") -> str:
    r"""A regular expression matching any of ``keys``, shaped as a trie (longest key preferred).

    A space in a key matches any run of whitespace; ``gap`` is put between every two characters (``r"\s*"``
    lets whitespace fall anywhere inside a key). Scanning cost depends on the text, not on the number of
    keys, because alternatives branch on one character at a time.

    >>> import re
    >>> re.findall(trie_regex(["peace", "peace talks", "pact"]), "peace  talks, a pact, peace")
    ['peace  talks', 'pact', 'peace']
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, first: bool) -> str:
        branches = [("" if first else gap) + (r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch], False)
                    for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie, True)

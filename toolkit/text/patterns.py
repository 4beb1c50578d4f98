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

    # Each node's pattern is made from its children's, deepest first, with a stack rather than recursion: a
    # key of a thousand characters is a trie a thousand nodes deep.
    patterns: dict[int, str] = {}
    stack = [(trie, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            stack.extend((node[ch], False) for ch in node if ch)
            continue
        join = "" if node is trie else gap
        branches = [join + (r"\s+" if ch == " " else re.escape(ch)) + patterns.pop(id(node[ch]))
                    for ch in sorted(k for k in node if k)]
        body = "" if not branches else branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        patterns[id(node)] = f"(?:{body})?" if body and "" in node else body
    return patterns[id(trie)]

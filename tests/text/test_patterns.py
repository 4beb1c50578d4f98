"""Trie-shaped regular expressions: any number and length of keys, one scan of the text."""
from __future__ import annotations

import re

import pandas as pd

import toolkit as tk
from toolkit.text.patterns import trie_regex


def test_longest_key_first_and_whitespace_runs():
    assert re.findall(trie_regex(["peace", "peace talks", "pact"]), "peace  talks, a pact, peace") == \
        ["peace  talks", "pact", "peace"]
    assert re.fullmatch(trie_regex(["a b"], gap=r"\s*"), "a \n b")


def test_a_key_of_a_thousand_characters():
    """A gazetteer alias of about 1,000 characters hit the recursion limit when the pattern was built."""
    name = "Long " + "a" * 1000
    assert re.search(trie_regex([name, "Putin"]), f"So {name} met Putin.").group(0) == name
    gazetteer = tk.Gazetteer.builtin().add(id="long_name", name=name, kind="person", side="X")
    mentions = tk.analyze(pd.DataFrame({"text": [f"{name} met Putin."]}), actors=gazetteer, cache=False).mentions
    assert mentions["actor_id"].tolist() == ["long_name", "vladimir_putin"]

"""Discovering persons the gazetteer does not know, and pasting them into a YAML file."""
from __future__ import annotations

import yaml

import toolkit as tk
from toolkit.resources.gazetteer import Gazetteer

BUILTIN = Gazetteer.builtin()


def test_suggest_actors_finds_every_person_of_the_seed_with_an_empty_gazetteer(seed_path):
    empty = Gazetteer.empty()
    suggestions = tk.suggest_actors(tk.analyze(seed_path, actors=empty), empty).set_index("name")
    expected = {"Vladimir Putin", "Volodymyr Zelensky", "Donald Trump", "Marco Rubio", "Rustem Umerov",
                "Vladimir Medinsky", "Dmitry Peskov", "Andriy Sybiha", "Andriy Yermak", "Hakan Fidan",
                "Keith Kellogg", "Michael Anton", "Recep Tayyip Erdoğan"}
    assert set(suggestions.index) == expected
    assert suggestions.loc["Hakan Fidan", "guessed_side"] == "Turkey"
    assert suggestions.loc["Hakan Fidan", "role"] == "Turkish Foreign Minister"
    assert suggestions.loc["Andriy Yermak", "guessed_side"] == "Ukraine"
    assert suggestions.loc["Keith Kellogg", "guessed_side"] == "United States"
    assert suggestions.loc["Vladimir Putin", "mentions"] == 7
    assert "Hakan Fidan" in suggestions.loc["Hakan Fidan", "example"]


def test_suggestions_exclude_known_actors_and_paste_as_yaml(sample_analysis, tmp_path):
    suggestions = tk.suggest_actors(sample_analysis)
    known = {a.name for a in BUILTIN}
    assert not set(suggestions.name) & known
    text = tk.suggestions_to_yaml(suggestions)
    assert "UNKNOWN" not in text  # no placeholder side: a side comes from the text or is left out
    path = tmp_path / "new.yaml"
    path.write_text(text, encoding="utf-8")
    if len(suggestions):
        assert len(Gazetteer.from_yaml(path)) == len(suggestions)
    assert yaml.safe_load(text)["actors"] == [yaml.safe_load(y)[0] for y in suggestions.yaml]
    assert all(("side" in yaml.safe_load(y)[0]) == bool(side) for y, side in zip(suggestions.yaml,
                                                                                    suggestions.guessed_side))

"""The cue lexicon read from YAML: what a negation is, and a clear error for a YAML boolean among words."""
from __future__ import annotations

import pytest

from toolkit.resources import CueLexicon


def test_no_is_a_negation_and_a_yaml_boolean_gets_a_clear_error(tmp_path):
    assert CueLexicon.bundled().negation.search("would no longer accept")
    bad = tmp_path / "cues.yaml"
    bad.write_text("reporting: {say: [said]}\nnegations: [not, no]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="quote no"):
        CueLexicon.from_yaml(bad)

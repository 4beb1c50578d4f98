"""Sentence splitting with offsets: hand-checked boundaries on news-like text written for these tests."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from toolkit.text import count_words, paragraph_spans, sentences_frame, split_sentences

# Hand-checked cases shared with benchmarks/compare_splitters.py.
CASES = [(c["text"], c["sentences"]) for c in
         yaml.safe_load((Path(__file__).parents[1] / "data" / "sentence_boundaries.yaml").read_text("utf-8"))["cases"]]


@pytest.mark.parametrize("paragraph, expected", CASES)
def test_hand_checked_boundaries(paragraph, expected):
    assert [s for *_, s in split_sentences(paragraph)] == expected


def test_headings_and_captions_stand_alone():
    text = ("What comes next\n\nDelegates leave the hall in Istanbul. Photo by the press service\n\n"
            "The talks ended without a ceasefire. A new round is planned")
    sentences = split_sentences(text)
    assert [s for *_, s in sentences] == [
        "What comes next", "Delegates leave the hall in Istanbul.", "Photo by the press service",
        "The talks ended without a ceasefire.", "A new round is planned",
    ]
    assert [p for _, _, p, _ in sentences] == [0, 1, 1, 2, 2]


def test_offsets_point_into_the_text():
    text = "  First one.  Second one!\n\n\nThird paragraph here?  Yes.  "
    for start, end, _, sentence in split_sentences(text):
        assert text[start:end] == sentence
        assert sentence == sentence.strip()
    assert paragraph_spans(text) == [(2, 25), (28, 55)]


def test_sentences_frame_columns_and_ids():
    frame = pd.DataFrame({"article_id": ["a", "b"], "text": ["One. Two.\n\nThree.", "Solo"]})
    sentences = sentences_frame(frame)
    assert list(sentences.columns) == ["article_id", "sentence_id", "paragraph_id", "start", "end", "text"]
    assert sentences.sentence_id.tolist() == [0, 1, 2, 0]
    assert sentences.paragraph_id.tolist() == [0, 0, 1, 0]


def test_count_words():
    assert count_words("Russia's U.S.-led talks: 1,000 prisoners, de-escalation!") == 6


def test_offsets_on_real_articles(real_corpus_path):
    articles = [json.loads(line) for line in real_corpus_path.open(encoding="utf-8")][:200]
    n = 0
    for article in articles:
        text = article["text"]
        previous_end = 0
        for start, end, _, sentence in split_sentences(text):
            assert text[start:end] == sentence and start >= previous_end
            previous_end = end
            n += 1
        # Nothing but whitespace is left between sentences.
        covered = "".join("".join(s.split()) for *_, s in split_sentences(text))
        assert covered == "".join(text.split())
    assert n > 5000

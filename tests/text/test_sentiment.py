"""toolkit.text.sentiment: bit-for-bit identity with ``TextBlob(text).sentiment`` on tricky strings, generated
strings, the sample articles and (when present) the real corpus; both the fast and the exact path; caches."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from textblob import TextBlob
from textblob._text import EMOTICONS, PUNCTUATION, find_tokens
from textblob.en import sentiment as pattern_sentiment

import toolkit.text.sentiment as ts
from conftest import ROOT, SAMPLE
from toolkit.text.sentiment import add_sentiment, clear_caches, sentiment_arrays, textblob_sentiment

TRICKY = [
    # empty, whitespace, no lexicon word at all
    "", " ", "   \t\n  ", "\n\n\n", "\r\n\r\n", "The delegation met on Tuesday in Istanbul.", "42", "...", "!",
    "?!", "'", '"', "END-OF-SENTENCE", "a", ".", ",",
    # plain lexicon words, modifiers, negation
    "good", "Good.", "GOOD!", "The talks were very constructive.", "not good", "not very good", "really not bad",
    "not bad", "never good", "no good deal", "not a good deal", "not at all good", "not, good", "really, not good",
    "very very good", "extremely bad news", "terribly good", "really is a good idea", "very, very bad",
    "The deal is not really good, but it's not terrible either.", "no", "not", "never", "n't",
    # exclamation marks, irony
    "great!!!", "great !", "Great!", "bad!", "good! bad! great!", "! good", "This is great (!)", "great ( ! )",
    "(!)", "( !)", "(! )", "(!) good", "great (!) !", "good (!)(!)",
    # emoticons (also split by the tokenizer, and across whitespace and blank lines)
    ":-)", ":(", ":)", ":-(", "Talks went well :-)", "Talks failed :(", "great :D", "XD", "xD lol", "<3", "♥",
    ":'(", ";-)", "8)", "8-)", "o.O", "o_O", ">:(", ">:D", ":-D!", "good :)", ": )", ":\n\n)", ":-\n\nD",
    "no. O Canada", "so :-. sad", ">.> hmm", "°O° wow", ":P :p :-p", "=)", "=/", ":/", ":\\", ":3", "10:30 am",
    "Note:o", "x-D", "x -D", "X - D",
    # abbreviations and periods
    "The U.S. said it was good.", "U.S. officials were not happy.", "e.g. good", "Mr. Good", "Dr. Bad arrived.",
    "T. De Smedt is great.", "Gen. Smith was very good at 5 p.m. today.", "etc. bad", "a.m.", "Ms. Jones: bad.",
    "He said so... good", "good....", "wow.... bad", "bad...!", "U.S.-Russia talks were constructive.",
    # contractions and quotes
    "isn't good", "It isn't bad.", "don't", "They're happy", "We'll see, it's good.", "I'd say it's great",
    "can't", "won't be good", "shouldn't", "he'll", "'good'", "\"good\"", "'not' good", "It's not 'good'.",
    "“This is a good deal,” he said.", "‘Bad’ news", "It’s not great", "Russia’s offer was ‘unacceptable’.",
    "don’t worry, be happy", "''good''", "'''", "'s", "n't good",
    # unicode punctuation, dashes, numbers
    "Good — or bad – news…", "good—bad", "good…", "€5bn deal — a great success", "1.5%", "$5", "20th", "3rd",
    "2nd best", "13th", "100% sure", "21st-century diplomacy", "İstanbul is beautiful", "naïve hope",
    "\u00a0good\u00a0", "good\u2028bad", "good\x1cbad",
    # brackets, symbols, hyphens, repeated punctuation
    "(good)", "[bad]", "{great}", "good,bad", "good;bad", "good:bad", "good/bad", "good-bad", "#good", "@bad",
    "*good*", "_bad_", "good?!", "Really?", "Is it good? Yes!", "good.) bad", "(very good.)", "very (good)",
    "f*cking great", "long-winded talks", "open-minded and risk-free",
    # multi-word lexicon entries are never single tokens
    "adequate to", "full of life",
    # several sentences and paragraphs
    "Good talks.\n\nBad outcome!\n\nNot great.", "First line\nsecond line good\n\n\nthird: bad",
    "\"Good.\" 'Bad.' Great!", "He said \"no.\" Good.", "Why? Because it's good! (Really.)",
]

FRAGMENTS = (
    [e for forms in EMOTICONS.values() for e in forms]
    + [" ".join(e) for forms in EMOTICONS.values() for e in forms]
    + list(PUNCTUATION)
    + """not no never n't isn't don't can't very really extremely good bad great terrible terribly happy ! !!! (!)
    ( ! ) ... .... U.S. e.g. Mr. a.m. T. Dr. etc. ' " “ ” ‘ ’ — – … it's 's we'll they're I'd I'm o O x X D 8 3
    <3 ♥ ° _ XD xD o.O o_O >.> >: :- -) :' '' ''' talks failed success Constructive GOOD Bad! (good) [bad]
    \"good\" 'bad' ‘nice’ “awful” really, not. not! very... fine.) wow...! no!? ?! a is the of 1.5 100%
    END-OF-SENTENCE""".split()
    + ["\n", "\n\n", "\r\n", "\t", "  "]
)


def _expected(text):
    return tuple(TextBlob(text).sentiment)


def _assert_identical(texts):
    """The fast path, the exact path, the cached API and sentiment_arrays all give TextBlob's floats."""
    texts = list(texts)
    expected = [_expected(t) for t in texts]
    for text, exp in zip(texts, expected):
        assert ts._score(text) == exp, text
        assert ts._score(text, exact_path=True) == exp, text
        assert textblob_sentiment(text) == exp, text
    polarity, subjectivity = sentiment_arrays(texts)
    assert polarity.tolist() == [p for p, _ in expected]
    assert subjectivity.tolist() == [s for _, s in expected]


def test_tricky_strings_identical_to_textblob():
    _assert_identical(TRICKY)


def test_tricky_strings_have_the_expected_features():
    """The tricky cases exercise what they claim: modifiers, negation, '!', emoticons, irony."""
    assert textblob_sentiment("good") == (0.7, 0.6000000000000001)
    assert textblob_sentiment("not good") == (-0.35, 0.6000000000000001)
    assert textblob_sentiment("great!!!")[0] == 1.0
    assert textblob_sentiment(":-)")[0] > 0 > textblob_sentiment(":(")[0]
    assert textblob_sentiment("(!)") == (0.0, 1.0)
    assert textblob_sentiment("The delegation met on Tuesday in Istanbul.") == (0.0, 0.0)


def test_tokenizer_port_identical_to_find_tokens():
    for text in TRICKY:
        assert ts._find_tokens(text) == find_tokens(text), text


def test_generated_strings_identical_to_textblob():
    rng = random.Random(20240611)
    seps = ["", " ", " ", "  ", "\n"]
    texts = ["".join(rng.choice(FRAGMENTS) + rng.choice(seps) for _ in range(rng.randint(0, 12)))
             for _ in range(3000)]
    _assert_identical(texts)
    for text in texts[:500]:
        assert ts._find_tokens(text) == find_tokens(text), text


def test_random_characters_identical_to_textblob():
    rng = random.Random(7)
    alphabet = "abcdeoxDOXS8 .,;:!?()[]{}'\"-_=<>*^/\\°♥“”‘’—…\n\t0123456789"
    words = ["good", "not", "very", "bad", "really", "no", "never", "happy"]
    texts = []
    for _ in range(2000):
        parts = []
        for _ in range(rng.randint(0, 8)):
            parts.append(rng.choice(words) if rng.random() < 0.4
                         else "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))))
            parts.append(rng.choice(["", " ", " ", "\n"]))
        texts.append("".join(parts))
    _assert_identical(texts)


def test_very_long_text():
    rng = random.Random(3)
    words = ["good", "not", "very", "bad", "talks", "the", "U.S.", "it's", "great!", ":)", "(!)", "\n\n", "a"]
    text = " ".join(rng.choice(words) for _ in range(20_000))
    _assert_identical([text, text.replace(":)", "").replace("(!)", "")])


def test_sample_articles_and_sentences():
    import toolkit as tk
    from toolkit.text import split_sentences

    articles = tk.load_corpus(SAMPLE).articles["text"].tolist()
    assert articles
    sentences = [s for text in articles for *_, s in split_sentences(text)]
    _assert_identical(articles + sentences)


def test_real_corpus_sentences_and_articles(real_corpus_path):
    from toolkit.text import split_sentences

    articles = []
    with open(real_corpus_path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text")
            if isinstance(text, str):
                articles.append(text)
    sentences = [s for text in articles for *_, s in split_sentences(text)]
    assert len(sentences) > 1000
    clear_caches()
    expected = np.array([_expected(s) for s in sentences]).reshape(-1, 2)
    polarity, subjectivity = sentiment_arrays(sentences)
    assert (polarity == expected[:, 0]).all() and (subjectivity == expected[:, 1]).all()
    mismatched = [s for s, exp in zip(sentences, expected.tolist()) if ts._score(s, exact_path=True) != tuple(exp)]
    assert mismatched == []
    doc_expected = [_expected(t) for t in articles]
    polarity, subjectivity = sentiment_arrays(articles)
    assert list(zip(polarity.tolist(), subjectivity.tolist())) == doc_expected


def test_emoticon_order_does_not_depend_on_hash_seed():
    """RE_EMOTICONS' alternatives come from sets (hash order): still identical under other seeds."""
    script = (
        "import sys; sys.path[:0] = ['tests', 'tests/text']; from test_sentiment import TRICKY, _expected;"
        "from toolkit.text.sentiment import textblob_sentiment;"
        "bad = [t for t in TRICKY if textblob_sentiment(t) != _expected(t)]; print(bad); sys.exit(bool(bad))"
    )
    for seed in ("1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_non_string_inputs_behave_like_the_analyzer():
    with pytest.raises(TypeError):  # TextBlob's analyzer fails on bytes (a str regex on them)
        TextBlob(b"very good").sentiment
    with pytest.raises(TypeError):
        textblob_sentiment(b"very good")
    assert textblob_sentiment(None) == tuple(pattern_sentiment(None)) == (0.0, 0.0)
    words = ["not", "very", "good"]
    assert textblob_sentiment(words) == tuple(pattern_sentiment(words))
    polarity, subjectivity = sentiment_arrays(["good", words, None, "bad"])
    assert polarity.tolist() == [0.7, tuple(pattern_sentiment(words))[0], 0.0, -0.6999999999999998]
    assert subjectivity.dtype == np.float64


def test_arrays_shapes_and_add_sentiment():
    polarity, subjectivity = sentiment_arrays([])
    assert polarity.shape == subjectivity.shape == (0,) and polarity.dtype == np.float64
    polarity, subjectivity = sentiment_arrays(iter(["good", "bad", "good"]))
    assert polarity.flags.c_contiguous and subjectivity.flags.c_contiguous
    frame = pd.DataFrame({"id": [1, 2, 3], "body": ["Very good talks.", "Not bad :)", ""]})
    out = add_sentiment(frame, column="body")
    assert list(out.columns) == ["id", "body", "polarity", "subjectivity"]
    assert list(zip(out.polarity, out.subjectivity)) == [_expected(t) for t in frame.body]
    assert "polarity" not in frame


def test_caches_repeat_and_overflow():
    texts = ["Very good talks.", "Not bad at all!", "Very good talks.", "“Great,” he said :)"] * 3
    expected = [_expected(t) for t in texts]
    clear_caches()
    assert [textblob_sentiment(t) for t in texts] == expected  # cold, then from the cache
    assert ts._RESULTS.cache_info().hits >= len(texts) - 3
    assert [textblob_sentiment(t) for t in texts] == expected
    # more distinct texts and words than the caches hold: they stay bounded, the scores exact
    many = [f"talk{i} went very well for side{i}, not badly" for i in range(ts.MAX_CACHED_TEXTS + 50)]
    for _ in range(2):
        assert list(zip(*sentiment_arrays(many + texts))) == [_expected(t) for t in many + texts]
    assert ts._RESULTS.cache_info().currsize <= ts.MAX_CACHED_TEXTS
    assert ts._PIECES.cache_info().currsize <= ts.MAX_CACHED_PIECES


def test_a_negated_negative_is_not_among_the_most_negative_sentences():
    import toolkit as tk

    scores = tk.sentence_scores(["None of this means the track is worthless.", "The track is worthless.",
                                 "Nobody thinks the talks are useless."], method="combined").score.tolist()
    assert abs(scores[0]) < 0.2 and abs(scores[2]) < 0.2 and scores[1] < -0.5

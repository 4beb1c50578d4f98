"""The evaluation harness on a tiny fixture written for the purpose (tests/data/eval), the tone function, the
sentence scores, and the real development splits when ../shared/eval is present."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.evaluate import _head, _macro_f1, evaluate

from conftest import ROOT, SHARED

FIXTURE = ROOT / "tests" / "data" / "eval"


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "eval.md"
    result = evaluate(FIXTURE, out=out, verbose=False)
    return result.set_index(["task", "metric"]), out


def test_harness_reports_every_task(table):
    frame, out = table
    assert set(frame.index.get_level_values("task")) == {"NewsMTSC", "NYT snippets", "PolNeAR", "PLOVER"}
    text = out.read_text()
    assert text.startswith("| task | metric | toolkit | TextBlob | VADER | target | met | n |")
    assert "| PLOVER | false act rate |" in text


def test_newsmtsc_scores_every_target_with_baselines(table):
    frame, _ = table
    row = frame.loc[("NewsMTSC", "macro F1")]
    assert row.n == 5  # four sentences, one with two targets
    gold = ["negative", "positive", "neutral", "negative", "neutral"]
    targets = [("Congress voted to censure Ivanov over the leaked memo.", 26, 32),
               ("Petrenko praised the mediators for a wonderful, productive week of talks.", 0, 8),
               ("Garcia arrived in Geneva on Tuesday.", 0, 6),
               ("Critics accused Okafor of lying and of sabotaging the ceasefire, while Lind defended him.", 16, 22),
               ("Critics accused Okafor of lying and of sabotaging the ceasefire, while Lind defended him.", 70, 74)]
    predicted = [tk.tone(*t)[0] for t in targets]
    assert row.toolkit == pytest.approx(_macro_f1(gold, predicted))
    accuracy = frame.loc[("NewsMTSC", "accuracy")]
    assert accuracy.toolkit == pytest.approx(np.mean([g == p for g, p in zip(gold, predicted)]))
    assert 0 <= row.textblob <= 1 and 0 <= row.vader <= 1


def test_nyt_correlations(table):
    frame, _ = table
    row = frame.loc[("NYT snippets", "Pearson r")]
    assert row.n == 6
    texts = pd.read_csv(FIXTURE / "nyt_snippets" / "dev.tsv", sep="\t")
    expected = np.corrcoef(tk.sentence_scores(texts.text, "vader").score, texts.human_mean)[0, 1]
    assert row.vader == pytest.approx(expected)
    assert row.toolkit > 0.5  # the clearly positive and negative sentences are ordered right


def test_polnear_quote_recall_and_speaker(table):
    frame, _ = table
    assert frame.loc[("PolNeAR", "quote recall")].toolkit == 1.0
    assert frame.loc[("PolNeAR", "quote recall")].n == 2  # the indirect attribution does not count
    assert frame.loc[("PolNeAR", "speaker accuracy")].toolkit == 1.0  # "Ivanov", and "he" for the second
    assert frame.loc[("PolNeAR", "quote precision")].toolkit == 1.0


def test_plover_recall_and_false_rate(table):
    frame, _ = table
    assert frame.loc[("PLOVER", "act recall")].toolkit == 1.0
    assert frame.loc[("PLOVER", "act recall")].n == 4
    assert frame.loc[("PLOVER", "false act rate")].toolkit == 0.0
    assert bool(frame.loc[("PLOVER", "false act rate")].met)


def test_missing_folder_is_skipped_cleanly(tmp_path, capsys):
    result = evaluate(tmp_path / "nowhere", out=tmp_path / "eval.md")
    assert result.empty and not (tmp_path / "eval.md").exists()
    assert "no evaluation data" in capsys.readouterr().out


def test_metric_helpers():
    assert _macro_f1(["positive", "negative", "neutral"], ["positive", "negative", "neutral"]) == 1.0
    assert _macro_f1(["positive", "positive"], ["negative", "negative"]) == 0.0
    assert _head("Kenneth Baer, a former Obama administration official") == "baer"
    assert _head("Rep. Gwen Moore (D-Wis.)") == "moore"
    assert _head("the source") == "source" and _head("he") == "he"


def test_tone_is_target_aware():
    sentence = "Congress moved to censure Mr. Trump after Pelosi praised the committee's careful work."
    label, score = tk.tone(sentence, sentence.index("Trump"), sentence.index("Trump") + 5)
    assert label in ("negative", "neutral", "positive") and -1 <= score <= 1
    with pytest.raises(ValueError):
        tk.tone("Short.", 3, 40)


def test_sentence_scores_methods():
    texts = ["A great success for both sides.", "A terrible, humiliating failure."]
    for method in ("textblob", "vader", "combined"):
        frame = tk.sentence_scores(texts, method=method)
        assert list(frame.columns) == ["text", "score"]
        assert frame.score.iloc[0] > 0 > frame.score.iloc[1]
    with pytest.raises(ValueError):
        tk.sentence_scores(texts, method="nope")


def test_mentions_carry_tone(sample_analysis):
    mentions = sample_analysis.mentions
    assert set(mentions.tone) <= {"negative", "neutral", "positive"}
    assert mentions.tone_score.between(-1, 1).all()
    row = mentions.iloc[0]
    sentence = sample_analysis.sentences.set_index(["article_id", "sentence_id"]).loc[(row.article_id, row.sentence_id)]
    expected = tk.tone(sentence.text, row.start - sentence.start, row.end - sentence.start)
    assert (row.tone, row.tone_score) == expected


def test_cli_eval_on_the_fixture(tmp_path):
    result = subprocess.run([sys.executable, "-m", "toolkit", "eval", "--eval-dir", str(FIXTURE), "--out",
                             str(tmp_path / "eval.md")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "| PolNeAR | quote recall | 1.000 |" in result.stdout
    assert (tmp_path / "eval.md").exists()


@pytest.mark.shared
def test_real_development_splits(tmp_path):
    folder = SHARED / "eval"
    if not (folder / "newsmtsc" / "dev.jsonl").exists():
        pytest.skip(f"no evaluation data at {folder}")
    frame = evaluate(folder, out=tmp_path / "eval.md", verbose=False).set_index(["task", "metric"])
    # the baselines reproduce the reference figures of the data's SOURCES.md
    assert frame.loc[("NewsMTSC", "macro F1")].textblob == pytest.approx(0.405, abs=0.002)
    assert frame.loc[("NewsMTSC", "macro F1")].vader == pytest.approx(0.508, abs=0.002)
    assert frame.loc[("NYT snippets", "Pearson r")].textblob == pytest.approx(0.290, abs=0.002)
    assert frame.loc[("NYT snippets", "Pearson r")].vader == pytest.approx(0.515, abs=0.002)
    # and the toolkit beats them where it claims to
    assert frame.loc[("NewsMTSC", "macro F1")].toolkit > frame.loc[("NewsMTSC", "macro F1")].vader
    assert frame.loc[("NYT snippets", "Pearson r")].toolkit > frame.loc[("NYT snippets", "Pearson r")].vader

"""Measured extraction quality on real, human-labelled news: ``make eval`` / ``python -m toolkit eval``.

Scores the toolkit on the development splits in ``../shared/eval/`` (see its SOURCES.md), beside plain
TextBlob and VADER computed in the same run, prints one table and writes it to ``reports/eval.md``:

1. actor-targeted sentiment on NewsMTSC (``newsmtsc/dev.jsonl``): 3-class macro F1 and accuracy of
   :func:`toolkit.text.tone.tone` toward every labelled target; baselines threshold the sentence's TextBlob
   polarity and VADER compound at +-0.05 (as in the data's SOURCES.md);
2. sentence sentiment on the NYT editorial snippets (``nyt_snippets/dev.tsv``): Pearson and Spearman
   correlation with the human mean for TextBlob, VADER and the toolkit's combined score;
3. quote attribution on PolNeAR (``polnear/dev/``): for annotated attributions whose content is a direct
   quotation, the share the toolkit finds (recall), the share attributed to the annotated source (the
   toolkit's speaker name or the words naming the speaker share the source's head name), and the share of
   the toolkit's direct quotes that match an annotated one (precision);
4. statement acts on PLOVER (``plover/gsr_dev.jsonl``): for records of types AGREE, DEMAND (matched by
   DEMAND or REQUEST), REJECT and THREATEN, the share with a statement of the matching act; over the other
   records, the share with a wrong act among these.

When the folder is absent the harness says so and returns an empty table.
"""
from __future__ import annotations

import csv
import glob
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

#: Targets of the issues; a target is "met" on the dev split here, acceptance uses held-out splits. PolNeAR's
#: are issue 19's (who said what), raised from 0.90 / 0.80.
TARGETS = {
    ("NewsMTSC", "macro F1"): 0.65,
    ("NYT snippets", "Pearson r"): 0.55,
    ("PolNeAR", "quote recall"): 0.95,
    ("PolNeAR", "speaker accuracy"): 0.90,
    ("PLOVER", "act recall"): 0.70,
    ("PLOVER", "false act rate"): 0.15,  # at most
}
POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
ACT_MATCH = {"AGREE": {"AGREE"}, "DEMAND": {"DEMAND", "REQUEST"}, "REJECT": {"REJECT"}, "THREATEN": {"THREATEN"}}
WRONG = {"AGREE", "DEMAND", "REQUEST", "REJECT", "THREATEN"}
COLUMNS = ["task", "metric", "toolkit", "textblob", "vader", "target", "met", "n"]


@dataclass
class Row:
    task: str
    metric: str
    toolkit: float
    textblob: float | None = None
    vader: float | None = None
    n: int = 0

    def as_dict(self) -> dict:
        target = TARGETS.get((self.task, self.metric))
        if target is None:
            met = None
        elif self.metric == "false act rate":
            met = self.toolkit <= target
        else:
            met = self.toolkit >= target
        return {"task": self.task, "metric": self.metric, "toolkit": self.toolkit, "textblob": self.textblob,
                "vader": self.vader, "target": target, "met": met, "n": self.n}


def default_eval_dir() -> Path:
    env = os.environ.get("NEGOTIATION_EVAL")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "eval"


def _label(score: float, threshold: float = 0.05) -> str:
    return "positive" if score > threshold else ("negative" if score < -threshold else "neutral")


def _macro_f1(gold: list[str], predicted: list[str]) -> float:
    scores = []
    for label in ("negative", "neutral", "positive"):
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return float(np.mean(scores))


def _accuracy(gold, predicted) -> float:
    return float(np.mean([g == p for g, p in zip(gold, predicted)])) if gold else 0.0


# ---------------------------------------------------------------------------------------------- tasks
def eval_newsmtsc(path: Path) -> list[Row]:
    from .text.tone import _tb, _vader_scores, tone

    gold, ours, tb, vd = [], [], [], []
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        sentence = record["sentence_normalized"]
        for target in record["targets"]:  # every labelled target of the sentence
            gold.append(POLARITY[float(target["polarity"])])
            ours.append(tone(sentence, int(target["from"]), int(target["to"]))[0])
            tb.append(_label(_tb(sentence)[0]))
            vd.append(_label(_vader_scores(sentence)[0]))
    n = len(gold)
    return [Row("NewsMTSC", "macro F1", _macro_f1(gold, ours), _macro_f1(gold, tb), _macro_f1(gold, vd), n),
            Row("NewsMTSC", "accuracy", _accuracy(gold, ours), _accuracy(gold, tb), _accuracy(gold, vd), n)]


def eval_nyt(path: Path) -> list[Row]:
    from .text.tone import sentence_scores

    frame = pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE)  # the texts contain unbalanced quotes
    human = frame["human_mean"].astype(float)
    scores = {m: sentence_scores(frame["text"], method=m)["score"] for m in ("textblob", "vader", "combined")}

    def pearson(x):
        return float(np.corrcoef(x, human)[0, 1])

    def spearman(x):
        return float(pd.Series(np.asarray(x)).rank().corr(human.rank()))

    n = len(frame)
    return [Row("NYT snippets", "Pearson r", pearson(scores["combined"]), pearson(scores["textblob"]),
                pearson(scores["vader"]), n),
            Row("NYT snippets", "Spearman rho", spearman(scores["combined"]), spearman(scores["textblob"]),
                spearman(scores["vader"]), n)]


def _head(text: str) -> str:
    """The head name of a source span: the last capitalised word of its first segment ("Kenneth Baer, a
    former official" -> "baer"), else its last word ("the source" -> "source", "he" -> "he")."""
    first = re.sub(r"\([^)]*\)", " ", text).split(",")[0]
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", first)
             if w.lower() not in ("the", "a", "an", "of", "said", "says", "told")]
    caps = [w for w in words if w[:1].isupper() and w not in ("Mr", "Mrs", "Ms", "Dr", "Rep", "Sen", "Gov")]
    head = caps[-1] if caps else (words[-1] if words else "")
    return re.sub(r"['’]s$", "", head).lower()


def read_brat(path: Path) -> tuple[dict, list[dict]]:
    """Text-bound annotations (id -> (kind, spans, text)) and events (list of role -> id) of a brat file."""
    spans, events = {}, []
    for line in path.open(encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("T"):
            tid, info, text = (line.split("\t") + ["", ""])[:3]
            kind, offsets = info.split(" ", 1)
            parts = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
            spans[tid] = (kind, parts, text)
        elif line.startswith("E"):
            roles = line.split("\t")[1].split()
            events.append(dict(r.split(":", 1) for r in roles))
    return spans, events


def eval_polnear(folder: Path) -> list[Row]:
    from .extract import Doc, QuoteExtractor

    extractor = QuoteExtractor()
    total = found = right = 0
    toolkit_quotes = matched_quotes = 0
    for ann in sorted(glob.glob(str(folder / "attributions" / "*.ann"))):
        base = Path(ann).name.rsplit("_", 1)[0]
        text = (folder / "text" / f"{base}.txt").read_text(encoding="utf-8")
        spans, events = read_brat(Path(ann))
        quotes = [(base, *row) for row in extractor.rows(Doc(base, text)) if row[1] != "indirect"]
        used = set()
        for event in events:
            content = spans.get(event.get("Content", ""))
            if content is None:
                continue
            start, end = content[1][0][0], content[1][-1][1]
            if not (text[start:end].lstrip()[:1] in "\"“" or text[max(0, start - 1):start] in ("\"", "“")):
                continue
            total += 1
            hits = [q for q in quotes if q[8] < end and q[9] > start]
            if not hits:
                continue
            found += 1
            used.update(q[8] for q in hits)
            source = spans.get(event.get("Source", ""), ("", [], ""))[2]
            head = _head(source)
            right += any(head and head in (_head(q[5]), _head(q[10])) for q in hits)
        toolkit_quotes += len(quotes)
        matched_quotes += sum(q[8] in used for q in quotes)
    return [Row("PolNeAR", "quote recall", found / max(1, total), n=total),
            Row("PolNeAR", "speaker accuracy", right / max(1, found), n=found),
            Row("PolNeAR", "quote precision", matched_quotes / max(1, toolkit_quotes), n=toolkit_quotes)]


def eval_plover(path: Path) -> list[Row]:
    from .scale.pipeline import run_pipeline

    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    frame = pd.DataFrame({"article_id": [r["id"] for r in records],
                          "text": [r["text"].strip().strip("{}").strip() for r in records]})
    statements = run_pipeline(frame)["statements"]
    acts = statements.groupby("article_id")["act"].agg(set).to_dict()
    hits = n_target = wrong = n_other = 0
    for r in records:
        found = acts.get(r["id"], set())
        if r["event"] in ACT_MATCH:
            n_target += 1
            hits += bool(found & ACT_MATCH[r["event"]])
        else:
            n_other += 1
            wrong += bool(found & WRONG)
    return [Row("PLOVER", "act recall", hits / max(1, n_target), n=n_target),
            Row("PLOVER", "false act rate", wrong / max(1, n_other), n=n_other)]


# ---------------------------------------------------------------------------------------------- harness
def evaluate(eval_dir: str | os.PathLike | None = None, out: str | os.PathLike | None = "reports/eval.md",
             verbose: bool = True) -> pd.DataFrame:
    """Run every task whose data is present; return the table (and write it as Markdown to ``out``)."""
    folder = Path(eval_dir) if eval_dir is not None else default_eval_dir()
    if not folder.is_dir():
        if verbose:
            print(f"no evaluation data at {folder}: nothing to score (set NEGOTIATION_EVAL or pass a folder)")
        return pd.DataFrame(columns=COLUMNS)
    tasks = [("newsmtsc/dev.jsonl", eval_newsmtsc), ("nyt_snippets/dev.tsv", eval_nyt),
             ("polnear/dev", eval_polnear), ("plover/gsr_dev.jsonl", eval_plover)]
    rows: list[Row] = []
    for relative, task in tasks:
        path = folder / relative
        if path.exists():
            rows.extend(task(path))
        elif verbose:
            print(f"skipped {relative}: not found under {folder}")
    table = pd.DataFrame([r.as_dict() for r in rows], columns=COLUMNS)
    markdown = to_markdown(table, folder)
    if verbose:
        print(markdown)
    if out is not None and len(table):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(markdown + "\n", encoding="utf-8")
    return table


def to_markdown(table: pd.DataFrame, folder: Path | None = None) -> str:
    def fmt(value):
        return "" if value is None or (isinstance(value, float) and np.isnan(value)) else f"{value:.3f}"

    lines = ["| task | metric | toolkit | TextBlob | VADER | target | met | n |",
             "|---|---|---|---|---|---|---|---|"]
    for r in table.itertuples():
        target = "" if r.target is None or (isinstance(r.target, float) and np.isnan(r.target)) else (
            f"<= {r.target:.2f}" if r.metric == "false act rate" else f">= {r.target:.2f}")
        met = "" if r.met is None or (isinstance(r.met, float) and np.isnan(r.met)) else ("yes" if r.met else "no")
        lines.append(f"| {r.task} | {r.metric} | {fmt(r.toolkit)} | {fmt(r.textblob)} | {fmt(r.vader)} | "
                     f"{target} | {met} | {r.n} |")
    if folder is not None:
        lines.append("")
        lines.append(f"Development splits from {folder}; held-out splits decide acceptance.")
    return "\n".join(lines)

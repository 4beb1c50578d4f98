"""Train the actor-targeted tone model and the combined sentence score on NewsMTSC's training split.

    python -m toolkit.text.tone_training [--eval-dir ../shared/eval] [--out toolkit/resources/tone_model.json]

Needs scikit-learn (a training-time tool only: ``pip install scikit-learn``); inference in
:mod:`toolkit.text.tone` uses NumPy alone. Reads ``newsmtsc/train.jsonl`` (MIT licence) for fitting and
``newsmtsc/dev.jsonl`` only to report the dev score; the texts are never copied into the repository, only
the learned weights. Fixed seed, so the same data give the same weights.

Model: multinomial logistic regression with balanced class weights over :func:`toolkit.text.tone.features`
(numeric context scores plus the most frequent context words, word pairs and sentence words); the regularisation is
chosen by 5-fold cross-validation on the training split (macro F1).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from pathlib import Path

import numpy as np

from .tone import LABELS, features

SEED = 20261128
POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
VOCABULARY = 2000
WORD_PREFIXES = ("L_", "R_", "S_", "LB_", "RB_", "LR_")
MIN_COUNT = 3


def read_newsmtsc(path: Path) -> list[tuple[str, int, int, str]]:
    """(sentence, start, end, label) of every labelled target of each record."""
    rows = []
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        for target in record["targets"]:
            rows.append((record["sentence_normalized"], int(target["from"]), int(target["to"]),
                         POLARITY[float(target["polarity"])]))
    return rows


def _matrix(feature_dicts, names):
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(feature_dicts), len(names)))
    for row, f in enumerate(feature_dicts):
        for name, value in f.items():
            i = index.get(name)
            if i is not None:
                x[row, i] = value
    return x


def train(eval_dir: Path, out: Path) -> dict:
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    train_rows = read_newsmtsc(eval_dir / "newsmtsc" / "train.jsonl")
    dev_rows = read_newsmtsc(eval_dir / "newsmtsc" / "dev.jsonl")
    window, word_window = 6, 10
    train_f = [features(s, a, b, window, word_window) for s, a, b, _ in train_rows]
    dev_f = [features(s, a, b, window, word_window) for s, a, b, _ in dev_rows]
    numeric = sorted(k for k in train_f[0] if not k.startswith(WORD_PREFIXES))
    words = Counter(k for f in train_f for k in f if k.startswith(WORD_PREFIXES))
    vocabulary = [w for w, n in words.most_common(VOCABULARY) if n >= MIN_COUNT]
    names = numeric + sorted(vocabulary)
    x_train, x_dev = _matrix(train_f, names), _matrix(dev_f, names)
    mean, scale = x_train.mean(axis=0), x_train.std(axis=0)
    scale[scale == 0] = 1.0
    z_train, z_dev = (x_train - mean) / scale, (x_dev - mean) / scale
    y_train = np.array([LABELS.index(r[3]) for r in train_rows])
    y_dev = np.array([LABELS.index(r[3]) for r in dev_rows])

    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    best = None
    for c in (0.0001, 0.0002, 0.0003, 0.0005, 0.001, 0.003):
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED)
        predicted = cross_val_predict(model, z_train, y_train, cv=folds)
        score = f1_score(y_train, predicted, average="macro")
        print(f"  C={c:<6} cross-validated macro F1 {score:.3f}")
        if best is None or score > best[1]:
            best = (c, score)
    model = LogisticRegression(C=best[0], class_weight="balanced", max_iter=3000, random_state=SEED)
    model.fit(z_train, y_train)
    dev_pred = model.predict(z_dev)
    dev_f1 = f1_score(y_dev, dev_pred, average="macro")
    dev_acc = accuracy_score(y_dev, dev_pred)
    # keep the weights small: drop word features whose weights are all tiny
    weights = model.coef_.T  # (features, classes)
    keep = [i for i, n in enumerate(names) if not n.startswith(WORD_PREFIXES) or np.abs(weights[i]).max() >= 0.001]

    # the combined sentence score: a linear fit of the sentence's label (-1, 0, +1) on sentence-level scores
    sentence_x = np.array([[f["tb_sent"], f["tbsubj_sent"], f["vader_sent"], f["vpos_sent"], f["vneg_sent"]]
                           for f in train_f])
    sentence_y = y_train - 1.0
    combo = LinearRegression().fit(sentence_x, sentence_y)
    combination = {"weights": dict(zip(["tb", "tbsubj", "vader", "vpos", "vneg"], map(float, combo.coef_))),
                   "bias": float(combo.intercept_)}

    data = {
        "classes": list(LABELS),
        "features": [names[i] for i in keep],
        "weights": np.round(weights[keep], 6).tolist(),
        "bias": np.round(model.intercept_, 6).tolist(),
        "mean": np.round(mean[keep], 6).tolist(),
        "scale": np.round(scale[keep], 6).tolist(),
        "window": window,
        "word_window": word_window,
        "sentence_combination": combination,
        "meta": {
            "trained_on": "NewsMTSC newsmtsc-rw train.jsonl (fhamborg/NewsMTSC, MIT licence)",
            "train_targets": len(train_rows), "seed": SEED, "C": best[0],
            "cv_macro_f1": round(best[1], 4), "dev_macro_f1": round(float(dev_f1), 4),
            "dev_accuracy": round(float(dev_acc), 4), "date": dt.date.today().isoformat(),
            "script": "python -m toolkit.text.tone_training",
        },
    }
    out.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB, {len(data['features'])} features); "
          f"C={best[0]}, CV macro F1 {best[1]:.3f}, dev macro F1 {dev_f1:.3f}, dev accuracy {dev_acc:.3f}")
    return data


def main(argv=None) -> int:
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=root.parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "resources" / "tone_model.json")
    args = parser.parse_args(argv)
    if not (args.eval_dir / "newsmtsc" / "train.jsonl").exists():
        print(f"no NewsMTSC training data under {args.eval_dir}: nothing to train")
        return 1
    train(args.eval_dir, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Cross-validated scores of the whole statement pipeline on the train articles: how the position model,
refitted without them, does on articles it has not seen.

    python benchmarks/cv_positions.py [--ids FILE_or_commalist] [--details]

``corpus_quality.py`` scores the bundled model, which was fitted on every train article, so its train figures
flatter any change that goes through the model (acts, issues, holders of the model's rows). This script splits
the train articles into 5 folds by article; for each fold it refits the model on the other four with the
bundled model's settings (C, threshold, holder C: ``train_positions.fit_model``), analyses the fold's articles
with it and keeps their statements. The rows of all folds are then scored together by
``corpus_quality.score``, so every figure is comparable with that script's. Decide on these figures, never on
dev. Needs scikit-learn (the ``dev`` extra) and ``../shared``; about a minute on 52 articles.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.corpus_quality import analyse, score, select  # noqa: E402
from benchmarks.label_tool import CORPUS, load_labels  # noqa: E402
from benchmarks.train_positions import fit_model, holder_sentences, labelled_sentences  # noqa: E402
from toolkit.extract import positions, statements  # noqa: E402
from toolkit.resources import resource_path  # noqa: E402

FOLDS = 5


def cross_validated(labels: list[dict]):
    """(analysis of ``labels``' articles whose statements come from the fold models, article ids)."""
    from sklearn.model_selection import GroupKFold

    bundled = json.loads(resource_path(positions.MODEL_FILE).read_text(encoding="utf-8"))
    c, threshold, holder_c = bundled["meta"]["C"], bundled["threshold"], bundled["holder"]["C"]
    analysis, ids = analyse(labels, workers=1)
    records = labelled_sentences(labels, analysis, ids)
    holders = holder_sentences(labels, analysis, ids)
    articles = sorted(ids)
    parts = []
    original = positions._bundled
    try:
        for _, held in GroupKFold(FOLDS).split(articles, groups=articles):
            fold = {articles[i] for i in held}
            data = fit_model([r for r in records if r["article"] not in fold],
                             [r for r in holders if r["article"] not in fold], c, threshold, holder_c)
            model = positions.PositionModel(data)
            positions._bundled = lambda model=model: model
            statements._finder.cache_clear()
            fold_analysis, fold_ids = analyse([lab for lab in labels if lab["article_id"] in fold], workers=1)
            rows = fold_analysis.statements.copy()
            rows["article_id"] = rows["article_id"].map({fold_ids[a]: ids[a] for a in fold})
            parts.append(rows)
    finally:
        positions._bundled = original
        statements._finder.cache_clear()
    analysis.statements = pd.concat(parts, ignore_index=True)
    return analysis, ids


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every miss")
    parser.add_argument("--ids", help="score only these train articles: a file with one id per line, or ids "
                                      "joined by commas")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: nothing to score")
        return 1
    labels = select([lab for lab in load_labels() if lab["split"] == "train"], args.ids)
    if not labels:
        print(f"no labelled train article among {args.ids}")
        return 1
    analysis, ids = cross_validated(labels)
    table, _ = score(labels, analysis, ids, args.details)
    columns = ["topic", "statements", "statement recall", "statement precision", "holder side right", "act right",
               "act and issue right", "act and an issue right"]
    pd.set_option("display.width", 250)
    print(f"Statements of the {len(labels)} train articles, each read by a model fitted without its fold:")
    print(table[table.split == "train"][columns].to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

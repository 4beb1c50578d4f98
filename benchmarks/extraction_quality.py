"""Precision and recall of quotes and statements against hand labels: the sample corpus and the seed article.

    python benchmarks/extraction_quality.py [--details]

Labels: ``benchmarks/labels/sample_quotes.yaml`` and ``sample_statements.yaml`` (every direct quote and
negotiation statement of ``data/sample``, hand-labelled by the team; ``note: borderline`` marks uncertain
ones) and ``benchmarks/labels/seed_labels.yaml`` (the user's seed article, by sentence number, when
``../shared/seeds`` is present).

Matching. A toolkit quote in quotation marks (direct or partial) matches a label when it covers the label's
first words; its speaker is right when the names share their last word (named speakers) or the sides agree for
an unnamed source. A toolkit statement matches a label in the same sentence with the same act and the same
holder side (or, for labels without a side, a holder without a side; a joint holder labelled without a side,
"both sides", "the two governments", is matched by the rows the toolkit gives for each party). Recall is over
firm labels (and over all labels); precision counts a statement as right when it matches any label, borderline
included. ``--details`` lists misses and false hits.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import toolkit as tk  # noqa: E402

LABELS = ROOT / "benchmarks" / "labels"
SEED = ROOT.parent / "shared" / "seeds" / "000_02cfc5306d625dfe.txt"


#: These labels use the first, coarser issue taxonomy: the issues split from one of its issues since count as it.
_COARSER = {"hostages_detainees": "prisoners", "withdrawal": "territory", "trade": "sanctions", "nuclear": "military",
            "governance": "other", "reconstruction": "humanitarian"}


def _coarse(issue: str) -> str:
    return _COARSER.get(issue, issue)


def _norm(text: str) -> str:
    return " ".join(text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'").split())


def _article_ids(analysis) -> dict[str, str]:
    return {Path(src).name: aid for aid, src in zip(analysis.articles.article_id, analysis.articles.source)}


def _find(text: str, needle: str) -> int:
    pos = text.find(needle)
    if pos >= 0:
        return pos
    norm_text, norm_needle = _norm(text), _norm(needle)
    pos = norm_text.find(norm_needle)
    if pos < 0:
        return -1
    # map back approximately (normalisation only collapses whitespace and swaps same-length marks)
    return pos


_MATCHER = None


def _actor_id(name: str) -> str:
    """The gazetteer actor a label's speaker name refers to (spelling variants included), or ""."""
    global _MATCHER
    if _MATCHER is None:
        from toolkit.extract.mentions import ActorMatcher

        _MATCHER = ActorMatcher(tk.Gazetteer.builtin())
    found = [m.actor_id for m in _MATCHER.find(name) if m.kind == "person"]
    return found[0] if len(found) == 1 else ""


def _same_person(got: str, got_id: str, want: str) -> bool:
    want_id = _actor_id(want)
    if want_id:
        return got_id == want_id
    wa, wb = re.findall(r"[\w'-]+", got.lower()), re.findall(r"[\w'-]+", want.lower())
    return bool(wa and wb and wa[-1] == wb[-1])


def score_quotes(analysis, labels: list[dict], details: bool) -> dict:
    ids = _article_ids(analysis)
    texts = analysis.articles.set_index("article_id").text
    direct = analysis.quotes[analysis.quotes.kind != "indirect"]  # in quotation marks: direct and partial
    matched_quotes = set()
    found = right = 0
    misses = []
    for label in labels:
        aid = ids.get(label["file"])
        if aid is None:
            continue
        pos = _find(texts[aid], label["starts"])
        candidates = direct[(direct.article_id == aid) & (direct.start <= pos + 2) & (direct.end > pos)]
        if pos < 0 or candidates.empty:
            misses.append(("missed", label["file"], label["starts"], label["speaker"], ""))
            continue
        q = candidates.iloc[0]
        matched_quotes.add(q.name)
        found += 1
        if label.get("named", True) and _actor_id(label["speaker"]) or label.get("named", True) and \
                label.get("speaker_side", "") == "":
            ok = _same_person(q.speaker, q.speaker_id, label["speaker"])
        else:
            # an unnamed source (or a group): the same phrase, or a source of the same side
            got, want = _norm(q.speaker).lower(), _norm(label["speaker"]).lower()
            ok = bool(got) and (want.startswith(got) or got.startswith(want)) or (
                q.speaker != "" and q.speaker_side == label.get("speaker_side", "") != "" and
                (q.speaker_id == "" or q.speaker_id.endswith(("_officials", "_delegation"))))
        right += ok
        if not ok:
            misses.append(("wrong speaker", label["file"], label["starts"], label["speaker"], q.speaker))
    false_hits = direct[~direct.index.isin(matched_quotes)]
    if details:
        for kind, file, starts, expected, got in misses:
            print(f"  quote {kind:13} {file[:28]:28} {starts[:40]!r:44} want {expected!r} got {got!r}")
        for q in false_hits.itertuples():
            print(f"  quote extra         {q.article_id}  {q.text[:60]!r}  speaker {q.speaker!r}")
    return {"labels": len(labels), "found": found, "speaker_right": right, "toolkit": len(direct),
            "precision": (len(direct) - len(false_hits)) / max(1, len(direct)),
            "recall": found / max(1, len(labels)), "speaker_accuracy": right / max(1, found)}


def score_statements(analysis, labels: list[dict], details: bool, by_sentence_id: bool = False) -> dict:
    ids = _article_ids(analysis)
    texts = analysis.articles.set_index("article_id").text
    sentences = analysis.sentences
    statements = analysis.statements
    used = set()
    matched_labels = []
    for index, label in enumerate(labels):
        if by_sentence_id:
            aid = analysis.articles.article_id.iloc[0]
            sids = {label["sentence_id"]}
        else:
            aid = ids.get(label["file"])
            pos = _find(texts[aid], label["sentence"]) if aid else -1
            if pos < 0:
                continue
            end = pos + len(label["sentence"])
            sent = sentences[(sentences.article_id == aid) & (sentences.start < end) & (sentences.end > pos)]
            sids = set(sent.sentence_id)
        candidates = statements[(statements.article_id == aid) & statements.sentence_id.isin(sids)
                                & (statements.act == label["act"]) & ~statements.index.isin(used)]
        side = label.get("holder_side", "") or ""
        joint = not side and re.match(r"(?i)(?:both|the two)\b", label.get("holder") or "")
        if not joint:
            candidates = candidates[candidates.holder_side == side]
        if len(candidates):
            s = candidates.iloc[0]
            used.update(candidates.index if joint else [s.name])  # a joint holder: a row for each party
            matched_labels.append((index, s))
    firm = [i for i, label in enumerate(labels) if not _borderline(label)]
    matched = {i for i, _ in matched_labels}
    issue_right = sum(_coarse(s.issue) == labels[i].get("issue") for i, s in matched_labels)
    target_right = sum(s.target_side == (labels[i].get("target_side") or "") for i, s in matched_labels)
    extra = statements[~statements.index.isin(used)]
    if details:
        for i, label in enumerate(labels):
            if i not in matched and not _borderline(label):
                where = label.get("file", "") or f"sentence {label.get('sentence_id')}"
                print(f"  statement missed  {where[:26]:26} {label['act']:8} {label.get('holder_side', ''):14} "
                      f"{(label.get('sentence') or '')[:70]!r}")
        for s in extra.itertuples():
            print(f"  statement extra   {s.article_id} {s.act:8} {s.holder_side:14} {s.holder[:25]:25} "
                  f"{s.cue:12} {s.evidence[:80]!r}")
        for i, s in matched_labels:
            if _coarse(s.issue) != labels[i].get("issue"):
                print(f"  issue differs     want {labels[i].get('issue')!r:20} got {s.issue!r:20} {s.evidence[:70]!r}")
    return {"labels": len(labels), "firm": len(firm), "toolkit": len(statements),
            "precision": (len(statements) - len(extra)) / max(1, len(statements)),
            "recall_firm": len(matched & set(firm)) / max(1, len(firm)),
            "recall_all": len(matched) / max(1, len(labels)),
            "issue_accuracy": issue_right / max(1, len(matched_labels)),
            "target_accuracy": target_right / max(1, len(matched_labels))}


def _borderline(label: dict) -> bool:
    return bool(label.get("borderline")) or str(label.get("note", "")).startswith("borderline")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every miss and false hit")
    args = parser.parse_args(argv)
    rows = []
    sample = tk.analyze(ROOT / "data" / "sample")
    quotes = yaml.safe_load((LABELS / "sample_quotes.yaml").read_text("utf-8"))["quotes"]
    statements = yaml.safe_load((LABELS / "sample_statements.yaml").read_text("utf-8"))["statements"]
    if args.details:
        print("sample corpus:")
    q = score_quotes(sample, quotes, args.details)
    s = score_statements(sample, statements, args.details)
    rows.append(("sample (20 articles)", q, s))
    if SEED.exists():
        seed = tk.analyze(SEED)
        labels = yaml.safe_load((LABELS / "seed_labels.yaml").read_text("utf-8"))
        qs = _score_seed_quotes(seed, labels["quotes"])
        if args.details:
            print("seed article:")
        ss = score_statements(seed, labels["statements"], args.details, by_sentence_id=True)
        rows.append(("seed article", qs, ss))
    else:
        print(f"(seed article not found at {SEED}: skipped)")
    print()
    print(f"{'corpus':<22} {'quotes P':>9} {'quotes R':>9} {'speaker':>8} | {'stmts P':>8} {'R firm':>7} "
          f"{'R all':>6} {'issue':>6} {'target':>7} | labels q/s")
    for name, q, s in rows:
        print(f"{name:<22} {q['precision']:>9.2f} {q['recall']:>9.2f} {q['speaker_accuracy']:>8.2f} | "
              f"{s['precision']:>8.2f} {s['recall_firm']:>7.2f} {s['recall_all']:>6.2f} {s['issue_accuracy']:>6.2f} "
              f"{s['target_accuracy']:>7.2f} | {q['labels']}/{s['labels']} (toolkit {q['toolkit']}/{s['toolkit']})")
    return 0


def _score_seed_quotes(analysis, labels: list[dict]) -> dict:
    direct = analysis.quotes[analysis.quotes.kind != "indirect"].reset_index(drop=True)  # direct and partial
    found = right = 0
    used = set()
    for label in labels:
        hit = direct[(direct.sentence_id == label["sentence_id"]) & ~direct.index.isin(used)]
        if hit.empty:
            continue
        q = hit.iloc[0]
        used.add(q.name)
        found += 1
        right += (q.speaker_id == label["speaker_id"]) and (q.speaker_side == label["speaker_side"])
    return {"labels": len(labels), "toolkit": len(direct), "precision": len(used) / max(1, len(direct)),
            "recall": found / max(1, len(labels)), "speaker_accuracy": right / max(1, found)}


if __name__ == "__main__":
    raise SystemExit(main())

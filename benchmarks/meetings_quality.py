"""The meetings table against hand labels: where the parties met or will meet.

    python benchmarks/meetings_quality.py [--details]

Part of ``make eval``. Reads ``benchmarks/labels/meetings/`` (real articles of
``../shared/corpus/negotiations.jsonl``, labelled following ``MEETINGS.md`` there: every sentence that places a
meeting, with the place as written, the sides that meet and the mediators) and scores the toolkit's ``meetings``
rows (``toolkit/extract/meetings.py``):

- **found**: labelled meetings with a row in the same sentence and the same place (one name containing the
  other as whole words, "the" aside: "Istanbul" is "Istanbul talks", "Alaska" is not "Anchorage");
- **precision**: rows whose sentence and place match a labelled meeting;
- **parties**: of the found meetings, the labelled parties the row names (recall) and the row's parties that are
  labelled ones (precision); a row's parties are the sides the sentence names (the host when one of its people is);
- **mediators**: of the found meetings with labelled mediators, the share whose row names all of them, and of
  those without, the share whose row names none.
Figures are given per split: the rules may be tuned on the train articles' misses (``--details`` prints only
those), never on dev; the first twelve articles (all dev) were never used to write the rules. Skipped with a
message when ``../shared`` is absent.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.corpus_quality import analyse  # noqa: E402
from benchmarks.label_tool import CORPUS, ROOT, load_labels  # noqa: E402

FOLDER = ROOT / "benchmarks" / "labels" / "meetings"


def _words(place: str) -> str:
    return " ".join(re.sub(r"^the\s+", "", place.strip().lower()).split())


def same_place(label: str, found: str) -> bool:
    """Whether a found place names the labelled one: equal, or one inside the other as whole words."""
    a, b = _words(label), _words(found)
    return bool(a and b) and (a == b or re.search(rf"\b{re.escape(a)}\b", b) is not None
                              or re.search(rf"\b{re.escape(b)}\b", a) is not None)


def _sides(cell) -> set[str]:
    return {s.strip() for s in str(cell or "").split(";") if s.strip()}


def score(labels: list[dict], analysis, ids: dict, details: bool = False) -> dict[str, float]:
    t = Counter()
    sentences, meetings = analysis.sentences, analysis.meetings
    for lab in labels:
        aid = ids[lab["article_id"]]
        sents = sentences[sentences["article_id"] == aid]
        rows = meetings[meetings["article_id"] == aid]
        labelled = []
        for m in lab.get("meetings") or []:
            hit = sents[(sents["start"] <= m["offset"]) & (sents["end"] > m["offset"])]
            labelled.append((int(hit["sentence_id"].iloc[0]) if len(hit) else -1, m))
        for sid, m in labelled:
            t["labelled"] += 1
            at_place = rows["place"].map(lambda p: same_place(m["place"], p)).astype(bool)
            here = rows[(rows["sentence_id"] == sid) & at_place]
            if not len(here):
                if details:
                    print(f"  missed {lab['article_id']}@{m['offset']}: {m['place']!r} {m.get('parties')}")
                continue
            t["found"] += 1
            row = here.iloc[0]
            want, got = set(m.get("parties") or []), _sides(row["parties"])
            t["parties wanted"] += len(want)
            t["parties given"] += len(got)
            t["parties right"] += len(want & got)
            mediators = set(m.get("mediators") or [])
            got_mediators = _sides(row["mediators"])
            if mediators:
                t["with mediators"] += 1
                t["mediators right"] += mediators <= got_mediators
            else:
                t["without mediators"] += 1
                t["no mediator given"] += not got_mediators
            if details and (want != got or mediators != got_mediators):
                print(f"  sides {lab['article_id']}@{m['offset']} {m['place']!r}: parties want {sorted(want)} "
                      f"got {sorted(got)}; mediators want {sorted(mediators)} got {sorted(got_mediators)}")
        for row in rows.itertuples():
            t["rows"] += 1
            if any(sid == row.sentence_id and same_place(m["place"], row.place) for sid, m in labelled):
                t["rows right"] += 1
            elif details:
                print(f"  extra {lab['article_id']} sentence {row.sentence_id}: {row.place!r} ({row.word})")

    def share(a, b):
        return t[a] / t[b] if t[b] else float("nan")

    return {"articles": len(labels), "meetings": t["labelled"], "found": share("found", "labelled"),
            "rows": t["rows"], "precision": share("rows right", "rows"),
            "parties recall": share("parties right", "parties wanted"),
            "parties precision": share("parties right", "parties given"),
            "mediators right": share("mediators right", "with mediators"),
            "no mediator where none": share("no mediator given", "without mediators")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every miss of the train articles (the dev "
                                                                "articles' misses stay unread)")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: nothing to score")
        return 0
    labels = load_labels(FOLDER)
    if not labels:
        print(f"no meetings labels in {FOLDER}")
        return 0
    analysis, ids = analyse(labels)
    table = {split: score([lab for lab in labels if lab["split"] == split], analysis, ids,
                          args.details and split == "train")
             for split in ("train", "dev") if any(lab["split"] == split for lab in labels)}
    print("Meetings (benchmarks/labels/meetings; rules written on train, dev never read):")
    print(f"  {'':24} " + " ".join(f"{split:>6}" for split in table))
    for name in next(iter(table.values())):
        cells = [table[split][name] for split in table]
        print(f"  {name:24} " + " ".join(f"{v:6.2f}" if isinstance(v, float) else f"{v:6}" for v in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())

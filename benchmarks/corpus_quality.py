"""The toolkit against hand labels of real articles (``benchmarks/labels/corpus/``, see GUIDELINES.md there).

Part of ``make eval``. Analyses the labelled articles of ``../shared/corpus/negotiations.jsonl`` and scores, per
topic and per split (train / dev, fixed by article):

- **persons**: for every labelled person, the mention rows the toolkit gives that person in the article
  (rows whose actor has the same name, or the same surname when the label or the actor has one word only);
  the share of persons whose count is exact, and the person rows that match no labelled person;
- **quotes**: a labelled quotation is found when a quote row of the article covers its first word (recall
  overall, for direct and for partial quotations); the speaker's side is right when ``speaker_side`` equals the
  label's (both may be empty); precision is the share of quote rows in quotation marks (``kind`` direct or
  partial) that cover a labelled quotation: the others are scare quotes, titles or names; "speaker wrong" is
  the share of found quotes given a speaker that is not the labelled one; a second table gives recall and
  speaker accuracy by how the article gives the speaker (``resolved_by``: same sentence, pronoun, role,
  previous sentence, unnamed);
- **statements**: a firm (not borderline) labelled position is found when a statement row falls in the
  sentence holding its act word; its holder's side is right when a row of that sentence has the label's
  ``holder_side``; act, and act with issue, likewise; precision is the share of statement rows in a sentence
  that holds some labelled position (borderline ones included); recall and precision of the rules' rows alone
  (``found_by == "rules"``) go beside, to show what the position model adds.

    python benchmarks/corpus_quality.py [--details] [--out reports/corpus_eval.md]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.label_tool import CORPUS, load_labels, text_of  # noqa: E402

#: Targets of issue 18 (persons exact, quote speaker side, statement holder side), issue 19 (quote recall,
#: speaker right) and issue 20 (statement recall and precision, act and issue right).
TARGETS = {"persons exact": 0.85, "quote side right": 0.85, "holder side right": 0.75, "quote recall": 0.95,
           "quote speaker right": 0.85, "statement recall": 0.70, "statement precision": 0.80,
           "act and issue right": 0.55}


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for title in ("the ", "mr ", "mrs ", "ms ", "dr ", "sir ", "sheikh ", "ayatollah "):
        name = name.removeprefix(title)
    name = name.split(" of ")[0]  # a peer's territorial designation: "Lord Collins of Mapesbury"
    name = re.sub(r"\s*\([^)]*\)", "", name)  # an abbreviation given in brackets: "US Central Command (Centcom)"
    return " ".join(name.replace("-", " ").replace("'", "").split())


def _same_person(label: str, actor: str) -> bool:
    """Whether a labelled name and an actor's name are one party: the same name, or the same surname when
    one of them is a surname only; an actor of the gazetteer also answers to its aliases ("Qalibaf" is its
    "Ghalibaf", "Andriy Sybiha" its "Andrii Sybiha", "Centcom" its "US Central Command")."""
    return any(_same_name(label, form) for form in _actor_forms().get(actor, (actor,)))


@lru_cache(maxsize=1)
def _actor_forms() -> dict[str, tuple[str, ...]]:
    from toolkit.resources import Resources

    return {a.name: (a.name, *a.aliases) for a in Resources.build().actors}


def _same_name(label: str, actor: str) -> bool:
    a, b = _norm(label), _norm(actor)
    if not a or not b:
        return False
    if " and " in a and " and " in b:  # several named together, in any order: "Melissa Ryan and Ross Nieuwoudt"
        parts_a, parts_b = re.split(r",\s*|\s+and\s+", a), re.split(r",\s*|\s+and\s+", b)
        if len(parts_a) == len(parts_b) and all(any(_same_name(x, y) for y in parts_b) for x in parts_a):
            return True
    if a == b or a.endswith(" " + b) or b.endswith(" " + a):
        return True
    if len(a.split()) > 1 and len(b.split()) > 1 and a.split()[-1] == b.split()[-1] and a[:3] == b[:3]:
        return True  # a first name spelled two ways: "Volodomyr" (the article's) and "Volodymyr Zelensky"
    return a.split()[-1] == b.split()[-1] and (len(a.split()) == 1 or len(b.split()) == 1)


def analyse(labels: list[dict], discover: bool = True, workers: int | None = None):
    import toolkit as tk

    wanted = {lab["article_id"] for lab in labels}
    with CORPUS.open(encoding="utf-8") as f:
        rows = [r for r in map(json.loads, f) if r["id"] in wanted]
    analysis = tk.analyze(pd.DataFrame(rows), cache=False, discover=discover, workers=workers)
    by_url = dict(zip(analysis.articles["url"], analysis.articles["article_id"]))
    ids = {r["id"]: by_url[r["url"]] for r in rows}
    texts = dict(zip(analysis.articles["article_id"], analysis.articles["text"]))
    for r in rows:
        if texts[ids[r["id"]]] != text_of(r["id"]):
            raise SystemExit(f"{r['id']}: the loaded text differs from the corpus text; offsets do not apply")
    return analysis, ids


def score(labels: list[dict], analysis, ids: dict, details: bool = False) -> pd.DataFrame:
    mentions = analysis.mentions[analysis.mentions["kind"] == "person"]
    sentences = analysis.sentences
    tallies: dict[tuple[str, str], defaultdict] = {}
    by_resolution: dict[str, defaultdict] = defaultdict(lambda: defaultdict(int))

    def tally(lab) -> list[defaultdict]:
        keys = [(lab["topic"], lab["split"]), ("all", lab["split"]), ("all", "all")]
        return [tallies.setdefault(k, defaultdict(int)) for k in keys]

    for lab in labels:
        aid = ids[lab["article_id"]]
        ts = tally(lab)

        def add(key, n=1):
            for t in ts:
                t[key] += n

        # persons
        rows = mentions[mentions["article_id"] == aid]
        counts = rows.groupby("actor").size().to_dict()
        claimed = set()
        for person in lab.get("persons") or []:
            names = [a for a in counts if _same_person(person["name"], a)]
            got = sum(counts[a] for a in names)
            claimed.update(names)
            add("persons")
            add("persons exact", got == person["count"])
            add("persons found", got > 0)
            if details and got != person["count"]:
                print(f"  person {lab['article_id']} {person['name']!r}: want {person['count']} got {got} {names}")
        spurious = {a: n for a, n in counts.items() if a not in claimed}
        add("person rows unmatched", sum(spurious.values()))
        add("person rows", len(rows))
        if details and spurious:
            print(f"  unmatched persons {lab['article_id']}: {spurious}")
        # quotes
        quotes = analysis.quotes[analysis.quotes["article_id"] == aid]
        for q in lab.get("quotes") or []:
            o = q["offset"]
            hit = quotes[(quotes["start"] <= o + 2) & (quotes["end"] > o)]
            add("quotes")
            add(f"quotes {q['kind']}")
            if len(hit):
                row = hit.iloc[0]
                add("quotes found")
                add(f"quotes {q['kind']} found")
                add("quote side right", row["speaker_side"] == (q.get("speaker_side") or ""))
                speaker_right = _same_person(q.get("speaker") or "", row["speaker"]) or (
                    not q.get("speaker") and not row["speaker"])
                add("quote speaker right", speaker_right)
                add("speaker given", bool(row["speaker"]))
                add("speaker given wrong", bool(row["speaker"]) and not speaker_right)
                by_resolution[q.get("resolved_by") or "none"]["found"] += 1
                if details and not speaker_right:
                    print(f"  speaker {lab['article_id']}@{o} ({lab['split']}, {q.get('resolved_by')}): want "
                          f"{q.get('speaker')!r} got {row['speaker']!r} ({row['speaker_text']!r})")
                by_resolution[q.get("resolved_by") or "none"]["right"] += speaker_right
                if details and row["speaker_side"] != (q.get("speaker_side") or ""):
                    print(f"  quote side {lab['article_id']}@{o}: want {q.get('speaker')!r}/{q.get('speaker_side')!r}"
                          f" got {row['speaker']!r}/{row['speaker_side']!r}")
            else:
                by_resolution[q.get("resolved_by") or "none"]["missed"] += 1
                if details:
                    print(f"  quote missed {lab['article_id']}@{o} ({q['kind']})")
        marked = quotes[quotes["kind"] != "indirect"]  # rows in quotation marks, against every labelled quotation
        add("quote rows", len(marked))
        offsets = [q["offset"] for q in lab.get("quotes") or []]
        add("quote rows on labels", int(sum(any(s <= o + 2 and o < e for o in offsets)
                                            for s, e in zip(marked["start"], marked["end"]))))
        # statements
        sents = sentences[sentences["article_id"] == aid]
        statements = analysis.statements[analysis.statements["article_id"] == aid]
        labelled_sentences = set()
        for st in lab.get("statements") or []:
            hit_sentence = sents[(sents["start"] <= st["offset"]) & (sents["end"] > st["offset"])]
            if not len(hit_sentence):
                continue
            sid = int(hit_sentence["sentence_id"].iloc[0])
            labelled_sentences.add(sid)
            if st.get("borderline"):
                continue
            rows_here = statements[statements["sentence_id"] == sid]
            if details and not len(rows_here):
                print(f"  statement missed {lab['article_id']}@{st['offset']} ({lab['split']})")
            add("statements")
            add("statements found by the rules", bool((rows_here["found_by"] == "rules").any()))
            if len(rows_here):
                add("statements found")
                side_right = bool((rows_here["holder_side"] == (st.get("holder_side") or "")).any())
                add("holder side right", side_right)
                if details and not side_right:
                    print(f"  holder side {lab['article_id']}@{st['offset']}: want {st.get('holder')!r}/"
                          f"{st.get('holder_side')!r} got {rows_here['holder'].tolist()}/"
                          f"{rows_here['holder_side'].tolist()} {rows_here['found_by'].tolist()}")
                acts = rows_here[rows_here["act"] == st["act"]]
                add("act right", len(acts) > 0)
                if details and not len(acts):
                    print(f"  act {lab['article_id']}@{st['offset']} ({lab['split']}): want {st['act']} got "
                          f"{rows_here['act'].tolist()} {rows_here['found_by'].tolist()}")
                issue_right = bool(acts["issue"].isin(st["issues"]).any())
                add("act and issue right", issue_right)
                if details and len(acts) and not issue_right:
                    print(f"  issue {lab['article_id']}@{st['offset']} ({lab['split']}): want {st['issues']} got "
                          f"{acts['issue'].tolist()} {acts['found_by'].tolist()}")
                add("act and an issue right", any(set(i.split("; ")) & set(st["issues"]) for i in acts["issues"]))
        add("statement rows", len(statements))
        add("statement rows on labelled sentences", int(statements["sentence_id"].isin(labelled_sentences).sum()))
        ruled = statements[statements["found_by"] == "rules"]
        add("rules rows", len(ruled))
        add("rules rows on labelled sentences", int(ruled["sentence_id"].isin(labelled_sentences).sum()))

    out = []
    for (topic, split), t in sorted(tallies.items()):
        def share(num, den):
            return t[num] / t[den] if t[den] else float("nan")
        out.append({
            "topic": topic, "split": split, "persons": t["persons"],
            "persons exact": share("persons exact", "persons"), "persons found": share("persons found", "persons"),
            "unmatched person rows": share("person rows unmatched", "person rows"),
            "quotes": t["quotes"], "quote recall": share("quotes found", "quotes"),
            "direct recall": share("quotes direct found", "quotes direct"),
            "partial recall": share("quotes partial found", "quotes partial"),
            "quote precision": share("quote rows on labels", "quote rows"),
            "quote side right": share("quote side right", "quotes found"),
            "quote speaker right": share("quote speaker right", "quotes found"),
            "speaker wrong": share("speaker given wrong", "speaker given"),
            "statements": t["statements"], "statement recall": share("statements found", "statements"),
            "holder side right": share("holder side right", "statements found"),
            "act right": share("act right", "statements found"),
            "act and issue right": share("act and issue right", "statements found"),
            "act and an issue right": share("act and an issue right", "statements found"),
            "statement precision": share("statement rows on labelled sentences", "statement rows"),
            "rules alone: recall": share("statements found by the rules", "statements"),
            "rules alone: precision": share("rules rows on labelled sentences", "rules rows"),
        })
    resolution = pd.DataFrame([{"resolved by": k, "quotes": v["found"] + v["missed"],
                                "found": v["found"] / max(1, v["found"] + v["missed"]),
                                "speaker right": v["right"] / max(1, v["found"])}
                               for k, v in sorted(by_resolution.items())])
    return pd.DataFrame(out), resolution


def to_markdown(table: pd.DataFrame) -> str:
    cols = list(table.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def select(labels: list[dict], ids: str | None) -> list[dict]:
    """The labels of the articles ``ids`` names (``--ids``: a file with one id per line, first word, or ids joined
    by commas); all of them when ``ids`` is empty."""
    if not ids:
        return labels
    path = Path(ids)
    wanted = {line.split()[0] for line in path.read_text().splitlines() if line.strip()} if path.exists() \
        else set(ids.split(","))
    return [lab for lab in labels if lab["article_id"] in wanted]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every miss")
    parser.add_argument("--no-discover", action="store_true", help="score with discovery off")
    parser.add_argument("--out", default="reports/corpus_eval.md")
    parser.add_argument("--ids", help="score only these articles: a file with one id per line (first word), or "
                                      "ids joined by commas")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: nothing to score")
        return 0
    labels = select(load_labels(), args.ids)
    if not labels:
        print(f"no labelled article among {args.ids}")
        return 1
    analysis, ids = analyse(labels, discover=not args.no_discover)
    table, resolution = score(labels, analysis, ids, args.details)
    pd.set_option("display.width", 250)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    print("\nQuotes by how the article gives their speaker (all articles):")
    print(resolution.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    overall = table[(table.topic == "all") & (table.split == "all")].iloc[0]
    dev_rows = table[(table.topic == "all") & (table.split == "dev")]
    dev = dev_rows.iloc[0] if len(dev_rows) else overall  # a train-only --ids selection has no dev row
    print("\ntarget               all   dev   (the position model is fitted on train: read dev for statements)")
    for name, target in TARGETS.items():
        print(f"{name:20} {overall[name]:.2f}  {dev[name]:.2f}  target {target:.2f}  "
              f"{'met' if min(overall[name], dev[name]) >= target else 'NOT met'}")
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(f"# Real articles, hand-labelled ({len(labels)} articles)\n\n{to_markdown(table)}\n"
                                  f"## Quotes by how the article gives their speaker\n\n{to_markdown(resolution)}",
                                  encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

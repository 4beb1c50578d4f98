"""Hand labels of real articles from ../shared/corpus/negotiations.jsonl, kept without the articles' text.

Labellers write a *work file* (outside the repository) where each quote and statement is located by a short
unique substring of the article (``at:``). ``freeze`` turns it into the committed label file, where the substring
is replaced by its character offset and an anchor (8 hex digits of a SHA-1 of the 24 characters from there), so
the repository holds no sentence of the publisher's text. ``show`` prints a committed label file back with the
article's words, for review.

    python benchmarks/label_tool.py article ID            # the article's text, paragraphs numbered with offsets
    python benchmarks/label_tool.py find ID "substring"   # offset of a substring (must be unique)
    python benchmarks/label_tool.py freeze WORK.yaml OUT.yaml
    python benchmarks/label_tool.py show OUT.yaml         # labels with the words at each offset
    python benchmarks/label_tool.py check DIR_OR_FILE...  # validate committed label files

The format and the labelling rules are in ``benchmarks/labels/corpus/GUIDELINES.md``; the meetings labels
(``benchmarks/labels/meetings/``, the same layout with a ``meetings`` table) follow ``MEETINGS.md`` there.
"""
from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "negotiations.jsonl"
HELD_OUT = {"bbc-c707zrrd7xqo", "bbc-c4g7dze5n1vo", "bbc-cy5g4r9l4dlo", "bbc-cwyr6p30054o", "bbc-cn0wkkwev2vo",
            "bbc-cwy2ypyp4x4o"}
ACTS = {"DEMAND", "REQUEST", "PROPOSE", "AGREE", "REJECT", "THREATEN"}
ISSUES = {"ceasefire", "hostages_detainees", "territory", "withdrawal", "leaders_meeting", "sanctions", "trade",
          "nuclear", "security_guarantees", "military", "recognition", "humanitarian", "reconstruction",
          "governance", "talks", "other"}
QUOTE_KINDS = {"direct", "partial"}
RESOLUTIONS = {"same_sentence", "pronoun", "role", "previous_sentence", "unnamed", "none"}
ANCHOR_CHARS = 24


@lru_cache(maxsize=1)
def articles() -> dict[str, dict]:
    """The corpus by id, each text as the toolkit's loader reads it (newlines unified, zero-width and
    no-break spaces cleaned), so that label offsets are offsets in the text the toolkit analyses."""
    from toolkit.corpus.loader import _normalise_body

    with CORPUS.open(encoding="utf-8") as f:
        return {r["id"]: {**r, "text": _normalise_body(r["text"])} for r in map(json.loads, f)}


def text_of(article_id: str) -> str:
    if article_id in HELD_OUT:
        raise SystemExit(f"{article_id} is held out: never label it")
    return articles()[article_id]["text"]


def anchor(text: str, offset: int) -> str:
    return hashlib.sha1(text[offset:offset + ANCHOR_CHARS].encode("utf-8")).hexdigest()[:8]


def locate(text: str, needle: str, where: str) -> int:
    first = text.find(needle)
    if first < 0:
        raise SystemExit(f"{where}: {needle!r} is not in the article")
    if text.find(needle, first + 1) >= 0:
        raise SystemExit(f"{where}: {needle!r} occurs more than once; give a longer substring")
    return first


def freeze(work: Path, out: Path) -> None:
    data = yaml.safe_load(work.read_text("utf-8"))
    text = text_of(data["article_id"])
    for table in ("quotes", "statements", "meetings"):
        for i, row in enumerate(data.get(table) or []):
            offset = locate(text, row.pop("at"), f"{work}: {table}[{i}]")
            row["offset"], row["anchor"] = offset, anchor(text, offset)
    problems = validate(data, str(work))
    if problems:
        raise SystemExit("\n".join(problems))
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), "utf-8")


def validate(data: dict, where: str) -> list[str]:
    out = []
    article_id = data.get("article_id")
    if article_id not in articles() or article_id in HELD_OUT:
        return [f"{where}: unknown or held-out article_id {article_id!r}"]
    text = articles()[article_id]["text"]
    if data.get("split") not in ("train", "dev"):
        out.append(f"{where}: split must be train or dev")
    for i, p in enumerate(data.get("persons") or []):
        if not p.get("name") or not isinstance(p.get("count"), int) or p["count"] < 1:
            out.append(f"{where}: persons[{i}] needs a name and a count >= 1")
    for table, extra in (("quotes", _check_quote), ("statements", _check_statement), ("meetings", _check_meeting)):
        for i, row in enumerate(data.get(table) or []):
            label = f"{where}: {table}[{i}]"
            if "offset" not in row:
                out.append(f"{label}: no offset (freeze the work file)")
                continue
            if anchor(text, row["offset"]) != row.get("anchor"):
                out.append(f"{label}: anchor does not match the corpus text at {row['offset']}")
            out.extend(f"{label}: {msg}" for msg in extra(row))
    return out


def _check_quote(row: dict) -> list[str]:
    out = []
    if row.get("kind") not in QUOTE_KINDS:
        out.append(f"kind must be one of {sorted(QUOTE_KINDS)}")
    if row.get("resolved_by") not in RESOLUTIONS:
        out.append(f"resolved_by must be one of {sorted(RESOLUTIONS)}")
    return out


def _check_statement(row: dict) -> list[str]:
    out = []
    if row.get("act") not in ACTS:
        out.append(f"act must be one of {sorted(ACTS)}")
    issues = row.get("issues")
    if not isinstance(issues, list) or not issues or set(issues) - ISSUES:
        out.append(f"issues must be a non-empty list from {sorted(ISSUES)}")
    return out


def _check_meeting(row: dict) -> list[str]:
    out = []
    if not isinstance(row.get("place"), str) or not row["place"].strip():
        out.append("place must be the place as the sentence writes it")
    for field in ("parties", "mediators"):
        if not isinstance(row.get(field, []), list) or not all(isinstance(x, str) for x in row.get(field, [])):
            out.append(f"{field} must be a list of sides")
    return out


def load_labels(folder: Path = ROOT / "benchmarks" / "labels" / "corpus") -> list[dict]:
    """Every committed label file in ``folder``, checked against the corpus (raises on a mismatch)."""
    labels = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        problems = validate(data, str(path))
        if problems:
            raise ValueError("\n".join(problems))
        labels.append(data)
    return labels


def show(path: Path) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    text = text_of(data["article_id"])
    print(f"# {data['article_id']} ({data.get('topic')}, {data.get('split')}): {articles()[data['article_id']]['title']}")
    for p in data.get("persons") or []:
        print(f"person  {p['name']!r:32} side={p.get('side', '')!r:22} count={p['count']}")
    for table in ("quotes", "statements", "meetings"):
        for row in data.get(table) or []:
            o = row["offset"]
            fields = {k: v for k, v in row.items() if k not in ("offset", "anchor")}
            print(f"{table[:-1]:9} @{o:<6} {text[max(0, o - 40):o]!r} >> {text[o:o + 80]!r}\n          {fields}")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, *rest = argv
    if command == "article":
        text = text_of(rest[0])
        row = articles()[rest[0]]
        print(f"# {row['title']} ({row['date']}, topic {row['topic']})\n")
        offset = 0
        for n, para in enumerate(text.split("\n\n")):
            print(f"[{n} @{offset}] {para}\n")
            offset += len(para) + 2
    elif command == "find":
        text = text_of(rest[0])
        offset = locate(text, rest[1], rest[0])
        print(offset, anchor(text, offset))
    elif command == "freeze":
        freeze(Path(rest[0]), Path(rest[1]))
    elif command == "show":
        show(Path(rest[0]))
    elif command == "check":
        problems = []
        for arg in rest:
            p = Path(arg)
            for f in sorted(p.glob("*.yaml")) if p.is_dir() else [p]:
                problems += validate(yaml.safe_load(f.read_text("utf-8")), str(f))
        print("\n".join(problems) or "ok")
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""One reader per input format. Each turns a file's text into raw records for the collector.

A reader yields :class:`Record` objects: either the fields of one article (not yet normalised) or the reason
the record could not be read. Whole-file failures raise :class:`~toolkit.corpus.fields.SkipFile`.

Formats: Markdown/plain text (``.md .markdown .txt .text``), HTML (``.html .htm``), JSON (``.json``), JSON Lines
(``.jsonl .ndjson``), CSV/TSV (``.csv .tsv``), RSS/Atom feeds (``.rss .atom .xml``); any of them gzipped (``.gz``).
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .fields import SkipFile
from .markdown import parse_markdown_article

FIELDS = ("title", "date", "text", "url", "outlet", "author")

#: Column/key aliases recognised in JSON, JSON Lines and CSV exports, in order of preference.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "article_text", "full_text", "fulltext", "maintext",
             "main_text", "story", "body_text", "description_full"),
    "title": ("title", "headline", "heading", "name_of_article", "head"),
    "date": ("date", "published", "publish_date", "published_at", "publication_date", "pubdate", "pub_date",
             "date_published", "datepublished", "date_publish", "published_date", "datetime", "timestamp",
             "created_at", "first_appeared_at", "time"),
    "outlet": ("outlet", "source", "publisher", "source_name", "sitename", "site_name", "site", "domain",
               "media", "newspaper", "publication"),
    "url": ("url", "link", "href", "canonical_url", "article_url", "source_url", "permalink", "web_url"),
    "author": ("author", "authors", "byline", "creator", "writer", "by"),
}


@dataclass
class Record:
    """One raw article record (``fields``) or a failure (``reason``) at ``position`` in its file."""

    position: int | None
    fields: dict = field(default_factory=dict)
    reason: str = ""
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- helpers
def _norm_key(key) -> str:
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def resolve_columns(keys, mapping: Mapping[str, str] | None) -> dict[str, str | None]:
    """Which input key feeds each article field: the explicit ``mapping`` first, then the aliases (worked out
    once per set of keys: the records of one file usually share them)."""
    return dict(_resolve_columns(tuple(keys), tuple(sorted((mapping or {}).items()))))


@lru_cache(maxsize=1000)
def _resolve_columns(keys: tuple, mapping: tuple) -> dict[str, str | None]:
    mapping = dict(mapping)
    by_norm = {}
    for k in keys:
        by_norm.setdefault(_norm_key(k), k)
    chosen: dict[str, str | None] = {}
    for target in FIELDS:
        explicit = mapping.get(target)
        if explicit is not None:
            chosen[target] = explicit if explicit in keys else by_norm.get(_norm_key(explicit))
            continue
        chosen[target] = next((by_norm[a] for a in FIELD_ALIASES[target] if a in by_norm), None)
    return chosen


def _flatten(value, depth: int = 0) -> str | None:
    """A field's value as text: lists joined, objects by their name or value, nesting followed 16 deep."""
    if value is None or depth > 16:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        for key in ("name", "title", "value", "text", "href", "url", "$date", "$numberLong"):  # $: MongoDB's
            if key in value:
                return _flatten(value[key], depth + 1)
        return None
    if isinstance(value, (list, tuple)):
        parts = [p for p in (_flatten(v, depth + 1) for v in value) if p]
        return ", ".join(parts) if parts else None
    if isinstance(value, float) and value != value:
        return None
    return value if isinstance(value, str) else str(value)


def record_from_mapping(obj: Mapping, position: int | None, mapping: Mapping[str, str] | None,
                        columns: dict[str, str | None] | None = None) -> Record:
    """Article fields of one JSON object or CSV row, through aliases or an explicit mapping."""
    columns = columns or resolve_columns(obj.keys(), mapping)
    if columns["text"] is None:
        wanted = (mapping or {}).get("text")
        hint = f"column {wanted!r} not found" if wanted else (
            "no text column (looked for " + ", ".join(FIELD_ALIASES["text"][:4]) + ", ...; pass mapping={'text': ...})")
        return Record(position, reason=hint)
    fields = {}
    for target, key in columns.items():
        if key is None:
            continue
        raw = obj.get(key)
        if target == "date":  # numbers as they are (epochs); a value that flattens to nothing is noted, not lost
            flat = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else _flatten(raw)
            fields[target] = str(raw)[:60] if flat is None and raw not in (None, "", [], {}) else flat
        else:
            fields[target] = _flatten(raw)
    text = fields.get("text") or ""
    if _looks_like_html(text):
        fields["text"] = html_fragment_to_text(text)
    return Record(position, fields=fields)


_HTML_HINT = re.compile(r"<(p|br|div|span|a|em|strong|li|h[1-6])\b[^>]*>", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    return bool(text) and len(_HTML_HINT.findall(text[:5000])) >= 1 and "</" in text


_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section",
               "article", "header", "footer", "figcaption", "dd", "dt"}


def html_fragment_to_text(fragment: str) -> str:
    """Paragraph text of an HTML fragment (feed content, HTML inside JSON): one paragraph per block element."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on broken markup
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath(".//script|.//style|.//noscript|.//iframe"):
        bad.drop_tree()
    paragraphs: list[str] = []
    current: list[str] = []

    def flush():
        text = re.sub(r"\s+", " ", "".join(current)).strip()
        if text:
            paragraphs.append(text)
        current.clear()

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            flush()
        elif tag in _BLOCK_TAGS:
            flush()
        if el.text and tag not in ("script", "style"):
            current.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if tag in _BLOCK_TAGS:
            flush()

    walk(root)
    flush()
    return "\n\n".join(paragraphs)


# ---------------------------------------------------------------------------------------------- readers
def read_markdown(text: str, mapping=None) -> Iterator[Record]:
    doc = parse_markdown_article(text)
    notes = []
    if doc.title and not doc.body:
        yield Record(None, reason="title but no body text")
        return
    yield Record(None, fields={"title": doc.title, "date": doc.date_text, "text": doc.body, "url": doc.url,
                               "author": doc.author, "outlet": None}, notes=notes)


def read_html(text: str, mapping=None) -> Iterator[Record]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"original_date": True, "extensive_search": True,
                                "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        yield Record(None, reason="no article text found in HTML")
        return
    title = (doc.title or "").strip()
    lines = [ln.strip() for ln in doc.text.split("\n") if ln.strip()]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    if not lines:
        yield Record(None, reason="title but no body text")
        return
    yield Record(None, fields={"title": title, "date": published_timestamp(text) or doc.date,
                               "text": "\n\n".join(lines), "url": doc.url,
                               "author": doc.author, "outlet": None, "sitename": doc.sitename})


_META_DATE_KEYS = ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
                   "publishdate", "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date",
                   "date")


def published_timestamp(html: str) -> str | None:
    """The page's publication timestamp with its time of day, from meta tags or JSON-LD ``datePublished``.

    trafilatura (through htmldate) finds the publication *day* well but drops the time; this looks only
    at the explicit metadata that carries a full timestamp and returns ``None`` when there is none.
    """
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(html)
    except Exception:  # unparseable markup: let trafilatura's date stand
        return None
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _META_DATE_KEYS and meta.get("content"):
            found.setdefault(key, meta.get("content").strip())
    for script in root.xpath('//script[@type="application/ld+json"]'):
        for match in re.finditer(r'"datePublished"\s*:\s*"([^"]+)"', script.text or ""):
            found.setdefault("datepublished", match.group(1))
    for key in _META_DATE_KEYS:
        value = found.get(key)
        if value and re.search(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
            return value
    return None


def read_feed(text: str, mapping=None) -> Iterator[Record]:
    import feedparser

    # a stream, never the text itself: feedparser opens a string that looks like a path or a URL
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8", "surrogatepass")))
    if not parsed.entries:
        detail = f": {parsed.bozo_exception}" if getattr(parsed, "bozo", False) else ""
        raise SkipFile(f"not a readable RSS/Atom feed, or a feed without entries{detail}")
    feed_title = (parsed.feed.get("title") or "").strip()
    for number, entry in enumerate(parsed.entries, start=1):
        content = ""
        if entry.get("content"):
            content = " ".join(c.get("value", "") for c in entry.content if c.get("value"))
        if not content.strip():
            content = entry.get("summary") or ""
        body = html_fragment_to_text(content) if content.strip() else ""
        if not body:
            yield Record(number, reason="feed entry has no content or summary")
            continue
        struct = entry.get("published_parsed") or entry.get("updated_parsed")
        date = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", struct) if struct else (
            entry.get("published") or entry.get("updated"))
        yield Record(number, fields={"title": (entry.get("title") or "").strip(), "date": date, "text": body,
                                     "url": entry.get("link") or "", "author": entry.get("author") or "",
                                     "outlet": None, "sitename": feed_title})


def read_json(text: str, mapping=None) -> Iterator[Record]:
    """Records of a JSON file: a list of them (read one element at a time, so a list of millions of tiny
    values does not become millions of Python objects at once), an object holding such a list, or a
    single record."""
    body = text.lstrip()
    if body.startswith("["):
        yield from _array_records(body, mapping)
        return
    data = _loads(text)
    if isinstance(data, dict):
        columns = resolve_columns(data.keys(), mapping)
        if columns["text"] is not None:
            records = [data]
        else:
            key = next((k for k in ("articles", "items", "data", "records", "results", "entries", "docs",
                                    "documents", "stories", "news") if isinstance(data.get(k), list)), None)
            if key is None:
                lists = [k for k, v in data.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
                key = lists[0] if len(lists) == 1 else None
            if key is None:
                raise SkipFile("JSON object holds no article records (no text field and no list of articles)")
            records = data[key]
    else:
        raise SkipFile("JSON holds no article records")
    for number, obj in enumerate(records, start=1):
        yield _record_of(obj, number, mapping)


def _loads(text: str):
    """``json.loads`` with every failure a :class:`SkipFile` naming what is wrong."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SkipFile(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    except RecursionError:
        raise SkipFile("malformed JSON: nested too deeply") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise SkipFile(f"malformed JSON: {exc}") from None


def _array_records(body: str, mapping) -> Iterator[Record]:
    """The elements of the JSON array ``body`` as records, decoded one at a time."""
    decoder = json.JSONDecoder()
    end = len(body)
    position = _skip_space(body, 1)
    number = 0
    while position < end and body[position] != "]":
        number += 1
        try:
            obj, position = decoder.raw_decode(body, position)
        except RecursionError:
            raise SkipFile(f"malformed JSON: record {number} is nested too deeply") from None
        except ValueError as exc:
            raise SkipFile(f"malformed JSON at record {number}: {exc}") from None
        yield _record_of(obj, number, mapping)
        position = _skip_space(body, position)
        if position < end and body[position] == ",":
            position = _skip_space(body, position + 1)
        elif position < end and body[position] != "]":
            raise SkipFile(f"malformed JSON after record {number}: expected ',' or ']'")
    if position >= end:
        raise SkipFile("malformed JSON: the list is not closed")
    if body[position + 1:].strip():
        raise SkipFile("malformed JSON: text after the list")


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _record_of(obj, number: int, mapping) -> Record:
    if not isinstance(obj, dict):
        return Record(number, reason=f"record is a {type(obj).__name__}, not an object")
    return record_from_mapping(obj, number, mapping)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (no list of copies of a large file). A lone carriage return ends a
    line too (files from old Macs): JSON cannot hold one inside a string."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end].rstrip("\r")
        yield from line.split("\r") if "\r" in line else (line,)
        start = end + 1


def read_jsonl(text: str, mapping=None) -> Iterator[Record]:
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(number, reason=f"malformed JSON line: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield Record(number, reason="malformed JSON line: nested too deeply")
            continue
        except ValueError as exc:  # an integer of more than 4,300 digits
            yield Record(number, reason=f"malformed JSON line: {exc}")
            continue
        if not isinstance(obj, dict):
            yield Record(number, reason=f"line holds a {type(obj).__name__}, not an object")
            continue
        yield record_from_mapping(obj, number, mapping)


def read_csv(text: str, mapping=None, delimiter: str | None = None) -> Iterator[Record]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SkipFile("empty CSV file") from None
    except csv.Error as exc:
        raise SkipFile(f"unreadable CSV header: {exc}") from exc
    header = [h.strip() for h in header]
    columns = resolve_columns(header, mapping)
    number = 0
    consumed = 0  # lines read by the readers before the current one
    while True:
        begin = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            if "unexpected end of data" not in str(exc):
                yield Record(number, reason=f"unreadable CSV row: {exc}")
                continue
            # a quote opened and never closed swallowed every line after it: report this row, then read
            # the lines after its first one as rows of their own
            yield Record(number, reason="unreadable CSV row: a quoted field is not closed")
            consumed += begin + 1
            lines = io.StringIO(text, newline="")
            for _ in range(consumed):
                lines.readline()
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            continue
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        if len(row) != len(header):
            yield Record(number, reason=f"row has {len(row)} fields, header has {len(header)}")
            continue
        yield record_from_mapping(dict(zip(header, row)), number, mapping, columns)


READERS = {
    ".md": read_markdown, ".markdown": read_markdown, ".txt": read_markdown, ".text": read_markdown,
    ".html": read_html, ".htm": read_html, ".xhtml": read_html,
    ".json": read_json, ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".csv": read_csv, ".tsv": lambda text, mapping=None: read_csv(text, mapping, delimiter="\t"),
    ".rss": read_feed, ".atom": read_feed, ".xml": read_feed,
}

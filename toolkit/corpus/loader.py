"""The loader: files, folders, globs and data frames of records into a :class:`Corpus`.

Every input file or record ends up either as a row of ``corpus.articles`` or as a row of
``corpus.problems`` (path, position, reason). See :data:`ARTICLE_COLUMNS` and :data:`PROBLEM_COLUMNS`.
"""
from __future__ import annotations

import glob as globlib
import gzip
import zlib
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..frames import string_column
from . import fields
from .fields import (
    OutletTable,
    SkipFile,
    article_id_for,
    canonical_url,
    decode_bytes,
    identity_digest,
    normalise_for_identity,
    parse_date,
)
from .blocks import LOAD_BLOCK_BYTES, in_blocks, line_blocks
from .formats import READERS, Record, read_feed, read_jsonl, read_markdown

#: Columns of ``Corpus.articles`` (the analysis adds ``n_sentences``, ``n_words``, ``polarity``, ``subjectivity``).
ARTICLE_COLUMNS = ["article_id", "title", "date", "outlet", "url", "author", "text", "source"]
#: Columns of ``Corpus.problems``. ``article_id`` is set when the record was kept despite the problem
#: (for example an unparseable date); it is empty when the record was not loaded.
PROBLEM_COLUMNS = ["path", "position", "reason", "article_id"]
SUPPORTED_EXTENSIONS = tuple(sorted(READERS))


class CorpusError(ValueError):
    """Raised by ``load_corpus(..., strict=True)`` when any input had a problem; ``.problems`` lists them."""

    def __init__(self, problems: pd.DataFrame):
        self.problems = problems
        lines = [f"  {r.path}{'' if pd.isna(r.position) else ':' + str(r.position)}: {r.reason}"
                 for r in problems.head(20).itertuples()]
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) while loading the corpus:\n" + "\n".join(lines) + more)


@dataclass(frozen=True)
class Corpus:
    """Articles loaded from files, plus the problems met on the way. Both are pandas DataFrames."""

    articles: pd.DataFrame
    problems: pd.DataFrame
    paths: tuple[str, ...] = ()  # the files/folders it was loaded from (where the result cache goes)

    def __len__(self) -> int:
        return len(self.articles)

    def __repr__(self) -> str:
        return f"Corpus({len(self.articles)} articles, {len(self.problems)} problems)"


def load_corpus(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    mapping: Mapping[str, str] | None = None,
    outlets: Mapping[str, str] | str | None = None,
    strict: bool = False,
) -> Corpus:
    """Load articles from a file, a folder (searched recursively), a glob pattern, or a list of them.

    ``mapping`` names the input keys/columns of JSON, JSON Lines and CSV records for any article field,
    e.g. ``mapping={"text": "story_body", "date": "pub"}`` (recognised aliases are used otherwise).
    ``outlets`` extends the domain -> outlet table (a dict, or a YAML file path). With ``strict=True`` any
    problem raises :class:`CorpusError` instead of being reported in ``Corpus.problems``.
    A path that does not exist raises ``FileNotFoundError``. Files and folders whose names start with "."
    are skipped.
    """
    collector = _Collector(OutletTable(outlets))
    roots = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    skipped: list[tuple[str, str]] = []
    for path in expand_paths(roots, skipped):
        collector.read_file(path, mapping)
    for path, reason in skipped:
        collector.problem(path, None, reason)
    corpus = collector.corpus(paths=tuple(str(p) for p in roots))
    if strict and len(corpus.problems):
        raise CorpusError(corpus.problems)
    return corpus


def read_articles_frame(frame: pd.DataFrame, *, mapping: Mapping[str, str] | None = None,
                        outlets: Mapping[str, str] | str | None = None, source: str = "<DataFrame>") -> Corpus:
    """Build a :class:`Corpus` from a DataFrame of records (same aliases and mapping as CSV files)."""
    from .formats import record_from_mapping, resolve_columns

    collector = _Collector(OutletTable(outlets))
    columns = resolve_columns(list(frame.columns), mapping)
    for number, row in enumerate(frame.to_dict("records"), start=1):
        collector.add(source, record_from_mapping(row, number, mapping, columns))
    return collector.corpus()


def expand_paths(paths, skipped: list | None = None) -> list[Path]:
    """The regular files named by ``paths``: a file, a folder (searched recursively, in sorted order), a glob
    pattern (``"exports/*.jsonl.gz"``, ``"**"`` for any depth), or a list of them. Names starting with "."
    are skipped inside folders. What is not read -- a folder that cannot be listed, a link to a folder (not
    followed, so a link cannot loop), a named pipe, a device -- is appended to ``skipped`` as ``(path,
    reason)``. A path that does not exist and matches nothing raises ``FileNotFoundError``.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    skipped = [] if skipped is None else skipped
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists() and any(ch in str(raw) for ch in "*?["):
            matched = sorted(globlib.glob(str(raw), recursive=True))
            if not matched:
                raise FileNotFoundError(f"no files match {str(raw)!r}")
            out.extend(expand_paths(matched, skipped))
        elif not path.exists() and not path.is_symlink():
            raise FileNotFoundError(f"no such file or folder: {str(raw)!r}")
        elif path.is_dir():
            def unreadable(error: OSError) -> None:
                skipped.append((str(error.filename), f"cannot read folder: {error.strerror or error}"))

            for root, dirs, files in os.walk(path, onerror=unreadable):
                for d in [d for d in dirs if os.path.islink(os.path.join(root, d))]:
                    skipped.append((os.path.join(root, d), "a link to a folder: not followed"))
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(root, d)))
                out.extend(_regular(Path(root) / f, skipped) for f in sorted(files) if not f.startswith("."))
        else:
            out.append(_regular(path, skipped))
    return [p for p in out if p is not None]


def _regular(path: Path, skipped: list) -> Path | None:
    """``path`` when it is (or links to) a regular file; else None, with the reason in ``skipped``: reading
    a named pipe would wait forever, and a device such as ``/dev/zero`` never ends."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        skipped.append((str(path), f"cannot read file: {exc.strerror or exc}"))
        return None
    if stat.S_ISREG(mode):
        return path
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a file")
    skipped.append((str(path), f"not a regular file ({kind}): not read"))
    return None


def _reader_for(path: Path):
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    ext = suffixes[-2] if compressed and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    return READERS.get(ext), ext, compressed


class _Collector:
    """Turns raw records into article rows and problem rows; drops duplicates.

    Rows become a small DataFrame (Arrow-backed strings, :func:`~toolkit.frames.string_column`) every
    :attr:`BATCH` articles or :attr:`BATCH_CHARS` characters of text, so a large load holds its texts about
    once, not as Python strings and Arrow strings side by side; duplicates are spotted by a digest of the
    normalised text, not by a second copy of it.
    """

    BATCH = 2048
    BATCH_CHARS = 500_000
    RUN_ROWS = 10

    def __init__(self, outlets: OutletTable):
        self.outlets = outlets
        self.rows: list[dict] = []
        self.frames: list[pd.DataFrame] = []
        self.count = 0  # articles added so far
        self.held = 0  # characters of text in ``rows``
        self.problems: list[dict] = []
        self._run: tuple = ()  # ((path, reason), rows in the run so far, its last position)
        self.by_url: dict[str, str] = {}
        self.by_text: dict[bytes, str] = {}

    def problem(self, path, position, reason, article_id=""):
        """A problem row. After :attr:`RUN_ROWS` rows of the same problem at consecutive positions of one file,
        the rest of the run is one row (``... (the same for positions 11-5,000,000)``): a file of a million
        broken lines is a few rows, not a million."""
        path = _shown(path)
        run = (path, reason)
        if not article_id and position is not None and self._run[:1] == (run,) and position == self._run[2] + 1:
            self._run = (run, self._run[1] + 1, position)
            last = self.problems[-1]
            if last["last"] is not None:  # the row that folds the run
                last["last"] = position
                return
            if self._run[1] > self.RUN_ROWS:
                self.problems.append({"path": path, "position": position, "reason": reason, "article_id": "",
                                      "last": position})
                return
        else:
            self._run = (run, 1, position) if not article_id and position is not None else ()
        self.problems.append({"path": path, "position": position, "reason": reason, "article_id": article_id,
                              "last": None})

    def read_file(self, path: Path, mapping):
        reader, ext, compressed = _reader_for(path)
        if reader is None:
            shown = ext or "(none)"
            self.problem(path, None, f"unsupported file type {shown!r} (supported: {', '.join(SUPPORTED_EXTENSIONS)})")
            return
        if in_blocks(path):  # block by block: a large export is never held whole
            self.read_jsonl_file(path, mapping)
            return
        limit = fields.MAX_FILE_BYTES
        if reader is read_feed:  # a feed is parsed whole, into many objects
            limit = min(limit, fields.MAX_FEED_BYTES)
        elif reader is read_markdown:  # one article a file: far more than an article's limit is not one
            limit = min(limit, 4 * fields.MAX_ARTICLE_CHARS)
        try:
            with (gzip.open if compressed else open)(path, "rb") as f:
                data = f.read(limit + 1)  # never more: a gzip bomb stops here
        except (OSError, EOFError, zlib.error) as exc:
            kind = "cannot read file" if type(exc) in (OSError, PermissionError, FileNotFoundError) else "corrupt gzip file"
            self.problem(path, None, f"{kind}: {getattr(exc, 'strerror', None) or exc}")
            return
        if len(data) > limit:
            self.problem(path, None, f"larger than {fields.mb(limit)}" + (" once decompressed" if compressed else "")
                         + ": not read (a file read whole; JSON Lines files are read record by record)")
            return
        if not data.strip():
            self.problem(path, None, "empty file")
            return
        try:
            text, note = decode_bytes(data)
            del data  # keep one copy of a large file in memory, not two
            if not text.strip():
                self.problem(path, None, "empty file")
                return
            before = (self.count, len(self.problems))
            for record in reader(text, mapping):
                if note:
                    record.notes.append(note)
                self.add(path, record)
            if (self.count, len(self.problems)) == before:
                self.problem(path, None, "no articles found")
        except SkipFile as exc:
            self.problem(path, None, str(exc))
        except UnicodeDecodeError as exc:
            self.problem(path, None, f"undecodable text: {exc.reason}")

    def read_jsonl_file(self, path: Path, mapping) -> None:
        """A JSON Lines file, block by block (:mod:`toolkit.corpus.blocks`): the same articles and problems as
        reading it whole, but its memory is one block, not the file (a truncated ``.gz`` keeps the lines
        before the cut; lines of binary data are skipped and reported, the rest kept)."""
        before = (self.count, len(self.problems))
        blank = True
        for first_line, data, failed in line_blocks(path, max_bytes=LOAD_BLOCK_BYTES):
            if failed:
                self.problem(path, first_line, data)
                continue
            blank = not self.read_jsonl_block(path, first_line, data, mapping) and blank
        if (self.count, len(self.problems)) == before:
            self.problem(path, None, "empty file" if blank else "no articles found")

    def read_jsonl_block(self, path, first_line: int, data: bytes, mapping) -> bool:
        """The lines of a JSON Lines file that start at line ``first_line``; whether they held anything but
        white space. A block in UTF-8 is read whole; any other block line by line, so one line in another
        encoding neither garbles the others nor is garbled: each line is UTF-8, or decoded as its
        encoding is guessed (noted on its article), or skipped and reported if it cannot be decoded (binary
        data: runs of such lines are one problem, "lines 5-9 skipped")."""
        try:
            text = data.decode("utf-8-sig" if first_line == 1 else "utf-8")
        except UnicodeDecodeError:
            return self._read_jsonl_lines(path, first_line, data, mapping)
        self._read_records(path, read_jsonl(text, mapping), first_line, None)
        return bool(text) and not text.isspace()

    def _read_jsonl_lines(self, path, first_line: int, data: bytes, mapping) -> bool:
        lines = data.split(b"\n")
        if lines[-1] == b"":
            lines.pop()
        bad = None  # (first line, last line, reason) of the run of undecodable lines being read
        guessed = None  # the encoding guessed for an earlier line of this block, tried first
        for number, line in enumerate(lines, start=first_line):
            try:
                if b"\x00" in line:  # JSON escapes control characters: a raw NUL is binary data
                    raise SkipFile("binary file (not text)")
                try:
                    text, note = line.decode("utf-8"), None
                except UnicodeDecodeError:
                    text, note = fields.decode_as(line, guessed) if guessed else (None, None)
                    if text is None:
                        text, note = decode_bytes(line)
                        guessed = fields.guessed_encoding(note)
            except (SkipFile, UnicodeDecodeError) as exc:
                bad = (bad[0] if bad else number, number, bad[2] if bad else _undecodable(exc))
                continue
            if bad:
                self._skipped(path, *bad)
                bad = None
            self._read_records(path, read_jsonl(text, mapping), number, note)
        if bad:
            self._skipped(path, *bad)
        return True

    def _read_records(self, path, records, first_line: int, note: str | None) -> None:
        for record in records:
            if record.position is not None:
                record.position += first_line - 1
            if note:
                record.notes.append(note)
            self.add(path, record)

    def _skipped(self, path, first: int, last: int, reason: str) -> None:
        self.problem(path, first, f"{reason}: " + (f"line {first}" if first == last else f"lines {first}-{last}")
                     + " skipped")

    def add(self, path, record: Record):
        if record.reason:
            self.problem(path, record.position, record.reason)
            return
        f = record.fields
        kept_notes = list(record.notes)
        broken = sorted(k for k, v in f.items() if isinstance(v, str) and _SURROGATE.search(v))
        if broken:  # half of a UTF-16 pair, from a JSON escape: no text can hold it
            f = {k: _SURROGATE.sub("\ufffd", v) if k in broken else v for k, v in f.items()}
            kept_notes.append(f"invalid characters (unpaired surrogates) in {', '.join(broken)} replaced")
        raw_text = f.get("text") or ""
        if len(raw_text) > fields.MAX_ARTICLE_CHARS:
            self.problem(path, record.position, f"text of {len(raw_text):,} characters is longer than the limit "
                                                f"of {fields.MAX_ARTICLE_CHARS:,}: not loaded")
            return
        title = _clean(f.get("title"))
        text = _normalise_body(raw_text)
        if not text:
            self.problem(path, record.position, "title but no body text" if title else "no body text")
            return
        url = _clean(f.get("url"))
        try:
            date = parse_date(f.get("date"))
        except ValueError:
            date = None
            kept_notes.append(f"unparseable date {str(f.get('date'))[:60]!r}: kept with date NaT")
        outlet = _clean(f.get("outlet"))
        if outlet and "." in outlet and " " not in outlet:  # a domain given as the outlet
            outlet = self.outlets.outlet_for(outlet)
        if not outlet and url:
            mapped = self.outlets.outlet_for(url)
            domain_only = mapped == canonical_url(url).split("://")[-1].split("/")[0]
            outlet = _clean(f.get("sitename")) if domain_only and f.get("sitename") else mapped
        if not outlet:
            outlet = _clean(f.get("sitename"))
        article_id = article_id_for(url, title, date, text)
        canon = canonical_url(url)
        text_key = identity_digest(normalise_for_identity(text))
        duplicate_of = (self.by_url.get(canon) if canon else None) or self.by_text.get(text_key)
        if duplicate_of is not None:
            self.problem(path, record.position, f"duplicate of {duplicate_of}")
            return
        if canon:
            self.by_url[canon] = article_id
        self.by_text[text_key] = article_id
        source = _shown(path) if record.position is None else f"{_shown(path)}:{record.position}"
        self.rows.append({
            "article_id": article_id, "title": title, "date": date, "outlet": outlet, "url": url,
            "author": _clean(f.get("author")), "text": text, "source": source,
        })
        self.count += 1
        self.held += len(text)
        if len(self.rows) >= self.BATCH or self.held >= self.BATCH_CHARS:
            self._flush()
        for note in kept_notes:
            self.problem(path, record.position, note, article_id)

    def _flush(self) -> None:
        rows, self.rows, self.held = self.rows, [], 0
        dates = pd.to_datetime(pd.Series([r["date"] for r in rows], dtype=object)).astype("datetime64[ns]")
        self.frames.append(pd.DataFrame({col: dates if col == "date" else string_column([r[col] for r in rows])
                                         for col in ARTICLE_COLUMNS}))

    def corpus(self, paths: tuple[str, ...] = ()) -> Corpus:
        if self.rows or not self.frames:
            self._flush()
        frames, self.frames = self.frames, []
        articles = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        for row in self.problems:
            if row["last"] is not None and row["last"] > row["position"]:
                row["reason"] += f" (the same for positions {row['position']:,}-{row['last']:,})"
        problems = pd.DataFrame(self.problems, columns=PROBLEM_COLUMNS)
        problems["position"] = problems["position"].astype("Int64")
        for col in ("path", "reason", "article_id"):
            problems[col] = problems[col].astype(str)
        return Corpus(articles.reset_index(drop=True), problems.reset_index(drop=True), paths)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _shown(path) -> str:
    """A path as text for the tables: a file name that is not UTF-8 shows its odd bytes as U+FFFD."""
    return _SURROGATE.sub("\ufffd", str(path))


def _undecodable(exc: Exception) -> str:
    return str(exc) if isinstance(exc, SkipFile) else f"undecodable text: {exc.reason}"


def _clean(value) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _normalise_body(text: str) -> str:
    """Unify newlines, keep blank-line paragraph breaks, unwrap hard-wrapped lines inside paragraphs.

    When the text has no blank lines at all, each line is taken as a paragraph.
    """
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    text = "\n".join(line.strip() for line in text.split("\n"))
    if "\n\n" in text:
        blocks = [b for b in text.split("\n\n")]
        paragraphs = [" ".join(b.split()) for b in blocks]
    else:
        paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(p for p in paragraphs if p)

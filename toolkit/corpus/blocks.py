"""JSON Lines files read block by block, never whole: ``load_corpus`` loads them this way, and
``tk.analyze_files`` makes each block a task.

A block is at most :data:`BLOCK_LINES` lines and about :data:`BLOCK_BYTES` bytes, cut at newline bytes (as
lines are cut when a whole file is read), and decoded on its own as the loader decodes a file (UTF-8, else a
guessed encoding noted on each of its articles). Files in UTF-16, whose lines cannot be cut at newline bytes,
are read whole.

>>> for first_line, data, failed in line_blocks(Path("export.jsonl.gz")):   # doctest: +SKIP
...     ...
"""
from __future__ import annotations

import codecs
import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from . import fields

#: Lines per block at most.
BLOCK_LINES = 2000
#: Bytes per block at most (besides :data:`BLOCK_LINES`): a task of ``tk.analyze_files`` is one block, and
#: its working memory follows its text.
BLOCK_BYTES = 1_000_000
#: Bytes per block when ``load_corpus`` reads a file (a block is held as bytes and as text while parsed).
LOAD_BLOCK_BYTES = 250_000


def is_jsonl(path: Path) -> bool:
    """Whether ``path`` names a JSON Lines file (gzipped or not)."""
    name = path.name.lower()
    return name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"))


def looks_utf16(path: Path) -> bool:
    """Whether the file starts with a UTF-16 byte-order mark or looks like UTF-16 text without one
    (:func:`~toolkit.corpus.fields.utf16_byte_order`)."""
    try:
        with (gzip.open if path.name.lower().endswith(".gz") else open)(path, "rb") as f:
            head = f.read(4096)
    except (OSError, EOFError, zlib.error):
        return False  # reading the blocks reports it
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        b"\x00" in head and fields.utf16_byte_order(head) is not None)


def in_blocks(path: Path) -> bool:
    """Whether ``path`` is read block by block: a JSON Lines file not in UTF-16."""
    return is_jsonl(path) and not looks_utf16(path)


def line_blocks(path: Path, size: int | None = None,
                max_bytes: int | None = None) -> Iterator[tuple[int, bytes | str, bool]]:
    """``(first line number, bytes, False)`` blocks of at most ``size`` lines and about ``max_bytes`` bytes
    (defaults :data:`BLOCK_LINES`, :data:`BLOCK_BYTES`) of a JSON Lines file, read lazily (gzip too). A line
    longer than :data:`~toolkit.corpus.fields.MAX_RECORD_BYTES` is skipped as ``(line, reason, True)``; a file
    that cannot be read to its end gives the lines read so far, then ``(line, reason, True)``."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    size = BLOCK_LINES if size is None else size
    max_bytes = BLOCK_BYTES if max_bytes is None else max_bytes
    cap = fields.MAX_RECORD_BYTES
    lines: list[bytes] = []
    first = read = held = 0
    error = None
    try:
        with opener(path, "rb") as f:
            while line := f.readline(cap + 1):  # never more than one record's limit at once
                read += 1
                if len(line) > cap and not line.endswith(b"\n"):  # a record past the limit: skip to its end
                    while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass
                    if lines:
                        yield first, b"".join(lines), False
                        lines, held = [], 0
                    yield read, f"record larger than {fields.mb(cap)}: line {read} skipped", True
                    continue
                if not lines:
                    first = read
                lines.append(line)
                held += len(line)
                if len(lines) >= size or held >= max_bytes:
                    yield first, b"".join(lines), False
                    lines, held = [], 0
    except (OSError, EOFError, zlib.error) as exc:  # a corrupt or truncated gzip file, a read error
        kind = "corrupt gzip file" if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)) else "cannot read file"
        error = f"{kind} after line {read}: {exc}" if read else f"{kind}: {exc}"
    if lines:
        yield first, b"".join(lines), False
    if error:
        yield read + 1, error, True

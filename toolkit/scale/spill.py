"""Result tables kept in memory-mapped files rather than in RAM ("spilled" to disk as they are computed).

The tables of an analysis are mostly text: every sentence, quote and statement repeats words of its article,
so together they are about three times the size of the article texts. ``tk.analyze`` therefore writes the
rows of each finished task to files in a spill folder as they arrive, and maps those files at the end:

- string columns: each piece is written as it comes as an Arrow IPC stream, and pandas' ``str`` columns wrap
  the mapped Arrow buffers as they are (one chunk per piece, as in RAM);
- number, date and boolean columns: each column's values go to a file of their own during the run and are
  copied one after the other at the end of the spill file, which is mapped copy-on-write: they are writable
  NumPy arrays like any column, and only the pages written to are copied into RAM.

Mapped pages belong to the operating system's file cache: read in when used, dropped under memory pressure,
never written to swap. The tables are ordinary DataFrames; nothing else changes. On Linux and macOS each file
is unlinked as soon as it is created and used through its open handle: nothing is left on disk, even by a run
that is killed, and the space is freed with the tables. A run maps one file (one open file handle per
analysis before Python 3.13, none after). Windows cannot unlink an open file, so there the tables stay in RAM.

>>> spilled = SpilledTables(folder, {"sentences": {"article_id": "str", "polarity": "float64"}})  # doctest: +SKIP
>>> spilled.add("sentences", frame); tables = spilled.tables()                                # doctest: +SKIP
"""
from __future__ import annotations

import errno
import mmap
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..frames import arrow_strings, as_pandas_str


#: Characters of text to analyse below which the tables stay in RAM: a few MB of tables gain nothing.
MIN_CHARS = 1_000_000
#: Free disk space a run asks for, in bytes per character of text analysed: the tables take about three
#: times the texts, plus a margin.
BYTES_PER_CHAR = 5


def can_spill(folder: str | os.PathLike) -> bool:
    """Whether spilling to ``folder`` saves memory: mapped files can be unlinked while in use (not on
    Windows), and the folder is not on a file system held in memory (Linux ``tmpfs``, ``ramfs``), where the
    tables would take as much memory as in the process, only no longer counted in it."""
    return os.name == "posix" and _filesystem_type(Path(folder)) not in ("tmpfs", "ramfs")


def _filesystem_type(folder: Path) -> str | None:
    """The type of the file system that holds (or would hold) ``folder``, from /proc/mounts (None elsewhere)."""
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            entries = [line.split()[1:3] for line in mounts if len(line.split()) > 2]
    except OSError:  # not Linux
        return None
    path = folder.resolve()
    best, kind = "", None
    for mount_point, fs_type in entries:
        mount_point = mount_point.replace("\\040", " ")
        if (path == Path(mount_point) or Path(mount_point) in path.parents) and len(mount_point) > len(best):
            best, kind = mount_point, fs_type
    return kind


def should_spill(folder: str | os.PathLike | None, chars: int) -> bool:
    """Whether tables of ``chars`` characters of text are worth spilling to ``folder``: enough text to gain
    (:data:`MIN_CHARS`), and a folder where it saves memory (:func:`can_spill`)."""
    return folder is not None and chars >= MIN_CHARS and can_spill(folder)


def open_spill(folder: str | os.PathLike | None, chars: int, columns: dict[str, dict[str, str]]
               ) -> "SpilledTables | None":
    """A :class:`SpilledTables` for tables of ``chars`` characters of text, or None to keep them in RAM: no
    folder, too little text to gain (:data:`MIN_CHARS`), a system that cannot unlink open files or a folder
    in memory (:func:`can_spill`), or (with a warning) a folder that cannot be written or has not the room
    (:data:`BYTES_PER_CHAR` bytes a character of text). The warning points at the first caller outside the
    toolkit."""
    if not should_spill(folder, chars):
        return None
    try:
        return SpilledTables(folder, columns, room=BYTES_PER_CHAR * chars)
    except OSError as exc:
        warn_user(f"cannot spill the tables to {str(folder)!r} ({exc.strerror or exc}): they are kept in memory; "
                  "pass spill=<a writable folder>, or spill=False to silence this")
        return None


class SpilledTables:
    """Tables written piece by piece into unlinked files in ``folder`` and mapped back by :meth:`tables`.

    ``columns`` maps each table name to its documented dtypes (``"str"`` or a NumPy dtype); pieces are added
    in row order. ``room``: bytes of free disk space to insist on (``OSError`` if the folder has less). Use
    as a context manager, or call :meth:`discard` when a run fails: its files are closed.
    """

    def __init__(self, folder: str | os.PathLike, columns: dict[str, dict[str, str]], room: int = 0):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(self.folder).free
        if free < room:
            raise OSError(errno.ENOSPC, f"{free / 2**20:,.0f} MB free, about {room / 2**20:,.0f} MB needed")
        for dtypes in columns.values():
            for dtype in dtypes.values():
                if dtype != "str":
                    np.dtype(dtype)  # raises TypeError for types not stored as plain arrays ("Int64", ...)
        self.columns = columns
        self.rows = dict.fromkeys(columns, 0)
        self._file = self._new_file()  # the spill file: string pieces as they come, then the number columns
        self._pieces: dict[str, list[tuple[int, int]]] = {t: [] for t in columns}  # (offset, length) of streams
        self._numbers: dict[tuple[str, str], object] = {}  # (table, column) -> file of its values until the end

    def _new_file(self):
        """A new file in the folder, already unlinked: it lives as long as its handle or a mapping of it."""
        return tempfile.TemporaryFile(dir=self.folder, prefix="spill-")  # POSIX: unlinked (or never named)

    def _align(self) -> int:
        """Pad the spill file to a multiple of 64 bytes (Arrow's alignment); the new end."""
        end = self._file.seek(0, os.SEEK_END)
        if end % _ALIGN:
            self._file.write(bytes(_ALIGN - end % _ALIGN))
        return self._file.tell()

    def add(self, table: str, frame) -> None:
        """Append the rows of ``frame`` (a DataFrame or an Arrow table holding the table's documented
        columns) to ``table``'s files."""
        import pyarrow as pa

        if not len(frame):
            return
        arrow = isinstance(frame, pa.Table)
        dtypes = self.columns[table]
        strings = [name for name, dtype in dtypes.items() if dtype == "str"]
        if strings:
            strings_of = frame.column if arrow else (lambda name: arrow_strings(frame[name]))
            batch = pa.table({name: strings_of(name).cast(pa.large_string()) for name in strings})
            start = self._align()
            with pa.ipc.new_stream(self._file, batch.schema) as writer:
                writer.write_table(batch)
            self._pieces[table].append((start, self._file.tell() - start))
            del batch
        for name, dtype in dtypes.items():
            if dtype == "str":
                continue
            column = frame.column(name).to_numpy() if arrow else frame[name].to_numpy()
            values = np.ascontiguousarray(column, dtype=np.dtype(dtype))
            file = self._numbers.get((table, name))
            if file is None:
                file = self._numbers[table, name] = self._new_file()
            file.write(values.view(np.uint8).data)
        self.rows[table] += len(frame)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table as a DataFrame of its documented columns, its values mapped from the spill file."""
        import pyarrow as pa

        def empty_table(name):
            return pd.DataFrame({c: pd.Series(dtype=t) for c, t in self.columns[name].items()})

        try:
            where = {}  # (table, column) -> offset of its values in the spill file
            for key, file in self._numbers.items():
                where[key] = self._align()
                file.seek(0)
                shutil.copyfileobj(file, self._file, 1 << 20)
                file.close()
            self._numbers.clear()
            self._file.flush()
            if self._file.seek(0, os.SEEK_END) == 0:
                return {table: empty_table(table) for table in self.columns}
            mapped = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_COPY, **_UNTRACKED)
            whole = pa.py_buffer(mapped)
            out = {}
            for table, dtypes in self.columns.items():
                n = self.rows[table]
                if not n:
                    out[table] = empty_table(table)
                    continue
                columns = {}
                if self._pieces[table]:
                    data = pa.concat_tables([pa.ipc.open_stream(whole.slice(start, length)).read_all()
                                             for start, length in self._pieces[table]])
                    for name in data.column_names:
                        columns[name] = data.column(name).to_pandas(types_mapper=as_pandas_str)
                    del data
                    for start, length in self._pieces[table]:
                        _drop_pages(mapped, start, length)
                for name, dtype in dtypes.items():
                    if dtype != "str":
                        values = np.frombuffer(mapped, dtype=np.dtype(dtype), count=n, offset=where[table, name])
                        columns[name] = pd.Series(values, copy=False)
                out[table] = pd.DataFrame({name: columns[name] for name in dtypes}, copy=False)
            return out
        finally:
            self.discard()

    def discard(self) -> None:
        """Close the files (their space is freed with the last mapping of them)."""
        for file in self._numbers.values():
            file.close()
        self._numbers.clear()
        self._file.close()

    def __enter__(self) -> "SpilledTables":
        return self

    def __exit__(self, *exc) -> None:
        self.discard()


#: Alignment of what is written into a spill file (Arrow's own).
_ALIGN = 64
#: Python 3.13+ can map a file without keeping a handle to it open.
_UNTRACKED = {"trackfd": False} if sys.version_info >= (3, 13) else {}


def _drop_pages(mapped: mmap.mmap, start: int, length: int) -> None:
    """Take the pages of ``mapped[start:start + length]`` out of this process's memory before anything is
    written to them (the data stays in the file and comes back when read). Reading an IPC stream touches
    its batch's offsets, and the system maps the neighbouring pages with them: about a quarter of a table,
    counted in the process's memory until dropped."""
    if hasattr(mmap, "MADV_DONTNEED"):
        first = start - start % mmap.PAGESIZE
        mapped.madvise(mmap.MADV_DONTNEED, first, start + length - first)


def warn_user(message: str) -> None:
    """A ``UserWarning`` that points at the user's code: the first frame outside the toolkit."""
    toolkit = str(Path(__file__).resolve().parents[1])
    frame, level = sys._getframe(1), 2  # the function that called warn_user: stacklevel 2
    while frame is not None and frame.f_code.co_filename.startswith(toolkit):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, stacklevel=level)

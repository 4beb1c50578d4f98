"""Spilled tables (toolkit.scale.spill): a large run keeps its tables in memory-mapped files, and they are the
tables of a run in RAM, row for row, with the same dtypes and the same behaviour."""
from __future__ import annotations

import gc
import os
import pickle
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.corpus import Corpus
from toolkit.scale.pipeline import Settings

from test_engine import assert_same, corpus, reference  # noqa: F401  (fixtures)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self (Linux)")

TABLES = ("articles", "sentences", "mentions", "quotes", "statements")
SPECS = Settings.build().specs


@pytest.fixture
def always_spill(monkeypatch):
    monkeypatch.setattr("toolkit.scale.spill.MIN_CHARS", 0)  # the sample is far below the threshold
    monkeypatch.setattr("toolkit.scale.engine.CHUNK", 7)     # several pieces per table


def mapped_ranges(folder) -> list[tuple[int, int]]:
    """Address ranges of this process mapped from files in ``folder`` (unlinked ones included)."""
    ranges = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            parts = line.split(maxsplit=5)
            if len(parts) == 6 and parts[5].startswith(str(folder)):
                start, end = (int(x, 16) for x in parts[0].split("-"))
                ranges.append((start, end))
    return ranges


def open_files(folder) -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


def in_ranges(address: int, ranges) -> bool:
    return any(start <= address < end for start, end in ranges)


def text_is_mapped(column: pd.Series, folder) -> bool:
    """Whether the characters of a string column lie in a mapping of a file in ``folder``."""
    return in_ranges(column.array.__arrow_array__().chunks[0].buffers()[2].address, mapped_ranges(folder))


def computed_tasks(monkeypatch) -> list[int]:
    """The number of articles of each task computed from now on."""
    import toolkit.scale.engine as engine

    computed = []
    original = engine.run_pipeline
    monkeypatch.setattr(engine, "run_pipeline", lambda a, s: computed.append(len(a)) or original(a, s))
    return computed


def test_spilled_tables_equal_tables_in_memory(corpus, reference, tmp_path, always_spill):
    spilled = tk.analyze(corpus, workers=1, cache=False, spill=tmp_path)
    assert_same(spilled, reference)
    for name in TABLES:
        assert {c: str(t) for c, t in getattr(spilled, name).dtypes.items()} == SPECS[name].columns
    # the values live in mapped files (unlinked: nothing is left in the folder), not in this process's heap
    ranges = mapped_ranges(tmp_path)
    assert ranges and not list(tmp_path.iterdir())
    text = spilled.sentences["text"].array.__arrow_array__()
    assert text.num_chunks > 1 and all(in_ranges(chunk.buffers()[2].address, ranges) for chunk in text.chunks)
    assert in_ranges(spilled.sentences["polarity"].to_numpy().__array_interface__["data"][0], ranges)
    assert not in_ranges(reference.sentences["text"].array.__arrow_array__().chunks[0].buffers()[2].address,
                         ranges)
    assert len(open_files(tmp_path)) <= (1 if sys.version_info < (3, 13) else 0)  # one mapping per run
    del spilled, text
    gc.collect()
    assert not mapped_ranges(tmp_path)  # dropped with the tables: the space is freed


def test_spilled_columns_behave_like_any_column(corpus, reference, tmp_path, always_spill):
    first = tk.analyze(corpus, workers=1, cache=False, spill=tmp_path)
    second = tk.analyze(corpus, workers=1, cache=False, spill=tmp_path)
    sentences = first.sentences
    sentences.loc[0, "polarity"] = 5.0               # numbers are writable (copy-on-write mapping)
    sentences["start"] += 1
    first.articles.loc[0, "text"] = "Rewritten."     # strings too, like any Arrow-backed column
    assert sentences.loc[0, "polarity"] == 5.0 and first.articles.loc[0, "text"] == "Rewritten."
    assert (sentences["start"] == reference.sentences["start"] + 1).all()
    assert_same(second, reference)                   # another analysis of the same files is untouched
    # filtering, saving and loading give what they give on tables held in RAM
    for criteria in ({"sides": ["Russia"]}, {"text": "ceasefire"}, {"acts": ["DEMAND", "PROPOSE"]}):
        assert_same(second.filter(**criteria), reference.filter(**criteria))
    assert_same(tk.Analysis.load(second.save(tmp_path / "saved")), reference)
    assert_same(pickle.loads(pickle.dumps(second)), reference)  # e.g. sent to another process


def test_worker_processes_spill_identical_tables(corpus, reference, tmp_path, always_spill):
    assert_same(tk.analyze(corpus, workers=2, cache=False, spill=tmp_path), reference)


def test_an_interrupted_run_leaves_no_open_file(corpus, tmp_path, always_spill, monkeypatch):
    import toolkit.scale.engine as engine

    original = engine.run_pipeline
    done = []

    def flaky(articles, settings):
        if len(done) == 2:
            raise KeyboardInterrupt
        done.append(1)
        return original(articles, settings)

    monkeypatch.setattr(engine, "run_pipeline", flaky)
    with pytest.raises(KeyboardInterrupt):
        tk.analyze(corpus, workers=1, cache=False, spill=tmp_path, progress=False)
    assert done and not open_files(tmp_path) and not mapped_ranges(tmp_path)


def test_when_tables_stay_in_memory(corpus, reference, tmp_path, monkeypatch):
    monkeypatch.setattr("toolkit.scale.engine.CHUNK", 7)
    # below the threshold (the sample is ~50,000 characters)
    assert_same(tk.analyze(corpus, workers=1, cache=False, spill=tmp_path / "small"), reference)
    assert not mapped_ranges(tmp_path)
    monkeypatch.setattr("toolkit.scale.spill.MIN_CHARS", 0)
    # asked not to
    assert_same(tk.analyze(corpus, workers=1, cache=False, spill=False), reference)
    # without a spill folder, rows read back from the cache and computed ones are joined in RAM
    tk.analyze(corpus.articles.iloc[::2], workers=1, cache=tmp_path / "cache", spill=False)
    assert_same(tk.analyze(corpus, workers=1, cache=tmp_path / "cache", spill=False), reference)
    assert not mapped_ranges(tmp_path)
    # a folder on a file system held in memory: spilling would save nothing
    from toolkit.scale.spill import _filesystem_type

    if Path("/dev/shm").is_dir() and _filesystem_type(Path("/dev/shm")) == "tmpfs":
        shm = Path(tempfile.mkdtemp(dir="/dev/shm"))
        try:
            assert_same(tk.analyze(corpus, workers=1, cache=False, spill=shm), reference)
            assert not mapped_ranges(shm)
        finally:
            shutil.rmtree(shm)
    # a disk without the room for them: a warning, and the tables in RAM
    monkeypatch.setattr("toolkit.scale.spill.BYTES_PER_CHAR", 2**40)
    with pytest.warns(UserWarning, match="MB needed"):
        assert_same(tk.analyze(corpus, workers=1, cache=False, spill=tmp_path / "full"), reference)
    assert not mapped_ranges(tmp_path / "full")
    monkeypatch.setattr("toolkit.scale.spill.BYTES_PER_CHAR", 5)
    # a folder that cannot be made: a warning, and the tables in RAM
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.warns(UserWarning, match="kept in memory") as warned:
        assert_same(tk.analyze(corpus, workers=1, cache=False, spill=blocker / "spill"), reference)
    assert warned[0].filename == __file__  # the warning points at the call of tk.analyze
    tk.analyze(corpus, workers=1, cache=tmp_path / "cache2", spill=False)  # also when read from the cache
    with pytest.warns(UserWarning, match="kept in memory") as warned:
        assert_same(tk.analyze(corpus, workers=1, cache=tmp_path / "cache2", spill=blocker / "spill"), reference)
    assert [w.filename for w in warned] == [__file__]


def test_default_spill_folder_is_in_the_cache_folder(tmp_path, monkeypatch):
    from toolkit.scale.engine import spill_folder

    user_cache = tmp_path / "user-cache"
    monkeypatch.setenv("NEGOTIATION_TOOLKIT_CACHE", str(user_cache))
    assert spill_folder(None, None) == user_cache / "spill"
    assert spill_folder(True, False) == user_cache / "spill"
    assert spill_folder(None, tmp_path / "c") == tmp_path / "c" / "spill"
    assert spill_folder(tmp_path / "s", None) == tmp_path / "s"
    assert spill_folder(False, None) is None


def test_tables_with_no_rows_and_pieces_with_none(tmp_path, always_spill):
    frame = pd.DataFrame({"title": ["Weather", "Talks"],
                          "text": ["Rain fell all day over the coast.",
                                   "Ukraine demanded a ceasefire. \"We want peace,\" Zelensky said."]})
    in_memory = tk.analyze(frame, workers=1, cache=False, spill=False)
    spilled = tk.analyze(frame, workers=1, cache=False, spill=tmp_path)
    assert_same(spilled, in_memory)
    assert len(spilled.mentions) and len(spilled.quotes)
    only_weather = tk.analyze(frame.iloc[:1], workers=1, cache=False, spill=tmp_path)
    assert_same(only_weather, tk.analyze(frame.iloc[:1], workers=1, cache=False, spill=False))
    assert only_weather.mentions.empty and only_weather.quotes.empty
    assert np.isfinite(only_weather.sentences["polarity"]).all()


def test_a_run_read_from_the_cache_is_spilled_too(corpus, reference, tmp_path, always_spill, monkeypatch):
    """A second run over an unchanged corpus reads the cached tables task by task into the spill file (never
    all in memory), as does a run over some of the cached articles or over the articles in another order;
    a corrupt part is computed again, with the same tables."""
    cache, spill = tmp_path / "cache", tmp_path / "spill"
    shuffled = Corpus(corpus.articles.iloc[::-1].reset_index(drop=True), corpus.problems)
    half = Corpus(corpus.articles.iloc[:30].reset_index(drop=True), corpus.problems)
    expected = {name: tk.analyze(c, workers=1, cache=False, spill=False)
                for name, c in (("shuffled", shuffled), ("half", half))}
    tk.analyze(corpus, workers=1, cache=cache, spill=spill, progress=False)
    computed = computed_tasks(monkeypatch)
    again = tk.analyze(corpus, workers=1, cache=cache, spill=spill, progress=False)
    assert_same(again, reference)
    assert not computed  # nothing computed: all read from the cache
    assert text_is_mapped(again.sentences["text"], spill)
    del again
    gc.collect()

    # the same articles in another order: each task's rows are gathered from the groups that hold them
    backwards = tk.analyze(shuffled, workers=1, cache=cache, spill=spill, progress=False)
    assert not computed
    assert_same(backwards, expected["shuffled"])
    assert text_is_mapped(backwards.mentions["surface"], spill)
    del backwards
    gc.collect()

    # half the articles: only their rows are copied from the part that holds all of them
    halved = tk.analyze(half, workers=1, cache=cache, spill=spill, progress=False)
    assert_same(halved, expected["half"])
    assert not computed
    assert text_is_mapped(halved.quotes["text"], spill)
    del halved
    gc.collect()

    # a corrupt part is dropped and its articles computed again
    settings_folder = next(p for p in cache.iterdir() if p.is_dir() and not p.name.startswith("corpus"))
    victim = next(settings_folder.glob("*.quotes.parquet"))
    victim.write_bytes(victim.read_bytes()[:-10] + b"0123456789")
    repaired = tk.analyze(corpus, workers=1, cache=cache, spill=spill, progress=False)
    assert_same(repaired, reference)
    assert sum(computed) == len(corpus.articles)  # the run wrote one part: all computed again


def test_analysis_load_maps_saved_and_partitioned_tables(corpus, reference, tmp_path, always_spill,
                                                         monkeypatch):
    """``Analysis.load`` reads a saved analysis, and the parts of ``analyze_files``, row group by row group
    into a spill file: the same tables as read into RAM, their values in the mapping; a table with columns
    of its own is read into RAM."""
    import json

    import pyarrow.parquet as pq

    monkeypatch.setattr("toolkit.analysis.analysis._ROW_GROUP_BYTES", 20_000)  # several row groups a table
    saved = reference.save(tmp_path / "saved")
    assert pq.ParquetFile(saved / "sentences.parquet").num_row_groups > 3
    spill = tmp_path / "spill"
    mapped = tk.Analysis.load(saved, spill=spill)
    assert_same(mapped, reference)
    assert_same(mapped, tk.Analysis.load(saved, spill=False))
    pd.testing.assert_frame_equal(mapped.problems, reference.problems)
    for name in TABLES:
        assert {c: str(t) for c, t in getattr(mapped, name).dtypes.items()} == SPECS[name].columns
    assert text_is_mapped(mapped.sentences["text"], spill)
    assert in_ranges(mapped.articles["polarity"].to_numpy().ctypes.data, mapped_ranges(spill))
    del mapped
    gc.collect()
    assert not mapped_ranges(spill) and not open_files(spill)

    # a spill folder that cannot be made: a warning pointing here, and the tables in RAM
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.warns(UserWarning, match="kept in memory") as warned:
        assert_same(tk.Analysis.load(saved, spill=blocker / "spill"), reference)
    assert warned[0].filename == __file__

    # a table saved with a column of its own comes back as saved: mapped when its dtypes are plain ones, in
    # RAM when a column holds Python objects
    marked = tk.Analysis(**{**reference.tables(), "quotes": reference.quotes.assign(checked=True),
                            "mentions": reference.mentions.assign(words=reference.mentions["surface"].str.split())})
    mixed = tk.Analysis.load(marked.save(tmp_path / "marked"), spill=spill)
    pd.testing.assert_frame_equal(mixed.quotes, marked.quotes)
    assert text_is_mapped(mixed.quotes["text"], spill) and text_is_mapped(mixed.sentences["text"], spill)
    assert mixed.mentions["words"].map(list).tolist() == marked.mentions["words"].tolist()
    assert not text_is_mapped(mixed.mentions["surface"], spill)
    del mixed
    gc.collect()

    # the parts of tk.analyze_files, in the order meta.json lists them
    source = tmp_path / "export.jsonl"
    records = corpus.articles.drop(columns=["article_id", "source"]).assign(date=lambda f: f["date"].astype(str))
    source.write_text("\n".join(json.dumps(r) for r in records.to_dict("records")) + "\n", encoding="utf-8")
    out = tk.analyze_files(str(source), out=tmp_path / "out", block_size=25, workers=1, progress=False)
    assert len(json.loads((out / "meta.json").read_text())["parts"]) == 3
    in_ram, parts = tk.Analysis.load(out, spill=False), tk.Analysis.load(out, spill=spill)
    assert_same(parts, in_ram)
    assert text_is_mapped(parts.sentences["text"], spill)


def test_a_run_that_mixes_cached_and_new_articles_is_spilled(corpus, reference, tmp_path, always_spill,
                                                             monkeypatch):
    """Each task takes its cached articles' rows from the cache and computes the others (stale rows of
    changed articles left out), in the corpus's order, into the spill file."""
    cache, spill = tmp_path / "cache", tmp_path / "spill"
    evens = Corpus(corpus.articles.iloc[::2].reset_index(drop=True), corpus.problems)
    tk.analyze(evens, workers=1, cache=cache, spill=spill, progress=False)
    computed = computed_tasks(monkeypatch)
    mixed = tk.analyze(corpus, workers=1, cache=cache, spill=spill, progress=False)
    assert_same(mixed, reference)
    assert sum(computed) == len(corpus.articles) // 2  # only the odd articles
    assert text_is_mapped(mixed.sentences["text"], spill)
    del mixed
    gc.collect()

    edited = corpus.articles.copy()
    edited.loc[[3, 10], "text"] = edited.loc[[3, 10], "text"] + " Talks are to resume next week."
    edited = Corpus(edited, corpus.problems)
    expected = tk.analyze(edited, workers=1, cache=False, spill=False)
    computed.clear()
    again = tk.analyze(edited, workers=1, cache=cache, spill=spill, progress=False)
    assert_same(again, expected)
    assert sum(computed) == 2
    assert in_ranges(again.articles["polarity"].to_numpy().ctypes.data, mapped_ranges(spill))

"""tk.analyze_files: files analysed block by block into partitioned Parquet give the tables of tk.analyze on
the same files (duplicates across blocks and files included), read only a few blocks ahead of the workers,
survive interruption without leaving a readable half-result, and report unreadable input."""
from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

import toolkit as tk
import toolkit.scale.out_of_core as out_of_core

from conftest import SAMPLE

TABLES = ("articles", "sentences", "mentions", "quotes", "statements", "problems")


def assert_tables_equal(got, expected):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(got, name), getattr(expected, name), check_exact=True, obj=name)


@pytest.fixture(scope="module")
def records():
    """The sample articles as JSON records, twice (under other URLs), so there are several blocks."""
    articles = tk.load_corpus(SAMPLE).articles
    rows = []
    for copy in range(2):
        for row in articles.to_dict("records"):
            rows.append({"title": row["title"], "date": str(row["date"].date()), "outlet": row["outlet"],
                         "url": f"{row['url']}?copy={copy}", "text": f"{row['text']}\n\nCopy {copy}."})
    return rows


def write_jsonl(path, rows, extra_lines=()):
    lines = [json.dumps(r) for r in rows] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_duplicates_across_blocks_and_files_are_dropped_as_by_load_corpus(records, tmp_path, monkeypatch):
    monkeypatch.setattr(out_of_core._KeyIndex, "BATCH", 3)  # the index's arrays are merged many times
    folder = tmp_path / "in"
    folder.mkdir()
    first = records[:25]
    # a later block repeats an article by URL, another by text under a new URL; a second file repeats one more
    again_by_url = dict(records[3], title="Same URL, other title")
    again_by_text = dict(records[7], url="https://example.org/elsewhere")
    write_jsonl(folder / "a.jsonl", first + [again_by_url] + records[25:30] + [again_by_text], ["{broken"])
    write_jsonl(folder / "b.jsonl", [records[30], dict(records[12], url=records[12]["url"] + "#top")] + records[31:])

    out = tk.analyze_files(folder, out=tmp_path / "out", block_size=6, workers=2, progress=False)
    loaded = tk.Analysis.load(out)
    expected = tk.analyze(tk.load_corpus(folder), workers=1, cache=False, progress=False)

    assert (expected.problems.reason.str.startswith("duplicate of")).sum() == 3  # the test has teeth
    assert_tables_equal(loaded, expected)
    meta = json.loads((out / "meta.json").read_text())
    assert meta["duplicates_across_parts"] == 3 and meta["articles"] == len(expected.articles)
    assert meta["tasks"] == len(list((out / "sentences").glob("part-*.parquet")))


@pytest.mark.parametrize("workers", [1, 2])
def test_blocks_are_read_only_a_few_tasks_ahead(records, tmp_path, monkeypatch, workers):
    source = write_jsonl(tmp_path / "big.jsonl", records)
    read, kept = [0], []
    produce = out_of_core._file_jobs

    def counting(files, block_size):
        for job in produce(files, block_size):
            read[0] += 1
            yield job

    monkeypatch.setattr(out_of_core, "_file_jobs", counting)
    original_progress = out_of_core._progress

    def watching(total, show, desc="analyze"):
        bar = original_progress(total, False, desc)
        if desc == "analyze_files":  # not the bars of the tasks run in this process
            update = bar.update
            bar.update = lambda n=1: kept.append(read[0]) or update(n)  # blocks read when each result arrives
        return bar

    monkeypatch.setattr(out_of_core, "_progress", watching)
    tk.analyze_files(source, out=tmp_path / "out", block_size=2, workers=workers)
    tasks = len(records) // 2
    assert read[0] == tasks and len(kept) == tasks
    # in this process: the block being analysed (plus, at the start, the second one read to see whether
    # there are several tasks); with workers: the tasks in flight, and the one whose result is being kept
    # (the next task is sent to the workers before it is)
    window = 2 if workers == 1 else out_of_core.TASKS_PER_WORKER * workers + 1
    # when the k-th result arrives, at most `window` blocks beyond the k-1 finished ones have been read
    assert max(r - k for k, r in enumerate(kept)) <= window
    assert kept[0] < tasks  # not everything read up front


def test_an_interrupted_run_is_refused_and_a_new_run_replaces_it(records, tmp_path, monkeypatch):
    source = write_jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out"
    original = out_of_core._file_job
    calls = []

    def interrupted(job, settings, target, mapping):
        if len(calls) == 3:
            raise KeyboardInterrupt
        calls.append(job.part)
        return original(job, settings, target, mapping)

    monkeypatch.setattr(out_of_core, "_file_job", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tk.analyze_files(source, out=out, block_size=4, workers=1, progress=False)
    assert len(list((out / "sentences").glob("part-*.parquet"))) == 3
    with pytest.raises(ValueError, match="did not finish"):
        tk.Analysis.load(out)

    monkeypatch.setattr(out_of_core, "_file_job", original)
    smaller = write_jsonl(tmp_path / "small.jsonl", records[:5])
    tk.analyze_files(smaller, out=out, block_size=4, workers=1, progress=False)  # fewer parts than before
    assert_tables_equal(tk.Analysis.load(out), tk.analyze(tk.load_corpus(smaller), workers=1, cache=False))
    assert len(list((out / "sentences").glob("part-*.parquet"))) == 2  # the other run's parts are gone


ANALYZE_TASK = out_of_core._file_job


def count_tasks(monkeypatch):
    """The parts whose task runs from now on (in this process: workers=1)."""
    computed = []
    monkeypatch.setattr(out_of_core, "_file_job",
                        lambda job, *rest: computed.append(job.part) or ANALYZE_TASK(job, *rest))
    return computed


def test_a_run_resumes_and_recomputes_exactly_what_changed(records, tmp_path, monkeypatch):
    source = write_jsonl(tmp_path / "in.jsonl", records)  # 40 records: 10 blocks of 4
    out = tmp_path / "out"
    finished = []

    def interrupted(job, *rest):
        if len(finished) == 4:
            raise KeyboardInterrupt
        finished.append(job.part)
        return ANALYZE_TASK(job, *rest)

    monkeypatch.setattr(out_of_core, "_file_job", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tk.analyze_files(source, out=out, block_size=4, workers=1, progress=False)

    computed = count_tasks(monkeypatch)
    tk.analyze_files(source, out=out, block_size=4, workers=1, progress=False)
    assert len(computed) == 6 and not set(computed) & set(finished)  # only the blocks not finished
    expected = tk.analyze(tk.load_corpus(source), workers=1, cache=False)
    assert_tables_equal(tk.Analysis.load(out), expected)

    # one changed article: its block only; other settings: everything
    edited = [dict(r) for r in records]
    edited[13]["text"] = edited[13]["text"].replace("talks", "negotiations", 1)
    write_jsonl(source, edited)
    computed.clear()
    tk.analyze_files(source, out=out, block_size=4, workers=1, progress=False)
    assert computed == ["part-00000-00003.parquet"]
    assert_tables_equal(tk.Analysis.load(out), tk.analyze(tk.load_corpus(source), workers=1, cache=False))
    computed.clear()
    tk.analyze_files(source, out=out, block_size=4, workers=1, progress=False, mapping={"text": "text"})
    assert len(computed) == 10
    computed.clear()
    tk.analyze_files(source, out=out, block_size=4, workers=1, progress=False, resume=False)
    assert len(computed) == 10


def test_parts_rewritten_for_duplicates_are_computed_again(records, tmp_path, monkeypatch):
    source = write_jsonl(tmp_path / "in.jsonl", records[:12] + [records[2]])  # the last block repeats one
    out = tmp_path / "out"
    tk.analyze_files(source, out=out, block_size=4, workers=1, progress=False)
    computed = count_tasks(monkeypatch)
    tk.analyze_files(source, out=out, block_size=4, workers=1, progress=False)
    assert computed == ["part-00000-00003.parquet"]  # its duplicate was removed: it is not reused as is
    expected = tk.analyze(tk.load_corpus(source), workers=1, cache=False)
    assert (expected.problems.reason.str.startswith("duplicate of")).sum() == 1
    assert_tables_equal(tk.Analysis.load(out), expected)


def test_unreadable_input_ends_in_the_problems_table(records, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.jsonl").write_text("", encoding="utf-8")
    packed = gzip.compress(("\n".join(json.dumps(r) for r in records[:6]) + "\n").encode())
    (folder / "cut.jsonl.gz").write_bytes(packed[: len(packed) * 2 // 3])  # a download that stopped short
    out = tk.analyze_files(folder, out=tmp_path / "out", block_size=2, workers=1, progress=False)
    loaded = tk.Analysis.load(out)

    problems = loaded.problems
    assert problems.loc[problems.path.str.endswith("empty.jsonl"), "reason"].tolist() == ["empty file"]
    cut = problems[problems.path.str.endswith("cut.jsonl.gz")]
    read = cut[cut.reason.str.startswith("corrupt gzip file after line")]
    assert len(read) == 1
    kept = len(loaded.articles)
    assert 1 <= kept < 6  # the lines before the cut are analysed
    # the reported line is the first one not read in full (or the cut line, reported as malformed JSON)
    assert read.position.iloc[0] >= kept + 1


@pytest.mark.slow
def test_dask_local_cluster_writes_the_local_engines_parts(records, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    source = write_jsonl(tmp_path / "in.jsonl", records + records[:3])  # with duplicates across blocks
    local = tk.Analysis.load(tk.analyze_files(source, out=tmp_path / "local", block_size=7, workers=2,
                                              progress=False))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        out = tk.analyze_files(source, out=tmp_path / "dask", block_size=7, engine="dask", client=client,
                               progress=False)
    assert_tables_equal(tk.Analysis.load(out), local)
    # without a client: Dask's default scheduler, in batches
    out = tk.analyze_files(source, out=tmp_path / "threads", block_size=7, engine="dask", progress=False)
    assert_tables_equal(tk.Analysis.load(out), local)
    assert (local.problems.reason.str.startswith("duplicate of")).sum() == 3


def test_the_index_of_seen_articles_finds_every_key_it_was_given(monkeypatch):
    import hashlib
    import random

    monkeypatch.setattr(out_of_core._KeyIndex, "BATCH", 7)
    index = out_of_core._KeyIndex()
    keys = [hashlib.blake2b(str(i).encode(), digest_size=16).digest() for i in range(200)]
    ids = [hashlib.sha1(str(i).encode()).hexdigest()[:16] for i in range(200)]
    twin = keys[5][:8] + bytes(8)  # same first half as a stored key, other second half
    for key, article_id in zip(keys[:150], ids[:150]):
        index.add(key, article_id)
    assert len(index.high) == 147 and len(index.recent) == 3  # most of them in the sorted arrays
    order = list(range(150))
    random.Random(3).shuffle(order)
    assert all(index.get(keys[i]) == ids[i] for i in order)
    assert all(index.get(key) is None for key in keys[150:]) and index.get(twin) is None


def test_files_in_other_encodings_are_decoded_as_the_loader_decodes_them(records, tmp_path):
    rows = [dict(r, text=r["text"] + " Caf\u00e9 talks \u201cresumed\u201d.") for r in records[:6]]
    # other characters stay escaped in the JSON; these three are written as characters (all in cp1252)
    lines = "\n".join(json.dumps(r) for r in rows).replace("\\u00e9", "\u00e9").replace(
        "\\u201c", "\u201c").replace("\\u201d", "\u201d") + "\n"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "western.jsonl").write_bytes(lines.encode("cp1252"))  # an old export, not UTF-8
    for name, encoding in (("wide", "utf-16"), ("marked", "utf-8-sig")):  # UTF-16, UTF-8 with a BOM
        other = lines.replace("Copy", f"{name} copy").replace("?copy=", f"?{name}=")  # not duplicates
        (folder / f"{name}.jsonl").write_bytes(other.encode(encoding))
    out = tk.analyze_files(folder, out=tmp_path / "out", block_size=2, workers=1, progress=False)
    loaded = tk.Analysis.load(out)
    expected = tk.load_corpus(folder)

    assert len(expected.articles) == 18  # the test has teeth: every file's articles are read
    assert loaded.articles["text"].tolist() == expected.articles["text"].tolist()
    assert loaded.articles["text"].str.contains("Caf\u00e9 talks \u201cresumed\u201d").all()
    notes = loaded.problems[loaded.problems.reason.str.startswith("not UTF-8")]
    assert set(notes.path.map(lambda p: p.rsplit("/", 1)[-1])) == {"western.jsonl", "wide.jsonl"}
    assert len(notes) == 12  # a note on each article read from a guessed encoding, as load_corpus gives
    pd.testing.assert_frame_equal(loaded.problems, expected.problems, check_exact=True)


def test_a_block_of_binary_data_is_skipped_and_reported(records, tmp_path):
    good = [json.dumps(r).encode() for r in records[:8]]
    junk = bytes(b for b in range(256) if b != 10) * 4  # one line with NUL bytes: text in no encoding
    (tmp_path / "mixed.jsonl").write_bytes(b"\n".join(good[:4] + [junk] + good[4:]) + b"\n")
    out = tk.analyze_files(tmp_path / "mixed.jsonl", out=tmp_path / "out", block_size=2, workers=1, progress=False)
    loaded = tk.Analysis.load(out)
    skipped = loaded.problems[loaded.problems.reason.str.contains("skipped")]
    assert skipped.reason.tolist() == ["binary file (not text): line 5 skipped"]
    assert skipped.position.tolist() == [5]
    assert len(loaded.articles) == 8  # the record sharing the junk's block is read on its own and kept


def test_a_block_is_one_task_not_cut_further(records, tmp_path, monkeypatch):
    """tk.analyze cuts a small corpus into MIN_TASKS tasks; a block of tk.analyze_files is already a bounded
    piece of its input and stays one task (each task costs time of its own)."""
    import toolkit.scale.engine as engine

    monkeypatch.setattr(engine, "MIN_CHUNK_CHARS", 1)  # the blocks here are far below the real minimum
    tasks = []
    original = engine.run_pipeline
    monkeypatch.setattr(engine, "run_pipeline", lambda a, s: tasks.append(len(a)) or original(a, s))
    path = write_jsonl(tmp_path / "a.jsonl", records[:24])
    out = tk.analyze_files(path, out=tmp_path / "out", block_size=12, workers=1, progress=False)
    assert tasks == [12, 12]
    tasks.clear()
    expected = tk.analyze(tk.load_corpus(path), workers=1, cache=False, progress=False)
    assert len(tasks) >= engine.MIN_TASKS  # the same articles through tk.analyze: cut into MIN_TASKS
    assert_tables_equal(tk.Analysis.load(out), expected)

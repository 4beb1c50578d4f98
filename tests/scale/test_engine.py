"""Engines and cache: worker processes and Dask give the local engine's tables row for row; the Parquet cache
serves unchanged articles, recomputes exactly what changed, and never trusts a corrupt file."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import toolkit as tk
from toolkit.corpus import Corpus, read_articles_frame
from toolkit.scale.cache import ResultCache
from toolkit.scale.pipeline import Settings

from conftest import SAMPLE


def cached_keys(manifest: dict) -> int:
    """The number of article keys a cache's manifest records."""
    return sum(len(group["keys"]) for part in manifest["parts"].values() for group in part["groups"])


def assert_same(a, b):
    for name in ("articles", "sentences", "mentions", "quotes", "statements"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True, obj=name)


@pytest.fixture(scope="module")
def corpus():
    sample = tk.load_corpus(SAMPLE)
    # a bigger corpus: the sample articles under three URLs each, so the workers get several chunks
    frames = []
    for copy in range(3):
        frame = sample.articles.drop(columns=["article_id", "source"]).copy()
        frame["url"] = frame["url"] + f"?copy={copy}"
        frame["text"] = frame["text"] + f"\n\nCopy {copy} of the sample."
        frames.append(frame)
    return read_articles_frame(pd.concat(frames, ignore_index=True))


@pytest.fixture(scope="module")
def reference(corpus):
    return tk.analyze(corpus, workers=1, cache=False)


def test_worker_processes_give_identical_tables(corpus, reference, monkeypatch):
    monkeypatch.setattr("toolkit.scale.engine.CHUNK", 7)
    parallel = tk.analyze(corpus, workers=2, cache=False)
    assert_same(parallel, reference)


def test_cache_round_trip_and_invalidation(corpus, reference, tmp_path):
    first = tk.analyze(corpus, cache=tmp_path, workers=1)
    assert_same(first, reference)
    settings_folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    manifest = json.loads((settings_folder / "manifest.json").read_text())
    assert cached_keys(manifest) == len(corpus.articles)

    # a second run reads everything back: nothing is computed
    calls = []
    import toolkit.scale.engine as engine

    original = engine.run_pipeline
    engine.run_pipeline = lambda articles, settings: calls.append(len(articles)) or original(articles, settings)
    try:
        second = tk.analyze(corpus, cache=tmp_path, workers=1)
        assert calls == []
        assert_same(second, reference)

        # one edited article: exactly one article is recomputed
        edited = corpus.articles.copy()
        edited.loc[3, "text"] = edited.loc[3, "text"] + "\n\nMoscow rejected the proposal on Friday."
        changed = tk.analyze(read_articles_frame(edited.drop(columns=["article_id", "source"])),
                             cache=tmp_path, workers=1)
        assert calls == [1]
        assert len(changed.statements) == len(reference.statements) + 1

        # another gazetteer: a new settings folder, everything computed again
        calls.clear()
        smaller = tk.Gazetteer.builtin().add(id="jane_roe", name="Jane Roe", kind="person", side="Nowhere")
        tk.analyze(corpus, cache=tmp_path, actors=smaller, workers=1)
        assert sum(calls) == len(corpus.articles)
        assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 2
    finally:
        engine.run_pipeline = original


def test_corrupt_cache_file_is_detected_and_rebuilt(corpus, reference, tmp_path):
    tk.analyze(corpus, cache=tmp_path, workers=1)
    folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    victim = sorted(folder.glob("*.sentences.parquet"))[0]
    victim.write_bytes(victim.read_bytes()[:-40] + b"x" * 40)  # damaged bytes
    again = tk.analyze(corpus, cache=tmp_path, workers=1)
    assert_same(again, reference)
    cache = ResultCache(tmp_path, Settings.build().key())
    assert cached_keys(cache.manifest) == len(corpus.articles)
    assert not victim.exists()


def test_the_default_cache_is_in_the_user_cache_folder_not_beside_the_data(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text("# Talks\n\nMay 1, 2025\n\nRussia rejected the plan.", encoding="utf-8")
    folder.chmod(0o555)  # a read-only corpus folder (a shared archive) is fine: nothing is written there
    user_cache = tmp_path / "user-cache"
    monkeypatch.setenv("NEGOTIATION_TOOLKIT_CACHE", str(user_cache))
    try:
        first = tk.analyze(folder)
        assert sorted(p.name for p in folder.iterdir()) == ["a.md"]
        assert (user_cache / Settings.build().key() / "manifest.json").is_file()
        assert (user_cache / "corpus" / "manifest.json").is_file()  # the loaded corpus, in the same format
        assert_same(tk.analyze(folder), first)
    finally:
        folder.chmod(0o755)


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_tables(corpus, reference, monkeypatch):
    distributed = pytest.importorskip("dask.distributed")
    monkeypatch.setattr("toolkit.scale.engine.CHUNK", 9)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        result = tk.analyze(corpus, engine="dask", client=client, cache=False)
    assert_same(result, reference)
    # without a client: Dask's default scheduler (threads), a few tasks at a time
    assert_same(tk.analyze(corpus, engine="dask", cache=False), reference)


@pytest.mark.slow
def test_analyze_files_writes_partitioned_parquet(corpus, reference, tmp_path):
    source = tmp_path / "export.jsonl"
    records = corpus.articles.drop(columns=["article_id", "source"]).assign(date=lambda f: f["date"].astype(str))
    source.write_text("\n".join(json.dumps(r) for r in records.to_dict("records")) + "\n{broken\n", encoding="utf-8")
    out = tk.analyze_files(str(tmp_path / "*.jsonl"), out=tmp_path / "out", block_size=25, workers=2)
    assert len(list((out / "sentences").glob("part-*.parquet"))) == 3
    loaded = tk.Analysis.load(out)
    for name in ("sentences", "mentions", "quotes", "statements"):
        got = getattr(loaded, name)
        pd.testing.assert_frame_equal(got, getattr(reference, name), check_exact=True, obj=name)
    assert loaded.problems.reason.str.startswith("malformed JSON line").sum() == 1
    assert loaded.problems.position.tolist() == [len(records) + 1]


def test_interrupted_run_keeps_a_consistent_cache(corpus, reference, tmp_path, monkeypatch):
    import toolkit.scale.engine as engine

    monkeypatch.setattr(engine, "CHUNK", 10)
    original = engine.run_pipeline
    done = []

    def flaky(articles, settings):
        if len(done) == 3:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the run
        done.append(len(articles))
        return original(articles, settings)

    monkeypatch.setattr(engine, "run_pipeline", flaky)
    with pytest.raises(KeyboardInterrupt):
        tk.analyze(corpus, cache=tmp_path, workers=1, progress=False)
    cache = ResultCache(tmp_path, Settings.build().key())
    assert cached_keys(cache.manifest) == 30  # three finished chunks kept
    assert not list(cache.folder.glob("*.tmp"))

    computed = []
    monkeypatch.setattr(engine, "run_pipeline", lambda a, s: computed.append(len(a)) or original(a, s))
    resumed = tk.analyze(corpus, cache=tmp_path, workers=1, progress=False)
    assert sum(computed) == len(corpus.articles) - 30  # only what was missing
    assert_same(resumed, reference)


def test_assembled_tables_equal_one_pipeline_pass(corpus, monkeypatch):
    """Chunks joined column by column (strings shared, numbers copied) give the tables of one pass."""
    from toolkit.scale.pipeline import run_pipeline

    monkeypatch.setattr("toolkit.scale.engine.CHUNK", 7)
    joined = tk.analyze(corpus, workers=1, cache=False)
    whole = run_pipeline(corpus.articles)
    specs = Settings.build().specs
    for name in ("articles", "sentences", "mentions", "quotes", "statements"):
        got = getattr(joined, name)
        pd.testing.assert_frame_equal(got, whole[name], check_exact=True, obj=name)
        assert {c: str(t) for c, t in got.dtypes.items()} == specs[name].columns


def test_tasks_are_bounded_by_articles_and_by_characters(corpus, reference, monkeypatch):
    import toolkit.scale.engine as engine
    from toolkit.scale.engine import chunk_bounds

    texts = pd.Series(["a" * 40, "b" * 40, "c" * 300, None, "d" * 10, "e" * 10, "f" * 10], dtype="str")
    bounds = chunk_bounds(texts.fillna("").str.len(), articles=3, chars=100)
    assert bounds == [(0, 2), (2, 3), (3, 6), (6, 7)]  # 40+40 fits, +300 does not; a long one alone; 3 at most
    assert [i for a, b in bounds for i in range(a, b)] == list(range(len(texts)))  # every row once, in order
    assert chunk_bounds([]) == []

    sizes = []
    original = engine.run_pipeline

    def counting(articles, settings):
        sizes.append(articles["text"].str.len().sum())
        return original(articles, settings)

    monkeypatch.setattr("toolkit.scale.engine.CHUNK_CHARS", 5_000)
    monkeypatch.setattr("toolkit.scale.engine.run_pipeline", counting)
    bounded = tk.analyze(corpus, workers=1, cache=False)
    longest = corpus.articles["text"].str.len().max()
    assert len(sizes) > 1 and max(sizes) <= max(5_000, longest)
    assert_same(bounded, reference)

    # a corpus smaller than MIN_TASKS full tasks is cut into at least MIN_TASKS (a task's working memory
    # follows its text, so one task never holds much more than an eighth of it)
    sizes.clear()
    monkeypatch.setattr("toolkit.scale.engine.CHUNK_CHARS", 10**9)
    monkeypatch.setattr("toolkit.scale.engine.MIN_CHUNK_CHARS", 1)
    total = int(corpus.articles["text"].str.len().sum())
    spread = tk.analyze(corpus, workers=1, cache=False)
    assert len(corpus.articles) >= 2 * engine.MIN_TASKS
    assert len(sizes) >= engine.MIN_TASKS and max(sizes) <= total // engine.MIN_TASKS + longest
    assert_same(spread, reference)


def test_article_keys_follow_every_field(corpus):
    from toolkit.scale.cache import article_keys

    articles = corpus.articles.head(6).reset_index(drop=True)
    keys = article_keys(articles)
    assert len(set(keys)) == 6
    # the same texts held as Python objects, or as a slice of a longer Arrow column, give the same keys
    as_objects = articles.astype({"text": object})
    assert article_keys(as_objects) == keys
    sliced = corpus.articles.iloc[2:8].reset_index(drop=True)  # an Arrow slice: offsets start inside the buffer
    assert sliced["text"].array.__arrow_array__().chunk(0).offset == 2
    assert article_keys(sliced) == article_keys(sliced.astype({"text": object}))
    # one changed character or field changes that article's key only
    for column, value in (("text", articles.loc[4, "text"].replace(".", "!", 1)), ("outlet", "Other Wire")):
        edited = articles.copy()
        edited.loc[4, column] = value
        changed = article_keys(edited)
        assert changed[4] != keys[4] and changed[:4] == keys[:4] and changed[5] == keys[5]


def test_duplicate_article_ids_are_refused(corpus):
    twice = Corpus(pd.concat([corpus.articles.head(2)] * 2, ignore_index=True), corpus.problems)
    with pytest.raises(ValueError, match="article_id must be unique"):
        tk.analyze(twice, cache=False)


def test_a_run_writes_one_part_with_a_row_group_per_task_that_reads_back_exactly(corpus, reference, tmp_path,
                                                                                  monkeypatch):
    """The run's tasks go into one part (one file per table, one row group per task), and the next run reads
    exactly the same tables from it."""
    import pyarrow.parquet as pq

    monkeypatch.setattr("toolkit.scale.engine.CHUNK", 7)
    tk.analyze(corpus, cache=tmp_path, workers=1, progress=False)
    cache = ResultCache(tmp_path, Settings.build().key())
    (part, info), = cache.manifest["parts"].items()
    assert sum(len(group["keys"]) for group in info["groups"]) == len(corpus.articles)
    assert pq.ParquetFile(cache.folder / f"{part}.sentences.parquet").num_row_groups == 9  # 60 articles by 7
    assert sorted(p.name for p in cache.folder.iterdir() if p.suffix != ".json") == sorted(
        f"{part}.{table}.parquet" for table in ("articles", "sentences", "mentions", "quotes", "statements",
                                                 "meetings"))
    assert_same(tk.analyze(corpus, cache=tmp_path, workers=1, progress=False), reference)


def test_a_table_with_no_rows_in_the_whole_run_is_cached_with_its_columns(tmp_path):
    quiet = read_articles_frame(pd.DataFrame({
        "title": ["Weather", "Markets"], "date": ["2025-05-16", "2025-05-17"], "outlet": ["Wire", "Wire"],
        "text": ["Rain is expected in the north on Friday.", "Shares closed higher after a calm session."]}))
    fresh = tk.analyze(quiet, cache=tmp_path, progress=False)
    assert fresh.quotes.empty and fresh.statements.empty
    again = tk.analyze(quiet, cache=tmp_path, progress=False)
    assert_same(again, fresh)
    for name in ("quotes", "statements"):
        assert {c: str(t) for c, t in getattr(again, name).dtypes.items()} == Settings.build().specs[name].columns


def test_a_part_whose_writing_failed_is_not_recorded(corpus, reference, tmp_path, monkeypatch):
    """A full disk while the cache is written: the analysis goes on without the cache, with a warning, and
    the half-written part is never trusted."""
    import pyarrow.parquet as pq

    calls = []
    original = pq.ParquetWriter.write_table

    def failing(self, table, *args, **kwargs):
        calls.append(1)
        if len(calls) == 7:  # the second task's second table: its first task was written whole
            raise OSError(28, "No space left on device")
        return original(self, table, *args, **kwargs)

    monkeypatch.setattr("toolkit.scale.engine.CHUNK", 20)
    monkeypatch.setattr(pq.ParquetWriter, "write_table", failing)
    with pytest.warns(UserWarning, match="cannot write to the cache \\(No space left on device\\)") as warned:
        done = tk.analyze(corpus, cache=tmp_path, workers=1, progress=False)
    assert warned[0].filename == __file__
    assert_same(done, reference)
    cache = ResultCache(tmp_path, Settings.build().key())
    assert cache.manifest["parts"] == {}  # a part with a half-written row group is never trusted
    assert not list(cache.folder.glob("*.tmp")) and not list(cache.folder.glob("part-*"))


def test_an_unusable_cache_folder_gives_a_warning_and_the_analysis(corpus, reference, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.warns(UserWarning, match="cannot use the cache folder") as warned:
        done = tk.analyze(corpus, cache=blocker / "cache", workers=1, progress=False, spill=False)
    assert warned[0].filename == __file__
    assert_same(done, reference)


def test_runs_sharing_a_cache_at_the_same_moment_all_succeed(tmp_path):
    """Six processes analyse the same files into the same cache at once (they start together): each gets
    the whole analysis; no two write the same temporary file."""
    import subprocess
    import sys
    import time

    start = time.time() + 3
    code = ("import time, json, toolkit as tk; time.sleep(max(0, %r - time.time())); "
            "a = tk.analyze(%r, cache=%r, workers=1, progress=False); "
            "print(json.dumps([len(t) for t in a.tables().values()]))" % (start, str(SAMPLE), str(tmp_path / "c")))
    runs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(6)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0] * 6, [err[-500:] for _, err in outputs]
    assert len({out.splitlines()[-1] for out, _ in outputs}) == 1
    again = tk.analyze(SAMPLE, cache=tmp_path / "c", workers=1, progress=False)
    assert [len(t) for t in again.tables().values()] == json.loads(outputs[0][0].splitlines()[-1])


def test_a_corpus_in_another_order_reads_each_cached_group_once(corpus, tmp_path, monkeypatch):
    """The same articles in another order than they were cached: every task wants rows of many groups, so
    the cached rows are read once (each group at most twice: groups are read two at a time), not per task."""
    import pyarrow.parquet as pq

    monkeypatch.setattr("toolkit.scale.engine.CHUNK", 7)  # 9 tasks, so 9 groups in each of the 6 tables
    tk.analyze(corpus, cache=tmp_path, workers=1)
    shuffled = Corpus(corpus.articles.sample(frac=1, random_state=3).reset_index(drop=True), corpus.problems)
    expected = tk.analyze(shuffled, cache=False, workers=1)
    reads = []
    original = pq.ParquetFile.read_row_groups
    monkeypatch.setattr(pq.ParquetFile, "read_row_groups",
                        lambda self, groups, **kw: reads.append(len(groups)) or original(self, groups, **kw))
    assert_same(tk.analyze(shuffled, cache=tmp_path, workers=1), expected)
    assert 0 < sum(reads) <= 2 * 9 * 6


def test_the_corpus_cache_keeps_the_latest_corpora(tmp_path, monkeypatch):
    monkeypatch.setattr("toolkit.scale.cache.CORPORA_KEPT", 2)
    folders = []
    for i in range(3):
        folder = tmp_path / f"corpus{i}"
        folder.mkdir()
        (folder / "a.md").write_text(f"# Talks {i}\n\nMay {i + 1}, 2025\n\nRussia rejected plan {i}.", encoding="utf-8")
        folders.append(folder)
        tk.analyze(folder, cache=tmp_path / "cache")
    corpora = ResultCache(tmp_path / "cache", "corpus")
    assert len(corpora.manifest["parts"]) == 2
    assert len(list(corpora.folder.glob("*.parquet"))) == 4  # articles and problems of each
    again = tk.analyze(folders[-1], cache=tmp_path / "cache")  # the latest is read back
    assert again.articles["title"].tolist() == ["Talks 2"]


def test_a_manifest_of_another_shape_is_not_trusted(corpus, reference, tmp_path):
    """An entry of an earlier version's manifest (keys instead of groups) or a tampered one is dropped, and
    never leads to deleting files outside the cache folder."""
    folder = ResultCache(tmp_path / "cache", Settings.build().key()).folder
    outside = tmp_path / "cache" / "outside.quotes.parquet"  # what "../outside" would name
    outside.write_bytes(b"PAR1")
    from toolkit.scale.cache import article_keys

    key = article_keys(corpus.articles)[0]  # a tampered entry claims to hold an article of this corpus
    manifest = {"parts": {"part-0123456789ab": {"keys": ["k"], "sha256": {}},
                          "../outside": {"groups": [{"keys": [key], "row_groups": {"quotes": [0]}}],
                                         "sha256": {"quotes": "0"}}}}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert_same(tk.analyze(corpus, cache=tmp_path / "cache", workers=1, progress=False), reference)
    assert outside.exists()
    assert set(ResultCache(tmp_path / "cache", Settings.build().key()).manifest["parts"]) \
        .isdisjoint(manifest["parts"])


def test_files_left_by_a_killed_run_are_removed_after_a_day(tmp_path):
    import os
    import time

    from toolkit.scale.cache import ABANDONED_AFTER

    folder = ResultCache(tmp_path, "settings").folder
    old, running = folder / "part-0123456789ab.sentences.parquet.tmp", folder / "part-ba9876543210.articles.parquet.tmp"
    old.write_bytes(b"PAR1")
    running.write_bytes(b"PAR1")
    then = time.time() - ABANDONED_AFTER - 60
    os.utime(old, (then, then))
    ResultCache(tmp_path, "settings")
    assert not old.exists() and running.exists()  # another process may still be writing that one

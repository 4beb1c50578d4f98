"""The benchmark scripts still run end to end (on a few articles: figures are printed, never asserted)."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_bench_analyze_prints_every_section_on_a_small_run():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_analyze.py"), "--articles", "40",
                          "--scales", "40", "--details"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    for section in ("1. throughput", "3. cache", "2. scaling", "5. out of core", "4. interactivity"):
        assert section in out
    assert re.search(r"ratio baseline / tk\.analyze: [\d.]+x", out)
    numeric = re.compile(r"^\s*40(\s+[\d.]+)+\s*$")
    row, files_row = [line.split() for line in out.splitlines() if numeric.match(line)]  # scaling, out of core
    assert len(row) == 15  # articles, seconds, per 1k, M chars, per M, text, tables, tables / text, peak, 2 ratios,
    #                        all workers, its ratio, tables in RAM (spill=False), its ratio
    assert float(row[7]) > 1  # the tables are larger than the texts (sentences repeat them)
    assert len(files_row) == 7  # articles, seconds, text, peak, its ratio, all workers, its ratio
    assert files_row[2] == row[5]  # the same texts


def test_bench_cache_memory_prints_every_run():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_cache_memory.py"), "--articles", "40"],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    rows = [line.split() for line in run.stdout.splitlines()
            if line.split()[:1] in (["first"], ["second"], ["changed"])]
    assert [r[0] for r in rows] == ["first", "second", "changed"] and all(len(r) == 6 for r in rows)


def test_meetings_places_match_as_whole_words_and_the_script_runs():
    sys.path.insert(0, str(ROOT))
    from benchmarks.meetings_quality import same_place

    assert same_place("Istanbul", "Istanbul") and same_place("the White House", "White House")
    assert same_place("Alaska", "Alaska summit") and not same_place("Alaska", "Anchorage")
    assert not same_place("Oman", "Romania")
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "meetings_quality.py")], capture_output=True,
                         text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]


def test_corpus_scores_match_names_as_the_labels_write_them():
    from benchmarks.corpus_quality import _same_name

    assert _same_name("Volodomyr Zelensky", "Volodymyr Zelensky") and _same_name("Zelensky", "Volodymyr Zelensky")
    assert _same_name("Melissa Ryan and Ross Nieuwoudt", "Ross Nieuwoudt and Melissa Ryan")  # any order
    assert not _same_name("Melissa Ryan and Ross Nieuwoudt", "Melissa Ryan and Keir Starmer")
    assert not _same_name("Donald Trump", "Eric Trump")

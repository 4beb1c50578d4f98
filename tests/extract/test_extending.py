"""The worked example of ``docs/extending.md``: a user's extractor (how many prisoners or hostages a
sentence names) goes through everything a built-in table goes through -- analyze, workers, the cache, save
and load, filter -- and a user's issue taxonomy and cue lexicon reach the statements and ``tk.positions``."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit.extract import Extractor

from conftest import ROOT, SAMPLE

# --- the example of docs/extending.md starts here ---
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "dozen": 12, "twenty": 20, "fifty": 50, "hundred": 100}


class CaptiveCounts(Extractor):
    """How many prisoners, hostages or detainees a sentence names: "exchanged 1,000 prisoners each",
    "the release of 33 hostages", "five Israeli hostages"."""

    name = "captive_counts"
    columns = {"sentence_id": "int64", "count": "int64", "captives": "str", "words": "str"}
    filters = {"captives": "captives"}  # analysis.filter(captives=["hostages"])

    def __init__(self, nouns=("prisoners", "hostages", "detainees", "captives", "POWs", "prisoners of war")):
        self.nouns = tuple(nouns)
        alternatives = "|".join(re.escape(n) for n in sorted(self.nouns, key=len, reverse=True))
        number = r"\d{1,3}(?:,\d{3})+|\d+|" + "|".join(NUMBER_WORDS)
        # a number, up to three words ("Ukrainian", "more", "civilian"), then one of the nouns
        self.pattern = re.compile(rf"\b({number})\s+(?:[\w-]+\s+){{0,3}}?({alternatives})\b", re.IGNORECASE)

    def rows(self, doc):
        for sentence_id, (_, _, _, sentence) in enumerate(doc.sentences):
            for m in self.pattern.finditer(sentence):
                number = m.group(1).lower().replace(",", "")
                count = NUMBER_WORDS.get(number) or int(number)
                yield sentence_id, count, m.group(2).lower(), m.group(0)
# --- the example of docs/extending.md ends here ---


TEXTS = [
    "Russia and Ukraine exchanged 1,000 prisoners each on Friday. The swap took three days.",
    "Hamas released five Israeli hostages and Israel freed 183 Palestinian prisoners.",
    "Talks on the nuclear programme resumed in Muscat. No date was set.",
]


@pytest.fixture(scope="module")
def corpus():
    frame = pd.DataFrame({"title": ["Swap", "Gaza", "Iran"], "date": ["2025-05-23", "2025-02-08", "2025-04-12"],
                          "outlet": ["Wire", "Wire", "Post"], "text": TEXTS})
    return tk.corpus.read_articles_frame(frame)


def test_the_extractor_alone_on_one_article():
    rows = list(CaptiveCounts().rows(tk.Doc("a", TEXTS[1])))
    assert rows == [(0, 5, "hostages", "five Israeli hostages"), (0, 183, "prisoners", "183 Palestinian prisoners")]


def test_a_user_table_goes_through_analyze_save_load_and_filter(corpus, tmp_path):
    analysis = tk.analyze(corpus, extractors=[CaptiveCounts()], cache=False)
    counts = analysis.captive_counts
    assert list(counts.columns) == ["article_id", "sentence_id", "count", "captives", "words"]
    assert counts["count"].tolist() == [1000, 5, 183] and str(counts["count"].dtype) == "int64"
    assert list(analysis.tables()) == ["articles", "sentences", "mentions", "quotes", "statements", "meetings",
                                       "captive_counts", "problems"]
    # saved and loaded with its spec: its filter keyword still works
    loaded = tk.Analysis.load(analysis.save(tmp_path / "saved"))
    pd.testing.assert_frame_equal(loaded.captive_counts, counts)
    hostages = loaded.filter(captives="hostages")
    assert hostages.captive_counts["count"].tolist() == [5]
    assert hostages.articles["title"].tolist() == ["Gaza"]
    with pytest.raises(TypeError, match="unknown criteria hostages"):
        loaded.filter(hostages=["x"])


def test_a_user_table_is_cached_and_its_settings_are_part_of_the_key(corpus, tmp_path, monkeypatch):
    import toolkit.scale.engine as engine

    computed = []
    original = engine.run_pipeline
    monkeypatch.setattr(engine, "run_pipeline", lambda a, s: computed.append(len(a)) or original(a, s))
    first = tk.analyze(corpus, extractors=[CaptiveCounts()], cache=tmp_path, workers=1)
    again = tk.analyze(corpus, extractors=[CaptiveCounts()], cache=tmp_path, workers=1)
    assert sum(computed) == 3  # the second run read every table, the user's too, from the cache
    pd.testing.assert_frame_equal(again.captive_counts, first.captive_counts)
    narrower = tk.analyze(corpus, extractors=[CaptiveCounts(nouns=["hostages"])], cache=tmp_path, workers=1)
    assert sum(computed) == 6  # other settings of the extractor: computed again
    assert narrower.captive_counts["count"].tolist() == [5]


def test_a_user_table_in_worker_processes(corpus, monkeypatch):
    monkeypatch.setattr("toolkit.scale.engine.MIN_CHUNK_CHARS", 1)  # several tasks, so workers start
    many = tk.corpus.read_articles_frame(pd.DataFrame({
        "title": [f"t{i}" for i in range(12)], "text": [f"{text} Item {i}." for i in range(4) for text in TEXTS]}))
    one = tk.analyze(many, extractors=[CaptiveCounts()], cache=False, workers=1)
    two = tk.analyze(many, extractors=[CaptiveCounts()], cache=False, workers=2)
    pd.testing.assert_frame_equal(two.captive_counts, one.captive_counts)
    assert len(one.captive_counts) == 12


def test_an_extractor_named_like_a_built_in_one_replaces_it(corpus):
    class FirstSentence(Extractor):
        name = "sentences"
        columns = {"sentence_id": "int64", "text": "str"}

        def rows(self, doc):
            yield 0, doc.sentences[0][3]

    analysis = tk.analyze(corpus, extractors=[FirstSentence()], cache=False)
    assert analysis.sentences.columns.tolist() == ["article_id", "sentence_id", "text"]
    assert len(analysis.sentences) == 3 and len(analysis.mentions)  # the other tables are still there


@pytest.mark.parametrize("attributes, message", [
    ({"name": "problems"}, "name must be an identifier"),
    ({"name": "two words"}, "name must be an identifier"),
    ({"columns": {"n": "int32"}}, "dtypes must be among"),
    ({"columns": {"article_id": "str"}}, "'article_id' is added by the toolkit"),
    ({"filters": {"kinds": "kind"}}, "'kind' is not one of its columns"),
])
def test_extractors_that_cannot_make_a_table_are_refused(attributes, message):
    broken = type("Broken", (CaptiveCounts,), attributes)
    with pytest.raises(ValueError, match=message):
        tk.analyze(pd.DataFrame({"text": ["Nothing."]}), extractors=[broken()], cache=False)
    with pytest.raises(TypeError, match="Extractor instances"):
        tk.analyze(pd.DataFrame({"text": ["Nothing."]}), extractors=[CaptiveCounts], cache=False)


def test_rows_as_dicts_with_missing_values_and_rows_that_do_not_fit():
    class Flexible(CaptiveCounts):
        def rows(self, doc):
            yield {"sentence_id": 0, "count": 1, "words": float("nan")}  # "captives" left out

    table = tk.analyze(pd.DataFrame({"text": ["Nothing."]}), extractors=[Flexible()], cache=False).captive_counts
    assert table[["sentence_id", "count"]].values.tolist() == [[0, 1]]
    assert table["captives"].isna().all() and table["words"].isna().all()  # missing, not the text "nan"

    class Misspelt(CaptiveCounts):
        def rows(self, doc):
            yield {"sentence_id": 0, "cuont": 1}

    with pytest.raises(ValueError, match="Misspelt: a row of article .* unknown cuont"):
        tk.analyze(pd.DataFrame({"text": ["Nothing."]}), extractors=[Misspelt()], cache=False)

    class Short(CaptiveCounts):
        def rows(self, doc):
            yield 0, 1

    with pytest.raises(ValueError, match="Short: a row of article .*: 2 values, not 4"):
        tk.analyze(pd.DataFrame({"text": ["Nothing."]}), extractors=[Short()], cache=False)

    class Untyped(CaptiveCounts):
        def rows(self, doc):
            yield 0, "many", "hostages", "many hostages"

    with pytest.raises(ValueError, match="Untyped: table 'captive_counts', column 'count' \\(int64\\)"):
        tk.analyze(pd.DataFrame({"text": ["Nothing."]}), extractors=[Untyped()], cache=False)


def test_filter_keywords_belong_to_one_table():
    for keyword, message in (("text", "Analysis.filter's own"), ("acts", "the 'statements' table's")):
        clashing = type("Clashing", (CaptiveCounts,), {"filters": {keyword: "captives"}})
        with pytest.raises(ValueError, match=f"Clashing.filters: '{keyword}' is {message} keyword"):
            tk.analyze(pd.DataFrame({"text": ["Nothing."]}), extractors=[clashing()], cache=False)


def test_fingerprints_follow_the_code_the_module_data_and_the_settings():
    """A method edited (a class redefined in a notebook cell), the module data it reads, or an attribute:
    a new fingerprint, so cached rows are not reused; the same in every process (sets sorted)."""
    source = '''
from toolkit.extract import Extractor
WORDS = {"hostages", "prisoners"}
class Count(Extractor):
    name = "count"
    columns = {"n": "int64"}
    def __init__(self, kinds=frozenset({"a", "b", "c"})):
        self.kinds = set(kinds)
    def rows(self, doc):
        yield (sum(word in WORDS for word in doc.text.split()),)
print(Count().fingerprint())
'''

    def fingerprint(code, seed="1"):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        return done.stdout.split()[-1]

    first = fingerprint(source)
    assert fingerprint(source, seed="2") == first  # another process, another hash seed: the same
    assert fingerprint(source.replace("sum(word in WORDS", "sum(word not in WORDS")) != first  # the code
    assert fingerprint(source.replace('"hostages", "prisoners"', '"hostages"')) != first  # the module's data
    assert fingerprint(source.replace('"a", "b", "c"', '"a", "b"')) != first  # an attribute


def test_a_failing_extractor_names_itself_and_the_article():
    class Failing(CaptiveCounts):
        def rows(self, doc):
            raise KeyError("boom")

    with pytest.raises(RuntimeError, match=r"Failing failed on article \w+: KeyError"):
        tk.analyze(pd.DataFrame({"text": ["Nothing."]}), extractors=[Failing()], cache=False)


# ---------------------------------------------------------------------------------------------- resources
ISSUES = """
issues:
  nuclear:
    keywords: [uranium, enrichment, nuclear programme, centrifuges, IAEA inspectors]
  hostages:
    keywords: [hostages, hostage, captives]
"""
CUES = {"acts": {"DEMAND": {"verbs": ["exhort"]}}}
IRAN = ("Iran rejected any limits on uranium enrichment. The United States exhorted Tehran to accept IAEA "
        "inspectors.")


def test_a_users_issue_taxonomy_and_cues_reach_statements_and_positions(tmp_path):
    path = tmp_path / "issues.yaml"
    path.write_text(ISSUES, encoding="utf-8")
    frame = pd.DataFrame({"title": ["Iran"], "date": ["2025-04-12"], "text": [IRAN]})
    bundled = tk.analyze(frame, cache=False)
    assert set(bundled.statements["issue"]) <= set(tk.IssueTaxonomy.bundled().order) | {"other"}

    cues = tk.CueLexicon.bundled().merge(CUES)
    analysis = tk.analyze(frame, issues=path, cues=cues, cache=False)
    rows = analysis.statements[["holder", "act", "issue"]].values.tolist()
    assert ["Iran", "REJECT", "nuclear"] in rows
    assert ["United States", "DEMAND", "nuclear"] in rows  # "exhorted" is a cue only in the user's lexicon
    assert "DEMAND" not in set(bundled.statements["act"])
    table = tk.positions(analysis, by="holder")  # Iran is not in the built-in gazetteer: it has no side
    assert list(table.columns) == ["nuclear", "hostages", "other"]  # the user's taxonomy, in its order
    assert table.loc[("Iran", "REJECT"), "nuclear"] == 1
    assert table.loc[("United States", "DEMAND"), "nuclear"] == 1
    # the taxonomy is kept with the analysis
    loaded = tk.Analysis.load(analysis.save(tmp_path / "saved"))
    assert list(tk.positions(loaded).columns) == ["nuclear", "hostages", "other"]


def test_bad_resource_files_fail_with_the_file_named(tmp_path):
    bad = tmp_path / "issues.yaml"
    bad.write_text("nuclear: [uranium]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="issues.yaml.*mapping 'issues:'"):
        tk.analyze(pd.DataFrame({"text": ["Nothing."]}), issues=bad, cache=False)
    with pytest.raises(TypeError, match="cues must be"):
        tk.analyze(pd.DataFrame({"text": ["Nothing."]}), cues=42, cache=False)


def test_the_command_line_takes_resource_files(tmp_path):
    issues = tmp_path / "issues.yaml"
    issues.write_text(ISSUES, encoding="utf-8")
    source = tmp_path / "in"
    source.mkdir()
    (source / "iran.md").write_text(f"# Iran\n\nApril 12, 2025\n\n{IRAN}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "toolkit", "analyze", str(source), "--out", str(tmp_path / "o"),
                           "--issues", str(issues)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "nuclear" in set(pd.read_parquet(tmp_path / "o" / "statements.parquet")["issue"])
    done = subprocess.run([sys.executable, "-m", "toolkit", "analyze", str(SAMPLE), "--out", str(tmp_path / "o"),
                           "--cues", str(tmp_path / "missing.yaml")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1 and "missing.yaml" in done.stderr and "Traceback" not in done.stderr


def test_docs_show_this_example():
    """``docs/extending.md`` shows the code of this file's example, character for character."""
    source = Path(__file__).read_text(encoding="utf-8")
    example = source.split("# --- the example of docs/extending.md starts here ---\n")[1].split(
        "# --- the example of docs/extending.md ends here ---")[0]
    doc = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    assert example.strip() in doc

"""Actor mentions: gazetteer validation, every matching rule, exact counts on the seed, helpers, discovery."""
from __future__ import annotations

import textwrap
from collections import Counter

import pandas as pd
import pytest
import yaml

import toolkit as tk
from toolkit.extract.mentions import ActorMatcher, fold
from toolkit.resources.gazetteer import Gazetteer, GazetteerError, derive_surname

BUILTIN = Gazetteer.builtin()
MATCHER = ActorMatcher(BUILTIN)


def found(text, matcher=MATCHER):
    return [(m.surface, m.actor_id) for m in matcher.find(text)]


def ids(text, matcher=MATCHER):
    return [m.actor_id for m in matcher.find(text)]


# ---------------------------------------------------------------------------------------------- seed
# What a careful reader counts in the user's seed article (captions and navigation lines are not body text).
SEED_PERSON_COUNTS = {
    "vladimir_putin": 7, "volodymyr_zelensky": 6, "donald_trump": 5, "rustem_umerov": 3, "vladimir_medinsky": 3,
    "marco_rubio": 3, "dmitry_peskov": 2, "hakan_fidan": 1, "recep_tayyip_erdogan": 1, "keith_kellogg": 1,
    "andriy_yermak": 1, "andrii_sybiha": 1, "michael_anton": 1,
}


def test_seed_person_counts_are_exact(seed_analysis):
    persons = seed_analysis.mentions[seed_analysis.mentions.kind == "person"]
    assert dict(Counter(persons.actor_id)) == SEED_PERSON_COUNTS
    assert (persons.ambiguous == "").all()


def test_seed_mentions_have_offsets_sentences_and_roles(seed_analysis):
    text = seed_analysis.articles.text.iloc[0]
    sentences = seed_analysis.sentences.set_index("sentence_id")
    for m in seed_analysis.mentions.itertuples():
        assert text[m.start:m.end] == m.surface
        assert sentences.loc[m.sentence_id, "start"] <= m.start < sentences.loc[m.sentence_id, "end"]
    umerov = seed_analysis.mentions[seed_analysis.mentions.actor_id == "rustem_umerov"]
    assert umerov.role.str.contains("Defence Minister of Ukraine").all()  # as of 2025-05-16
    first = umerov.iloc[0]
    assert first.surface == "Defense Minister Rustem Umerov"


def test_seed_groups_and_metonyms(seed_analysis):
    m = seed_analysis.mentions
    surfaces = dict(zip(m.surface, m.actor_id))
    assert surfaces["Moscow's delegation"] == "russia_delegation"
    assert surfaces["Russian negotiation team"] == "russia_delegation"
    assert surfaces["Ukrainian negotiators"] == "ukraine_delegation"
    assert surfaces["State Department"] == "us_government"
    assert surfaces["Ankara"] == "turkey_government"
    assert "Kremlin" not in set(m[m.start.between(4330, 4345)].surface)  # inside "Kremlin spokesman Dmitry Peskov"


# ---------------------------------------------------------------------------------------------- rules
def test_full_name_title_and_surname_each_count_once():
    text = ("President Vladimir Putin spoke. Vladimir Putin left. Putin returned. "
            "Kremlin spokesman Dmitry Peskov said so, and Peskov added more.")
    assert found(text) == [
        ("President Vladimir Putin", "vladimir_putin"), ("Vladimir Putin", "vladimir_putin"),
        ("Putin", "vladimir_putin"), ("Kremlin spokesman Dmitry Peskov", "dmitry_peskov"),
        ("Peskov", "dmitry_peskov"),
    ]


def test_titles_with_side_prefixes_and_modifiers():
    text = ("U.S. Secretary of State Marco Rubio met former Culture Minister Medinsky and Turkish Foreign "
            "Minister Hakan Fidan, and ex-President Joe Biden.")
    assert found(text) == [
        ("U.S. Secretary of State Marco Rubio", "marco_rubio"), ("former Culture Minister Medinsky", "vladimir_medinsky"),
        ("Turkish Foreign Minister Hakan Fidan", "hakan_fidan"), ("ex-President Joe Biden", "joe_biden"),
    ]


def test_possessives_and_hyphenated_compounds():
    assert ids("Putin's envoy and Zelensky’s aide discussed a Putin-Zelensky meeting.") == [
        "vladimir_putin", "volodymyr_zelensky", "vladimir_putin", "volodymyr_zelensky"]


def test_diacritics_insensitive_both_ways():
    assert ids("Erdogan and Erdoğan, Cavusoglu and Çavuşoğlu, Kalin and Kalın.") == [
        "recep_tayyip_erdogan"] * 2 + ["mevlut_cavusoglu"] * 2 + ["ibrahim_kalin"] * 2
    assert fold("Erdoğan Kalın Łukasz") == "Erdogan Kalin Lukasz"


def test_case_sensitive_names_and_no_first_names():
    assert ids("putin and ZELENSKY were not named; nor was vladimir.") == []
    assert ids("Vladimir said hello to Volodymyr and to Dmitry.") == []
    assert ids("Tammy Bruce spoke; a bruce on the wall; Bruce agreed.") == ["tammy_bruce", "tammy_bruce"]


def test_nothing_inside_urls():
    text = "See https://example.org/2025/Putin-Zelensky-meeting?who=Trump for details; Putin did not comment."
    assert found(text) == [("Putin", "vladimir_putin")]


def test_metonyms_map_to_governments():
    text = "The Kremlin and Moscow answered Kyiv; Washington, the White House and Ankara watched."
    assert ids(text) == ["russia_government", "russia_government", "ukraine_government", "us_government",
                         "us_government", "turkey_government"]


def test_ignore_phrases_hide_aliases_inside_them():
    assert ids("The Moscow Times and the Kyiv Independent reported it; Moscow denied it.") == ["russia_government"]


def test_group_forms():
    text = ("The Russian delegation met Ukrainian negotiators and Turkish officials. "
            "Turkish, U.S., and Ukrainian officials met; Ukrainian and Russian negotiators left. "
            "Moscow's delegation and Kyiv's negotiators stayed. The Russian side refused.")
    assert found(text) == [
        ("Russian delegation", "russia_delegation"), ("Ukrainian negotiators", "ukraine_delegation"),
        ("Turkish officials", "turkey_officials"), ("Turkish", "turkey_officials"), ("U.S.", "united_states_officials"),
        ("Ukrainian officials", "ukraine_officials"), ("Ukrainian", "ukraine_delegation"),
        ("Russian negotiators", "russia_delegation"), ("Moscow's delegation", "russia_delegation"),
        ("Kyiv's negotiators", "ukraine_delegation"), ("Russian side", "russia_government"),
    ]
    kinds = {m.actor_id: m.kind for m in MATCHER.find(text)}
    assert kinds["russia_delegation"] == "delegation" and kinds["turkey_officials"] == "group"


SHARED_SURNAMES = """
actors:
  - {id: anna_kovalenko, name: Anna Kovalenko, kind: person, side: Ukraine, gender: female}
  - {id: oleh_kovalenko, name: Oleh Kovalenko, kind: person, side: Ukraine, gender: male}
"""


def test_shared_surname_resolves_to_the_person_named_earlier(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(SHARED_SURNAMES, encoding="utf-8")
    matcher = ActorMatcher(Gazetteer.from_yaml(path))
    alone = matcher.find("Kovalenko spoke first.")
    assert [(m.actor_id, m.ambiguous) for m in alone] == [("", ("anna_kovalenko", "oleh_kovalenko"))]
    text = "Oleh Kovalenko arrived. Kovalenko spoke. Later Anna Kovalenko came, and Kovalenko answered."
    assert ids(text, matcher) == ["oleh_kovalenko", "oleh_kovalenko", "anna_kovalenko", "anna_kovalenko"]


def test_ambiguous_mentions_are_reported_in_the_table(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(SHARED_SURNAMES, encoding="utf-8")
    corpus = pd.DataFrame({"title": ["t"], "text": ["Kovalenko said nothing."], "date": ["2025-01-01"]})
    mentions = tk.analyze(corpus, actors=path).mentions
    assert mentions[["actor_id", "surface", "ambiguous"]].values.tolist() == [
        ["", "Kovalenko", "anna_kovalenko, oleh_kovalenko"]]
    assert tk.actor_counts(tk.analyze(corpus, actors=path)).empty


def test_roles_follow_the_article_date():
    assert "Defence Minister of Ukraine" in BUILTIN.role_on("rustem_umerov", "2025-05-16")
    later = BUILTIN.role_on("rustem_umerov", "2025-09-01")
    assert "Defence Minister of Ukraine" not in later and "Security and Defense Council" in later
    assert BUILTIN.role_on("rustem_umerov", None) == ""


# ---------------------------------------------------------------------------------------------- gazetteer
def write_yaml(tmp_path, body, name="g.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize("body, message", [
    ("actors:\n  - {id: x, name: X, kind: persn, side: A}\n", "actors[0] (id 'x'): field 'kind': 'persn' is not one of"),
    ("actors:\n  - {id: x, kind: person, side: A}\n", "actors[0] (id 'x'): field 'name' is required"),
    ("actors:\n  - {id: Bad Id, name: X, kind: person, side: A}\n", "field 'id': 'Bad Id' must be lower_snake_case"),
    ("actors:\n  - {id: x, name: X, kind: person, side: A, roles: [{title: T, from: '2025-13-01'}]}\n",
     "field 'roles[0]'.from: '2025-13-01' is not an ISO date"),
    ("actors:\n  - {id: x, name: X, kind: person, side: A, roles: [{title: T, from: 2025-13-01}]}\n",
     "invalid value (month must be in 1..12)"),
    ("actors:\n  - {id: x, name: X, kind: person, side: A, roles: [{title: T, from: '2025-02-01', to: '2025-01-01'}]}\n",
     "'from' 2025-02-01 is after 'to' 2025-01-01"),
    ("actors:\n  - {id: x, name: X, kind: person, side: A, alias: [Y]}\n", "unknown field(s) alias"),
    ("actors:\n  - {id: x, name: X, kind: person, side: A}\n  - {id: x, name: Y, kind: person, side: A}\n",
     "duplicate actor id 'x'"),
    ("actors:\n  - {id: x, name: X, kind: person, side: A, gender: m}\n", "field 'gender': 'm' is not one of"),
    ("actors: [\n", "is not valid YAML"),
    ("people: []\n", "must be a mapping with an 'actors' list"),
])
def test_validation_errors_name_file_entry_and_field(tmp_path, body, message):
    path = write_yaml(tmp_path, body)
    with pytest.raises(GazetteerError) as info:
        Gazetteer.from_yaml(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_builtin_gazetteer_is_valid_and_curated():
    frame = BUILTIN.to_frame()
    assert len(frame) >= 150 and frame.id.is_unique
    assert set(frame.kind) <= {"person", "government", "country", "organization", "delegation", "group"}
    for side in ("Russia", "Ukraine", "United States", "Turkey", "Saudi Arabia", "Qatar", "United Arab Emirates",
                 "Vatican", "United Nations", "European Union", "United Kingdom", "France", "Germany"):
        assert (frame.side == side).any(), side
    persons = frame[frame.kind == "person"]
    for actor_id in ("vladimir_medinsky", "rustem_umerov", "hakan_fidan", "steve_witkoff", "sergei_lavrov",
                     "andriy_yermak", "kirill_dmitriev", "yuri_ushakov", "mike_waltz", "david_arakhamia"):
        assert actor_id in set(persons.id), actor_id
    assert "Zelenskyy" in BUILTIN["volodymyr_zelensky"].aliases


def test_gazetteer_add_merge_and_user_file(tmp_path):
    g = Gazetteer.empty().add(id="jane_roe", name="Jane Roe", kind="person", side="Mediators",
                              roles=[{"title": "Envoy", "from": "2025-01-01", "to": None}])
    assert len(Gazetteer.empty()) == 0 and "jane_roe" in g  # add returns a new gazetteer
    path = write_yaml(tmp_path, """
        sides:
          Mediators: {adjectives: [Mediating], government: mediators}
        actors:
          - {id: mediators, name: Mediation office, kind: organization, side: Mediators, aliases: [Mediation Office]}
          - {id: john_doe, name: John Doe, kind: person, side: Mediators, aliases: [Johnny Doe]}
        """)
    merged = g.merge(Gazetteer.from_yaml(path))
    assert {"jane_roe", "john_doe", "mediators"} <= {a.id for a in merged}
    assert merged.role_on("jane_roe", "2025-06-01") == "Envoy"
    assert set(merged.to_frame().columns) >= {"id", "name", "kind", "side", "aliases", "roles"}
    corpus = pd.DataFrame({"text": ["Envoy Jane Roe met Doe and the Mediating delegation. Johnny Doe smiled."],
                           "date": ["2025-06-01"]})
    mentions = tk.analyze(corpus, actors=merged).mentions
    assert mentions.actor_id.tolist() == ["jane_roe", "john_doe", "mediators_delegation", "john_doe"]
    assert mentions.role.tolist()[0] == "Envoy"
    only_file = tk.analyze(corpus, actors=str(path)).mentions
    assert "jane_roe" not in set(only_file.actor_id)


def test_surname_derivation():
    assert derive_surname("Ursula von der Leyen") == "von der Leyen"
    assert derive_surname("Recep Tayyip Erdoğan") == "Erdoğan"
    assert BUILTIN["mohammed_bin_salman"].surnames() == ()  # surname: null switches it off


# ---------------------------------------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def small_analysis():
    corpus = pd.DataFrame({
        "title": ["a", "b", "c"],
        "outlet": ["X", "X", "Y"],
        "date": ["2025-05-16", "2025-05-20", "2025-06-02"],
        "text": ["Putin met Trump. Zelensky was absent.",
                 "Putin and Zelensky spoke. Putin left.",
                 "Trump called Zelensky."],
    })
    return tk.analyze(corpus)


def test_actor_counts(small_analysis):
    counts = tk.actor_counts(small_analysis).set_index("actor_id")
    assert counts.loc["vladimir_putin", ["mentions", "articles"]].tolist() == [3, 2]
    assert counts.loc["volodymyr_zelensky", "article_share"] == 1.0
    by_outlet = tk.actor_counts(small_analysis, by="outlet").set_index(["outlet", "actor_id"])
    assert by_outlet.loc[("X", "vladimir_putin"), "mentions"] == 3
    assert by_outlet.loc[("Y", "donald_trump"), "article_share"] == 1.0
    by_month = tk.actor_counts(small_analysis, by="month")
    assert set(by_month.month.dt.month) == {5, 6}
    with pytest.raises(KeyError):
        tk.actor_counts(small_analysis, by="nonsense")


def test_co_mentions(small_analysis):
    sentence = tk.co_mentions(small_analysis)
    pairs = {(r.a, r.b): r.count for r in sentence.itertuples()}
    assert pairs == {("donald_trump", "vladimir_putin"): 1, ("vladimir_putin", "volodymyr_zelensky"): 1,
                     ("donald_trump", "volodymyr_zelensky"): 1}
    article = {(r.a, r.b): (r.count, r.articles) for r in tk.co_mentions(small_analysis, window="article").itertuples()}
    assert article[("vladimir_putin", "volodymyr_zelensky")] == (2, 2)
    assert article[("donald_trump", "volodymyr_zelensky")] == (2, 2)
    sides = tk.co_mentions(small_analysis, level="side", window="article")
    assert {(r.a, r.b) for r in sides.itertuples()} == {("Russia", "Ukraine"), ("Russia", "United States"),
                                                         ("Ukraine", "United States")}
    empty = tk.co_mentions(tk.analyze(pd.DataFrame({"text": ["Nobody here."]})))
    assert empty.empty and list(empty.columns) == ["a", "b", "a_name", "b_name", "count", "articles"]


def test_counts_and_co_mentions_on_sample(sample_analysis):
    counts = tk.actor_counts(sample_analysis)
    top = counts[counts.kind == "person"].actor_id.head(3).tolist()
    assert "volodymyr_zelensky" in top and "vladimir_putin" in top
    pairs = tk.co_mentions(sample_analysis, level="side")
    assert (pairs.iloc[0].a, pairs.iloc[0].b) == ("Russia", "Ukraine")


# ---------------------------------------------------------------------------------------------- discovery
def test_suggest_actors_finds_every_person_of_the_seed_with_an_empty_gazetteer(seed_path):
    empty = Gazetteer.empty()
    suggestions = tk.suggest_actors(tk.analyze(seed_path, actors=empty), empty).set_index("name")
    expected = {"Vladimir Putin", "Volodymyr Zelensky", "Donald Trump", "Marco Rubio", "Rustem Umerov",
                "Vladimir Medinsky", "Dmitry Peskov", "Andriy Sybiha", "Andriy Yermak", "Hakan Fidan",
                "Keith Kellogg", "Michael Anton", "Recep Tayyip Erdoğan"}
    assert set(suggestions.index) == expected
    assert suggestions.loc["Hakan Fidan", "guessed_side"] == "Turkey"
    assert suggestions.loc["Hakan Fidan", "role"] == "Turkish Foreign Minister"
    assert suggestions.loc["Andriy Yermak", "guessed_side"] == "Ukraine"
    assert suggestions.loc["Keith Kellogg", "guessed_side"] == "United States"
    assert suggestions.loc["Vladimir Putin", "mentions"] == 7
    assert "Hakan Fidan" in suggestions.loc["Hakan Fidan", "example"]


def test_suggestions_exclude_known_actors_and_paste_as_yaml(sample_analysis, tmp_path):
    suggestions = tk.suggest_actors(sample_analysis)
    known = {a.name for a in BUILTIN}
    assert not set(suggestions.name) & known
    text = tk.suggestions_to_yaml(suggestions).replace("UNKNOWN", "Russia")
    path = tmp_path / "new.yaml"
    path.write_text(text, encoding="utf-8")
    if len(suggestions):
        assert len(Gazetteer.from_yaml(path)) == len(suggestions)
    assert yaml.safe_load(text)["actors"] == [yaml.safe_load(y)[0] | {"side": yaml.safe_load(y)[0]["side"].replace(
        "UNKNOWN", "Russia")} for y in suggestions.yaml]

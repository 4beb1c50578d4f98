"""Actor mentions: every matching rule, and exact counts on the seed."""
from __future__ import annotations

from collections import Counter

import pandas as pd

import toolkit as tk
from toolkit.extract.mentions import ActorMatcher, fold
from toolkit.resources.gazetteer import Gazetteer

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


def test_people_named_by_an_honorific_and_their_first_name():
    text = ("Thai Prime Minister Paetongtarn Shinawatra met the envoy. Ms Paetongtarn said talks were useful. "
            "The WHO's director general Tedros Adhanom Ghebreyesus spoke. Dr Tedros said aid must flow. "
            "Dr Simon Opher, an MP, agreed with Dr Ahmad al-Farra.")
    people = tk.analyze(pd.DataFrame({"title": ["t"], "text": [text], "date": ["2025-05-16"]})).mentions
    counts = people[people.kind == "person"].groupby("actor").size().to_dict()
    assert counts["Paetongtarn Shinawatra"] == 2 and counts["Tedros Adhanom Ghebreyesus"] == 2
    assert counts.get("Simon Opher") == 1 and counts.get("Ahmad al-Farra") == 1


def test_a_name_that_names_a_plan_a_government_or_a_camp_is_no_mention_of_the_person():
    text = ("Trump said the Trump plan and the second Trump presidency drew pro-Trump protesters. The former "
            "President Trump said the Trump-Xi talks went well and the Trump tariffs would stay. The Witkoff plan "
            "is new. Steve Witkoff spoke. A Putin adviser said no.")
    got = [m.actor for m in tk.extract.mentions.matcher_for(tk.Gazetteer.builtin()).find(text)
           if m.kind == "person"]
    assert got.count("Donald Trump") == 4  # said, President Trump, Trump-Xi, the Trump tariffs
    assert got.count("Steve Witkoff") == 1 and got.count("Vladimir Putin") == 1

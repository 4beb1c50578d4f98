"""Where the parties met: the meetings table (each pattern, what is no place, the host's side, the parties),
rounds of talks, and filtering by the place of the talks."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.extract import Doc, MeetingExtractor
from toolkit.extract.meetings import find_meetings


def places(text: str) -> list[tuple]:
    return [(m.place, m.host_side, m.word) for m in find_meetings(Doc("a", text))]


@pytest.mark.parametrize("text, expected", [
    ("Russian and Ukrainian delegations met in Istanbul on Friday.", [("Istanbul", "Turkey", "met")]),
    ("Talks in Doha resumed after a week.", [("Doha", "Qatar", "talks")]),  # a capital: its state hosts
    ("The Alaska summit ended without a deal.", [("Alaska", "United States", "summit")]),  # a region
    ("US and Ukrainian officials met in Geneva on Sunday.", [("Geneva", "Switzerland", "met")]),  # a venue
    ("The envoys met in Zorbaville on Sunday.", [("Zorbaville", "", "met")]),  # a place nobody knows
    ("Russia-Ukraine talks were held in Saudi Arabia.", [("Saudi Arabia", "Saudi Arabia", "talks")]),
    ("Negotiators gathered in Sharm el-Sheikh for a new round.", [("Sharm el-Sheikh", "Egypt", "gathered")]),
    ("The delegations met at Istanbul's Dolmabahce Palace, after talks in Istanbul's old town.",
     [("Istanbul", "Turkey", "met")]),
    ("He met Volodymyr Zelensky on Sunday in Armenia.", [("Armenia", "Armenia", "met")]),  # words between
    ("Sir Keir hosted the president at Chequers.", [("Chequers", "", "hosted")]),  # "at" a venue
    ("Witkoff flew to Moscow for talks with Putin.", [("Moscow", "Russia", "visit")]),  # a visit for talks
    ("Zelensky is on his way to Washington for a meeting.", [("Washington", "United States", "visit")]),
])
def test_meeting_places(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize("text", [
    "The Ukraine talks stalled.",                         # a state before the noun: what the talks are about
    "The Russia-Ukraine talks stalled.",                  # the parties
    "The talks in May failed.",                           # a month
    "Trump held talks aimed at ending the war in Ukraine.",  # the war's place, not the meeting's
    "Indirect talks resumed on Sunday.",                  # a capital of the sentence's start
    "Witkoff held talks with Hamas officials.",           # no place
    "Aid lorries are arriving in Gaza every day.",        # a journey that speaks of no talks
    "The UK will act unless Israel meets certain conditions in Gaza.",  # meeting conditions
    "The minister told a news conference in Budapest that he was hopeful.",  # a briefing
    "Talks took place in the Pakistani capital.",         # a description, no named place
    "The leaders met ahead of the EPC summit.",           # an acronym nobody places
])
def test_no_meeting_place(text):
    assert places(text) == []


def test_the_host_is_a_party_only_when_one_of_its_people_is_named():
    (meeting,) = find_meetings(Doc("a", "Witkoff met Putin in Moscow."))
    assert (meeting.host_side, meeting.parties) == ("Russia", ("United States", "Russia"))
    (meeting,) = find_meetings(Doc("a", "Russia and Ukraine held talks in Istanbul."))
    assert (meeting.host_side, meeting.parties) == ("Turkey", ("Russia", "Ukraine"))


def test_rounds_group_the_meetings_by_place_and_week():
    corpus = pd.DataFrame({
        "title": ["a", "b", "c"], "date": ["2025-05-15", "2025-05-16", "2025-08-15"],
        "text": ["Russia and Ukraine held talks in Istanbul.", "The talks in Istanbul ended. Putin stayed away.",
                 "Putin and Trump met in Alaska."]})
    analysis = tk.analyze(corpus, cache=False)
    assert list(analysis.meetings.columns) == ["article_id", *MeetingExtractor.columns]
    table = tk.rounds(analysis)
    assert table[["place", "host_side", "articles"]].values.tolist() == [["Istanbul", "Turkey", 2],
                                                                         ["Alaska", "United States", 1]]
    assert table.parties.iloc[0] == "Russia; Ukraine" and len(table.article_ids.iloc[0].split("; ")) == 2
    istanbul = analysis.filter(places="Istanbul")
    assert len(istanbul.articles) == 2 and set(istanbul.meetings.place) == {"Istanbul"}
    panel = tk.widgets.FilterPanel(analysis)
    assert panel.places.options == ("Istanbul", "Alaska")
    panel.places.value = ("Alaska",)
    assert panel.criteria() == {"places": ["Alaska"]} and len(panel.value.articles) == 1


def test_talks_in_one_place_in_following_weeks_are_one_round():
    corpus = pd.DataFrame({
        "title": ["a", "b", "c", "d"], "date": ["2025-08-08", "2025-08-15", "2025-08-20", "2025-10-01"],
        "text": ["Putin and Trump will meet in Alaska.", "The Alaska summit began.",
                 "After the Alaska summit, Zelensky travelled.", "Envoys met in Alaska again."]})
    table = tk.rounds(tk.analyze(corpus, cache=False))
    assert table[["place", "articles"]].values.tolist() == [["Alaska", 3], ["Alaska", 1]]
    assert str(table.date.iloc[0].date()) == "2025-08-08"


def test_the_volume_chart_marks_the_rounds(sample_analysis):
    import matplotlib

    matplotlib.use("Agg")
    ax = tk.charts.coverage_volume(sample_analysis, "month")
    marked = [t.get_text() for t in ax.texts]
    top = tk.rounds(sample_analysis, "week").query("articles >= 2")
    assert marked and all(any(t.startswith(p) for t in marked) for p in top.place.unique()[:6])
    assert "rounds of talks" in ax.get_title()


@pytest.mark.parametrize("text, mediators, parties", [
    ("Israel and Hamas held talks in Doha, mediated by Qatar and Egypt.", ("Qatar", "Egypt"), ("Israel", "Hamas")),
    ("Egyptian mediators met Hamas. Oman, which has mediated between Iran and the US, hosted talks in Muscat.",
     ("Egypt", "Oman"), ("Iran", "United States")),
    ("The Pakistan-brokered ceasefire held. Iran and the US met in Islamabad.", ("Pakistan",),
     ("Iran", "United States")),
    ("Qatar said talks in Doha would go on.", (), ()),
    ("Qatar - which is acting as a mediator, along with the US and Egypt - hosted talks between Israel and Hamas "
     "in Doha.", ("Qatar", "United States", "Egypt"), ("Israel", "Hamas")),
    ("Iran and the US talked through Oman, their trusted mediator. They met in Geneva.", ("Oman",), ()),
])
def test_mediators_are_the_sides_the_article_names_as_mediators(text, mediators, parties):
    (meeting,) = find_meetings(Doc("a", text))
    assert (meeting.mediators, meeting.parties) == (mediators, parties)


def test_rounds_list_the_mediators_of_their_articles():
    corpus = pd.DataFrame({"title": ["a"], "date": ["2025-10-08"],
                           "text": ["Israel and Hamas held talks in Sharm el-Sheikh, mediated by Egypt and Qatar."]})
    table = tk.rounds(tk.analyze(corpus, cache=False))
    assert table[["place", "parties", "mediators"]].values.tolist() == [["Sharm el-Sheikh", "Israel; Hamas",
                                                                         "Egypt; Qatar"]]


def test_a_list_of_mediators_ends_in_and_and_a_new_clause_is_not_one():
    (meeting,) = find_meetings(Doc("a", "Hamas and Israel held talks in Doha, mediated by Qatar, Egypt and the US."))
    assert meeting.mediators == ("Qatar", "Egypt", "United States")
    (meeting,) = find_meetings(Doc("b", "Talks in Doha were mediated by Qatar, Israel said on Monday."))
    assert meeting.mediators == ("Qatar",)

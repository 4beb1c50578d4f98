"""Negotiation statements: each cue pattern, holders and targets, negation, reporting, the seed examples,
sentences that must give no statement, and the positions helper."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.extract import StatementExtractor
from toolkit.resources import IssueTaxonomy

STATEMENT_COLUMNS = list(StatementExtractor().spec.columns)


def statements_of(text: str, date: str = "2025-05-16") -> pd.DataFrame:
    return tk.analyze(pd.DataFrame({"title": ["t"], "text": [text], "date": [date]})).statements


def acts(text: str) -> list[tuple]:
    s = statements_of(text)
    return list(zip(s.act, s.holder_side, s.issue))


def test_columns():
    assert list(statements_of("Nothing happened.").columns) == STATEMENT_COLUMNS


@pytest.mark.parametrize("text, expected", [
    ("Russia demanded that Ukraine withdraw its troops from the Donetsk region.", ("DEMAND", "Russia", "withdrawal")),
    ("Moscow insisted on a ban on Ukraine joining NATO.", ("DEMAND", "Russia", "security_guarantees")),
    ("Zelensky urged the allies to impose new sanctions on Moscow.", ("REQUEST", "Ukraine", "sanctions")),
    ("Kyiv called for an unconditional 30-day ceasefire.", ("REQUEST", "Ukraine", "ceasefire")),
    ("Turkey offered to host a new round of talks in Istanbul.", ("PROPOSE", "Turkey", "talks")),
    ("The Kremlin said it was ready to hold a second round of talks.", ("PROPOSE", "Russia", "talks")),
    ("Russia and Ukraine agreed to exchange 1,200 prisoners of war.", ("AGREE", "Russia", "hostages_detainees")),
    ("Putin rejected the proposal for an energy truce.", ("REJECT", "Russia", "ceasefire")),
    ("Ukraine refused to cede any territory in the east.", ("REJECT", "Ukraine", "territory")),
    ("Trump threatened to impose tariffs on buyers of Russian oil.", ("THREATEN", "United States", "trade")),
])
def test_each_act(text, expected):
    assert expected in acts(text)


def test_coordinated_holders_give_one_row_each():
    s = statements_of("Russia and Ukraine agreed to a major prisoner exchange on Friday.")
    assert s.holder_side.tolist() == ["Russia", "Ukraine"]
    assert set(s.act) == {"AGREE"} and set(s.issue) == {"hostages_detainees"}
    # a quantifier between the subject and its verb
    s = statements_of("The UK, France and Canada have all called for a ceasefire. Russia and Ukraine both rejected it.")
    assert list(zip(s.act, s.holder_side)) == [("REQUEST", "United Kingdom"), ("REQUEST", "France"),
                                               ("REQUEST", "Canada"), ("REJECT", "Russia"), ("REJECT", "Ukraine")]


@pytest.mark.parametrize("text, expected", [
    # the other party of an agreement agrees too, and each targets the other
    ("Donald Trump has agreed a trade deal with the EU on Sunday.",
     [("United States", "European Union"), ("European Union", "United States")]),
    ("The ceasefire had been agreed between Israel and Hamas last week.", [("Israel", "Hamas"), ("Hamas", "Israel")]),
    # talks with a party are not yet agreed by it; a refused deal is nobody's agreement
    ("Russia agreed to hold talks with Ukraine.", [("Russia", "Ukraine")]),
    ("Ukraine would not sign a deal with Russia.", [("Ukraine", "Russia")]),
])
def test_the_partners_of_an_agreement(text, expected):
    s = statements_of(text)
    assert list(zip(s.holder_side, s.target_side)) == expected


def test_two_statements_in_one_sentence():
    s = statements_of("Moscow is ready to continue the talks, and the Kremlin would consider Kyiv's request for a "
                      "Putin-Zelensky meeting.")
    assert list(zip(s.act, s.holder_side, s.issue)) == [("PROPOSE", "Russia", "talks"),
                                                        ("REQUEST", "Ukraine", "leaders_meeting")]


def test_relative_clause_holder_and_target():
    s = statements_of("The talks were opened by Turkish Foreign Minister Hakan Fidan, who urged delegates to agree "
                      "to a ceasefire as soon as possible.")
    assert list(zip(s.act, s.holder, s.holder_side, s.issue)) == [("REQUEST", "Hakan Fidan", "Turkey", "ceasefire")]
    target = statements_of("Lavrov called on Ukraine to withdraw from the four regions.")
    assert target.target_side.tolist() == ["Ukraine"]


def test_noun_cue_inherits_holder_from_previous_sentence():
    s = statements_of("Moscow's demands were described as unrealistic. Among them were ultimatums for Ukraine to "
                      "withdraw from parts of its own territory in exchange for a ceasefire.")
    last = s.iloc[-1]
    assert (last.act, last.holder_side, last.target_side, last.issue) == ("DEMAND", "Russia", "Ukraine", "withdrawal")


def test_accusation_reports_the_other_sides_position_and_when():
    s = statements_of("Medinsky also led the failed 2022 peace talks. At the time, Kyiv accused Moscow of demanding "
                      "recognition of occupied territories.", date="2025-05-16")
    row = s.iloc[0]
    assert (row.act, row.holder_side, row.reported_by_side, row.when) == ("DEMAND", "Russia", "Ukraine", "2022")


def test_position_in_the_other_sides_reported_speech():
    s = statements_of("A Ukrainian official told reporters that Moscow demanded the withdrawal of Ukrainian troops "
                      "from four regions.")
    row = s.iloc[0]
    assert (row.act, row.holder_side, row.reported_by_side, row.issue) == ("DEMAND", "Russia", "Ukraine", "withdrawal")


def test_resisting_a_demand_is_a_refusal():
    assert [row[:2] for row in acts("The US has resisted European demands for security guarantees.")] == [
        ("REJECT", "United States")]
    assert acts("Iran said it was determined to resist.") == []  # resisting an attack is no position


def test_negation_and_modal_refusal():
    s = statements_of("Russia did not agree to a ceasefire.")
    assert (s.act.iloc[0], bool(s.negated.iloc[0])) == ("AGREE", True)
    s = statements_of("Ukraine would not sign anything directly with Russia.")
    assert (s.act.iloc[0], bool(s.negated.iloc[0]), s.holder_side.iloc[0]) == ("REJECT", False, "Ukraine")


def test_a_position_naming_no_issue_takes_the_articles_issue():
    text = ("The US raised tariffs on Chinese steel to 50%. Beijing said the tariffs broke trade rules.\n\n"
            "China rejected the deal on Friday.")
    assert acts(text)[-1] == ("REJECT", "China", "trade")


def test_passive_needs_by():
    assert [row[:2] for row in acts("The proposal was rejected by Moscow on Friday.")] == [("REJECT", "Russia")]
    assert acts("The proposal was rejected on Friday.") == []
    # an irregular participle: "put forward by"
    assert [row[:2] for row in acts("Hamas accepted the proposal put forward by Egypt and Qatar.")] == [
        ("AGREE", "Hamas"), ("PROPOSE", "Egypt"), ("PROPOSE", "Qatar")]


def test_quote_speaker_holds_first_person_positions():
    s = statements_of('"We are ready to continue the talks," Peskov said.')
    assert list(zip(s.act, s.holder, s.issue)) == [("PROPOSE", "Dmitry Peskov", "talks")]


@pytest.mark.parametrize("text", [
    "A ceasefire remained elusive as fighting continued along the front.",
    "The talks on a prisoner exchange resumed in Istanbul.",
    "Will Russia agree to a ceasefire?",
    "If Moscow rejects the plan, sanctions are likely.",
    "The Kremlin declined to comment on the proposal.",
    "She asked not to be named because her husband is held in Russia.",
    "Zelensky urged delegates to agree to a ceasefire.",  # only one statement: the request
    "The deal was signed in 2022.",
    "Analysts said a deal looked distant.",
    "What was agreed",
])
def test_sentences_without_statements(text):
    found = acts(text)
    if text.startswith("Zelensky urged"):
        assert [a for a, _, _ in found] == ["REQUEST"]
    else:
        assert found == []


# ---------------------------------------------------------------------------------------------- seed
def test_seed_examples(seed_analysis):
    s = seed_analysis.statements
    rows = set(zip(s.act, s.issue, s.holder_side, s.target_side))
    assert ("REQUEST", "ceasefire", "Turkey", "") in rows             # Turkey's foreign minister urging a ceasefire
    assert ("DEMAND", "withdrawal", "Russia", "Ukraine") in rows      # Moscow's ultimatums: Ukraine to withdraw
    assert ("REQUEST", "leaders_meeting", "Ukraine", "Russia") in rows  # Kyiv's request for a Putin-Zelensky meeting
    agreed = s[(s.act == "AGREE") & (s.issue == "hostages_detainees")]
    assert set(agreed.holder_side) == {"Russia", "Ukraine"}             # both sides agreed to exchange 1,000 each
    fidan = s[s.holder == "Hakan Fidan"].iloc[0]
    assert fidan.act == "REQUEST" and "ceasefire" in fidan.text
    accused = s[s.reported_by_side == "Ukraine"]
    assert ("DEMAND", "Russia", "2022") in set(zip(accused.act, accused.holder_side, accused["when"]))
    for row in s.itertuples():
        assert row.evidence in seed_analysis.articles.text.iloc[0]


def test_issue_taxonomy_earliest_keyword():
    taxonomy = IssueTaxonomy.bundled()
    assert taxonomy.classify("to withdraw from parts of its territory in exchange for a ceasefire") == "withdrawal"
    assert taxonomy.classify("limits on uranium enrichment") == "nuclear"
    assert taxonomy.classify("lower tariffs on steel") == "trade"
    assert taxonomy.classify("who will govern Gaza after the war") == "governance"
    assert taxonomy.classify("for a Putin-Zelensky meeting") == "leaders_meeting"
    assert taxonomy.classify("to exchange 1,000 prisoners of war each") == "hostages_detainees"
    assert taxonomy.classify("better weather") is None


def test_user_taxonomy(tmp_path):
    path = tmp_path / "issues.yaml"
    path.write_text("issues:\n  grain:\n    keywords: [grain, wheat]\n", encoding="utf-8")
    assert IssueTaxonomy.from_yaml(path).classify("exports of wheat and grain") == "grain"


def test_the_two_parties_and_the_group_are_the_ones_named_before():
    import pandas as pd
    import toolkit as tk
    text = ("Starmer met Modi in Chequers. The two prime ministers also agreed on closer collaboration on defence.\n\n"
            "Thailand and Cambodia fought. Trump threatened to stop talks unless the two countries agreed to stop "
            "fighting.\n\nHamas responded to the plan. The group agreed to release all the hostages.")
    st = tk.analyze(pd.DataFrame({"title": ["t"], "text": [text], "date": ["2025-07-24"]}), cache=False).statements
    agree = st[st.act == "AGREE"]
    assert agree.holder_side.tolist() == ["United Kingdom", "India", "Thailand", "Cambodia", "Hamas"]


def test_a_position_lists_every_issue_it_names():
    s = statements_of("Hamas agreed to a ceasefire, the release of all hostages and the rebuilding of Gaza.")
    row = s.iloc[0]
    named = {"ceasefire", "hostages_detainees", "reconstruction"}
    assert row.act == "AGREE" and set(row.issues.split("; ")) == named
    assert row.issue == row.issues.split("; ")[0] and row.issue in named  # the one the position model ranks first


def test_the_talks_are_the_issue_only_when_no_issue_of_substance_is_named():
    from toolkit.resources.issues import IssueTaxonomy

    taxonomy = IssueTaxonomy.bundled()
    assert taxonomy.classify("Trump described the talks as a way to resolve major trade issues") == "trade"
    assert taxonomy.classify_all("talks on a ceasefire and on tariffs") == ["ceasefire", "trade", "talks"]
    assert taxonomy.classify("the next round of talks will be held in Istanbul") == "talks"


def test_coordinated_holders_with_the_went_on_to_and_a_description_of_the_last_group():
    def rows(text):
        st = tk.analyze(pd.DataFrame({"title": ["t"], "text": [text], "date": ["2025-10-10"]}), cache=False).statements
        return sorted(zip(st.act, st.holder_side))

    assert rows("Iran and the US have agreed to a two-week ceasefire.") == [("AGREE", "Iran"), ("AGREE", "United States")]
    assert ("AGREE", "Hamas") in rows("Israel and Hamas went on to agree to the first phase of the plan.")
    assert rows("Hezbollah fired rockets. Later, the Shia militant group rejected the talks.") == [("REJECT", "Hezbollah")]
    assert rows("Israel is set to approve the deal on Friday.") == [("AGREE", "Israel")]


def test_pressure_on_a_party_is_a_demand_of_whoever_exerts_it():
    st = tk.analyze(pd.DataFrame({"title": ["t"], "date": ["2025-10-10"], "text": [
        "European leaders agreed to put pressure on Russia to end the war. Hungary is under pressure from the EU "
        "to end its imports of Russian gas."]}), cache=False).statements
    assert ("DEMAND", "European Union") in set(zip(st.act, st.holder_side))


def test_holder_candidates_say_where_each_side_is_named_and_the_holder_model_ranks_them():
    from toolkit.extract import Doc
    from toolkit.extract.positions import PositionModel
    from toolkit.extract.statements import holder_candidates
    from toolkit.resources import CueLexicon

    doc = Doc("a", "Hamas rejected the offer from Israel.")
    s_start, s_end = doc.context.sentences[0]
    cue = CueLexicon.bundled().acts(doc.text, s_start, s_end)[0]
    candidates = holder_candidates(doc.context, 0, cue, [], [])
    hamas, israel = candidates["Hamas"][1], candidates["Israel"][1]
    assert {"first", "subject", "before_cue", "near:0-2", "verb_after"} <= hamas
    assert {"after_cue", "prep_before"} <= israel and "subject" not in israel
    model = PositionModel.bundled()
    assert model.reads_holders and model.holder_score(hamas) > model.holder_score(israel)


@pytest.mark.parametrize("text", [
    "The White House has not responded to the BBC's request for a comment.",
    "Journalists had also asked Trump whether Israel should be doing more to allow food into Gaza.",
    "US officials have so far declined to publicly identify any of the US nationals released.",
    "He asked to be identified only by his first name.",
    "He has pleaded not guilty to the charges.",
])
def test_journalism_around_a_cue_is_no_position_for_the_rules_or_the_model(text):
    assert statements_of(text).empty


@pytest.mark.parametrize("text, expected", [
    # an agreement that is only the condition of the main clause is the main clause's demand of the other side
    ("Sir Keir said the UK would make the move in September unless Israel agreed to a ceasefire.",
     [("DEMAND", "United Kingdom", "Israel")]),
    ("The US said it would lift the blockade only if Tehran agrees to reopen the Strait of Hormuz.",
     [("DEMAND", "United States", "Iran")]),
])
def test_an_agreement_in_a_condition_is_a_demand(text, expected):
    s = statements_of(text)
    assert list(zip(s.act, s.holder_side, s.target_side)) == expected


@pytest.mark.parametrize("text, expected", [
    # welcoming a deal is agreeing to it
    ("Qatar welcomed the ceasefire agreement on Friday.", ("AGREE", "Qatar")),
    # "would no longer accept" refuses
    ("Israel said it would no longer accept a partial deal for the hostages.", ("REJECT", "Israel")),
])
def test_welcoming_agrees_and_no_longer_accepting_rejects(text, expected):
    assert expected in list(zip(statements_of(text).act, statements_of(text).holder_side))


@pytest.mark.parametrize("text", [
    "Hamas is ready to resume fighting if Israel breaks the truce.",
    "We are prepared to return to fighting at any moment necessary, Iran said.",
])
def test_being_ready_to_fight_is_a_threat(text):
    acts = list(statements_of(text).act)  # (and its condition a demand: "if Israel breaks the truce")
    assert acts[0] == "THREATEN" and "PROPOSE" not in acts


@pytest.mark.parametrize("text", [
    '"The expectations that Trump is once again engaged in a negotiating tactic, rather than making serious tariff '
    'threats, offer hope to investors," said Vasu Menon, an investment strategist at OCBC.',
    "Kieran Tompkins, senior climate and commodities economist at Capital Economics, said the ceasefire offers "
    "only a narrow window of opportunity.",
])
def test_an_analysts_reading_of_the_talks_is_no_position(text):
    assert statements_of(text).empty


@pytest.mark.parametrize("text, expected", [
    # the owner of a noun cue named by a possessive with a word between ("Ukraine's ceasefire demand")
    ("Moscow has not addressed Ukraine's ceasefire demand.", {("DEMAND", "Ukraine")}),
    # a side adjective, a government or a short country form before the noun
    ("Up to now, Kyiv has resisted Russian demands for more territory.", {("DEMAND", "Russia"), ("REJECT", "Ukraine")}),
    ("The White House welcomed the UK proposal.", {("AGREE", "United States"), ("PROPOSE", "United Kingdom")}),
    ("Kyiv rejected the Kremlin proposal.", {("REJECT", "Ukraine"), ("PROPOSE", "Russia")}),
    # a place named in full owns nothing, and a plural demonym is a subject
    ("The Gaza ceasefire proposal is stalled.", set()),
])
def test_the_owner_of_a_noun_cue(text, expected):
    s = statements_of(text)
    assert set(zip(s.act, s.holder_side)) == expected


def test_an_aside_listing_members_of_the_subject_names_the_holders():
    s = statements_of("Some major economies - including the UK, Japan and South Korea - reached agreements to "
                      "cut tariffs. Ukraine and its Western allies, including the US, have called for an immediate "
                      "ceasefire - but Russia has repeatedly ruled that out.")
    assert set(zip(s.act, s.holder_side)) >= {("AGREE", "United Kingdom"), ("AGREE", "Japan"),
                                              ("AGREE", "South Korea"), ("REQUEST", "Ukraine"),
                                              ("REQUEST", "United States"), ("REJECT", "Russia")}
    assert "Russia" not in set(s[s.act == "REQUEST"].holder_side)


def test_a_list_that_is_the_subject_names_each_holder_and_other_lists_do_not():
    s = statements_of("The group of Muslim-majority countries - Saudi Arabia, Turkey and Qatar - endorsed the plan. "
                      "Two countries, Hungary and Slovakia, refused to back the loan. In September, the US along "
                      "with Egypt and Jordan proposed a humanitarian truce.")
    assert set(zip(s.act, s.holder_side)) == {
        ("AGREE", "Saudi Arabia"), ("AGREE", "Turkey"), ("AGREE", "Qatar"), ("REJECT", "Hungary"),
        ("REJECT", "Slovakia"), ("PROPOSE", "United States"), ("PROPOSE", "Egypt"), ("PROPOSE", "Jordan")}
    s = statements_of("Starmer welcomed the meetings between Russia, Ukraine and the US, saying a deal was near.")
    assert set(s.holder_side) <= {"United Kingdom"}


def test_a_partial_quote_continuing_a_clause_belongs_to_that_clauses_subject():
    s = statements_of('Trump spoke on Sunday. He later posted that Israel "has agreed to the initial withdrawal '
                      'line". Zelensky said he "will never accept" the loss of Crimea. Putin said Kyiv "must '
                      'withdraw" from the regions.')
    assert set(zip(s.act, s.holder_side)) == {("AGREE", "Israel"), ("REJECT", "Ukraine"), ("DEMAND", "Russia")}


def test_its_never_refers_to_a_person():
    s = statements_of("Trump has postponed several deadlines for Iran to remove its threats against ships.")
    assert "United States" not in set(s[s.act == "THREATEN"].holder_side)


@pytest.mark.parametrize("text, expected", [
    ("Araghchi met European diplomats in Geneva who urged him to revive diplomatic efforts.",
     {("REQUEST", "")}),
    ("About 100 countries, which include the UK and EU bloc, had been pushing for curbs to production.",
     {("REQUEST", ""), ("REQUEST", "United Kingdom"), ("REQUEST", "European Union")}),
    ("Delhi and Brussels have also agreed on a mobility framework.", {("AGREE", "India"), ("AGREE", "European Union")}),
    # "the two sides" are the two sides named most often, not the last two named in passing
    ("The US and Denmark have held talks on Greenland. Washington wants more bases and Copenhagen wants "
     "guarantees, as Iceland and the UK did in the past. The two sides have not formally agreed to anything yet.",
     None),
])
def test_holders_of_relative_clauses_member_lists_and_the_two_sides(text, expected):
    s = statements_of(text)
    if expected is None:
        last = s[s.sentence_id == s.sentence_id.max()]
        assert set(last.holder_side) == {"United States", "Denmark"}
    else:
        assert set(zip(s.act, s.holder_side)) == expected


@pytest.mark.parametrize("text, expected", [
    # a participle with "by": every coordinated agent, with or without "the", never a date
    ("The plan proposed by the US and rejected by Kyiv and the Kremlin was cut down.",
     {("PROPOSE", "United States"), ("REJECT", "Ukraine"), ("REJECT", "Russia")}),
    ("Trump threatened tariffs if a ceasefire is not agreed by Friday.", {("THREATEN", "United States")}),
    # a deal still being negotiated is nobody's agreement; "until a deal with X" is a demand of X
    ("Trump said he was unhappy with the terms of a deal being negotiated with Iran.", set()),
    ("The US will not lift its blockade until a deal has been reached with Tehran, Trump said.",
     {("DEMAND", "United States")}),
])
def test_passive_agents_negotiated_deals_and_until_conditions(text, expected):
    s = statements_of(text)
    assert set(zip(s.act, s.holder_side)) >= expected
    assert all(side in {e[1] for e in expected} for side in s.holder_side) or not expected and s.empty


def test_a_group_of_states_holds_its_position_state_by_state_and_speaks_with_no_side():
    text = ('In a joint statement, the foreign ministers of Qatar, Egypt, Jordan and Turkey said they welcomed the '
            '"sincere efforts to end the war".\n\nThey said they were ready to engage with the US to finalise the '
            'agreement.')
    found = statements_of(text)
    assert sorted(found[found.act == "AGREE"].holder_side) == ["Egypt", "Jordan", "Qatar", "Turkey"]
    assert sorted(found[found.act == "PROPOSE"].holder_side) == ["Egypt", "Jordan", "Qatar", "Turkey"]
    quote = tk.analyze(pd.DataFrame({"title": ["t"], "text": [text], "date": ["2025-09-30"]})).quotes.iloc[0]
    assert (quote.speaker, quote.speaker_side) == ("Qatar, Egypt, Jordan and Turkey", "")


def test_a_statement_signed_by_several_states_is_held_by_each_signer():
    text = ("The joint statement was signed by the leaders of Canada, Finland, France and Norway.\n\n"
            'The statement said: "We call for an immediate ceasefire."')
    found = statements_of(text, "2025-11-23")
    assert sorted(found[found.act == "REQUEST"].holder_side) == ["Canada", "Finland", "France", "Norway"]


@pytest.mark.parametrize("text, expected", [
    ("The Sudanese government would agree to stop the fighting only if the RSF was dismantled.",
     ("DEMAND", "Sudan", "Rapid Support Forces")),
    ("Trump threatened Russia with sanctions if a ceasefire was not agreed by Friday.",
     ("DEMAND", "United States", "Russia")),
])
def test_a_condition_of_an_offer_or_a_threat_is_a_demand(text, expected):
    found = statements_of(text)
    assert expected in set(zip(found.act, found.holder_side, found.target_side))


def test_an_indirect_question_is_no_condition():
    assert "DEMAND" not in set(statements_of("Israel agreed to talks to see if Hamas would disarm.").act)


@pytest.mark.parametrize("text, expected", [
    ("On Monday, the Kremlin again said Ukraine should withdraw its troops from the region.",
     [("REQUEST", "Russia")]),
    ("Journalists asked Trump whether Israel should be doing more to allow food into Gaza.", []),
    ('"Of course, Crimea should not have been given up then," Putin added.', []),
])
def test_what_a_party_says_another_should_do_is_a_request(text, expected):
    found = statements_of(text)
    assert [(a, h) for a, h in zip(found.act, found.holder_side) if a == "REQUEST"] == expected


def test_a_model_row_of_a_coordinated_subject_is_held_by_each_member():
    s = statements_of("Qatar, Turkey and Egypt leaned on Hamas to accept the ceasefire plan.")
    assert set(zip(s.found_by, s.holder_side)) == {("model", "Qatar"), ("model", "Turkey"), ("model", "Egypt")}
    # an apposition is no coordination: "Greer, Trump's trade chief," is one person
    s = statements_of("Jamieson Greer, Trump's trade chief, said the talks must cover the bridge and its tolls.")
    assert "United States" not in set(s[s.holder != "Jamieson Greer"].holder_side)


def test_the_government_is_the_government_named_last():
    s = statements_of("The Lebanese government met on Monday. The government said it rejected the plan.")
    assert list(zip(s.act, s.holder_side)) == [("REJECT", "Lebanon")]
    # a capital standing for its government does not count: "the government" stays unplaced
    s = statements_of("Flights to Wellington were cut. The government rejected the plan.")
    assert list(zip(s.act, s.holder_side)) == [("REJECT", "")]


def test_a_statement_holds_the_position_of_each_signatory():
    s = statements_of("The signatories are the foreign ministers of the UK and 27 other nations, including Australia, "
                      'Canada and Japan.\n\nThe statement begins by declaring that "the war in Gaza must end now".',
                      date="2025-07-21")
    assert sorted(s.holder_side) == ["Australia", "Canada", "Japan", "United Kingdom"]
    assert set(s.act) == {"DEMAND"} and set(s.issue) == {"ceasefire"}


@pytest.mark.parametrize("text, proposers", [
    ("Hamas agreed to a proposal drawn up by Qatari and Egyptian mediators.", {"Qatar", "Egypt"}),
    ("Hamas accepted a proposal by Turkey.", {"Turkey"}),
    # a list ends in "and"; a comma alone starts the next clause
    ("Under pressure from Washington, Israel is beginning work to clear rubble.", set()),
])
def test_who_made_a_proposal_named_after_it(text, proposers):
    s = statements_of(text)
    assert set(s[s.act == "PROPOSE"].holder_side) == proposers
    assert "Israel" not in set(s[s.act == "DEMAND"].holder_side)


@pytest.mark.parametrize("text, sides", [
    # a name that only qualifies another is no party: "the Iran-backed group Hezbollah" is Hezbollah
    ("Israel agreed a partial ceasefire with the Iran-backed armed group Hezbollah.", {"Israel", "Hezbollah"}),
    ("The US-brokered deal was rejected by the Iran-backed group Hezbollah.", {"Hezbollah"}),
])
def test_a_qualifying_compound_names_no_holder(text, sides):
    assert set(statements_of(text).holder_side) == sides


@pytest.mark.parametrize("text, act", [
    ("The cabinet approved plans for a massive assault on Gaza City.", "THREATEN"),
    ("Israel's security cabinet approves plan to take control of Gaza City.", "THREATEN"),
    ("The cabinet approved plans for the reconstruction of Gaza.", "AGREE"),
])
def test_approving_plans_of_force_is_a_threat(text, act):
    assert statements_of(text).act.tolist()[:1] == [act]


def test_the_relatives_of_captives_are_not_of_the_captors_side():
    s = statements_of("Family members of some of the hostages taken by Hamas urged the prime minister to wait.\n\n"
                      "On Tuesday, relatives of Israeli hostages still held by Hamas urged Israel to accept the deal.")
    assert s.holder_side.tolist() == ["", "Israel"]


def test_a_phrase_opening_the_sentence_ends_at_its_head_noun():
    s = statements_of("China and the US held talks in Geneva. In May, the two sides struck a fragile truce, agreeing "
                      "to keep talking until they had a final deal.")
    assert sorted(set(s.holder_side)) == ["China", "United States"]
    assert sorted(statements_of("Iran and the US met. The Republican Party cheered. Both countries offered new "
                                "talks on the proposal, raising questions.").holder) == ["Iran", "United States"]
    assert sorted(statements_of("Thailand and Cambodia clashed. After days of fighting, the neighbouring South East "
                                "Asian countries agreed to an immediate ceasefire.").holder) == ["Cambodia", "Thailand"]
    those = statements_of("The US and Thailand signed a deal. Trump claimed zero tariffs in the Philippines and "
                          "Indonesia, but both those countries said much still needs to be negotiated.")
    assert sorted(those[those.sentence_id == 1].holder) == ["Indonesia", "Philippines"]  # the two named last


def test_disputing_a_report_committing_a_crime_and_a_threatening_manner_are_no_positions():
    for text in ("Israel categorically rejected the report as \"distorted and false\".",
                 "Hamas rejected what it called the \"baseless allegations\".",
                 "A UN commission concluded that Israel had committed genocide in Gaza.",
                 "Troops fired at people who approached them in a \"threatening\" manner."):
        assert statements_of(text).empty, text
    assert statements_of("Hamas rejected the proposal.").act.tolist() == ["REJECT"]
    assert statements_of("Hamas committed to releasing the hostages.").act.tolist() == ["AGREE"]


def test_seeking_the_bomb_and_the_reporters_questions_are_no_requests():
    for text in ("Iran has repeatedly denied it is seeking a nuclear bomb.",
                 "The US claims Iran is seeking to develop nuclear weapons.",
                 "Ukraine said Russian forces had committed 2,299 violations since the truce began.",
                 "\"Who is going to help us?\" one resident, Mohamad Mokdad, asked me.",
                 "I asked Kyslytsya, who is a former UN ambassador, how he managed to sit across the table."):
        assert statements_of(text).empty, text
    assert statements_of("Putin shows no sign of ending hostilities. Observers call it a positive sign for ties."
                         ).empty  # "sign" the noun
    assert statements_of("The BBC has asked the IDF for the coordinates. When asked by a reporter whether the date was "
                         "firm, Trump said it was. Passengers should expect higher prices, Walsh said.").empty
    assert statements_of("Both countries offered few details on the proposal. Hezbollah, the militia and political "
                         "party backed by Iran, fired rockets.").empty
    assert "AGREE" in statements_of("Trump embraced a ceasefire proposal backed by Kyiv.").act.tolist()
    assert statements_of("Ukraine is seeking more air defence systems from Germany.").act.tolist() == ["REQUEST"]
    assert statements_of("Zelensky asked the US to send more weapons.").act.tolist() == ["REQUEST"]


def test_an_analysts_must_is_no_partys_position():
    text = ('Elisa Evers, a national security expert at the Council on Foreign Relations, said Europe must do more. '
            '"So yes, Europe is going to have to get more independent," says Peter Trubowitt, a professor.')
    assert statements_of(text).empty
    assert statements_of("Iran's foreign minister said Europe must do more.").holder_side.tolist() == ["Iran"]

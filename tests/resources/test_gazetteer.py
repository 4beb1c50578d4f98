"""The gazetteer: validation with errors that name file, entry and field; the built-in one; add, merge, user
files; surnames and dated roles."""
from __future__ import annotations

import textwrap

import pandas as pd
import pytest

import toolkit as tk
from toolkit.resources.gazetteer import Gazetteer, GazetteerError, derive_surname

BUILTIN = Gazetteer.builtin()


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
    only_file = tk.analyze(corpus, actors=str(path), discover=False).mentions
    assert "jane_roe" not in set(only_file.actor_id)
    discovered = tk.analyze(corpus, actors=str(path)).mentions  # "Envoy Jane Roe" is introduced by a title
    assert discovered.set_index("actor_id").loc["jane_roe", "origin"] == "discovered"


def test_surname_derivation():
    assert derive_surname("Ursula von der Leyen") == "von der Leyen"
    assert derive_surname("Recep Tayyip Erdoğan") == "Erdoğan"
    assert BUILTIN["mohammed_bin_salman"].surnames() == ()  # surname: null switches it off


def test_a_side_naming_an_unknown_actor_names_its_file(tmp_path):
    path = write_yaml(tmp_path, """
        sides:
          Mediators: {government: nobody}
        actors:
          - {id: jane_roe, name: Jane Roe, kind: person, side: Mediators}
        """)
    with pytest.raises(GazetteerError, match=f"{path}: sides\\['Mediators'\\] refers to unknown actor id 'nobody'"):
        Gazetteer.from_yaml(path)


def test_no_track_drops_the_world_layers_names_of_an_organisation():
    # a track file that redefines a world organisation would replace its actor and lose its names ("WHO",
    # "Unicef", "OCHA" of the United Nations): organisations live in the world layer only
    world, builtin = tk.Gazetteer.world(), tk.Gazetteer.builtin()
    forms: dict[str, set] = {}
    for actor in builtin:
        for form in (actor.name, *actor.aliases):
            forms.setdefault(form, set()).add(actor.id)
    for actor in world:
        if actor.kind == "organization":
            for form in (actor.name, *actor.aliases):
                assert {builtin[i].side for i in forms.get(form, ())} == {actor.side}, (actor.id, form)
    assert not {form: ids for form, ids in forms.items() if len(ids) > 1}

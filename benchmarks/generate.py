"""Generators of realistic synthetic inputs for benchmarks: news-like articles and large gazetteers.

Deterministic (seeded). Articles are assembled from sentence templates about talks, with actors from the
gazetteer named in full, by title, by surname, in possessives and in group forms, so every matcher rule runs.

    from benchmarks.generate import synthetic_gazetteer, synthetic_articles
"""
from __future__ import annotations

import random

import pandas as pd

from toolkit.resources.gazetteer import Actor, Gazetteer, Role

_SYLLABLES = ["ka", "lo", "mi", "ren", "dor", "va", "sha", "tro", "nik", "el", "ba", "zu", "pol", "ter", "an",
              "gra", "vin", "osk", "mar", "del", "kov", "enko", "ski", "ov", "ian", "ez", "son", "berg"]
_FIRST = ["Anna", "Oleh", "Maria", "Ivan", "Sofia", "Petr", "Lena", "Tomas", "Hana", "Yusuf", "Amir", "Elif",
          "Jonas", "Clara", "Marek", "Irina", "Pavel", "Dana", "Karim", "Nadia"]
_SIDES = ["Russia", "Ukraine", "United States", "Turkey", "European Union", "Qatar", "United Nations"]
_ADJ = {"Russia": "Russian", "Ukraine": "Ukrainian", "United States": "U.S.", "Turkey": "Turkish",
        "European Union": "EU", "Qatar": "Qatari", "United Nations": "UN"}
_TITLES = ["Foreign Minister", "Defense Minister", "spokesman", "envoy", "Special Envoy", "President", "aide"]
_TEMPLATES = [
    "{title_name} said on {day} that the talks in {city} had been {adj}.",
    "{name} met {name2} for {hours} hours, and both sides agreed to exchange {n} prisoners.",
    "According to {surname}, the {side_adj} delegation rejected the proposal for a ceasefire.",
    '"We are ready to continue," {surname} told reporters. "But we will not accept ultimatums."',
    "{surname}'s office said a {surname}-{surname2} meeting was possible but not yet scheduled.",
    "The {side_adj} delegation and {side_adj2} officials discussed sanctions, territory and guarantees.",
    "Officials said the next round could take place in {city} in {month}, though no date was set.",
    "Analysts said the chances of a lasting truce remained slim after months of fighting.",
    "{title_name} urged both sides to agree to a humanitarian pause as soon as possible.",
    "Markets reacted calmly to the news, and energy prices were little changed on {day}.",
]
_CITIES = ["Istanbul", "Riyadh", "Geneva", "Doha", "Abu Dhabi", "Vienna", "Jeddah"]
_ADJS = ["constructive", "difficult", "useful", "tense", "disappointing", "productive"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
_MONTHS = ["January", "March", "May", "July", "September", "November"]


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def synthetic_gazetteer(n_actors: int, seed: int = 7) -> Gazetteer:
    """A gazetteer of ``n_actors`` invented persons (plus the built-in sides, governments and countries)."""
    rng = random.Random(seed)
    builtin = Gazetteer.builtin()
    base = [a for a in builtin if a.kind in ("country", "government", "organization")]
    seen: set[str] = {a.name for a in base}
    persons = []
    while len(persons) < n_actors:
        name = f"{rng.choice(_FIRST)} {_surname(rng)}"
        if name in seen:
            continue
        seen.add(name)
        side = rng.choice(_SIDES)
        persons.append(Actor(id=f"p{len(persons)}", name=name, kind="person", side=side,
                             gender=rng.choice(["male", "female"]), origin="synthetic",
                             roles=(Role(f"{rng.choice(_TITLES)} of {side}"),)))
    return Gazetteer(base + persons, builtin.sides, builtin.ignore)


def synthetic_articles(n_articles: int, gazetteer: Gazetteer | None = None, seed: int = 11,
                       sentences_per_article: tuple[int, int] = (25, 45)) -> pd.DataFrame:
    """``n_articles`` news-like articles (article_id, title, date, outlet, url, text) naming gazetteer persons."""
    rng = random.Random(seed)
    gazetteer = gazetteer or synthetic_gazetteer(200)
    persons = [a for a in gazetteer if a.kind == "person"]
    rows = []
    start = pd.Timestamp("2025-01-01")
    for i in range(n_articles):
        cast = rng.sample(persons, k=min(4, len(persons)))
        paragraphs, paragraph = [], []
        for _ in range(rng.randint(*sentences_per_article)):
            a, b = rng.sample(cast, 2)
            sentence = rng.choice(_TEMPLATES).format(
                title_name=f"{_ADJ.get(a.side, '')} {rng.choice(_TITLES)} {a.name}".strip(), name=a.name,
                name2=b.name, surname=a.name.split()[-1], surname2=b.name.split()[-1],
                side_adj=_ADJ[rng.choice(_SIDES)], side_adj2=_ADJ[rng.choice(_SIDES)], day=rng.choice(_DAYS),
                city=rng.choice(_CITIES), adj=rng.choice(_ADJS), hours=rng.randint(2, 9),
                n=rng.choice([100, 390, 1000, 1200]), month=rng.choice(_MONTHS))
            paragraph.append(sentence)
            if len(paragraph) >= rng.randint(2, 4):
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        rows.append({"article_id": f"synthetic-{i:06d}", "title": f"Talks round {i}",
                     "date": start + pd.Timedelta(days=i % 500), "outlet": f"Outlet {i % 7}",
                     "url": f"https://outlet{i % 7}.example/{i}", "text": "\n\n".join(paragraphs)})
    return pd.DataFrame(rows)

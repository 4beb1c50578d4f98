"""People discovered from the text: persons the gazetteer does not list, from how news introduces them.

A person introduced with a full name and a title or an apposition becomes an actor of the article, with the
side its title, organisation or adjective gives (empty when the text gives none):

- ``<side>? <modifiers>? <title> <Name>``: "Iranian Foreign Minister Abbas Araghchi", "Hamas official Basem
  Naim", "Qatari Prime Minister Sheikh Mohammed bin Abdulrahman Al Thani";
- ``<Name>, (a|an|the)? <side>'s? <role words>``: "Basem Naim, a senior Hamas official", "Kaja Kallas, the EU's
  foreign policy chief";
- ``<Name>, <role words> (of|for|at) <side>``: "Badr Albusaidi, foreign minister of mediator Oman";
- ``(a|an|the)? <side>'s? <role words>, <Name>``: "Iran's foreign minister, Abbas Araghchi";
- ``(the|its|<Place>'s) <role words> (of <Body>)?, <Name>``: "The party's Treasury spokesperson, Daisy Cooper",
  "Rivne's head, Oleksandr Koval", "the head of the International Energy Agency (IEA), Fatih Birol";
- ``<Name> (said|told|added|...)``, ``<Name>, a <apposition>, said``, ``said <Name>``, ``<Name>, <age>,``: a
  full name as the subject of a reporting verb or given an age (no side from this alone);
- ``<relative> <Name>``: "whose son Nimrod"; ``Lord|Pope|King <Name>``: "Lord Hermer"; bylines ("Additional
  reporting by ...");
- a full name whose first word is a given name (``world/given_names.txt``) and no ordinary word, place or state:
  "Rachel Reeves", "Barack Obama" (no side from this alone); a discovered person's gender is the one that given
  name most often has.

Where the pattern gives no side, the words around it may: a province before the title ("Michigan Senator"),
the person whose aide it is ("Trump's science adviser"), "of <place>" after the name, an apposition placing the
person ("a climate activist from Samoa"), or the scene the paragraph opens with ("In Tel Aviv, ..."); an
official titled with an office of the outlet's own country and no place is of that country (``home``).

Later mentions of the surname alone ("Araghchi said") resolve to that person. :meth:`PeopleFinder.find` is
called by :class:`~toolkit.extract.mentions.ActorMatcher` when discovery is on (the default of ``tk.analyze``).

>>> from toolkit.resources.gazetteer import Gazetteer
>>> finder = PeopleFinder(Gazetteer.world())
>>> [(p.name, p.side, p.role) for p in finder.introductions("Hamas official Basem Naim said so.")]
[('Basem Naim', 'Hamas', 'Hamas official')]
"""
from __future__ import annotations

import bisect
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..resources.files import resource_path
from ..resources.gazetteer import Gazetteer, short_forms, world_regions
from ..text.patterns import trie_regex

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
_WORD = rf"[{_UPPER}][\w'’-]*[\w]"
_PARTICLE = r"(?:von|van|der|den|de|del|da|di|du|la|le|bin|bint|ibn|al|el|ben|abu|Abu|Al|El|dos|das)"
# A name: 2 to 5 capitalised words, with lower-case particles between them ("Mohammed bin Abdulrahman Al Thani").
_NAME = rf"(?:al-|el-)?{_WORD}(?:[ ]+(?:{_PARTICLE}[ ]+)*(?:al-|el-)?{_WORD}){{1,4}}"  # on one line
#: Where a name ends: no letter, hyphen or apostrophe within a word follows ("Rachel Reeves' plan" ends it).
_NAME_END = r"(?![\w-]|['’]\w)"
_REPORTING = ("said", "says", "told", "added", "wrote", "warned", "stressed", "insisted", "argued", "noted",
              "announced", "posted", "tweeted", "urged", "claimed", "confirmed", "explained", "replied")
#: Words that make a capitalised phrase a place, a body, a date or a medium rather than a person (shared with
#: ``suggest_actors``, which adds a few of its own).
PLACE_AND_BODY_WORDS = frozenset("""East West North South Middle Central Social Times Post News Office House Ministry
Council Party Union Forces Force Army Navy Department Committee Court Bank Fund Group Company Corporation Inc Ltd
Street Square Palace Airport Sea Gulf Strait Island Islands River Mountain Mountains Province Region Oblast City
State States Republic Kingdom Emirates Nations Organization Organisation Agency Service Services Institute
University College Foundation Commission Assembly Parliament Senate Congress Government Administration Cabinet
Embassy Channel Network Media Press Television Radio Journal Review Herald Tribune Telegraph Guardian Independent
Reuters Security Defence Defense Affairs Affair Treaty Agreement Accord Accords Summit Conference Forum Club League
Association Federation Alliance Coalition Convention Conventions Front Movement Brigade Brigades Battalion Regiment
Division Corps Guard Guards Command Centre Center Station Plant Port Bridge Road Line Zone Area Territory Territories Peninsula Basin
Valley Canal Lake Truth Day Week Year Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
March April June July August September October November December Europe America Africa Asia Kremlin St Saint Fort
Mount Cape New Prize Award Peace War Cup Games Olympics Economics Research Analytics Consulting Partners Capital
Advisors Associates Intelligence Insights Holdings Securities Markets Trust Labs Technologies Falls Beach Springs
Heights Hills Gardens Avenue Lane Bay Harbour Harbor Village County District School Business Declaration Base
Program Programme Scholarship Embankment Institution Institutions Maritime Shipping Logistics
Energy""".split())
#: ... and for discovered persons also parties, faiths, places and media of the tracks, and determiners.
NOT_PERSON_WORDS = PLACE_AND_BODY_WORDS | frozenset("""Strip Hospital Camp Crossing Corridor Ceasefire Deal Plan
Board Authority Jihad Kibbutz Jewish Christian Muslim Arab Arabs Jews Hamas Hezbollah Houthis Taliban Israel Iran
Gaza BBC CNN Whatsapp The This That These Those Their His Her Its Our Some Many Most Both All Any Other Another
Such Several Mr Mrs Ms Dr Sir""".split())
_MONTHS_AND_DAYS = frozenset("""January February March April May June July August September October November
December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())
#: Capitalised words that start sentences but never a name: articles, prepositions, conjunctions, adverbs,
#: forms of address, days and months (extended for name runs below and for surnames in ``mentions.py``).
FUNCTION_WORDS = _MONTHS_AND_DAYS | frozenset("""The A An This In On At By For From With And But Or If When While As
After Before Since Until Although Though Because Then Now Meanwhile However Also Still Even Only Both Mr Mrs Ms Dr
Sir""".split())


#: Role nouns that introduce a person after a side word, besides ``titles.yaml``: "Hamas official X".
_EXTRA_TITLES = ("official", "spokesman", "spokeswoman", "spokesperson", "negotiator", "leader", "commander",
                 "minister", "envoy", "ambassador", "adviser", "advisor", "diplomat", "analyst", "member", "activist",
                 # professions news puts before or after a name: "investment strategist Vasu Menon", "X, a banker"
                 "economist", "strategist", "researcher", "banker", "lawyer", "campaigner", "head", "priest", "cleric",
                 # "his Rwandan counterpart Paul Kagame", "US representative John Kelley"
                 "counterpart", "representative")

#: Ranks and honorifics before a name, not part of it: "Lt Col Nadav Shoshani", "Sheikh Tamim".
_RANKS = frozenset("""Sheikh Sheik Emir King Queen Prince Princess Crown General Gen Gen. Lt Lt. Col Col. Lt-Col Maj
Maj. Capt Capt. Brig Brig. Sgt Adm Colonel Major Captain Lieutenant Brigadier Admiral Commander Prof Prof.
Professor Dr Lord Lady Sir Dame Rabbi Imam Ayatollah Father Pope Judge Justice Senator Sen. Rep. Priest Bishop
Archbishop Patriarch Metropolitan Cardinal Reverend Rev Rev. Pastor Cleric""".split())


#: Nouns for a person that neither the title lexicon nor an agent-noun ending gives ("a British citizen").
_PERSON_NOUNS = frozenset("chief aide citizen national chair general rapporteur delegate deputy attaché attache "
                          "veteran hostage captive spy pilot expert mp ceo".split())
_AGENT_NOUN = re.compile(r"(?:er|or|ist|ian|(?<!m)ent|ant|man|woman|person|ee)$")  # not "government", "statement"
#: Nouns for private persons that open a sentence before a name: "Resident Khadar Abu Kweik told the BBC".
_DESCRIBERS = frozenset("Resident Teenager Farmer Student Pensioner Shopkeeper Widow Soldier Activist Nurse".split())
#: Titles that name a person with one name: peers ("Lord Hermer", "Baroness Chapman"), popes ("Pope Leo") and
#: monarchs ("King Charles").
_PEERAGE = frozenset("Lord Lady Baroness Baron Pope King Queen Prince Princess".split())

#: An apposition after a name, up to its end or the verb: ", a climate activist from Samoa,".
_APPOSITION = re.compile(r",\s+(?:\d{1,3},\s+)?(?:who\s+lives\s+|who\s+is\s+|(?:a|an|the)\s+|(?=from\s))"
                         r"[^,;:.\"“”]{0,80}")
#: An apposition that gives a person an office: a role word, then where ("a former commander in Iran's ...",
#: "who worked in Israeli military intelligence", "diplomatic adviser to the president of the UAE").
_OFFICE_APPOSITION = re.compile(
    r",\s+(?:\d{1,3},\s+)?(?:who\s+(?:is|was|has|had|now)?\s*(?:also\s+|now\s+)?)?(?P<office>(?:an?\s+|the\s+)?"
    r"[^,;:.\"“”()]{0,30}?\b(?:adviser|advisor|commander|head|chief|director|member|minister|official|officer|"
    r"spokesman|spokeswoman|spokesperson|envoy|ambassador|negotiator|secretary|chairs?|chairman|heads|leads|"
    r"MPs?|MEPs?|lawmaker|legislator|senator|congressman|congresswoman|mayor|governor|councillor|"
    r"worked|works|served|serves|commanded|commands|headed|led)\b[^,;:.\"“”]{0,80})")
#: A side's name before the lower-case words of an office: "UN human rights office (spokesperson)".
_BODY_BEFORE_OFFICE = re.compile(r"(?:^|(?<=[\s(\"“]))(?P<body>[A-Z][\w'’.-]*)\s+(?:(?!(?:with|and|or|of|to|in|for|by|"
                                r"at|on|from|as|the|a|an|said|says|told|met|meets)\s)[a-z]+\s+){1,3}$")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*")
#: The rest of a person's clause after the name, up to what they say: a reporting verb, a quotation or the end.
_CLAUSE_AFTER_NAME = re.compile(r"[^.;:\"“”\n]{0,120}?"
                                r"(?=\b(?:said|says|told|tells|added|adds|wrote|writes)\b|[.;:\"“”\n]|$)")
#: Where a person lives, shelters or works: "used to live in X", "was displaced to X", "based in X", "born in X",
#: "owns a shoe business in X", "making his way to his home in X".
_RESIDENCE = re.compile(r"\b(?:live|lives|lived|living|based|born|displaced|sheltering|settled|resident|works|worked|"
                        r"owns|owned|runs|ran|farms|home)\s+(?:\w+\s+){0,3}?(?:in|to|at)\s+(?:the\s+)?"
                        r"(?:nearby\s+|northern\s+|southern\s+|central\s+)?"
                        r"(?P<place>(?:al-|el-)?[A-Z][\w'’-]*(?:\s+(?:al-|el-)?[A-Z][\w'’-]*){0,3})"
                        r"(?:\s+near\s+(?P<near>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?))?")
_REPORTERS = re.compile(r"\b(?:journalist|correspondent|reporter|editor|photographer|producer|analyst|researcher)s?\b",
                        re.IGNORECASE)
#: A place or body after "from", "in" or "of": "from Samoa", "in Gaza City", "from the Palestinian Prisoners Club",
#: "in the southern Hormozgan province".
_PLACE = re.compile(r"\b(?:from|in|lives in|of)\s+(?:the\s+)?"
                    r"(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+|central\s+|occupied\s+)?"
                    r"(?P<place>(?:al-|el-)?[A-Z][\w'’-]*(?:\s+(?:al-|el-)?[A-Z][\w'’-]*){0,3})")

#: Words that make a speaker an analyst rather than a party ("China policy analyst X", "an economist at ..."):
#: such a person takes no side from the words of the title.
EXPERT_WORDS = re.compile(r"\b(?:analysts?|experts?|economists?|professor|prof|strategists?|researchers?|fellow|"
                          r"think[- ]tank|consultants?|lecturer|observers?|commentators?)\b", re.I)

_RELATIVES = ("mother|father|son|daughter|brother|sister|wife|husband|cousin|uncle|aunt|grandson|granddaughter|"
              "grandmother|grandfather|partner|fiancee|fiancée|fiance|nephew|niece|sister-in-law|brother-in-law")
#: A person's possessive right before a role: "Trump's science adviser".
_PERSON_OWNER = re.compile(r"([A-Z][\w'’-]*)['’]s\s+(?:[a-z]+\s+){0,2}$")
#: "<Name>(,) of|from <Place>(, <Region>)": "Mayor Drew Dilkens of Windsor, Ontario", "MP X from Ukraine's ruling
#: party", "campaigner X, from Mexico".
_OF_PLACE = re.compile(r",?\s+(?:of|from)\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
                       r"(?:,\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?))?")
#: The apposition after a name, up to the end of its clause: ", chief executive of the Canadian Chamber of Commerce".
_APPOSITION_TEXT = re.compile(r"(?:,[^.;:\"“”\n]{0,150})?")
#: Business, trade and research bodies named in such an apposition: their people speak for no state.
_NON_STATE_BODY = re.compile(r"\b(?:[Cc]hambers?\s+of\s+[Cc]ommerce|[Aa]ssociation|[Cc]orporation|[Cc]onsultancy|"
                             r"[Cc]ouncil\s+on\s+Foreign\s+Relations|[Tt]hink[- ]tank|Institute|University|"
                             r"(?:trade|industry|business|employers['’]?)\s+(?:body|group|lobby|federation))\b")
_SERVED = re.compile(r"\b(?:worked|served|former|formerly|ex|previously)\b")
#: Having served a state, in an expert's apposition: "who served as an adviser to the Biden administration",
#: "a former US intelligence officer".
_SERVED_OFFICE = re.compile(r"\b(?:served|worked)\s+(?:as|in|for|at|with|under)\b[^,;.]{0,80}|\bformer(?:ly)?\s+"
                            r"(?:[\w-]+\s+){0,3}?(?:officials?|advis[eo]r|minister|ambassador|diplomat|officer|"
                            r"commander|envoy|negotiator|general|spokes(?:man|woman|person)|intelligence|military)\b")
#: Bodies whose members speak for no state: universities, think tanks, the media.
_NOT_A_SIDE_BODY = re.compile(r"\b(?:University|Institute|College|School|Academy|Centre|Center|Foundation|House|"
                              r"News|Times|Post|TV|Radio|Television|Journal|Press|Agency|Bank|Group|network|"
                              r"broadcaster|newspaper|channel|think[- ]tank|university)\b")
#: A paragraph that opens on a scene: "In Tel Aviv, ...", "In Tel Aviv's Hostages Square earlier, ...".
_SCENE = re.compile(r"\s*(?:In|At|Outside|Inside|Across|Back in)\s+(?:the\s+)?"
                    r"(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})(?:\s+[a-z]+){0,2}\s*,")
#: What a private person's sentence opens with before their name: nothing, their quotation and a reporting verb
#: ('"...," said'), or their age ("26-year-old Mariya").
_PRIVATE_OPENING = re.compile(r"\s*(?:.*[\"”’]\s*,?\s*(?:(?:said|says|told|added|recalled|recalls|wrote)\s+)?)?"
                              r"(?:\d{1,3}-year-old\s+)?")
#: Words of a story of hostages and prisoners.
_CAPTIVITY = re.compile(r"\b(?:hostages?|captives?|captivity|kidnapped|abducted|abduction|(?:is|are|was|were|being|"
                        r"been)\s+held)\b", re.I)
#: A place the story is set in: "in Gaza City", "outside al-Shifa hospital in Gaza City", "in central Kyiv" (not
#: where someone is held: "hostages held in Gaza").
_LOCATED = re.compile(r"(?<!held )(?<!kept )(?<!captive )(?<!hostage )(?<!jailed )(?<!detained )(?<!imprisoned )"
                      r"\b(?:[Ii]n|[Aa]t|[Ff]rom|[Nn]ear|[Oo]utside|[Aa]cross)\s+(?:the\s+)?"
                      r"(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+|central\s+|occupied\s+)?"
                      r"(?P<place>(?:al-|el-)?[A-Z][\w'’-]*(?:\s+(?:al-|el-)?[A-Z][\w'’-]*){0,3})")

#: Given names that mostly start places: "San Jose", "Abu Dhabi", "Tel Aviv", "Deir al-Balah".
_PLACE_FIRST_WORDS = frozenset("San Santa Santo Sao São Saint Abu Al El Ben Bin Ras Sidi Tel Kafr Beit Deir Khan "
                               "Wadi Port Fort".split())
#: Words around a full name that make it a place or a thing: "the Balfour Declaration", "kibbutz Nir Oz", "near
#: Kerem Shalom", "Kerem Shalom crossing" (matched on "<10 characters before>|<14 after>").
_NOT_A_PERSON_AROUND = re.compile(r"(?:\b(?:the|The|kibbutz|Kibbutz|USS|HMS|in|near|at|into|across|towards|western|"
                                  r"eastern|northern|southern|central)\s+\||\|\s+(?:crossing|kibbutz|border|camp|"
                                  r"base|island|airport|neighbourhood|neighborhood|district|area|village|town|"
                                  r"region|province|street|road|square|bridge|port)\b)")
#: Pattern kinds that are a bare name: kept only when the name's first word is no ordinary word.
_BARE = ("name_said", "said_name", "name_age", "recurring", "given")
#: A full name anywhere, for names introduced without a title or a reporting verb ("Now Sergio Gor is set to
#: ...") whose surname the article then uses on its own.
_FULL_NAME = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME}){_NAME_END}")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w’'-]*[\w]")

#: A side word that opens a matter between two sides: "envoy for Israeli-Palestinian negotiations" (not a
#: nationality: "the father of Israeli-American X").
_BETWEEN_TWO_SIDES = (r"-[\w'’]+\s+(?:negotiations|talks|conflict|war|relations|peace|process|ceasefire|border|deal|"
                      r"dispute|affairs|issues?)\b")
#: A side word that ends a longer place name is not that side: "Northern Ireland Secretary", "South Sudan".
_NOT_AFTER_COMPASS = "(?<!North )(?<!South )(?<!East )(?<!West )(?<!Northern )(?<!Southern )(?<!Eastern )(?<!Western )"

_PREPOSITIONS = frozenset("In On At From For With By To Of Into Across Near Outside Inside Over Under After Before "
                          "Since During Despite Amid Among Between Through Towards Toward Via".split())


@dataclass(frozen=True)
class Introduced:
    """A person introduced in the text: the name's span, its side ("" when the text gives none) and role."""

    name: str
    start: int
    end: int
    side: str
    role: str
    home: bool = False  # titled with a state office and no country: of the outlet's own country (see find)
    titled: bool = False  # introduced with a title or an office (officials are not named by first name later)


def common_words() -> frozenset[str]:
    """Lower-case English words that are not proper nouns (TextBlob's bundled lexicon), for surnames such as
    "Rice", "Love" or "May" that are also ordinary words."""
    return _lexicon()[0]


def proper_nouns() -> frozenset[str]:
    """Capitalised words the same lexicon tags as proper nouns: first names and places ("Henry", "Lara")."""
    return _lexicon()[1]


def adverbs() -> frozenset[str]:
    """Lower-case words the same lexicon tags as adverbs ("additionally", "afterwards", "however")."""
    return _lexicon()[2]


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    spec = importlib.util.find_spec("textblob")  # its data file only: importing TextBlob would load NLTK
    path = Path(spec.origin).parent / "en" / "en-lexicon.txt"
    common, proper, adverb = set(), set(), set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, tag = line.partition(" ")
            if tag.startswith("NNP"):
                if word[:1].isupper():
                    proper.add(word)
            elif word.islower():
                common.add(word)
                if tag.startswith("RB"):
                    adverb.add(word)
    return frozenset(common), frozenset(proper), frozenset(adverb)


class PeopleFinder:
    """Finds persons introduced in a text (compiled once per gazetteer: its titles, adjectives and owners)."""

    def __init__(self, gazetteer: Gazetteer):
        self.adjectives = gazetteer.side_of_adjective()
        owners = gazetteer.owner_forms()
        for actor in gazetteer:  # organisations named as such ("Hamas", "the IAEA") are owners of their side
            if actor.kind in ("organization", "government") and actor.side:
                for form in (actor.name, *actor.aliases):
                    owners.setdefault(form.removeprefix("the "), actor.side)
        for actor in gazetteer:  # ... and so are their members' words: "Conservative leader", "Democratic senator"
            if actor.kind == "organization" and actor.side:
                for form in (actor.name, *actor.aliases):
                    owners.setdefault(_member_word(form), actor.side)
        self.owners = owners
        # provinces and cities of the world layer's states: "Michigan Senator X", "Ontario Premier X"
        self.regions = {region: side for region, side in world_regions().items() if side in gazetteer.sides}
        self.home_titles = frozenset(t.lower() for t in gazetteer.titles.get("home_titles") or [])
        # "Trump's science adviser X": a person's aide is of that person's side (surnames shared by two sides
        # give none)
        person_sides: dict[str, set[str]] = {}
        for actor in gazetteer:
            if actor.kind == "person" and actor.side:
                for form in (actor.name, *actor.surnames()):
                    person_sides.setdefault(form, set()).add(actor.side)
        self.person_sides = {form: next(iter(sides)) for form, sides in person_sides.items() if len(sides) == 1}
        self.known_surnames = frozenset(s for actor in gazetteer if actor.kind == "person" for s in actor.surnames())
        #: the given names of each known surname's bearers ("Trump": "Donald"), in their full names and aliases
        self.known_given: dict[str, set[str]] = {}
        for actor in gazetteer:
            if actor.kind == "person":
                for form in (actor.name, *actor.aliases):
                    if len(form.split()) > 1:
                        self.known_given.setdefault(form.split()[-1], set()).add(form.split()[0])
        self.known_first = frozenset(given for names in self.known_given.values() for given in names)
        self.title_sides = dict(gazetteer.titles.get("title_sides") or {})
        titles = gazetteer.titles.get("titles") or []
        self._person_nouns = frozenset(w.lower() for t in (*titles, *_EXTRA_TITLES) for w in t.split()[-1:])
        modifiers = [*gazetteer.titles.get("modifiers", []), "ex"]
        side_words = trie_regex(sorted(set(self.adjectives) | short_forms(owners)))
        title = trie_regex(sorted(set(titles) | set(_EXTRA_TITLES) | {t.capitalize() for t in _EXTRA_TITLES}))
        mods = trie_regex(sorted(set(modifiers)))
        lower_title = trie_regex(sorted({t for t in (*titles, *_EXTRA_TITLES) if t.islower()} | {"fellow"}))
        # role words are lower case ("attaché") or acronyms ("MP", "CEO")
        word = r"(?:[a-zà-öø-ÿ][a-zà-öø-ÿ-]*|[A-Z]{2,4}s?(?![\w'’-]))"
        role = rf"{word}(?:\s+{word}){{0,5}}?"
        after_role = r"(?=\s*[,.;)]|\s+(?:who|and|said|told|has|had|was|is|in|at|on|to|of|for|from|with)\b)"
        between = r"(?!(?:that|which|who|and|or|but|to|of|the|a|an|in|on|at|for|with|as|by|said|says|told)\s)"
        # (kind, pattern): the kind says where the side and the role are (see _role)
        self._patterns = [(kind, re.compile(pattern)) for kind, pattern in (
            ("title_name", rf"(?<![\w'’])(?:{_NOT_AFTER_COMPASS}(?P<side>{side_words})(?:['’]s)?\s+"
                           rf"(?:{between}[A-Za-z]+\s+(?:{between}[a-z]+\s+)??)??)?"
                           rf"(?P<mods>(?:(?:{mods})\s+)*)(?P<title>{title})\s+(?P<name>{_NAME}){_NAME_END}"),
            ("name_side_role", rf"(?<![\w'’-])(?P<name>{_NAME}),\s+(?:(?:a|an|the)\s+)?(?P<mods>(?:(?:{mods})\s+)*)"
                               rf"(?P<side>{side_words})(?:['’]s)?\s+(?P<role>{role}){after_role}"),
            ("name_role_of_side", rf"(?<![\w'’-])(?P<name>{_NAME}),\s+(?:(?:a|an|the)\s+)?(?![a-z]+ing\s)"
                                  rf"(?P<role>{role})\s+"
                                  rf"(?:of|for|at|to)\s+(?:(?:the|mediator|neighbouring|neighboring)\s+)?"
                                  rf"(?P<side>{side_words})(?![\w]|{_BETWEEN_TWO_SIDES})"),
            ("side_role_name", rf"(?:(?<=[\s(])|^)(?:(?:[Aa]n?|[Tt]he)\s+)?(?P<mods>(?:(?:{mods})\s+)*)(?:then-)?"
                               rf"(?P<side>{side_words})(?:['’]s)?\s+"
                               rf"(?P<role>(?:(?:{mods})\s+)*(?:[a-z-]+\s+){{0,4}}?(?:{lower_title}|{title}))"
                               rf"(?:\s+(?:to|in|at)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?,"  # "to Cuba,"
                               rf"\s+(?P<name>{_NAME}){_NAME_END}"),
            # a role without a side before the name, in apposition: "The party's Treasury spokesperson, Daisy Cooper,"
            ("role_name", rf"(?:(?<=[\s(])|^)(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|(?P<owner>[A-Z][\w-]*)['’]s)\s+"
                          rf"(?:[\w'’-]+\s+){{0,3}}?(?P<role>{lower_title})"
                          # "the head of the International Energy Agency (IEA), Fatih Birol,"
                          rf"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][^,;:.()]{{0,60}})(?:\s+\([A-Z]{{2,6}}\))?)?"
                          rf",\s+(?P<name>{_NAME})(?=[,.;])"),
            # journalists credited at the end: "Additional reporting by Michael Race and Philippa Wain"
            ("byline", rf"\b[Rr]eporting\s+by\s+(?P<name>{_NAME})"),
            ("byline", rf"\b[Rr]eporting\s+by\s+{_NAME}(?:,\s+{_NAME})*\s+and\s+(?P<name>{_NAME})"),
            *(("byline", rf"\b[Rr]eporting\s+by\s+(?:{_NAME},\s+){{{k}}}(?P<name>{_NAME})(?=,|\s+and\s)")
              for k in (1, 2, 3)),  # "... by Lyse Doucet, Rushdi Abualouf and Alice Cuddy"
            # a byline on a line of its own: "By Jake Kwon, Seoul correspondent"
            ("byline", rf"(?m)^By\s+(?P<name>{_NAME})(?=[ \t]*$|,[^\n]*{_REPORTERS.pattern}[^\n]*$)"),
            # no side from these: "Ruth Levy said", "said Brian Katulis", "Matan Zangauker, 25,", "Vicky Cohen,
            # whose son", and "Motasem Dalloul, a journalist in Gaza City" (a role but no side)
            ("name_said", rf"(?<![\w'’-])(?P<name>{_NAME}),?\s+(?:{'|'.join(_REPORTING)})\b"),
            # ... and with an apposition between: "Anshel Pfeffer, a veteran Israeli journalist and biographer of
            # Netanyahu, said"
            ("name_said", rf"(?<![\w'’-])(?P<name>{_NAME}),\s+(?:a|an|the)\s+[^,;:.\"“”()]{{3,100}},\s+"
                          rf"(?:{'|'.join(_REPORTING)})\b"),
            ("said_name", rf"\b(?:said|says|added|wrote)\s+(?P<name>{_NAME})(?=\s*[,.;]|\s+(?:of|from|in|at|who)\b)"),
            ("name_age", rf"(?<![\w'’-])(?P<name>{_NAME}),\s+(?:\d{{1,3}}[,.)]|who\s|who['’]s\s|whose\s)"),
            ("name_role", rf"(?<![\w'’-])(?P<name>{_NAME}),\s+(?:(?:a|an|the)\s+)?(?P<mods>(?:(?:{mods})\s+)*)"
                          rf"(?P<role>(?:[a-z-]+\s+){{0,2}}?(?:{lower_title})){after_role}"),
            # a relative named by first name: "whose son Nimrod", "his mother Einav", "mother Gertrudis"; and
            # anyone introduced by age: "78-year-old Valentina", "24-year-old Evyatar David"
            ("relative", rf"\b(?:{_RELATIVES}|\d{{1,3}}-year-old)\s+(?P<name>{_WORD}(?:[ ]+{_WORD})?)(?![\w'’-])"),
            # "His grandmother, Amal,", "Her husband, Brenei Hernández – a construction worker"
            ("relative", rf"\b(?:{_RELATIVES}),\s+(?P<name>{_WORD}(?:[ ]+{_WORD})?)(?=,|\s+[-–—]\s)"),
            # someone the reporter meets, named by a given name alone: "Maor, a 32-year-old truck driver", "Sami,
            # who has run his business there", "Rida, 52," at the start of a sentence or after "said"; "a man
            # called Haider"; "teenager Yarden" (the name must be a given name and no ordinary word)
            ("first_name", rf"(?:\A|(?<=\n)|(?<=[.!?] )|(?<=[.!?][\"”] )|(?<=\bsaid )|(?<=\bsays )|(?<=\btold ))"
                           rf"(?P<name>{_WORD}),\s+(?:\d{{1,3}},|who\s|whose\s|(?:a|an)\s+"
                           rf"(?P<role>[\w-]+(?:\s+[\w-]+){{0,4}}))"),
            ("first_name", rf"\b[Aa]n?\s+(?:man|woman|boy|girl|resident|farmer|doctor|nurse|soldier|mother|father)"
                           rf"\s+(?:called|named)\s+(?P<name>{_WORD})(?![\w'’-])(?!\s+[A-Z])"),
            ("first_name", rf"(?<![\w'’-])(?:[Tt]eenager|[Bb]aby|[Rr]esident|[Ss]tudent|[Ff]armer|[Pp]ensioner|"
                           rf"[Ss]hopkeeper|[Ww]idow|[Ss]oldier)\s+(?P<name>{_WORD})(?![\w'’-])(?!\s+[A-Z])"),
            # a peer, pope or monarch, named by the title: "Lord Hermer", "Pope Leo" (side from `title_sides`)
            ("peer", rf"(?<![\w'’-])(?P<name>(?P<title>{'|'.join(sorted(_PEERAGE - {'Lady'}))})\s+{_WORD})"
                     rf"(?![\w'’-])"),
        )]

    def introductions(self, text: str) -> list[Introduced]:
        """Every introduction of a person in ``text``, in order (one name may be introduced several times)."""
        found: dict[tuple[int, int], Introduced] = {}
        for kind, pattern in self._patterns:
            for m in pattern.finditer(text):
                person = self._person(m, kind)
                if person and not any(s < person.end and person.start < e for s, e in found):
                    found[(person.start, person.end)] = person
        initials = {(p.name.split()[-1], p.name[0]) for p in found.values()}
        for person in self._recurring(text) + self._given_named(text):
            # a second full name of an introduced surname with the same initial is the same person ("Masha
            # Kolesnikova" after "Maria Kolesnikova"); another initial is a relative ("Amal" and "Suzan Khalil")
            if not any(s < person.end and person.start < e for s, e in found) and \
                    (person.name.split()[-1], person.name[0]) not in initials:
                initials.add((person.name.split()[-1], person.name[0]))
                found[(person.start, person.end)] = person
        return sorted(found.values(), key=lambda p: p.start)

    def _given_named(self, text: str) -> list[Introduced]:
        """Full names that start with a given name and that no pattern introduced: "Rachel Reeves", "Barack
        Obama". The given name must be no ordinary word ("Will", "Hope") unless it is also a name and the
        surname is no ordinary word ("Lana Khalil", not "Red Cross"), no side's name or adjective
        ("Israel", "Jordan") and no place; the name no place ("San Jose") and no known person's surname."""
        names = given_names()
        out = []
        for m in _FULL_NAME.finditer(text):
            words = m.group("name").split()
            # a title the lexicon lacks before the name: "... for Energy Security and Net Zero Ed Miliband",
            # "Slovakia's Robert Fico", "Leading US Democrat Hakeem Jeffries" (not "Tel Aviv Museum", "Dow Jones
            # Industrial Average": an ordinary last word); the words before give the side
            later = 0 if words[0] in names or re.sub(r"['’]s$", "", words[-1]).lower() in common_words() else \
                next((k for k in range(1, len(words) - 1) if words[k] in names), 0)
            prefix_side = ""
            if later:
                if not re.search(r"\bto\s+(?:the\s+)?$", text[max(0, m.start() - 8):m.start()]):  # not "envoy to
                    # the United Nations John Kelley"
                    prefix_side = next((s for s in (self._place_side(" ".join(words[k:later])) for k in range(later))
                                        if s), "")
                m = _FULL_NAME.match(text, text.index(" " + words[later], m.start("name")) + 1)
                if m is None:
                    continue
                words = m.group("name").split()
            first = next((w for w in words if w not in NOT_PERSON_WORDS and w not in _RANKS and w not in _SKIP), "")
            if first not in names or first in _PLACE_FIRST_WORDS or not self._plain_name([first, words[-1]]) or \
                    re.search(r"['’]s\s", m.group("name")) or first in self.regions or \
                    first in self.owners or first in self.adjectives or m.group("name") in self.regions:
                continue
            if any(" ".join(words[:k]) in self.owners or " ".join(words[:k]) in self.regions
                   for k in range(2, len(words) + 1)):
                continue  # "Hong Kong", "Sri Lanka Minister"
            person = self._person(m, "given")
            if person and person.name.split()[0] == first and self._not_a_known_person(person.name) \
                    and not _NOT_A_PERSON_AROUND.search(text[max(0, person.start - 10):person.start] + "|" +
                                                        text[person.end:person.end + 14]):
                # not "the Balfour Declaration", "Kibbutz Nir Oz", "Kerem Shalom crossing"
                out.append(replace(person, side=person.side or prefix_side))
        return out

    def _not_a_known_person(self, name: str) -> bool:
        """Whether a full name is nobody the gazetteer knows: its surname is no known person's, or it is with
        another given name, a relative's ("Eric Trump", "Sara Netanyahu"; not "Volodomyr Zelensky", a
        misspelling)."""
        words = name.split()
        return words[-1] not in self.known_surnames or (
            words[-1] in self.known_given and not any(spelt_alike(words[0], g) for g in self.known_given[words[-1]]))

    def _recurring(self, text: str) -> list[Introduced]:
        """Full names that no pattern introduced but whose surname the text then uses on its own at least twice
        (news names a person in full once, then by surname): "Now Sergio Gor is set to ... Gor is said to"."""
        words = Counter(_CAPITALISED.findall(text))
        out = []
        for m in _FULL_NAME.finditer(text):
            surname = m.group("name").split()[-1]
            if words[surname] < 3 or surname in self.known_surnames:
                continue
            if re.search(r"['’]s\s", m.group("name")) or m.group("name") in self.regions or any(
                    w in self.regions or w in self.owners for w in m.group("name").split()):
                continue  # "El Salvador's Cecot", "Geneva Convention", "Nir Oz"
            person = self._person(m, "recurring")
            if person and person.name.split()[-1] == surname and \
                    words[surname] - len(re.findall(rf"\b{re.escape(person.name)}\b", text)) >= 2:
                out.append(person)
        return out

    def _person(self, m: re.Match, kind: str) -> Introduced | None:
        words = m.group("name").split()
        start = m.start("name")
        if words[0] in _PREPOSITIONS:
            return None  # "In Tel Aviv", "From Doha"
        peer = len(words) == 2 and words[0] in _PEERAGE  # a peer is named by the title: "Lord Hermer"
        if peer and words[0] in ("Prince", "Princess") and words[1] in self.known_first:
            return None  # "Prince Mohammed" is the known "Crown Prince Mohammed bin Salman"
        while not peer and words and (words[0] in NOT_PERSON_WORDS or words[0] in _RANKS or words[0] in _SKIP or
                                      words[0] in _DESCRIBERS):  # "Resident Khadar Abu Kweik told the BBC"
            start += len(words[0]) + 1
            words = words[1:]
        owned = max((k + 1 for k, w in enumerate(words[:-1]) if re.search(r"['’]s$", w)), default=0)
        owner_side = ""
        if owned:  # "Unicef's James Elder": the name after its owner; "Pakistan's Prime Minister" is no name
            owner = re.sub(r"['’]s$", "", " ".join(words[:owned]))  # "Reform UK's Zia Yusuf" (not an acronym: the
            owner_side = "" if owner.isupper() else self._place_side(owner)  # ICC of "ICC's X" may be a chamber)
            start += len(" ".join(words[:owned])) + 1
            words = words[owned:]
            if words[-1].lower() in self._person_nouns:
                return None
        if words and re.search(r"['’]s$", words[-1]):
            words[-1] = words[-1][:-2]
        one_word = kind in ("relative", "first_name")  # the kinds that may name someone by one word
        if one_word and len(words) == 1 and (
                words[0].lower() in common_words() or words[0] in self.adjectives or words[0] in self.owners):
            return None
        if kind == "first_name" and (
                len(words) != 1 or words[0] not in given_names() or words[0] in self.regions or
                words[0] in self.known_surnames or words[0] in _PLACE_FIRST_WORDS or
                m.groupdict().get("role") and not self._names_a_person(m.group("role"))):
            return None
        if len(words) < (1 if one_word else 2) or len(words) > 5 or words[-1] in ("Al", "Abu", "El") or any(
                w in NOT_PERSON_WORDS or w in self.adjectives or w.removesuffix("s") in self.adjectives
                or (w.isupper() and len(w) > 1) or any(c.isdigit() for c in w) for w in words):
            return None
        if kind in _BARE and not self._plain_name(words) and not (
                kind == "name_age" and words[0] in given_names() and re.match(r",\s+\d", m.string[m.end("name"):])):
            return None  # "Theresa May said" is a person, "Red Cross said" is not; so is "Aya Shreiteh, 26,"
        if kind == "name_side_role" and not self._names_a_person(m.group("role")):
            return None  # "says Ricardo Torres, Washington's ultimate goal ...", "X, Hamas's hostage whose body"
        name = " ".join(words)
        side_word = m.groupdict().get("side") or ""
        side = self.adjectives.get(side_word) or self.owners.get(side_word, "") if side_word else ""
        title = (m.groupdict().get("title") or "").strip()
        side = side or self.title_sides.get(words[0] if peer else title, "") or owner_side
        role = self._role(m, kind, side_word)
        place = self._place_before(m.string, m.start()) if kind == "title_name" and not side else ""
        if place in self.regions:  # "Michigan Senator X"
            side, role = self.regions[place], f"{place} {role}"
        apposition = _APPOSITION_TEXT.match(m.string, start + len(name))[0]
        if EXPERT_WORDS.search(role) or _REPORTERS.search(role) or \
                _NON_STATE_BODY.search(apposition) and not _SERVED.search(apposition):
            served = None if _REPORTERS.search(role + apposition) else _SERVED_OFFICE.search(apposition)
            side = self._side_of_service(served.group(0)) if served else ""
            # "China policy analyst Stefanie Kam", "Palestinian journalist Fathi Sabah": an analyst or a
            # journalist speaks for no side (nor where a correspondent reports from: "..., who is in Tehran"); nor
            # does "X, chief executive of the Canadian Chamber of Commerce" (a business or research body's
            # people), unless they served a state before ("who worked in Israeli military intelligence and is now
            # director of ..."); but an expert keeps the side of the state he served: "Grant Rumley, a Middle
            # East expert who served as an adviser to the Biden and Trump administrations"
        else:
            side = side or self._side_from_context(m, kind, start, start + len(name))
        office = " ".join([*(m.groupdict().get("mods") or "").split()[-1:], title]).lower()  # "First Minister"
        home = not side and (title.lower() in self.home_titles or office in self.home_titles) and not place and \
            not m.string[max(0, m.start() - 12):m.start()].lower().endswith("opposition ")
        titled = kind in ("title_name", "side_role_name", "role_name", "peer")
        return Introduced(name, start, start + len(name), side, role, home, titled)

    def _side_from_context(self, m: re.Match, kind: str, start: int, end: int) -> str:
        """The side the words around an introduction give when its pattern gave none: whose aide the person is,
        the place of the office, the place or body of an apposition, or the scene of the paragraph."""
        text = m.string
        if kind == "title_name":
            owner = _PERSON_OWNER.search(text, max(0, m.start() - 60), m.start())
            side = self.person_sides.get(owner.group(1), "") if owner else ""  # "Trump's science adviser X"
            of = _OF_PLACE.match(text, end) if not side else None
            if of:  # "Mayor Drew Dilkens of Windsor, Ontario", "MP Ehor Chernev from Ukraine's ruling party"
                side = next((s for s in (self._place_side(p) for p in of.groups() if p) if s), "")
            # a rank says nothing of the side; its apposition may: "Lt Col Anthony Aguilar, a veteran of the US
            # Army's Green Berets", "Dr Anwar Gargash, diplomatic adviser to the president of the UAE"
            if not side:  # "UN human rights office spokesperson Thameen al-Kheetan": the body before the office
                body = _BODY_BEFORE_OFFICE.search(text, max(0, m.start() - 60), m.start())
                side = self._place_side(body.group("body")) if body else ""
            return side or self._side_placed(_APPOSITION, _PLACE, text, end) or self._side_of_office(text, end)
        if kind == "role_name" and m.group("owner"):  # "Rivne's head, Oleksandr Koval"
            return self._place_side(m.group("owner"))
        if kind == "role_name" and m.group("of"):  # "the head of the International Energy Agency (IEA), X"
            return self._place_side(m.group("of").strip())
        if kind in ("name_age", "name_role", "name_said", "said_name", "recurring", "given", "relative", "first_name"):
            of = _OF_PLACE.match(text, end)  # "Lesia Vasylenko of Golos", not "X of the University of Tokyo"
            of = None if of and _NOT_A_SIDE_BODY.search(text, end, of.end() + 30) else of
            return self._side_placed(_APPOSITION, _PLACE, text, end) or self._side_of_office(text, end) or \
                self._side_placed(_CLAUSE_AFTER_NAME, _RESIDENCE, text, end) or \
                (next((s for s in (self._place_side(p) for p in of.groups() if p) if s), "") if of else "") or \
                self._side_of_scene(text, start) or self._side_of_setting(text, start, end)
        return ""

    def _side_of_scene(self, text: str, start: int) -> str:
        """The side of the place a reporter's scene opens with, in this paragraph or the one before: "In Tel
        Aviv, relatives of the hostages urged ... ¶ "...," said Dalia Cusnir" (a private person there)."""
        for at in _paragraph_starts(text, start):
            scene = _SCENE.match(text, at)
            if scene and scene.start("place") < start:
                side = self._place_side(scene.group("place"))
                if side:
                    return side
        return ""

    def _side_of_setting(self, text: str, start: int, end: int) -> str:
        """The side of the last town or region the story places things in, in this paragraph before the name or
        in the one before, for a private person: someone whose sentence opens on their name or on what they
        said ("... outside al-Shifa hospital in Gaza City. ¶ "...," said Amna al-Abed"): the reporter meets
        them there. Not for anyone named after a role or a possessive ("the BBC's Tom Bateman"), described as
        an expert or a reporter, or met in a story of hostages (a captive is not of the place they are held
        in) or whose apposition names their employer ("..., MSF's co-ordinator in Gaza"); countries and places
        inside quotations are left out ("talks in Cairo")."""
        paragraph, lower = _paragraph_starts(text, start)
        opening = re.split(r"(?<=[.!?])\s+", text[paragraph:start])[-1]
        upper = text.find("\n", end)
        upper = len(text) if upper < 0 else upper  # the end of the paragraph
        if not _PRIVATE_OPENING.fullmatch(opening) or _CAPTIVITY.search(text, lower, upper) or \
                re.match(r",\s+(?:[\w-]+\s+){0,2}[A-Z][\w-]*['’]s\s", text[end:end + 60]) or \
                _REPORTERS.search(text, end, end + 100) or EXPERT_WORDS.search(text, end, end + 100):
            return ""
        side = ""
        for place in _LOCATED.finditer(text, lower, start):
            at = place.start()
            quoted = text.count('"', lower, at) % 2 or text.count("“", lower, at) > text.count("”", lower, at)
            side = side if quoted else self._place_side(place.group("place"), (self.regions,)) or side
        return side

    def _place_side(self, place: str, tables: tuple[dict[str, str], ...] = ()) -> str:
        """The side of a place or body named by its longest known beginning ("Gaza City" -> "Gaza"), looked up
        in ``tables`` (the side adjectives, the owners and the regions when none are given)."""
        tables = tables or (self.adjectives, self.owners, self.regions)
        words = re.split(r"['’]s\b", place)[0].split()  # "Pakistan's parliament", "Tel Aviv's Hostages Square"
        for n in range(len(words), 0, -1):
            found = " ".join(words[:n])
            side = next((table[found] for table in tables if table.get(found)), "")
            if side:
                return side
        return ""

    def _side_placed(self, words: re.Pattern, places: re.Pattern, text: str, end: int) -> str:
        """The side of the first known place that ``places`` finds in the words ``words`` matches after a
        person's name; a reporter in a place does not take its side. With ``_APPOSITION`` and ``_PLACE``: the
        place or body an apposition puts a person in ("Brianna Fruean, a climate activist from Samoa", "Aya
        Shreiteh, 26, from the Palestinian Prisoners Club", "Ilan, who lives in Brazil"); with
        ``_CLAUSE_AFTER_NAME`` and ``_RESIDENCE``: where the rest of the clause says the person lives, up to a
        reporting verb or a quotation ("Lana Khalil used to live in Abasan al-Kabira", not "whose son is held in
        Gaza")."""
        phrase = words.match(text, end)
        if not phrase or _REPORTERS.search(phrase.group(0)) or EXPERT_WORDS.search(phrase.group(0)):
            return ""
        for place in places.finditer(phrase.group(0)):
            side = self._place_side(place.group("place")) or self._place_side(place.groupdict().get("near") or "")
            if side:  # a town the layer lacks near one it knows: "in Bucha near Kyiv"
                return side
        return ""

    def _side_of_service(self, words: str) -> str:
        """The side of the first state, body or known person named in ``words`` ("as an adviser to the Biden and
        Trump administrations"), or ""."""
        for name in _CAPITALISED_RUN.finditer(words):
            side = self._place_side(name.group(0)) or \
                self.person_sides.get(re.sub(r"['’]s$", "", name.group(0).split()[-1]), "")
            if side:
                return side
        return ""

    def _side_of_office(self, text: str, end: int) -> str:
        """The side of the state or body an apposition gives a person an office in: "Ebrahim Azizi, a former
        commander in Iran's Revolutionary Guards", "Yossi Kuperwasser, who worked in Israeli military
        intelligence", "Kelly Ann Shaw, who was an economic adviser to Trump" (not a reporter's field, nor an
        analyst's unless he served a state, and not what a relative is: "whose son is held by Hamas")."""
        apposition = _OFFICE_APPOSITION.match(text, end)
        if not apposition or _REPORTERS.search(apposition.group(0)):
            return ""
        if EXPERT_WORDS.search(apposition.group(0)):  # an expert who served a state: "a Middle East expert who
            served = _SERVED_OFFICE.search(apposition.group(0))  # served as an adviser to the Biden ...
            return self._side_of_service(served.group(0)) if served else ""
        return self._side_of_service(apposition.group("office"))  # "Trump's adviser"

    @staticmethod
    def _place_before(text: str, start: int) -> str:
        """The proper noun right before a title ("Michigan Senator", "New South Wales Premier"), or "": the
        office is of that place, not of the outlet's country ("Trade Secretary", "Conservative leader" are)."""
        before = re.search(r"((?:[A-Z][\w'’-]*\s+){1,3})$", text[max(0, start - 40):start])
        if not before:
            return ""
        words = before.group(1).split()
        while words and (words[0].lower() in common_words() or words[0] in FUNCTION_WORDS):
            words = words[1:]  # "Former Michigan", "The Ontario"
        return " ".join(words)

    @staticmethod
    def _role(m: re.Match, kind: str, side_word: str) -> str:
        """The role words as the text gives them: "Iranian Foreign Minister", "senior Hamas official"."""
        groups = m.groupdict()
        mods = (groups.get("mods") or "").strip()
        owner = side_word
        if side_word and m.string[m.end("side"):m.end("side") + 2] in ("'s", "’s"):
            owner += "'s"
        if kind == "title_name":
            if side_word and re.match(r"\s+[Gg]overnment\s", m.string[m.end("side"):m.end("side") + 12]):
                owner += " government"  # "Israeli government spokesman"
            return " ".join(" ".join(p for p in (owner, mods, groups["title"]) if p).split())
        if kind == "side_role_name":
            return " ".join(" ".join(p for p in (owner, mods, groups["role"]) if p).split())
        if kind == "name_side_role":
            return " ".join(p for p in (mods, owner, groups["role"]) if p)
        if kind == "name_role_of_side":
            return f"{groups['role']} of {side_word}"
        if kind in ("name_role", "role_name"):
            return " ".join(" ".join(p for p in (mods, groups["role"]) if p).split())
        return ""

    def _names_a_person(self, role: str) -> bool:
        """Whether role words hold a noun for a person: a title ("foreign minister", "MP") or an agent noun
        ("politician", "strategist", "congressman"), not "ultimate goal" or "has repaired ties"."""
        return any(w in self._person_nouns or w in _PERSON_NOUNS or _AGENT_NOUN.search(w)
                   for w in (w.lower().removesuffix("s") for w in role.split()))

    @staticmethod
    def _plain_name(words: list[str]) -> bool:
        """A bare "<First> <Last> said" is a person when its first word is no ordinary word ("Red Cross",
        "Gaza City" and "Health Minister" are not; "Theresa May" is), or is also a given name followed by no
        ordinary word ("Rose Kelly", "Lana Khalil"; not "Liberty Steel", "Khan Younis")."""
        if words[0].lower() not in common_words():
            return True
        return words[0] in given_names() and words[0] in proper_nouns() and words[0] not in _PLACE_FIRST_WORDS \
            and len(words) <= 3 and not any(w.lower() in common_words() for w in words[1:])


def _paragraph_starts(text: str, start: int) -> tuple[int, int]:
    """Where the paragraph holding ``start`` begins, and where the paragraph before it begins (blank lines
    skipped; the same offset for the first paragraph)."""
    paragraph = text.rfind("\n", 0, start) + 1
    head = len(text[:paragraph].rstrip())  # the end of the paragraph before
    return paragraph, (text.rfind("\n", 0, head) + 1 if head else paragraph)


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Given name -> the gender it most often has ("m", "f", or "-" when neither prevails), from the world
    layer's ``given_names.txt`` (generated from the gender-guesser package by ``build_world``)."""
    out = {}
    with open(resource_path("world/given_names.txt"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                name, _, gender = line.rstrip("\n").partition(" ")
                out[name] = gender
    return out


def _member_word(name: str) -> str:
    """The word for a member of an organisation named ``name``: "Conservative Party" and "Conservatives" ->
    "Conservative", "Tories" -> "Tory", "Democratic Party" -> "Democratic" (``name`` itself when no rule applies)."""
    for suffix in (" Party", " party"):
        if name.endswith(suffix) and " " in name:
            return name.removesuffix(suffix)
    last = name.rsplit(" ", 1)[-1]
    if last[:1].isupper() and not last.isupper() and len(last) > 3:
        if last.endswith("ies"):
            return name[:-3] + "y"
        if last.endswith("s") and not last.endswith("ss"):
            return name[:-1]
    return name


def surname_needs_title(surname: str) -> bool:
    """A surname that is also a month or a day ("May") counts only after a title or in the full name."""
    return surname in _MONTHS_AND_DAYS


def surname_is_common_word(surname: str) -> bool:
    """A surname that is also an ordinary word ("Rice", "Love") does not count at the start of a sentence."""
    return " " not in surname and surname.lower() in common_words()


# ---------------------------------------------------------------------------------------------- coverage
_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:\s(?:(?:al|bin|ibn|von|der|de|van|el|la|le)[\s-])*[A-Z][\w'’-]*)*")
_SKIP = FUNCTION_WORDS | frozenset("""That These Those To Of It He She They We I You His Her Their Our Its My Your
There Here What Who Which Where Why How Some Many Most Any""".split())

def spelt_alike(given: str, other: str) -> bool:
    """Whether two given names may be one name spelt two ways ("Volodomyr", "Volodymyr"): the same first three
    letters (news spells Arabic, Slavic and Hebrew names several ways)."""
    return given[:3] == other[:3]


def name_spans(text: str, known: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """The names in ``text`` as (start, end) offsets, in order: runs of capitalised words without a leading
    function word, leaving out days, months, single ordinary words that start a sentence ("Talks"), and the
    single words in ``known`` or their plurals (side adjectives: "Israeli", "Palestinians").

    >>> [text[s:e] for text in ["On Monday Araghchi met the Omani envoy in Muscat."] for s, e in name_spans(text)]
    ['Araghchi', 'Omani', 'Muscat']
    """
    out = []
    for m in _RUN.finditer(text):
        start, words = m.start(), m.group(0).split()
        while words and words[0] in _SKIP:
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
        if not words:
            continue
        end = m.end()
        if words[-1].endswith(("'s", "’s")):
            end -= 2
            words[-1] = words[-1][:-2]
        if len(words) == 1 and (len(words[0]) < 2 or words[0] in known or words[0].removesuffix("s") in known
                                or words[0].lower() in common_words() and starts_sentence(text, start)):
            continue
        out.append((start, end))
    return out


def starts_sentence(text: str, start: int) -> bool:
    """True when ``start`` begins a sentence or a paragraph (only quotes or brackets after the last one)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“‘([":
        i -= 1
    return i < 0 or text[i] in ".!?\n:"


def count_resolved(spans: list[tuple[int, int]], mentions: list[tuple[int, int]]) -> int:
    """How many of ``spans`` overlap one of ``mentions`` (both sorted by start)."""
    starts = [s for s, _ in mentions]
    resolved = 0
    for start, end in spans:
        k = bisect.bisect_left(starts, end) - 1
        while k >= 0 and mentions[k][1] > start - 200:  # a mention, title included, is under 200 characters
            if mentions[k][1] > start:
                resolved += 1
                break
            k -= 1
    return resolved



__all__ = ["FUNCTION_WORDS", "Introduced", "NOT_PERSON_WORDS", "PLACE_AND_BODY_WORDS", "PeopleFinder", "adverbs",
           "common_words", "given_names",
           "proper_nouns",
           "count_resolved", "name_spans", "starts_sentence", "surname_is_common_word", "surname_needs_title"]

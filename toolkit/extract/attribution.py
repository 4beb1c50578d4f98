"""Who is speaking or acting: the subject of a reporting verb or a negotiation cue, found without a parser.

Shared by quote attribution (:mod:`toolkit.extract.quotes`) and statement extraction (:mod:`toolkit.extract.statements`).
An :class:`ArticleContext` holds one article's text, sentences, actor mentions and quote spans; its methods
find the party named before a verb ("Kremlin spokesman Dmitry Peskov told ...", "a Ukrainian source said"),
after it ("... said Peskov"), or at the start of the sentence ("Zelensky, who met ..., declined"), and resolve
pronouns and definite descriptions ("he", "the source") to the most recent compatible party.

The rules are word-order heuristics for news English; they are deliberately conservative: when no party is
adjacent to the verb (allowing auxiliaries, adverbs, time phrases, appositions and relative clauses), none
is returned.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace

from .mentions import Mention, home_side
from ..resources.gazetteer import world_regions
from .people import adverbs, common_words, given_names, starts_sentence

# ---------------------------------------------------------------------------------------------- vocabularies
AUXILIARIES = frozenset("""has have had is was are were be been being will would could should might may can did does
do shall also again then now later earlier previously reportedly repeatedly publicly formally officially already
still once first last quickly swiftly firmly flatly bluntly immediately finally initially subsequently separately
jointly reluctantly effectively apparently privately openly again allegedly reportedly even just only not never
yet soon today yesterday tonight outright once twice meanwhile however instead too no longer""".split())
#: Quantifiers between a subject and its verb: "the UK, France and Canada have all called", "both rejected".
_FLOATING = frozenset({"all", "both", "each"})
TIME_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december morning afternoon evening night week weekend month year
day days weeks months years""".split())
#: A word that ends a subject noun phrase as its verb: "wrote", "warned", "argue", "say" (past forms and the
#: reporting verbs; enough to find where "43 cross-party peers" ends).
_VERB_LIKE = re.compile(r"[a-z]+ed|(?:say|said|says|tell|told|tells|write|wrote|writes|argue|argues|add|adds|warn|"
                        r"warns|urge|urges|call|calls|demand|demands|want|wants|insist|insists|claim|claims|believe|"
                        r"believes|fear|fears|hope|hopes|state|states|accuse|accuses|also|now|still)")
_HONORIFICS = r"Dr|Mr|Mrs|Ms|Prof|Sir|Dame"
#: A name in apposition: "Ukrenergo", "Stena Bulk", "Dr Melissa Ryan and Dr Ross Nieuwoudt".
_APPOSED_NAME = re.compile(rf"(?:(?:{_HONORIFICS})\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,3}}"
                           rf"(?:\s+and\s+(?:(?:{_HONORIFICS})\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,3}})?")
#: Heads of descriptions of a body that an apposition then names: "energy operator, Ukrenergo,".
_BODY_HEADS = frozenset("operator operators company companies firm firms group groups organisation organization "
                        "charity agency union co-chairs co-chair body provider manufacturer producer carrier "
                        "broadcaster channel outlet newspaper".split())
#: Heads of "the company added": the company named last.
_COMPANY_HEADS = frozenset("company firm operator carrier airline insurer manufacturer producer".split())
#: A preposition that makes the country named after it a place: "in Gaza", "across Ukraine".
_LOCATIVE = re.compile(r"\b(?:in|into|inside|across|throughout|from|near|at|to|over|around|towards|toward)\s+(?:the\s+)?$")
PRONOUNS = {"he": "male", "she": "female", "they": "plural", "it": "neuter", "we": "plural", "i": "any",
            "him": "male", "her": "female"}
DETERMINERS = frozenset("a an the one two three four several some many another other most both this that these "
                        "those any each every no".split())
#: Head nouns of unnamed sources ("a Ukrainian source", "one official", "a spokesman for the ministry").
SOURCE_NOUNS = frozenset("""source sources official officials diplomat diplomats spokesman spokeswoman spokesperson
spokespeople aide aides adviser advisers advisor advisors analyst analysts negotiator negotiators delegate delegates
member members person people insider insiders minister ministry ministers office statement statements agency
official's government administration lawmaker lawmakers legislator legislators commander commanders officer officers
expert experts observer observers envoy envoys ambassador ambassadors representative representatives figure figures
team side camp campaign president pm king queen emir leader leaders chief head mediator mediators presidency kremlin
relative relatives
family families mother father wife husband son daughter resident residents man woman men women soldier soldiers
veteran veterans activist activists witness witnesses diplomat's journalist journalists correspondent researcher
economist professor general strategist strategists director chairman chairwoman chair secretary senator congressman
congresswoman governor mayor candidate nominee announcer narrator host anchor writer author lawyer lawyers attorney
attorneys friend friends neighbour neighbor voter voters supporter supporters executive executives founder manager
letter book ruling report memo document documents article editorial ad advert advertisement poll survey study filing
complaint lawsuit judge company companies firm firms operator operators insurer insurers mp mps survivor survivors
villager villagers producer producers monitor monitors watchdog watchdogs""".split())
NP_CONNECTORS = ("close to", "familiar with", "for", "of", "from", "at", "in", "with", "to")
#: Heads of noun phrases naming several parties: "both sides agreed", "the two countries signed".
PARTY_HEADS = frozenset("sides parties countries nations governments allies partners leaders states".split())
_SOURCE_ALT = "|".join(sorted(SOURCE_NOUNS | PARTY_HEADS, key=len, reverse=True))
_DET = r"(?:a|an|the|one|two|three|four|several|some|many|another|other|both|all|most|A|An|The|One|Two|Both|Several|Some|Many|Another|Other)"
# "a source close to the Russian delegation" (the phrase before the delegation's mention)
_SOURCE_WITH_CONNECTOR = re.compile(
    rf"(?:\b{_DET}\s+)?(?:[\w’'.-]+\s+){{0,3}}?(?:{_SOURCE_ALT})\s+(?:close\s+to|familiar\s+with|for|of|from|at|in|with|to)"
    rf"\s+(?:the\s+)?(?:\d+-year-old\s+)?$")
#: The first source noun of a phrase and what follows it ("family members of some of the hostages ...").
_SOURCE_HEAD = re.compile(rf"(?:\b{_DET}\s+)?(?:[\w’'.-]+\s+){{0,2}}?\b(?:{_SOURCE_ALT})\b[^,;:]*$")
#: Heads of definite descriptions that refer back to the last unnamed source ("the official", "the person").
_ANAPHORIC_HEADS = frozenset("official diplomat person source aide insider member negotiator delegate envoy "
                             "representative analyst".split())
#: Heads of phrases whose possessor is not their side: "Kyiv's allies", "Moscow's critics".
_OTHERS_OF = frozenset("allies ally partners partner critics critic opponents opponent backers supporters neighbours "
                       "neighbors enemies adversaries".split())
_SOURCE_WITH_TAIL = re.compile(
    rf"\b{_DET}\s+(?:[\w’'.-]+\s+){{0,3}}?(?:{_SOURCE_ALT})\s+(?:familiar\s+with|close\s+to|briefed\s+on|involved\s+in|"
    rf"with\s+knowledge\s+of|in|inside|within|at|from|of|on|for)\s+[^,;:\"“”]{{1,60}}$")
#: Words that start a qualifier after a source noun: "a member of ...", "a source close to ...".
_QUALIFIER_STARTS = frozenset("of for from in inside outside within at with close familiar briefed involved on".split())
#: Source nouns that name one person, and the gender some of them give.
_ONE_PERSON_NOUNS = frozenset("""official diplomat spokesman spokeswoman spokesperson aide adviser advisor negotiator
delegate insider minister lawmaker legislator commander officer envoy ambassador representative relative mother father
wife husband son daughter resident man woman soldier""".split())
_NOUN_GENDERS = {"spokesman": "male", "spokeswoman": "female", "mother": "female", "father": "male", "wife": "female",
                 "husband": "male", "son": "male", "daughter": "female", "man": "male", "woman": "female"}
_DETERMINER_WORDS = frozenset(w.lower() for w in _DET.strip("(?:)").split("|"))
#: Lower-case modifiers that may stand between a determiner and a source noun ("a senior Western diplomat").
SOURCE_MODIFIERS = frozenset("""senior top unnamed anonymous western european diplomatic government military security
intelligence administration foreign defence defense other former local regional two three several high-ranking
high-level well-placed informed knowledgeable second third another key leading chief deputy ministry presidential
official police campaign party press warring vice first cabinet junior neighbouring neighboring those these""".split())


_RUN_BY = re.compile(r"-(?:run|led|controlled|administered)\b")
#: Conjunctions that open a subordinate clause ("after Zelensky ruled out ...", "though Israel disputed ...").
_SUBORDINATORS = frozenset("after when though although while because since before as whereas once".split())
# An aside that lists members of the subject before its verb.
#: Coordination between two parties that is no "and": "the US along with the UAE", "Egypt, as well as Qatar".
_ALONG_WITH = re.compile(r",?\s*(?:along\s+with|together\s+with|as\s+well\s+as)\s+(?:[Tt]he\s+)?")
_INCLUDING = re.compile(r"\s*(?:including|among them|notably|such as|which includes?|which included)\b")
_BACKED_BY = re.compile(r"-(?:backed|aligned|allied|supported|friendly)\b")
#: Words before a captor: "the hostages taken by Hamas", "prisoners held by Russia" (their relatives are not its side).
_CAPTOR = re.compile(r"\b(?:taken|held|kidnapped|abducted|captured|seized|detained|jailed|imprisoned)\s+"
                     r"(?:(?:hostage|captive|prisoner)\s+)?(?:in\s+\w+\s+)?by\b")
_CAPTOR_BEFORE = re.compile(_CAPTOR.pattern + r"\s+(?:the\s+)?$")

#: Lower-case words inside a role before its head noun: "foreign minister", "prime minister", "supreme leader".
_ROLE_MODIFIERS = frozenset("foreign prime supreme defence defense finance interior health justice trade economy "
                            "energy national news state".split())

#: Role descriptions ("the president", "the Israeli leader") and the words of the roles they refer to.
_HEADS = ("president", "prime minister", "premier", "chancellor", "leader", "king", "emir", "taoiseach")
#: Heads of an organisation or a movement: "the leader of Hezbollah", "the head of the UN's nuclear watchdog".
_ORG_HEADS = ("secretary-general", "secretary general", "director general", "director-general", "chairman")
_SPOKES = ("spokesman", "spokeswoman", "spokesperson")
#: Heads named by the body after them, only so: "the head of the UN's nuclear watchdog" ("The Chief Rabbi" is none).
_HEAD_OF = {"head": _HEADS + _ORG_HEADS, "chief": _HEADS + _ORG_HEADS}
#: Head words of titles that "the <title>" refers back with when the title is not one of ``_ROLE_WORDS``.
_TITLE_HEADS = frozenset("secretary minister envoy ambassador negotiator chief adviser advisor diplomat "
                         "commander general director spokesman spokeswoman spokesperson".split())
_ROLE_WORDS = {
    "president": ("president",), "prime minister": ("prime minister",), "premier": ("prime minister", "premier"),
    "chancellor": ("chancellor",), "leader": _HEADS + _ORG_HEADS, "supreme leader": ("supreme leader",),
    "cabinet minister": ("minister", "secretary"), "pm": ("prime minister",), "king": ("king",),
    "queen": ("queen",), "emir": ("emir",),
    "secretary-general": ("secretary-general", "secretary general"),
    "foreign minister": ("foreign minister", "foreign affairs"), "foreign secretary": ("foreign secretary",),
    "defence minister": ("defence minister", "defense minister"), "defence secretary": ("defence secretary",),
    "defense secretary": ("secretary of defense", "secretary of war", "defense secretary"),
    "secretary of state": ("secretary of state",), "vice president": ("vice president",),
    "first minister": ("first minister",), "ambassador to the un": ("ambassador to the united nations",
                                                                     "representative to the united nations"),
    "special envoy": ("envoy",), "envoy": ("envoy", "ambassador"), "press secretary": ("press secretary",),
    "chief of staff": ("chief of staff", "head of the office of the president", "head of the presidential office"),
    "mp": ("mp", "member of parliament"), "senator": ("senator",), "minister": ("minister",),
    "governor": ("governor",), "mayor": ("mayor",), "spokesman": _SPOKES, "spokeswoman": _SPOKES,
    "spokesperson": _SPOKES,
}

#: An opening phrase naming where something was said, which news may leave without a comma: "In a statement
#: later the ICRC condemned", "In an interview with CNN Araghchi said".
_STATEMENT_OPENING = re.compile(r"(?:In|On)\s+(?:a|an|its|his|her|their)\s+(?:joint\s+|written\s+|separate\s+|"
                                r"televised\s+)?(?:statement|post|interview|letter|speech|address|briefing)"
                                r"(?:\s+(?:later|earlier|on\s+[A-Z]\w+|with\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*))?\s+"
                                r"(?=[A-Z]|the\s)")
#: Conjunctions that may open a sentence before its subject: "But Mayor X of Windsor, Ontario, told ...".
_CONJUNCTIONS = frozenset("but and so yet or".split())
#: "Reacting to news of Orban's visit, Merz ...": a participle opening an introductory phrase up to the comma.
_PARTICIPLE_OPENING = re.compile(r"[A-Z][a-z]{3,}ing")
#: "Minutes before ..., Hours after ...": an introductory phrase up to the comma.
_TIME_NOUNS = frozenset("minutes hours days weeks months moments shortly".split())
#: Words after which a noun phrase's head is qualified ("a member of ...", "a source close to ...").
_QUALIFIER_WORDS = frozenset("of for from at in with close familiar to on".split())
#: Heads of descriptions of the last named organisation: "the group", "the Shia militant group", "the movement".
_GROUP_HEADS = frozenset("group movement militia organisation organization".split())
#: An apposition after a name that is also a word ("Dean, a lawyer, said"); "Afterwards, he said" has none.
_APPOSITION_AFTER = re.compile(r",\s+(?:a|an|the|\d{1,3})\b")
#: A name written with a lower-case particle: "al-Burhan", "el-Sisi".
_PARTICLE_NAME = re.compile(r"(?:al|el)-[A-Z]")
#: "X put out a statement", "X said in a statement": X issued the statement a later "the statement said" is.
_ISSUED = re.compile(r"\b(?:put out|issued|released|published|posted|sent|said in|says in)\s+(?:a|an|the|its|their)\s+"
                     r"(?:\w+\s+)?(?:statement|letter|message|post)\b")
#: Who signed a document: "was signed by the leaders of", "issued by the foreign ministers of", "The signatories
#: are the foreign ministers of".
_SIGNED_BY = re.compile(r"\b(?:(?:signed|issued|released)\s+by|signatories\s+(?:are|were|include|included))\s+"
                        r"(?:the\s+)?(?:(?:leaders|heads of state|"
                        r"heads of government|foreign ministers|ministers|governments|representatives)\s+of\s+)?"
                        r"(?:the\s+)?")
#: A document opening a clause: "The statement begins", "The joint statement says".
_DOCUMENT_OPENING = re.compile(r"(?:[Tt]he|[Tt]his|[Tt]heir|[Ii]ts)\s+(?:joint\s+)?(?:statement|letter|message)\b")
#: The members named after a group of signers: "the UK and 27 other nations, including ".
_SIGNERS_INCLUDING = re.compile(r"[^,.;]{0,40},?\s+including\s+(?:the\s+)?")
#: A passive verb's agent: "applauded by", "criticised by".
_PASSIVE_BY = re.compile(r"\b[a-z]+ed\s+by\s+$")
#: Reporting verbs whose subject is the speaker of a later pronoun or document ("Mark Rutte says ...").
_SAID_ANY = re.compile(r"\b(?:said|says|added|adds|wrote|writes|told|tells|argued|argues|insisted|warned)\b")
#: Heads of phrases that name a document, whose speaker is its issuer.
_DOCUMENT_HEADS = frozenset("statement letter message post".split())
#: Texts that speak for themselves ("The plan says", "the memorandum states"), unlike a statement (its issuer's
#: words): the quote's speaker, with the side of whoever issued the text.
_TEXT_HEADS = frozenset("plan proposal proposals deal agreement document draft text memorandum mou readout report "
                        "framework accord treaty declaration communique communiqué resolution roadmap".split())
_TEXT_ALT = "|".join(sorted(_TEXT_HEADS, key=len, reverse=True))  # the heads as a regex alternation
#: What follows an owner that a person in apposition heads: "Ukraine's chief negotiator", "Iran's delegation leader".
_HEAD_AFTER = re.compile(r"['’]s\b|[ ]+(?:[a-z]+[ ]+){0,2}?(?:leader|head|chief|negotiator|envoy|spokesman|"
                         r"spokeswoman|spokesperson)\b")
#: A passive after a noun: "the deal was announced", "the agreement announced by Trump".
_PASSIVE_AFTER = re.compile(r"\s+(?:(?:is|are|was|were|has been|have been|had been|being)\s+\w+|\w+ed\s+by)\b")
#: A sentence opening with a text as its subject: "The plan says", "The draft proposal would".
_TEXT_OPENING = re.compile(r"(?P<np>(?:[Tt]he|[Ii]ts|[Tt]his|[A-Z][\w.-]*['’]s)[ ]+(?:[\w.-]+[ ]+){0,3}?(?:"
                           + _TEXT_ALT + r"))(?:,[ ]+[^,.;\"“”A-Z]{1,30}){0,2},?[ ]+(?:also[ ]+)?"  # "The proposal,
                           # external, if followed, would begin"
                           r"(?:says|said|states|stated|adds|added|calls|called|proposes|proposed|would|will|"
                           r"envisages|includes|requires|sets|stipulates|notes|warns|offers|outlines|provides)\b")
_TEXT_HEAD_WORD = re.compile(rf"\b(?:{_TEXT_ALT})\b")
#: A text's noun phrase ending at its head: "Trump's 20-point peace plan", "the US proposal", "The plan".
_TEXT_NP = re.compile(r"(?:(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Tt]his|[A-Z][\w.-]*['’]s)[ ]+)?"
                      r"(?:(?:[A-Z][\w.-]*|\d[\w-]*|[a-z]+-[a-z]+|peace|ceasefire|trade|draft|new|latest|final|"
                      r"revised|original|initial|joint|nuclear|official|written|proposed)[ ]+){0,4}"
                      rf"(?:{_TEXT_ALT})$")
#: A reporting verb right after a pronoun: "..., which, it said, would be ...", and the verbs of an earlier report.
_SAYS_AFTER = re.compile(r",?\s+(?:also\s+)?(?:said|says|added|adds|claimed|claims|warned|warns)\b")
_SAID_VERB = re.compile(r"\b(?:said|says|announced|claimed|claims|warned|warns)\b")
#: A reporting verb right before "it"/"they": "Hamas said it welcomed ...".
_SAID_BEFORE = re.compile(r"\b(?:said|says|added|insisted|warned|stressed|announced)\s+(?:that\s+)?$")
#: An apposition naming a role and its body, then the body's name: ", spokesman for the UN children's agency, "
#: before "Unicef".
_ROLE_THEN_BODY = re.compile(r",\s+(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,3}?(?:spokes(?:man|woman|person)|head|chief|"
                             r"director|official|minister|envoy|representative|adviser|advisor)\s+(?:for|of|at|to)\s+"
                             r"[^,;:\"“”]{2,60},\s+$")
#: An apposition ending in "from|of|at|with (the)": ", 26, from the" before "Palestinian Prisoners Club".
_APPOSITION_ENDING = re.compile(r",\s*(?:\d{1,3},\s*)?(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,4}?(?:from|of|at|with)\s+"
                                r"(?:the\s+)?$")
#: "from|at (the)" right after a person's name: "Prof Tim Harcourt from the University of Technology Sydney".
_PLACE_OF_PERSON = re.compile(r"\s+(?:from|at)\s+(?:the\s+)?$")
#: Words inside a noun phrase that do not end it: "The office of Benjamin Netanyahu".
_NP_INNER = frozenset("of for the a an and in on at to from with".split())
#: Possessive pronouns that own a source phrase ("its foreign ministry"): the side is their referent's.
_POSSESSIVES = {"its": "it", "their": "they", "his": "he", "her": "she"}

_QUALIFIED = re.compile(r"(?:['’]s)?((?:\s+[a-z-]+){1,3})")


def _qualified_head_end(text: str, pos: int) -> int | None:
    """The end of the lower-case source noun that the mention ending at ``pos`` qualifies ("US president",
    "Israel's ambassador", "Iran's foreign minister"), or None."""
    m = _QUALIFIED.match(text, pos)
    if not m:
        return None
    end = None
    for w in re.finditer(r"[a-z-]+", m.group(1)):
        if w.group(0) in SOURCE_NOUNS:
            end = m.start(1) + w.end()
        elif end is not None or w.group(0) not in SOURCE_MODIFIERS and w.group(0) not in _ROLE_MODIFIERS:
            break
    return end


def _verb_after_name(tokens, k: int) -> bool:
    """Whether lower-case token ``k`` right after a capitalised one starts the predicate ("The office of
    Benjamin Netanyahu put out a statement"): it is no preposition, article or source word."""
    word, previous = tokens[k][2], tokens[k - 1][2]
    return word[:1].islower() and previous[:1].isupper() and word not in _NP_INNER and \
        word not in SOURCE_NOUNS and word not in SOURCE_MODIFIERS and word not in AGENT_NOUNS


def _holds(role: str, wanted: tuple[str, ...]) -> bool:
    """Whether a role text names one of ``wanted`` itself, not its deputy ("Vice President" is no president) nor
    someone who serves it ("Head of the Office of the President", "adviser to the prime minister")."""
    role = role.lower()
    if re.search(r"\bleader\b", role) and set(wanted) <= set(_HEADS + _ORG_HEADS) and \
            not re.search(r"\b(?:deputy|former|ex)[ -]", role):
        return True  # "Salvadorean leader Nayib Bukele" is "the Salvadoran president"
    return any(re.search(rf"\b{w}\b", role) and not re.search(rf"\b(?:vice|deputy|former|ex)[ -]{w}", role)
               and not re.search(rf"\b(?:office|adviser|advisor|aide|spokes\w+|staff|assistant|envoy)\b.*\b{w}\b", role)
               for w in wanted)  # "Head of the Office of the President" is no president


def _source_np_start(window: str) -> int:
    """Offset in ``window`` where the source noun phrase ending at its end starts ("a senior official")."""
    words = list(re.finditer(r"[\w’'.-]+", window))
    if not words:
        return 0
    k = len(words) - 1  # the head noun
    while k > 0 and len(words) - k <= 5:
        prev = words[k - 1]
        between = window[prev.end():words[k].start()]
        if between.strip():
            break  # punctuation ends the phrase
        w = prev.group(0)
        if w.lower() in _DETERMINER_WORDS:
            return prev.start()
        if w[:1].isupper() or w.lower() in SOURCE_MODIFIERS or w.lower() in _ROLE_MODIFIERS:
            k -= 1
            continue
        break
    # an owner before plain modifiers: "Gaza's Hamas-run health ministry", "Qatar's foreign ministry"
    for j in range(k - 1, max(-1, k - 4), -1):
        w = words[j].group(0)
        if window[words[j].end():words[j + 1].start()].strip():
            break
        if re.search(r"['’]s$", w) and w[:1].isupper() or w.lower() in _POSSESSIVES:
            return words[j].start()
        if w.lower() in AUXILIARIES or w.lower() in BOUNDARY_WORDS or w.lower() in _DETERMINER_WORDS or \
                re.search(r"(?:ed|ing)$", w) and "-" not in w:
            break
    return words[k].start()
# "The Post", "Clinton campaign chairman John Podesta" (-> "John Podesta"), "Interfax"
# An agent phrase ending in an agent noun: "Poland's parliament", "Ivory Coast rebels", "the radical Palestinian
# Islamic Jihad movement". Lower-case words before the capitalised ones need a determiner ("the radical ...").
_AGENT_NP = re.compile(r"(?:\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?:[a-z][\w-]*\s+){0,2})?(?:"
                       r"(?:[A-Z][\w’'.-]*(?:['’]s)?\s+(?:(?:of|and|de|bin|al)\s+)?){1,6}(?:[a-z][\w-]*\s+){0,2}|"
                       r"(?<=\s)(?:[a-z][\w-]*\s+){0,1})?[a-z][\w-]*$")
_NAME_NP = re.compile(r"(?:\bThe\s+)?(?:(?:al-|el-)?[A-Z][\w’'.-]*\s+(?:(?:of|de|von|van|der|bin|al|la|le)\s+)?){0,4}"
                      r"(?:al-|el-)?[A-Z][\w’'.-]*$")
INTRO_WORDS = frozenset("""when while after before although though as if since once shortly ahead in on at during
despite following speaking asked earlier later meanwhile however instead still yet but and so separately also
according with without under amid until upon because given ever even throughout around by over for from
within across among unlike like""".split())
BOUNDARY_WORDS = frozenset("""that which who whom whose and but or nor because while although though if when whereas
since as after before than so""".split())

# Words, keeping initials and title abbreviations whole ("G.K.", "Rep.", "Mr."), and single punctuation marks.
_WORD = re.compile(r"(?:[A-Z]\.){1,3}(?=\s|[A-Z(]|$)|(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Rev|Prof|Capt|"
                   r"Adm|Cmdr|Maj|Pres|Amb|Sec|Del|Fr|Supt)\.|[\w’'.-]*\w|[^\w\s]")
_TIME_PHRASE = re.compile(
    r"\b(?:[Oo]n|[Ll]ast|[Tt]his|[Nn]ext|[Ll]ate|[Ee]arly|[Ee]arlier|[Ll]ater)?\s*(?:on\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|"
    r"[Tt]his\s+week|[Ll]ast\s+week|[Nn]ext\s+week|[Tt]his\s+month|[Ll]ast\s+month|"
    r"(?:in|on)\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?)(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?:so|thus)\s+far\b|\bfor\s+(?:now|months|weeks|years|days|decades|some\s+time)\b|\blong\b(?=\s+\w+ed\b)"
    r"|\bin\s+principle\b|\bat\s+first\b|\bonce\s+again\b|\bas\s+well\b"
    r"|\b(?:[Aa]|[Aa]n|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Aa] couple of|[Aa] few)\s+"
    r"(?:days|weeks|months|years|hours)\s+ago\b"
)
#: Nouns naming collective or institutional agents that can hold a position: "Rwandan rebels demanded".
AGENT_NOUNS = frozenset("""rebels movement parliament party group network league forum union council committee
organization organisation authorities police military army troops forces junta regime opposition coalition alliance
bloc federation association cabinet congress senate court judge prosecutors militants fighters guerrillas insurgents
separatists farmers workers protesters demonstrators students unions companies newspaper agency ministry leadership
administration state nation kingdom republic government commission bank fund secretariat assembly legislature
delegation delegations negotiators side sides allies leaders leader president minister premier chancellor king
spokesman spokeswoman spokesperson envoy ambassador office officials media""".split())
#: Bodies speaking as such in lower case only ("the foundation said", "the state department said it would", "the
#: air force said"; a capitalised name takes its own route): "force" only after "air" or "police" (not "the idea
#: of such a force, saying").
BODY_NOUNS = frozenset("department foundation embassy charity institute authority command navy service board "
                       "mission tribunal force".split())
NOT_NAMES = frozenset("""The A An This That These Those It Its What Whether When While Where Why How Who Which Less More
Most Some Many Much Few Several Such Other Another Each Every All Both Either Neither No None Nobody Nothing Everyone
Everybody Anyone Asked Under Over After Before Since Until During Despite Amid Among In On At For From With Without By
Of To Into If Unless Although Though Because As So Yet But And Or Nor Then Now Here There Still Instead Meanwhile
However Moreover Also Even Only Just First Second Third Last Next Later Earlier Today Yesterday Tomorrow One Two Three
Officials Analysts Critics Experts Insurers Markets Investors Diplomats Negotiators Sources Observers People
Residents Families Both""".split())


@dataclass
class Party:
    """Who speaks or holds a position: an actor, an unnamed source, or a name the gazetteer does not know."""

    actor_id: str
    name: str
    side: str
    kind: str  # an actor kind, "source" for an unnamed source, "named" for a name outside the gazetteer
    text: str  # the words of the sentence that name it ("he", "the source", "Kremlin spokesman Dmitry Peskov")
    start: int
    end: int
    gender: str | None = None
    members: tuple[Party, ...] = ()  # the parties of a joint one ("Israel and Lebanon", "they")


def joint_party(parties: list[Party], text: str, start: int, end: int) -> Party:
    """One party for several named together ("the foreign ministers of Qatar, Egypt and Jordan ... they"): its
    name joins theirs, its side is theirs when they share one (else empty), and ``members`` keeps them, so that
    a position stated by the group is each member's."""
    if len(parties) == 1:
        return replace(parties[0], text=text, start=start, end=end)
    sides = {p.side for p in parties}
    name = ", ".join(p.name for p in parties[:-1]) + " and " + parties[-1].name
    return Party("", name, sides.pop() if len(sides) == 1 else "", "joint", text, start, end,
                 members=tuple(parties))


_GIVEN_GENDERS = {"m": "male", "f": "female"}


def party_from_mention(m: Mention, gazetteer=None, text: str | None = None, start=None, end=None) -> Party:
    gender = None
    if gazetteer is not None and m.actor_id in gazetteer:
        gender = gazetteer[m.actor_id].gender
    elif m.origin == "discovered" and m.kind == "person":  # "Rachel Reeves": the gender her given name has
        gender = _GIVEN_GENDERS.get(given_names().get(m.actor.split()[0], ""))
    return Party(m.actor_id, m.actor, m.side, m.kind, text if text is not None else m.surface,
                 m.start if start is None else start, m.end if end is None else end, gender)


class ArticleContext:
    """One article prepared for attribution: sentences, mentions, quote spans, and parties seen so far."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], mentions: list[Mention], gazetteer=None,
                 quote_spans: list[tuple[int, int]] | None = None, date=None, home: str = ""):
        self.text = text
        self.home = home  # the side of the outlet's country ("" when unknown)
        self.sentences = sentences
        self._sentence_starts = [s for s, _ in sentences]
        # (not a party where it only qualifies another: "the Iran-backed group Hezbollah", "Russian-occupied")
        self.mentions = sorted((m for m in mentions if not _QUALIFYING.match(text, m.end)), key=lambda m: m.start)
        self._mention_ends = [m.end for m in self.mentions]
        self.gazetteer = gazetteer
        self.quote_spans = sorted(quote_spans or [])
        self.named: list[Party] = _titled_names(text, self.mentions)  # persons outside the gazetteer
        self.sources: list[Party] = []  # unnamed sources introduced so far
        self.date = date
        # "Ms Gates": an honorific says a discovered person's gender better than the given name ("Carmel")
        self._honorific_gender = {m.actor_id: _TITLE_GENDER[m.surface.split()[0].rstrip(".")] for m in self.mentions
                                  if m.kind == "person" and m.origin == "discovered"
                                  and m.surface.split()[0].rstrip(".") in _TITLE_GENDER}

    # ------------------------------------------------------------------ positions
    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quote_spans, (pos, float("inf"))) - 1
        return k >= 0 and self.quote_spans[k][0] <= pos < self.quote_spans[k][1]

    def quotes_within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quote spans that overlap ``text[start:end]``, in order (quote spans do not overlap)."""
        k = max(0, bisect.bisect_left(self.quote_spans, (start,)) - 1)
        out = []
        while k < len(self.quote_spans) and self.quote_spans[k][0] < end:
            if self.quote_spans[k][1] > start:
                out.append(self.quote_spans[k])
            k += 1
        return out

    def words(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Word and punctuation tokens of ``text[start:end]`` outside quotes (quoted text becomes one '"')."""
        out = []
        pos = start
        for qs, qe in self.quotes_within(start, end):
            if qe <= pos or qs >= end:
                continue
            out.extend(self._tokens(pos, max(pos, qs)))
            out.append((max(qs, start), min(qe, end), '"'))
            pos = min(qe, end)
        out.extend(self._tokens(pos, end))
        return out

    def _tokens(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [(m.start() + start, m.end() + start, m.group(0)) for m in _WORD.finditer(self.text[start:end])]

    def mention_ending_at(self, end: int) -> Mention | None:
        k = bisect.bisect_left(self._mention_ends, end)
        while k < len(self.mentions) and self.mentions[k].end == end:
            if not self.in_quote(self.mentions[k].start):
                return self.mentions[k]
            k += 1
        return None

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end and not self.in_quote(m.start)]

    # ------------------------------------------------------------------ subjects
    def subject_before(self, pos: int, clause_start: int | None = None) -> list[Party]:
        """The party (or coordinated parties) that is the subject of the verb starting at ``pos``."""
        s_index = self.sentence_of(pos)
        sent_start = self.sentences[s_index][0] if self.sentences else 0
        start = sent_start if clause_start is None else max(clause_start, sent_start)
        tokens = self.words(start, pos)
        tokens = _drop_time_phrases(self.text, tokens)
        i = len(tokens) - 1
        included: list[Party] = []  # "Some major economies - including the UK and Japan - reached"
        listed = False  # the aside is the subject itself, member by member ("Two countries, Hungary and Slovakia,")
        while i >= 0:
            word = tokens[i][2]
            if word.lower() in AUXILIARIES or word in _FLOATING or \
                    word.lower().endswith("ly") and word[:1].islower() and len(word) > 4 \
                    and word not in SOURCE_NOUNS and word not in AGENT_NOUNS:  # "repeatedly said", not "family said"
                i -= 1
            elif word == ")":  # a parenthesis before the verb: "Rep. Gwen Moore (D-Wis.) said"
                k = i
                while k >= 0 and tokens[k][2] != "(":
                    k -= 1
                if k <= 0:
                    break
                i = k - 1
            elif word in ("-", "–", "—"):  # an aside between dashes: "Trump - sitting next to Hegseth - replied"
                k = i - 1
                while k >= 0 and tokens[k][2] != word:
                    k -= 1
                if k <= 0:
                    break
                found = self._included(tokens[k][1], tokens[i][0])
                members = [] if found else self._listed(tokens[k][1], tokens[i][0])
                included += found or members
                listed = listed or bool(members)
                i = k - 1
            elif word == "," and not included:  # "Ukraine and its allies, including the US, have called"
                k = i - 1
                while k >= 0 and tokens[k][2] not in (",", ";", ":"):
                    k -= 1
                found = self._included(tokens[k][1], tokens[i][0]) if k > 0 and tokens[k][2] == "," else []
                members = self._listed(tokens[k][1], tokens[i][0]) if k > 0 and tokens[k][2] == "," and \
                    not found else []
                if not found and not members:
                    break
                included += found or members
                listed = listed or bool(members)
                i = k - 1
            else:
                break
        if listed:
            return included
        if included:
            return [p for p in self.subject_before(tokens[i + 1][0], clause_start) if p.side not in
                    {q.side for q in included}] + included if i >= 0 else included
        if i < 0:
            return []
        s, e, word = tokens[i]
        low = word.lower()
        if low in PRONOUNS:
            party = self.resolve_pronoun(word, s, e)
            return [party] if party else []
        if low in ("who", "which") and i >= 1 and tokens[i - 1][2] == ",":
            return self._party_ending_at(tokens, i - 2)
        if word == ",":
            k = next((n for n in range(i - 1, 0, -1) if tokens[n][2] in (",", ";", '"')), None)
            if k is not None and tokens[k][2] == "," and k + 1 < i and \
                    tokens[k + 1][2].lower() in ("who", "whose", "which"):
                # "Roger Wicker, who chairs the committee, said": the person before the relative clause
                person = self.mention_ending_at(tokens[k - 1][1])
                opening = next((tokens[n][1] for n in range(k - 1, -1, -1) if tokens[n][2] in (",", ";", '"')),
                               tokens[0][0])
                if person is not None and person.kind == "person" and \
                        not re.search(r"\b(?:of|at|for|in|to|with)\b", self.text[opening:person.start]):
                    return [self._party(person)]  # not "Relatives of Evyatar David, who ..."
            apposition = self._apposition_before(tokens, i)
            if apposition:
                return apposition
            if re.match(r"[a-z]+ing\b", self.text[pos:pos + 20]):
                # ", saying ..." after a subordinate clause belongs to that clause's subject: "Kyiv is set to
                # propose alternatives after Zelensky ruled out surrendering land, saying ...", "though Israel
                # disputed the findings, saying ..."
                subordinate = self._subordinate_subject(tokens, i)
                if subordinate:
                    return subordinate
            return self.sentence_subject(s_index, limit=pos)
        if low in ("and", "but", "or", "then"):
            # a coordinated predicate shares the sentence's subject, unless a subordinate clause intervenes
            # ("guarantees that are binding and ratified by parliaments")
            sent_start = self.sentences[s_index][0]
            head = re.sub(r",[^,]*,", ",", self.text[sent_start:s])
            if re.search(r"\b(?:that|which|who|whom|if|when|because|while|although|unless)\b", head):
                return []
            clause = self._clause_subject(sent_start, s)  # "After European leaders visited Kyiv and demanded"
            return clause or self.sentence_subject(s_index, limit=pos)
        parties = self._party_ending_at(tokens, i)
        if parties:
            return parties
        # "A European official who attended the talks said": a relative clause between subject and verb.
        for k in range(i, max(0, i - 12), -1):
            w = tokens[k][2]
            if w in (",", ";", '"', ":"):
                break
            if w.lower() in ("who", "that", "which") and k >= 1:
                # "DTEK, which runs both plants, said": the party before the relative clause, and before a place
                # that only locates it ("European diplomats in Geneva who urged him")
                end = k - 2 if tokens[k - 1][2] == "," else k - 1
                place = next((n for n in range(end, max(0, end - 4), -1)
                              if tokens[n][2].lower() in ("in", "at", "from", "near")), None)
                parties = self._party_ending_at(tokens, end)
                if parties and place is not None and place >= 1:
                    return self._party_ending_at(tokens, place - 1)
                return parties
        return []

    def subject_after(self, pos: int, limit: int) -> list[Party]:
        """The party right after a verb in inverted attribution: '..., said Peskov' / 'said a senior official'."""
        tokens = self.words(pos, limit)
        tokens = _drop_time_phrases(self.text, tokens)
        j = 0
        while j < len(tokens) and tokens[j][2].lower() in AUXILIARIES:
            j += 1
        if j >= len(tokens):
            return []
        s = tokens[j][0]
        for m in self.mentions:
            if m.start == s and not self.in_quote(s):
                titled = next((x for x in self.mentions if m.end < x.start <= m.end + 40 and x.kind == "person"
                               and re.fullmatch(r"(?:[ ]+[A-Za-z-]+)+[ ]+|['’]s(?:[ ]+[A-Za-z-]+)+,[ ]+",
                                                self.text[m.end:x.start])), None) if m.kind != "person" else None
                if titled is None:
                    return [self._party(m)]
                party = self._party(titled)  # "said CPJ Regional Director X", "said Israel's envoy, X"
                return [party if party.side else replace(party, side=self._side_of_phrase([m]))]
        k = j
        while k < len(tokens) and tokens[k][2] not in (",", ".", ";", '"', ":", "(") and k - j < 10 and \
                (k == j or tokens[k][2].lower() not in ("who", "which", "that", "whose", "and", "but")):
            k += 1
        if k == j:
            return []
        e = tokens[k - 1][1]
        phrase = self.text[s:e]
        of_list = _LEADERS_OF.match(phrase)
        if of_list:  # "said the leaders of Britain, France, ... and European Commission President X": all of them
            first = next((m for m in self.mentions if m.start == s + of_list.end()), None)
            if first is not None:
                members = [self._party(first), *self._coordinated_after(first, limit)]
                if len(members) > 1:
                    return [joint_party(members, self.text[s:members[-1].end], s, members[-1].end)]
        if tokens[j][2].lower() in PRONOUNS:
            party = self.resolve_pronoun(tokens[j][2], s, tokens[j][1])
            return [party] if party else []
        comma = next((n for n in range(k, min(len(tokens), k + 12)) if tokens[n][2] in (",", ".", ";", '"')), None)
        if (tokens[j][2].lower() in ("the", "a", "an") or re.search(r"['’]s\s", phrase)) and comma is not None \
                and tokens[comma][2] == "," and comma + 1 < len(tokens):
            # '"...," said the former army chief and party leader, Gadi Eisenkot.', '..., said Shomera's council
            # chief, Sami Zanetti': the name in apposition
            named = next((m for m in self.mentions if m.start == tokens[comma + 1][0] and m.kind == "person"), None)
            if named is not None:
                party = self._party(named)
                side = party.side or self._side_of_phrase(self.mentions_between(s, tokens[comma][0]))
                return [replace(party, side=side)]
        return self._np_party(s, e, phrase)

    def _clause_subject(self, sent_start: int, conj: int) -> list[Party]:
        """The party opening the clause that ends at a coordinating ``conj`` (after a subordinator such as
        "After", "When"), when no comma separates them."""
        text = self.text[sent_start:conj]
        if "," in text:
            return []
        m = re.match(r"^\s*(?:After|When|Before|While|As|Once|Since|Because|Although|Though|If)\s+", text)
        if not m:
            return []
        start = sent_start + m.end()
        for mention in self.mentions:
            if mention.start >= start:
                if mention.start - start <= 2 and mention.start < conj:
                    return [self._party(mention)]
                break
        words = list(re.finditer(r"[\w’'.-]+", text[m.end():]))
        for k, w in enumerate(words[:5]):
            if w.group(0).lower() in SOURCE_NOUNS or w.group(0).lower() in PARTY_HEADS:
                end = start + w.end()
                return self._np_party(start, end, self.text[start:end])
        return []

    def _clause_start(self, s_index: int, limit: int) -> tuple[list[tuple[int, int, str]], int]:
        """Words of sentence ``s_index`` up to ``limit`` (time phrases dropped) and the index of the first
        word of its main clause: after an introductory phrase ("On Friday, ...") and opening punctuation."""
        tokens = _drop_time_phrases(self.text, self.words(self.sentences[s_index][0], limit))
        i = 0
        if len(tokens) > 1 and tokens[0][2].lower() in _CONJUNCTIONS and tokens[1][2] != ",":
            i = 1  # "But Mayor Drew Dilkens of Windsor, Ontario, told ...": the subject follows the conjunction
        elif len(tokens) > 2 and tokens[1][2] == "," and tokens[0][2].lower() in adverbs():
            i = 2  # an adverb opening the sentence: "Additionally, ...", "Afterwards, he said"
        elif tokens and (tokens[0][2].lower() in INTRO_WORDS or tokens[0][2].lower() in _TIME_NOUNS and
                         len(tokens) > 1 and tokens[1][2].lower() in ("before", "after") or
                         _PARTICIPLE_OPENING.fullmatch(tokens[0][2])):
            comma = next((n for n, t in enumerate(tokens) if t[2] == ","), None)
            i = comma + 1 if comma is not None else 1  # at the end when the clause has not begun yet
            opening = _STATEMENT_OPENING.match(self.text, tokens[0][0]) if comma is None else None
            if opening:  # no comma after it: "In a statement later the ICRC condemned ..."
                i = next((n for n, t in enumerate(tokens) if t[0] >= opening.end()), i)
            while comma is not None and i < len(tokens) and tokens[i][2].lower() in INTRO_WORDS - {"and", "but", "so"}:
                # a second introductory phrase: "Earlier on Thursday, before Trump's statement, Lange said"
                comma = next((n for n in range(i + 1, min(len(tokens), i + 12)) if tokens[n][2] == ","), None)
                i = comma + 1 if comma is not None else i
        while i < len(tokens) and tokens[i][2] in ('"', ",", "—", "-", "(", ")"):
            i += 1
        if i < len(tokens) and i > 0 and tokens[i - 1][2] == "," and \
                tokens[i][2].lower() in _SUBORDINATORS | INTRO_WORDS - {"and", "but", "so"}:
            # a clause after a dropped time phrase: "Earlier on Thursday, before Trump's statement, Lange said",
            # "On Monday, during a visit to the UK, Trump cut"
            comma = next((n for n in range(i + 1, min(len(tokens), i + 12)) if tokens[n][2] == ","), None)
            i = comma + 1 if comma is not None else i
        return tokens, i

    def sentence_subject(self, s_index: int, limit: int) -> list[Party]:
        """The subject at the start of the sentence, after an introductory phrase ("On Friday, ...")."""
        tokens, i = self._clause_start(s_index, limit)
        if i >= len(tokens):
            return []
        s, e, word = tokens[i]
        if word.lower() in PRONOUNS:
            party = self.resolve_pronoun(word, s, e)
            return [party] if party else []
        # An unnamed source opening the sentence: "A member of the Ukrainian delegation, speaking ..., told".
        if word.lower() in _DETERMINER_WORDS:
            h = next((n for n in range(i + 1, min(len(tokens), i + 6)) if tokens[n][2].lower() in SOURCE_NOUNS), None)
            first_mention = next((m for m in self.mentions if m.start >= s and not self.in_quote(m.start)), None)
            if h is not None and (first_mention is None or first_mention.start > tokens[h][0]):
                while h + 1 < len(tokens) and tokens[h + 1][2].lower() in ("spokesman", "spokeswoman", "spokesperson"):
                    h += 1  # "the Prime Minister's official spokesman": the spokesman heads the phrase
                k = h + 1  # the phrase ends at its head noun, or after a qualifier: "a member of the delegation"
                if k < len(tokens) and tokens[k][2].lower() in _QUALIFIER_STARTS:
                    while k < len(tokens) and tokens[k][2] not in (",", ";", ":", '"') and k - h < 9 and \
                            tokens[k][2].lower() not in ("who", "which", "that") and not _verb_after_name(tokens, k):
                        k += 1
                last = self.mention_ending_at(tokens[k - 1][1])
                members = self._coordinated_after(last, limit) if last is not None and last.kind != "person" \
                    and tokens[h][2].lower().endswith("s") else []
                if members:  # "The foreign ministers of Qatar, Egypt and Jordan said": each state
                    return [self._party(last), *members]
                return self._np_party(s, tokens[k - 1][1], self.text[s:tokens[k - 1][1]])
        # The first actor mention near the start (within four words), with coordinated ones after it, unless
        # it only qualifies a source noun: "the US president", "Israel's ambassador", "Iran's foreign minister".
        for m in self.mentions:
            if m.start >= s and not self.in_quote(m.start):
                words_between = [t for t in tokens if s <= t[0] < m.start]
                head_end = _qualified_head_end(self.text, m.end)
                if head_end and m.kind in ("country", "government", "organization") and len(words_between) <= 4 \
                        and head_end <= limit:
                    titled = next((x for x in self.mentions if m.end < x.start < head_end and x.kind == "person"
                                   and x.end <= limit), None)  # "the Parliament's chief negotiator Bernd Lange"
                    return ([self._party(titled)] if titled is not None else []) or \
                        self._person_in_apposition(head_end, limit) or \
                        self._np_party(s, head_end, self.text[s:head_end])
                source = _SOURCE_WITH_CONNECTOR.search(self.text[s:m.start].lower())
                if source and source.start() == 0 and m.start < limit:  # "Relatives of 24-year-old Evyatar David"
                    members = self._coordinated_after(m, limit) if m.kind != "person" else []
                    if members:  # "The foreign ministers of Qatar, Egypt and Jordan said": each state
                        return [self._party(m), *members]
                    return self._np_party(s, m.end, self.text[s:m.end])
                if len(words_between) <= 4 and m.start < limit:
                    parties = [self._party(m)]
                    parties += self._coordinated_after(m, limit)
                    return self._prefer_apposition(parties, tokens, m)
                break
        # Otherwise a noun phrase up to the first comma or verb-like boundary.
        k = i
        while k < len(tokens) and tokens[k][2] not in (",", ";", ":", '"') and k - i < 8 \
                and tokens[k][2].lower() not in BOUNDARY_WORDS - {"of"} \
                and (k == i or tokens[k][2].lower() not in AUXILIARIES):
            k += 1
        if k == i:
            return []
        # the phrase ends at its head noun when a verb with no auxiliary follows: "the two sides struck a truce"
        head = next((n for n in range(i, k) if tokens[n][2].lower() in PARTY_HEADS), None)
        if head is not None and head + 1 < k and tokens[head + 1][2].lower() not in _QUALIFIER_STARTS:
            k = head + 1
        return self._person_in_apposition(tokens[k - 1][1], limit) or \
            self._np_party(tokens[i][0], tokens[k - 1][1], self.text[tokens[i][0]:tokens[k - 1][1]])

    def _person_before_apposition(self, start: int, clause_start: int,
                                  endings=(_APPOSITION_ENDING, _PLACE_OF_PERSON, _ROLE_THEN_BODY)) -> list[Party]:
        """The person whose apposition ends in the name starting at ``start``: "Mona Shreitem, 26, from the
        Palestinian Prisoners Club said" is Mona Shreitem, not the club, and so are "Konstantin Blokhin from the
        Russian Academy of Sciences told" and "James Elder, spokesman for the UN children's agency, Unicef,
        said"; ``endings`` are the apposition endings looked for."""
        window = self.text[max(clause_start, start - 80):start]
        m = next((found for found in (ending.search(window) for ending in endings) if found), None)
        if not m:
            return []
        comma = max(clause_start, start - 80) + m.start()
        person = self.mention_ending_at(comma)
        return [self._party(person)] if person is not None and person.kind == "person" else []

    def _person_in_apposition(self, end: int, limit: int) -> list[Party]:
        """The person named between commas right after a noun phrase ending at ``end``: "Iran's top
        negotiator, Mohammad Baqer Qalibaf, took ...", "The party's spokesperson, Daisy Cooper, said"."""
        m = re.match(r"(?:\s+(?:in|on|at|for|with|of|to)\s+[^,]{1,60})?,\s*", self.text[end:limit])
        if not m:
            return []
        for x in self.mentions:
            if x.start == end + m.end() and x.kind == "person" and not self.in_quote(x.start):
                return [self._party(x)] if self.text[x.end:x.end + 1] == "," else []
            if x.start > end + m.end():
                break
        return []

    # ------------------------------------------------------------------ pieces
    def _subordinate_subject(self, tokens, i: int) -> list[Party]:
        """The actor opening the last subordinate clause before token ``i`` ("after Zelensky ruled out ...",
        "though Israel disputed ..."), when one is named right after its conjunction; else []."""
        for k in range(i - 1, 0, -1):
            if tokens[k][2] in (",", ";", '"'):
                return []
            if tokens[k][2].lower() in _SUBORDINATORS:
                start = tokens[k][1]
                first = next((m for m in self.mentions if m.start >= start and not self.in_quote(m.start)), None)
                if first is None or first.start >= tokens[i][0] or \
                        len(re.findall(r"[\w’'-]+", self.text[start:first.start])) > 2 or \
                        _qualified_head_end(self.text, first.end) or not re.match(r"\s+[a-z]", self.text[first.end:]):
                    return []
                return [self._party(first)]
        return []

    def coordinated_after(self, end: int, limit: int) -> list[Party]:
        """The parties coordinated after a phrase ending at ``end`` ("... and European leaders", ", the UK and
        the Nato military alliance"), up to ``limit``."""
        out: list[Party] = []
        while True:
            m = re.match(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?", self.text[end:limit])
            if not m:
                return out
            parties = self.subject_after(end + m.end(), limit)
            if not parties or parties[0].start != end + m.end() and self.text[end + m.end():parties[0].start].strip() \
                    or not parties[0].actor_id and len(parties[0].text.split()) > 3:
                return out  # an actor, or a short phrase ("European leaders"), not the rest of the clause
            out.append(parties[0])
            end = parties[0].end

    def _included(self, start: int, end: int) -> list[Party]:
        """The parties an aside names when it lists members of the subject: "including the UK, Japan and
        South Korea", "among them Qatar"."""
        if not _INCLUDING.match(self.text, start, end):
            return []
        return [self._party(m) for m in self.mentions_between(start, end) if m.side]

    def _listed(self, start: int, end: int) -> list[Party]:
        """The parties an aside lists when it is nothing but a list of them, the subject named member by member:
        "the group of Muslim-majority countries - Saudi Arabia, Turkey and Qatar -", "Two countries, Hungary and
        Slovakia,"."""
        members = [m for m in self.mentions_between(start, end) if m.side]
        if len(members) < 2 or self.text[start:members[0].start].strip() or self.text[members[-1].end:end].strip() \
                or not re.search(r"\b[a-z]+s\s*[-–—,]?$", self.text[max(0, start - 30):start]):
            return []  # after a plural noun, not "meetings between Russia, Ukraine and the US, saying"
        between = "".join(self.text[a.end:b.start] for a, b in zip(members, members[1:]))
        return [self._party(m) for m in members] if re.fullmatch(r"(?:\s*(?:,|and|the)\s*)*", between) else []

    def _party(self, m: Mention) -> Party:
        party = party_from_mention(m, self.gazetteer)
        gender = self._honorific_gender.get(m.actor_id)
        return replace(party, gender=gender) if gender and m.actor_id else party

    def _coordinated_after(self, first: Mention, limit: int) -> list[Party]:
        out = []
        last = first
        for m in self.mentions:
            if m.start <= last.start or m.start >= limit:
                continue
            gap = self.text[last.end:m.start]
            if "and" not in gap and self.text[m.end:m.end + 2] in ("'s", "’s"):
                break  # an apposition's owner, not a second subject: "Jamieson Greer, Trump's trade chief,"
            if re.fullmatch(r"\s*(?:,\s*)?(?:and|,)\s*(?:the\s+)?", gap):  # "France, the UK and Germany"
                out.append(self._party(m))
                last = m
            else:
                break
        return out

    def _prefer_apposition(self, parties, tokens, m):
        """"Ukraine's chief negotiator, Defense Minister Rustem Umerov, told ..." -> Umerov, not Ukraine; so
        "Iran's delegation leader, Parliament Speaker Mohammad Bagher Ghalibaf, said"."""
        if len(parties) == 1 and _HEAD_AFTER.match(self.text, m.end):
            after = [x for x in self.mentions if x.start > m.end]
            for x in after[:3]:
                gap = self.text[m.end:x.start]
                if "," in gap and x.kind == "person" and len(gap) < 60 and self.text[x.end:x.end + 1] == ",":
                    return [self._party(x)]
        return parties

    def _apposition_before(self, tokens, comma_index) -> list[Party]:
        """', <Person>,' right before the verb: the apposition names the subject."""
        e = tokens[comma_index - 1][1] if comma_index >= 1 else None
        if e is None:
            return []
        m = self.mention_ending_at(e)
        if m is not None and m.kind == "person":
            before = self.text[max(0, m.start - 2):m.start]
            if "," in before or m.start == self.sentences[self.sentence_of(m.start)][0]:
                return [self._party(m)]
        if m is not None:  # "James Elder, spokesman for the UN children's agency, Unicef, said": the person, not
            placed = self._person_before_apposition(m.start, tokens[0][0], (_ROLE_THEN_BODY,))  # the body
            if placed:
                return placed
        return self._named_apposition(tokens[0][0], e)

    def _named_apposition(self, clause_start: int, e: int) -> list[Party]:
        """'<description>, <Name>, said': the name the description is given ("Ukraine's state-owned energy
        operator, Ukrenergo, said", "Another company, Stena Bulk, which operates tankers, said", "Its co-chairs,
        Dr Melissa Ryan and Dr Ross Nieuwoudt, said"), with the side the description gives."""
        parts = [(p.start(), p.end()) for p in re.finditer(r"[^,]+", self.text[clause_start:e])]
        parts = [(clause_start + a, clause_start + b) for a, b in parts]
        while len(parts) > 2 and re.match(r"\s*(?:which|who)\b", self.text[parts[-1][0]:parts[-1][1]]):
            parts.pop()  # a relative clause about the name
        if len(parts) < 2:
            return []
        (d_start, d_end), (n_start, n_end) = parts[-2], parts[-1]
        name = self.text[n_start:n_end].strip()
        n_start += self.text[n_start:n_end].index(name[:1]) if name else 0
        if not _APPOSED_NAME.fullmatch(name):
            return []
        description = self.text[d_start:d_end].split()
        head = re.sub(r"['’]s$", "", description[-1].lower()) if description else ""
        if head not in SOURCE_NOUNS | AGENT_NOUNS | _BODY_HEADS:
            return []
        m = self.mention_ending_at(n_start + len(name))
        if m is not None and m.start == n_start and " and " not in name:
            return [self._party(m)]
        inside = self.mentions_between(d_start, d_end)
        side = self._side_of_phrase(inside) or self._demonym_side([w.lower() for w in description])
        plain = re.sub(rf"\b(?:{_HONORIFICS})\s+", "", name)
        party = Party("", plain, side, "named", name, n_start, n_start + len(name))
        self.named.append(party)
        return [party]

    def _party_ending_at(self, tokens, i) -> list[Party]:
        """The noun phrase ending at token ``i``: an actor mention, an unnamed source, or a capitalised name."""
        if i < 0:
            return []
        word_start, end, word = tokens[i]
        low = word.lower()
        clause_start = tokens[0][0]
        window = self.text[max(clause_start, end - 140):end]
        base = end - len(window)
        m = self.mention_ending_at(end)
        if m is not None:
            before = self.text[max(clause_start, m.start - 100):m.start]
            source = _SOURCE_WITH_CONNECTOR.search(before)
            if source:
                s = m.start - len(before) + source.start()
                return self._np_party(s, end, self.text[s:end])
            captor = _CAPTOR_BEFORE.search(before)
            if captor:  # "family members of the hostages taken by Hamas urged": the family members, not Hamas
                head = _SOURCE_HEAD.search(before, 0, captor.start())
                if head is None:
                    return []
                s = m.start - len(before) + head.start()
                return self._np_party(s, end, self.text[s:end])
            of = re.search(r"\s+of\s+(?:the\s+)?$", before)
            person = self.mention_ending_at(m.start - len(of.group(0))) if of else None
            if person is not None and person.kind == "person" and m.kind in ("country", "government", "organization"):
                return [self._party(person)]  # "Chancellor Friedrich Merz of Germany told", "X of Golos told"
            placed = self._person_before_apposition(m.start, clause_start)
            if placed:
                return placed  # "campaigner Shurabe Mercado, from Mexico told"
            if m.kind == "group" and low in SOURCE_NOUNS:
                det = re.search(r"(?:\b(?:a|an|one|the|another|two|three|several|some)\s+)$", before, re.I)
                s = m.start - len(det.group(0)) if det else m.start
                return self._np_party(s, end, self.text[s:end])
            parties = [self._party(m)]
            cursor = m  # coordinated subjects: "Russia and Ukraine agreed", "Iran and the US agreed", "Russia, Ukraine
            # and the US agreed", "the US along with the UAE and Egypt proposed"
            for x in reversed([x for x in self.mentions if x.end <= m.start and not self.in_quote(x.start)]):
                gap = self.text[x.end:cursor.start]
                if len(parties) == 1 and "and" not in gap and not _ALONG_WITH.fullmatch(gap):
                    break  # a bare comma before the last one ends a clause: "visit Kyiv, Peskov said"
                if x.start >= clause_start and (re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:[Tt]he\s+)?", gap)
                                                or _ALONG_WITH.fullmatch(gap)):
                    parties.insert(0, self._party(x))
                    cursor = x
                else:
                    break
            return parties
        if low in _TEXT_HEADS and not _PASSIVE_AFTER.match(self.text, end):  # "The plan says", "Trump's
            # 20-point plan proposes" (not "a deal was announced", "the deal announced by Trump")
            np = _TEXT_NP.search(window)
            if np:
                return self._text_party(base + np.start(), end)
        if low in SOURCE_NOUNS or low in PARTY_HEADS:
            s = base + _source_np_start(window)
            parties = self._np_party(s, end, self.text[s:end])
            coordinated = re.search(r"\s+and\s+$", self.text[max(clause_start, s - 6):s])
            if parties and coordinated:
                m = self.mention_ending_at(s - len(coordinated.group(0)))
                if m is not None:
                    parties.insert(0, self._party(m))  # "Zelensky and Kyiv's Western allies"
            return parties
        tail = _SOURCE_WITH_TAIL.search(window)  # "A Ukrainian official familiar with the talks said"
        if tail:
            s = base + tail.start()
            return self._np_party(s, end, self.text[s:end])
        if (word[:1].isupper() or _PARTICLE_NAME.match(word)) and low not in BOUNDARY_WORDS and low not in PRONOUNS \
                and word not in NOT_NAMES:
            np = _NAME_NP.search(window)
            if np:
                s = base + np.start()
                person = next((m for m in self.mentions_between(s, end) if m.kind == "person"
                               and re.match(r"\s+of\s", self.text[m.end:m.end + 4])), None)
                if person is not None:  # "Lesia Vasylenko of Golos told": the person, not her party
                    return [self._party(person)]
                return self._person_before_apposition(s, clause_start) or self._np_party(s, end, self.text[s:end])
        body = word in BODY_NOUNS and (word != "force" or i > 0 and tokens[i - 1][2] in ("air", "police"))
        if low in AGENT_NOUNS or body:
            # "Poland's parliament", "Ivory Coast rebels", "the radical Palestinian Islamic Jihad movement"
            np = _AGENT_NP.search(window)
            if np:
                s = base + np.start()
                return self._np_party(s, end, self.text[s:end])
        return []

    def _side_named_before(self, body: str, start: int) -> str:
        """The side of a body named earlier with its owner right before it: "the air force" after "Ukraine's air
        force", "the state department" after "the US State Department" (the last such naming)."""
        for earlier in reversed(list(re.finditer(rf"\b{re.escape(body)}\b", self.text[:start], re.I))):
            owner = next((m for m in self.mentions if m.start < earlier.start() and not self.in_quote(m.start) and (
                m.end >= earlier.end() or re.fullmatch(r"(?:['’]s)?\s", self.text[m.end:earlier.start()]))), None)
            if owner is not None and owner.side:
                return owner.side
        return ""

    def _text_party(self, start: int, end: int) -> list[Party]:
        """A text as the speaker or holder ("The plan says", "the US proposal would require ..."), with the side of
        whoever issued it: the state or person the phrase names, else that of the text with the same head noun
        named before ("Trump's 20-point plan" ... "The plan")."""
        phrase = self.text[start:end]
        side = self._side_of_phrase(self.mentions_between(start, end)) or self._demonym_side(phrase.lower().split())
        head = phrase.lower().split()[-1]
        for earlier in reversed(list(re.finditer(rf"\b{head}\b", self.text[:start]))) if not side else ():
            np = _TEXT_NP.search(self.text, max(0, earlier.start() - 60), earlier.end())
            side = self._side_of_phrase(self.mentions_between(np.start(), np.end())) if np else ""
            if side:
                break
        if not side:  # "The document" after "Trump's 20-point plan": the text named last
            side = next((p.side for p in reversed(self.named) if p.kind == "text" and p.start < start and p.side), "")
        party = Party("", re.sub(r"^(?:the|The)\s+", "", phrase), side, "text", phrase, start, end)
        self.named.append(party)
        return [party]

    def _np_party(self, start: int, end: int, phrase: str) -> list[Party]:
        words = phrase.split()
        if not words:
            return []
        low_words = [w.lower().strip(",.") for w in words]
        inside = self.mentions_between(start, end)
        captor = _CAPTOR.search(phrase)  # "the hostages taken by Hamas": not Hamas's side
        side = self._side_of_phrase(inside) or self._demonym_side(
            phrase[:captor.start()].lower().split() if captor else low_words)
        if not side and low_words[0] in _POSSESSIVES and len(words) > 1:  # "its foreign ministry says"
            owner = self.resolve_pronoun(_POSSESSIVES[low_words[0]], start, start + len(words[0]))
            side = owner.side if owner is not None else ""
            if owner is not None and owner.actor_id and owner.kind == "person" and len(words) == 2 and \
                    low_words[1] in ("office", "spokesman", "spokeswoman", "spokesperson", "team", "lawyers"):
                # "His office said": the person's office, named as such ("Benjamin Netanyahu's office")
                return [Party("", f"{owner.name}'s {low_words[1]}", side, "organization", phrase, start, end)]
        if low_words[-1] in _OTHERS_OF:
            side = ""  # "Kyiv's Western allies" are not Ukraine
        # the head is the last source noun before a qualifier: "a senior Trump administration official" is an
        # official, "a member of the Ukrainian delegation" a member
        cut = next((k for k, w in enumerate(low_words) if k and w in _QUALIFIER_WORDS), len(low_words))
        head_index = next((k for k in range(cut - 1, -1, -1) if low_words[k] in SOURCE_NOUNS or
                           low_words[k] in PARTY_HEADS), None)
        if head_index is None:
            head_index = next((k for k, w in enumerate(low_words) if w in SOURCE_NOUNS or w in PARTY_HEADS), None)
        pair = self._the_two(low_words, start) if not inside else []
        if pair:  # "the two countries agreed", "both prime ministers": the last two named
            return [replace(p, text=phrase, start=start, end=end) for p in pair]
        if low_words[0] == "the" and len(low_words) == 2 and low_words[-1] in _COMPANY_HEADS and not inside:
            # "the company added": the company named last ("Another company, Stena Bulk, said ...")
            company = self._last_company(start)
            if company is not None:
                return [replace(company, text=phrase, start=start, end=end)]
        if low_words[0] == "the" and 2 <= len(low_words) <= 4 and low_words[-1] in _GROUP_HEADS and not inside:
            # "The group agreed to release ..." (Hamas), "the Shia militant group rejects" (Hezbollah)
            group = self._last_mention(start, ("organization",))
            if group is not None:
                return [replace(group, text=phrase, start=start, end=end)]
        if head_index is not None:
            owned = low_words[0] == "the" or self.gazetteer is not None and low_words[0].endswith(("'s", "’s")) \
                and low_words[0] in self.gazetteer.side_words() or \
                re.search(r"\b[Tt]he\s+$", self.text[max(0, start - 4):start]) is not None  # "the" + "UK PM"
            of = re.search(r"\s+of\s+(?:the\s+)?(.+?)[,.]?$", phrase)
            if of and of.group(1)[:1].isupper() and not any(
                    re.sub(r"^[Tt]he\s+", "", self.text[m.start:m.end]) == of.group(1) for m in inside):
                owned = False  # a body named after the role is that side's only when named whole: "the president
                # of the United States", not "the president of the US-China Business Council"
            holder = self.resolve_role(low_words, side, start) if owned else None
            if holder is None and low_words[0] in ("the", "a") and len(words) == 2 and \
                    low_words[-1] in _DOCUMENT_HEADS and not inside:
                holder = self.resolve_document(start)  # "the statement added" -> who issued it
            owner_s = bool(head_index) and low_words[head_index - 1].endswith(("'s", "’s"))
            if holder is None and low_words[head_index] in _DOCUMENT_HEADS and inside and (
                    owner_s or low_words[head_index + 1:head_index + 2] in (["from"], ["by"])):
                # "The RSF's statement", "a statement from the office of Prime Minister Netanyahu": its issuer
                people = [m for m in inside if m.kind == "person"]
                issuers = people[-1:] or inside
                if len({m.actor_id for m in issuers}) == 1 and (
                        people or owner_s or not re.search(r"\b[a-z]", self.text[issuers[-1].end:end])):
                    holder = self._party(issuers[0])  # (not "a statement from Iran's top military command")
            if holder is None and low_words[head_index] in _DOCUMENT_HEADS and not inside and \
                    (_GROUP_OWNER.search(self.text, max(0, start - 40), start) or
                     _GROUP_OWNER.search(" ".join(words[:head_index]) + " ")):
                holder = self._last_mention(start, ("organization",))  # "The movement's statement": Hamas
            if holder is None and low_words == ["the", "government"] and not inside:
                # the government named last as one ("the Lebanese government"; not "Wellington" standing for it)
                holder = self._last_mention(start, ("government",), named="government") or \
                    self._home_government(start)
            if holder is not None:  # "the Ukrainian president" -> Zelensky
                return [replace(holder, text=phrase, start=start, end=end)]
            if low_words[0] == "the" and not inside and (len(words) <= 3 or len(words) <= 5 and any(
                    p.start < start and p.name.lower().split()[-1].strip(",.") == low_words[-1] for p in self.sources)):
                # "the official", and "the senior administration official" after "a senior Trump administration
                # official": the unnamed source named before
                qualifier = low_words[-2] if len(low_words) > 2 and low_words[-2] not in ("the", "a") and \
                    not low_words[-2].endswith(("'s", "’s")) else ""
                earlier = self.resolve_description(low_words[-1], start, qualifier)
                if earlier is not None and not (side and earlier.side and earlier.side != side):
                    # (not of another side: "the Israeli foreign ministry" after "the Lebanese health ministry")
                    return [replace(earlier, text=phrase, start=start, end=end)]
            # The head noun inside an actor's mention ("Kremlin spokesman Dmitry Peskov", "the Russian
            # delegation") names that actor; a mention after the head only qualifies it ("a source close to
            # the Russian delegation", "an official in Kyiv").
            head_at = start + len(" ".join(words[:head_index])) + (1 if head_index else 0)
            for m in inside:
                if m.start <= head_at < m.end and m.kind in ("person", "delegation", "government", "organization"):
                    return [self._party(m)]
            party = Party("", phrase, side, "source", phrase, start, end)
            self.sources.append(party)
            return [party]
        if all(w.strip(",.") in NOT_NAMES for w in words):
            return []
        if len(words) == 1 and (re.search(r"['’]s$", words[0]) or words[0].lower() in common_words() and
                                starts_sentence(self.text, start) and not _APPOSITION_AFTER.match(self.text, end)):
            return []  # "Sunday's agreement", "Member states", "Minutes before": no speaker ("Dean, a ..." is)
        if not side and len(words) <= 3:  # a province or city: "Delhi called the move ..."
            side = world_regions().get(" ".join(w.strip(",.") for w in words if w.lower() != "the"), "")
        if low_words[-1] in AGENT_NOUNS or words[-1] in BODY_NOUNS:  # "Rwandan rebels", "Poland's parliament"
            name = re.sub(r"^(?:the|The)\s+", "", phrase)
            if not side and low_words[0] == "the":
                side = self._side_named_before(name, start)
            party = Party("", name, side, "named", phrase, start, end)
            self.named.append(party)
            return [party]
        named = words[-1][:1].isupper() or bool(_PARTICLE_NAME.match(words[-1]))
        if named and low_words[0] not in {"the", "a", "an", "it", "this", "that"}:
            name = _trailing_name(phrase)
            if name:
                party = Party("", name, side, "named", phrase, start, end)
                self.named.append(party)
                return [party]
        if named:
            party = Party("", phrase, side, "named", phrase, start, end)
            self.named.append(party)
            return [party]
        return []

    def _the_two(self, low_words: list[str], before: int) -> list[Party]:
        """'the two countries' / 'both sides' / 'both those countries' / 'the neighbouring countries' -> the two
        sides named most often before (a state, government or
        body of each named); 'the two prime ministers' / 'both leaders' -> the last two persons; [] for other
        phrases or when two are not found."""
        words = [w.strip(",.") for w in low_words]
        rest = words[1:] if words[:1] == ["both"] else words
        pointed = rest[:1] in (["those"], ["these"])  # "both those countries": the two named last
        rest = rest[1:] if rest[:1] in (["the"], ["those"], ["these"]) else rest
        neighbours = words[0] == "the" and rest[:1] in (["neighbouring"], ["neighboring"])  # "the neighbouring
        # South East Asian countries"
        if not (words[:1] == ["both"] or rest[:1] == ["two"] or neighbours) or len(rest) > (5 if neighbours else 3):
            return []
        head = words[-1]
        if head in ("countries", "nations", "governments", "sides", "states", "parties", "neighbours", "neighbors"):
            kinds = ("country", "government", "organization")
        elif head in ("leaders", "presidents", "ministers", "men", "women"):
            kinds = ("person",)
        else:
            return []
        if kinds != ("person",):
            # the two sides are the article's main parties so far: the two sides named most often before, of
            # which a state, government or body was named ("The two sides have not formally agreed" after a
            # paragraph that also names Iceland and the UK in passing)
            counts = Counter(m.side for m in self.mentions if m.start < before and m.side and not self.in_quote(m.start))
            last: dict[str, Mention] = {}
            for m in self.mentions:  # (a side's state or government rather than a body of it: "Republican Party")
                if m.start < before and m.kind in kinds and m.side and not self.in_quote(m.start) and (
                        m.kind != "organization" or m.side not in last or last[m.side].kind == "organization"):
                    last[m.side] = m
            ranked = sorted(last, key=lambda side: (0 if pointed else -counts[side], -last[side].start))[:2]
            return [self._party(last[side]) for side in sorted(ranked, key=lambda side: last[side].start)] \
                if len(ranked) == 2 else []
        found: list[Party] = []
        for m in reversed(self.mentions):
            if m.start >= before or self.in_quote(m.start) or m.kind not in kinds or not m.side:
                continue
            if all(p.side != m.side for p in found):
                found.append(self._party(m))
            if len(found) == 2:
                return found[::-1]
        return []

    def _home_government(self, before: int) -> Party | None:
        """The government of the outlet's country, for "the government" in a story that has named no party of
        another side before (a strike in the NHS, a trade deal announced in London, in a British outlet)."""
        if self.gazetteer is None or not home_side(self.home, [m.side for m in self.mentions if m.start < before]):
            return None
        actor = next((a for a in self.gazetteer if a.kind == "government" and a.side == self.home), None)
        return None if actor is None else Party(actor.id, actor.name, actor.side, actor.kind, "", before, before)

    def _last_mention(self, before: int, kinds: tuple[str, ...], named: str = "") -> Party | None:
        """The last actor of one of ``kinds`` named before ``before`` (outside quotes), with the word ``named`` in
        its mention when given."""
        for m in reversed(self.mentions):
            if m.start < before and m.kind in kinds and m.actor_id and not self.in_quote(m.start) and \
                    named in self.text[m.start:m.end].lower():
                return self._party(m)
        return None

    def _side_of_phrase(self, inside: list[Mention]) -> str:
        """The side of the first sided mention in a phrase; one that runs it comes first ("Gaza's Hamas-run
        health ministry" is Hamas), one that only backs it does not count ("Iran-backed militias"), nor does a
        captor ("families of the hostages taken by Hamas")."""
        sided = [m for m in inside if m.side and not _CAPTOR_BEFORE.search(self.text, max(0, m.start - 40), m.start)]
        runs = [m for m in sided if _RUN_BY.match(self.text, m.end)]
        backs = {id(m) for m in sided if _BACKED_BY.match(self.text, m.end)}
        chosen = runs or [m for m in sided if id(m) not in backs]
        return chosen[0].side if chosen else ""

    def _demonym_side(self, low_words: list[str]) -> str:
        """The side of a side adjective or a plural demonym in a phrase: "the Thai foreign ministry" ->
        Thailand, "the Americans" -> United States."""
        if self.gazetteer is None:
            return ""
        forms = self.gazetteer.demonym_sides()
        return next((forms[w] for w in low_words if w in forms), "")

    # ------------------------------------------------------------------ anaphora
    def resolve_pronoun(self, word: str, start: int, end: int, _depth: int = 0) -> Party | None:
        """Resolve a pronoun to a party; unresolved pronouns give a party with no actor (text kept).

        'he'/'she': the subject of the same sentence if it comes before the pronoun, else the most recent
        compatible person earlier in the sentence, else the subject of the previous sentences (following a
        chain of pronoun subjects), else the most recent compatible person. Mentions inside quotes do not
        count, and the gazetteer's gender must not contradict the pronoun. 'it'/'they'/'we': the most recent
        government, organization, country, delegation or group.
        """
        low = word.lower()
        want = PRONOUNS.get(low, "any")
        unresolved = Party("", word, "", "", word, start, end)
        if want in ("male", "female", "any"):
            if _depth > 4:
                return None
            s_index = self.sentence_of(start)
            tokens, i = self._clause_start(s_index, start + 1)
            opens_clause = i < len(tokens) and tokens[i][0] == start  # "Speaking after talks with X, he said"
            for k in range(s_index, max(-1, s_index - 4), -1):
                limit = start if k == s_index else self.sentences[k][1]
                # a sentence before that reports someone's words: its speaker ("Trump's actions have brought
                # peace closer, Sir Keir Starmer has said. ... He also said")
                speaker = self._reporting_person(k, want) if k < s_index else None
                if speaker is not None:
                    return replace(speaker, text=word, start=start, end=end)
                subject = self._subject_person(k, limit, want, _depth)
                if subject is None and k >= s_index - 1:
                    # "A Hamas spokesman condemned what he described as ...", "..., the Prime Minister's official
                    # spokesman said. ¶ He said ...": an unnamed source who is one person, with nobody named since
                    subject = self._source_person(k, limit, want)
                    if subject is not None and any(m.kind == "person" and not self.in_quote(m.start)
                                                   for m in self.mentions_between(subject.end, start)):
                        subject = None
                if subject is not None and subject.start < start:
                    return replace(subject, text=word, start=start, end=end)
                if k == s_index and not opens_clause:
                    recent = self._recent_person(self.sentences[k][0], start, want)
                    if recent is not None:
                        return replace(recent, text=word, start=start, end=end)
            recent = self._recent_person(0, start, want)
            return replace(recent, text=word, start=start, end=end) if recent is not None else unresolved
        if want == "plural" and low == "they":  # a source who is one person, in the sentence before and with
            # nobody named since: '"...," said one Labour MP. "...," they added'
            s_index = self.sentence_of(start)
            lower = self.sentences[max(0, s_index - 1)][0]
            one = next((p for p in reversed(self.sources) if lower <= p.start < start), None)
            if one is not None and one.name.lower().split()[-1] in _ONE_PERSON_NOUNS | {"mp"} and not any(
                    not self.in_quote(m.start) for m in self.mentions_between(one.end, start)):
                return replace(one, text=word, start=start, end=end)
        if _depth == 0:  # "Hamas said it welcomed ...": the subject of this or the previous sentence
            said = _SAID_BEFORE.search(self.text, max(0, start - 20), start)
            if said:
                parties = self.subject_before(said.start())
                if want == "plural" and len(parties) > 1:  # "Qatar, Egypt and Jordan said they ..."
                    return joint_party(parties, word, start, end)
                if parties and parties[0].kind not in ("person", "named", "") and parties[0].actor_id:
                    return replace(parties[0], text=word, start=start, end=end)
            s_index = self.sentence_of(start)
            if _SAYS_AFTER.match(self.text, end):  # "the US said it had reports of an attack, which, it said,
                # would be a violation": the party that reported earlier in the sentence says it again
                said = [m for m in _SAID_VERB.finditer(self.text, self.sentences[s_index][0], start)
                        if not self.in_quote(m.start())]
                parties = self.subject_before(said[-1].start()) if said else []
                if parties and parties[0].kind not in ("person", "named", "") and parties[0].actor_id:
                    return replace(parties[0], text=word, start=start, end=end)
            for k in range(s_index, max(-1, s_index - 2), -1):
                limit = start if k == s_index else self.sentences[k][1]
                if want == "plural" and k < s_index:  # "Qatar, Egypt and Jordan welcomed it. They said ..."
                    group = self.sentence_subject(k, limit)
                    if len(group) > 1:
                        return joint_party(group, word, start, end)
                subject = self._subject_party(k, limit, want) or (
                    self.subject_group(k, limit) if want == "plural" else None)
                if subject is not None:
                    return replace(subject, text=word, start=start, end=end)
        best: Party | None = None
        for m in self.mentions:
            if m.start >= start:
                break
            if self.in_quote(m.start) or not m.actor_id:
                continue
            kinds = ("government", "organization", "country", "delegation") if want == "neuter" else \
                ("government", "delegation", "group", "country", "organization")
            if (m.kind in kinds or _singular_group(m, want)) and not (
                    m.kind in ("country", "government") and
                    _LOCATIVE.search(self.text, max(0, m.start - 12), m.start)):
                best = self._party(m)  # not a place: "strikes in Gaza ... it said" is not Gaza speaking, nor is
                # "Washington" in "a council based in Washington DC"
        # parties found as subjects outside the gazetteer ("Syria says it ...", "Radical farmers said they ...")
        for p in self.named + self.sources:  # (a text is "it" only as the subject opening a sentence, above)
            if p.start < start and (best is None or p.start > best.start) and \
                    self.sentence_of(start) - self.sentence_of(p.start) <= 1 and p.kind not in ("person", "text"):
                if want == "plural" and not re.search(r"s\b", p.name) and p.kind != "named":
                    continue
                best = p
        return replace(best, text=word, start=start, end=end) if best is not None else unresolved

    def text_subject(self, k: int, limit: int) -> Party | None:
        """The text opening sentence ``k`` as its subject ("The plan stipulates that ..."), or None."""
        if not _TEXT_HEAD_WORD.search(self.text, self.sentences[k][0], min(limit, self.sentences[k][0] + 200)):
            return None  # (a quick look first: this is asked for every quotation without a speaker)
        tokens, i = self._clause_start(k, limit)
        if i >= len(tokens):
            return None
        opening = _TEXT_OPENING.match(self.text, tokens[i][0], limit)
        return self._text_party(tokens[i][0], opening.end("np"))[0] if opening else None

    def _subject_party(self, k: int, limit: int, want: str) -> Party | None:
        """The actor (not a person) opening sentence ``k`` before ``limit``, for "it" / "they"."""
        text = self.text_subject(k, limit) if want == "neuter" else None
        if text is not None:  # "The plan says ... It also says": the text
            return text
        tokens, i = self._clause_start(k, limit)
        if i >= len(tokens):
            return None
        s = tokens[i][0]
        if want == "neuter" and _DOCUMENT_OPENING.match(self.text, s, limit):
            return self.resolve_document(s)  # "The statement begins by ... It then warns": who issued it
        kinds = ("government", "organization", "country", "delegation") if want == "neuter" else \
            ("government", "delegation", "group", "country", "organization")
        for m in self.mentions:
            if m.start >= s and not self.in_quote(m.start):
                if m.start >= limit or len([t for t in tokens if s <= t[0] < m.start]) > 2 or not m.actor_id:
                    return None
                after = self.text[m.end:m.end + 3]
                if (m.kind in kinds or _singular_group(m, want)) and not after.startswith(("'s", "’s")):
                    return self._party(m)
                return None
        return None

    def _last_company(self, before: int) -> Party | None:
        """The company named last before ``before`` in this or the three sentences before: a name given in
        apposition to a company ("Another company, Stena Bulk,") or an organisation outside quotations."""
        k = self.sentence_of(before)
        lower = self.sentences[max(0, k - 3)][0]
        best: Party | None = None
        for p in self.named:
            if lower <= p.start < before and (best is None or p.start > best.start):
                best = p
        for m in self.mentions:
            if lower <= m.start < before and m.kind == "organization" and not self.in_quote(m.start) and \
                    (best is None or m.start > best.start):
                best = self._party(m)
        return best

    def subject_group(self, k: int, limit: int) -> Party | None:
        """A plural noun phrase opening sentence ``k`` before ``limit``, for "they": "43 cross-party peers wrote
        ...", "The UN and non-governmental organisations warned ..." (a phrase naming no actor gets no side)."""
        tokens, i = self._clause_start(k, limit)
        j = i
        while j < len(tokens) and j - i < 8 and tokens[j][2] not in (",", ";", ":", '"', "(", "-", "—") and \
                tokens[j][2].lower() not in AUXILIARIES and not _VERB_LIKE.fullmatch(tokens[j][2]):
            j += 1
        if j == i or j >= len(tokens) or not _VERB_LIKE.fullmatch(tokens[j][2]) and \
                tokens[j][2].lower() not in AUXILIARIES:
            return None  # no verb closes the phrase: not the clause's subject
        head = tokens[j - 1][2]
        low = head.lower()
        if not (low in PARTY_HEADS or head[:1].islower() and low.endswith("s") and not low.endswith(("ss", "us"))
                and low not in DETERMINERS):
            return None
        s, e = tokens[i][0], tokens[j - 1][1]
        phrase = self.text[s:e]
        if any(w in PRONOUNS for w in phrase.lower().split()):
            return None
        inside = self.mentions_between(s, e)
        side = self._side_of_phrase(inside) or self._demonym_side([w.lower() for w in phrase.split()])
        party = Party("", re.sub(r"^(?:the|The)\s+", "", phrase), side, "named", phrase, s, e)
        self.named.append(party)
        return party

    def _compatible(self, party: Party, want: str) -> bool:
        if party.kind not in ("person", "named"):
            return False
        if party.kind == "named" and (party.name.startswith("The ") or party.name.isupper()):
            return False  # "The BBC", "NATO": a body, not a person
        return want == "any" or party.gender is None or party.gender == want

    def _reporting_person(self, k: int, want: str) -> Party | None:
        """The person subject of the last reporting verb of sentence ``k`` ("Mark Rutte says ..."), or the agent
        of a passive one ("The move was applauded by Mushahid Hussain"), if any."""
        s_start, s_end = self.sentences[k]
        for m in self.mentions_between(s_start, s_end):
            if m.kind == "person" and _PASSIVE_BY.search(self.text, max(s_start, m.start - 30), m.start) and \
                    not self.text.startswith(("'s", "’s"), m.end):  # not "required by Trump's plan"
                party = self._party(m)
                return party if self._compatible(party, want) else None
        saids = [m for m in _SAID_ANY.finditer(self.text, s_start, s_end) if not self.in_quote(m.start())]
        if not saids:
            return None
        for said in reversed(saids):  # "... António Costa said he thought ..., and said they had ..."
            before = self.text[max(s_start, said.start() - 60):said.start()]
            for m in reversed(self.mentions_between(said.start() - len(before), said.start())):
                if m.kind == "person" and re.fullmatch(r"\s*(?:(?:has|had|have|also|then|later)\s+)*",
                                                       self.text[m.end:said.start()]):  # "Sir Keir Starmer has said"
                    party = self._party(m)
                    return party if self._compatible(party, want) else None
        last = saids[-1]
        before = self.text[max(s_start, last.start() - 60):last.start()]
        if re.search(r",\s*$", before):  # "Ben Hodges, who commanded US forces in Europe, says ..."
            for m in self.mentions_between(s_start, last.start()):
                if m.kind == "person" and re.match(r",\s+who\b", self.text[m.end:m.end + 8]):
                    party = self._party(m)
                    return party if self._compatible(party, want) else None
        return None

    def _subject_person(self, k: int, limit: int, want: str, depth: int) -> Party | None:
        """The person subject of sentence ``k`` (before ``limit``), following pronoun chains."""
        tokens, i = self._clause_start(k, limit)
        if i >= len(tokens):
            return None
        s, e, word = tokens[i]
        if word.lower() in ("he", "she") and PRONOUNS[word.lower()] in (want, "any") or want == "any" and \
                word.lower() in ("he", "she"):
            if s >= limit:
                return None
            party = self.resolve_pronoun(word, s, e, depth + 1)
            return party if party is not None and party.actor_id or (party and party.kind == "named") else None
        if word.lower() == "the":  # "the Hungarian leader called for ...": the person holding that role
            for n in (4, 3, 2):
                words = [t[2].lower() for t in tokens[i:i + n]]
                if len(words) == n and all(w.isalpha() for w in words):
                    holder = self.resolve_role(words, self._demonym_side(words), s)
                    if holder is not None:
                        return holder if self._compatible(holder, want) else None
        for m in self.mentions:
            if m.start >= s and not self.in_quote(m.start):
                if m.start >= limit or len([t for t in tokens if s <= t[0] < m.start]) > 4:
                    break
                if word.lower() in _POSSESSIVES and re.search(r"\b(?:after|before|despite|since|with|than|by|as)\b",
                                                              self.text[s:m.start]):
                    break  # "His statement comes after Trump and Putin failed ...": the subject is his statement
                party = self._party(m)
                if self._compatible(party, want):
                    return party
                head_end = _qualified_head_end(self.text, m.end)  # "Iran's foreign ministry spokesman, Esmail
                named = self._person_in_apposition(head_end, limit) if head_end else []  # Baqai, said"
                named = named or [p for p in self._prefer_apposition([party], tokens, m) if p is not party]
                if not named and self.text[m.end:m.end + 2] in ("'s", "’s"):  # "Washington's Ambassador to
                    # Israel Mike Huckabee was ...": the titled person the owner's phrase ends in
                    named = [self._party(x) for x in self.mentions if m.end < x.start <= m.end + 60
                             and x.kind == "person" and x.start < limit
                             and not re.search(r"[,;:.\"“”]", self.text[m.end:x.start])][:1]
                if named and self._compatible(named[0], want):  # (also "The UK's Chief Rabbi, Sir X,")
                    return named[0]
                break
        for p in self.named:
            if s <= p.start < limit and len([t for t in tokens if s <= t[0] < p.start]) <= 4 and \
                    not self.in_quote(p.start):
                return p if self._compatible(p, want) else None
        return None

    def _source_person(self, k: int, limit: int, want: str) -> Party | None:
        """The unnamed source opening sentence ``k`` when it is one person of a gender compatible with ``want``:
        an indefinite determiner (or "the" with an owner), at most three words and a noun for one person ("A
        Hamas spokesman", "a 75-year-old Cambodian woman", "the Prime Minister's official spokesman"), else
        None. Registers nothing."""
        tokens, i = self._clause_start(k, limit)
        if i >= len(tokens) or tokens[i][2].lower() not in ("a", "an", "the", "one"):
            return None
        n = next((n for n in range(i + 1, min(len(tokens), i + 5)) if tokens[n][2].lower() in _ONE_PERSON_NOUNS
                  and not (n + 1 < len(tokens) and tokens[n + 1][2].lower() in _ONE_PERSON_NOUNS)), None)
        if tokens[i][2].lower() == "the" and not any(t[2].endswith(("'s", "’s")) for t in tokens[i:i + 4]):
            return None  # "the top diplomat" refers back to someone named; "the Prime Minister's spokesman" need not
        if n is None or any(not re.fullmatch(r"[\w’'-]+", t[2]) for t in tokens[i:n]) or n + 1 >= len(tokens) or \
                tokens[n + 1][2] in (",", "'s", "’s") or tokens[n + 1][2].lower() in ("of", "for", "from", "at", "in"):
            return None  # not "the head of ...", "a spokesman for the ministry, X," (a name may follow)
        gender = _NOUN_GENDERS.get(tokens[n][2].lower())
        if want != "any" and gender not in (None, want):
            return None
        start, end = tokens[i][0], tokens[n][1]
        inside = self.mentions_between(start, end)
        if any(m.kind == "person" for m in inside):
            return None
        group = next((m for m in inside if m.kind == "group" and m.end == end), None)
        if group is not None:
            return self._party(group)
        phrase = self.text[start:end]
        side = self._side_of_phrase(inside) or self._demonym_side([w.lower() for w in phrase.split()])
        return Party("", phrase, side, "source", phrase, start, end)

    def _recent_person(self, lower: int, upper: int, want: str) -> Party | None:
        best: Party | None = None
        for m in self.mentions:
            if m.start >= upper:
                break
            if m.start < lower or self.in_quote(m.start) or not m.actor_id:
                continue
            party = self._party(m)
            if self._compatible(party, want):
                best = party
        for p in self.named:
            if lower <= p.start < upper and (best is None or p.start > best.start) and self._compatible(p, want) \
                    and not self.in_quote(p.start):
                best = p
        return best

    def resolve_role(self, low_words: list[str], side: str, before: int) -> Party | None:
        """'the Ukrainian president', 'the prime minister', 'the Iranian leader' -> the person who holds that
        role: the last one named before in the article (not in a quote) whose role (the gazetteer's on the
        article's date, or the title the text gave) matches and whose side agrees, else the one person of that
        side with that role in the gazetteer on the article's date (a track's before the world layer's). "The
        leader of Hezbollah", "the head of the UN's nuclear watchdog": the head of the body named after the role."""
        side_words = self.gazetteer.side_words() if self.gazetteer is not None else frozenset()
        role = " ".join(w for w in low_words[1:] if w not in side_words)
        wanted = _ROLE_WORDS.get(role)
        of = re.match(r"(.+?)\s+of\b", role)
        if wanted is None and side and of:  # the body named after the role is the side's
            wanted = _ROLE_WORDS.get(of.group(1)) or _HEAD_OF.get(of.group(1))
        as_written = wanted is None and bool(role) and role.split()[-1] in _TITLE_HEADS
        if as_written:  # "the justice secretary", "the former prime minister": a title the text gave someone
            wanted = (role,)
        if wanted is None:
            return None
        best = None
        for m in self.mentions:
            if m.start >= before:
                break
            if m.kind != "person" or not m.actor_id or self.in_quote(m.start) or side and m.side != side:
                continue
            if _holds(self._role_of(m), wanted) or as_written and (
                    _holds(m.role, wanted) or m.surface != m.actor and _holds(  # "former UK prime minister Sir
                        " ".join(w for w in m.surface.lower().split() if w not in side_words), wanted)):  # Tony Blair"
                best = m
        if best is not None:
            return self._party(best)
        if not side or self.gazetteer is None or self.date is None or as_written:
            return None
        holders = [a for a in self.gazetteer.persons_of(side)
                   if _holds(self.gazetteer.role_on(a.id, self.date), wanted)]
        if len(holders) > 1:  # a track's or the user's holder before the world layer's: "the Hungarian leader"
            holders = [a for a in holders if a.layer != "world"] or holders
        if len(holders) == 1:
            a = holders[0]
            return Party(a.id, a.name, a.side, a.kind, "", 0, 0, a.gender)
        return None

    def _role_of(self, m: Mention) -> str:
        return (self.gazetteer.role_on(m.actor_id, self.date) if self.gazetteer is not None else "") or m.role

    def resolve_document(self, before: int) -> Party | None:
        """'the statement', 'a statement' -> who issued it: its signers ("... was signed by the leaders of Canada,
        Finland and France", a joint party), the subject of "X put out / issued / released a statement" or "X
        said in a statement" in the three sentences before, else the subject of the reporting verb of the
        sentence before ("Netanyahu said: '...' The statement added ...")."""
        k = self.sentence_of(before)
        for j in range(k, max(-1, k - 4), -1):
            s_start, s_end = self.sentences[j]
            end = min(s_end, before)
            for m in reversed(list(_SIGNED_BY.finditer(self.text, s_start, end))):
                first = next((x for x in self.mentions if x.start == m.end() and not self.in_quote(x.start)), None)
                if first is not None:  # "The joint statement was signed by the leaders of Canada, Finland and ..."
                    signers = [self._party(first), *self._coordinated_after(first, s_end)]
                    including = _SIGNERS_INCLUDING.match(self.text, signers[-1].end, s_end)
                    named = next((x for x in self.mentions if including and x.start == including.end()), None)
                    if named is not None:  # "the UK and 27 other nations, including Australia, Canada and Japan"
                        signers += [self._party(named), *self._coordinated_after(named, s_end)]
                    return joint_party(signers, self.text[m.end():signers[-1].end], m.end(), signers[-1].end)
            for m in reversed(list(_ISSUED.finditer(self.text, s_start, end))):
                if self.in_quote(m.start()):
                    continue
                parties = self.subject_before(m.start())
                if parties and parties[0].name.split()[-1].lower() not in _DOCUMENT_HEADS:
                    return parties[0]
        if k == 0:
            return None
        p_start, p_end = self.sentences[k - 1]
        said = _SAID_ANY.search(self.text, p_start, p_end)
        if said and not self.in_quote(said.start()):
            parties = self.subject_before(said.start())
            if parties and parties[0].kind != "source":
                return parties[0]
        return None

    def resolve_description(self, head: str, before: int, qualifier: str = "") -> Party | None:
        """'the source' -> the unnamed source it refers back to: the last one introduced in the previous two
        sentences, else the most recent one with the same head noun (and the same word before it, when one is
        given: "the country's health ministry" is the health ministry named before, not the foreign ministry
        named since), else (for "the official", "the person") the most recent one."""
        recent = next((p for p in reversed(self.sources) if p.start < before), None)
        if recent is not None and head in _ANAPHORIC_HEADS and \
                self.sentence_of(before) - self.sentence_of(recent.start) <= 2:
            return recent
        for party in reversed(self.sources if qualifier else ()):
            if party.start < before and f"{qualifier} {head}" in party.name.lower():
                return party
        for party in reversed(self.sources):
            if party.start < before and party.name.lower().split()[-1].strip(",.") in (head, head + "s", head[:-1]):
                return party
        for party in reversed(self.sources):
            if party.start < before and head in party.name.lower():
                return party
        # "A senior European diplomat put it bluntly. '...,' the diplomat said": introduced without a verb.
        k = self.sentence_of(before)
        lower = self.sentences[max(0, k - 3)][0]
        pattern = re.compile(rf"\b(?:A|An|One|a|an|one)\s+(?:[\w’'.-]+\s+){{0,3}}?{re.escape(head)}s?\b")
        found = [m for m in pattern.finditer(self.text, lower, before) if not self.in_quote(m.start())]
        if found:
            m = found[-1]
            parties = self._np_party(m.start(), m.end(), m.group(0))
            if parties:
                return parties[0]
        if head in _ANAPHORIC_HEADS:  # "A member of the delegation said ... the official added"
            return next((p for p in reversed(self.sources) if p.start < before), None)
        return None


#: A compound after a name that makes it qualify the next noun: "Iran-backed", "Russian-occupied", "US-brokered".
_QUALIFYING = re.compile(r"-(?:backed|allied|aligned|funded|supported|sponsored|brokered|based|occupied|held|friendly|"
                         r"made|born|educated|style)\b")
#: A group named by its kind as the owner of what follows: "The movement's carefully crafted ", "the group's ".
_GROUP_OWNER = re.compile(rf"\b[Tt]he\s+(?:[a-z-]+\s+)?(?:{'|'.join(sorted(_GROUP_HEADS))})['’]s\s+"
                          r"(?:[a-z-]+\s+){0,3}$")
#: Office holders of several parties named one by one: "the leaders of Britain, France and Germany".
_LEADERS_OF = re.compile(r"(?:the\s+)?(?:leaders|heads|foreign\s+ministers|ministers|presidents|prime\s+ministers|"
                         r"governments|representatives|delegations|envoys)\s+of\s+(?:the\s+)?", re.I)
_TITLED_NAME = re.compile(
    r"\b(?P<title>Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Del|Senator|Representative|Governor|President|Secretary|Mayor|"
    r"Judge|Justice|Chairman|Chairwoman)\.?\s+(?P<name>(?:[A-Z][\w’'-]*\.?\s+){0,2}[A-Z][\w’'-]+)")
_TITLE_GENDER = {"Mr": "male", "Mrs": "female", "Ms": "female", "Miss": "female"}


def _titled_names(text: str, mentions: list[Mention]) -> list[Party]:
    """Persons outside the gazetteer named with a title ("Sen. Claire McCaskill", "Mr. Clarke"), so that a
    later "she said" / "he said" can refer to them."""
    taken = [(m.start, m.end) for m in mentions if m.kind == "person"]
    out = []
    for m in _TITLED_NAME.finditer(text):
        s, e = m.start("name"), m.end("name")
        if any(a < e and s < b for a, b in taken):
            continue
        out.append(Party("", m.group("name"), "", "named", m.group(0), m.start(), e,
                         _TITLE_GENDER.get(m.group("title"))))
    return out


_NAME_PARTICLES = ("de", "von", "van", "der", "bin", "al", "la", "le")


def _trailing_name(phrase: str) -> str:
    """The capitalised name at the end of a phrase: 'Clinton campaign chairman John Podesta' -> 'John Podesta'."""
    words = phrase.split()
    out = []
    for w in reversed(words):
        if w[:1].isupper() or _PARTICLE_NAME.match(w) or w.lower() in _NAME_PARTICLES:
            out.append(w)
        else:
            break
    out.reverse()
    while out and out[0].lower() in _NAME_PARTICLES:
        out = out[1:]
    return " ".join(out)


def _singular_group(m: Mention, want: str) -> bool:
    """A group named in the singular is an "it": "the Israeli military said it", "the Russian army"."""
    return want == "neuter" and m.kind == "group" and not m.surface.rstrip().lower().endswith("s")


def _drop_time_phrases(text: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    if not tokens:
        return tokens
    start, end = tokens[0][0], tokens[-1][1]
    spans = [(m.start() + start, m.end() + start) for m in _TIME_PHRASE.finditer(text[start:end]) if m.group(0).strip()]
    if not spans:
        return tokens
    return [t for t in tokens if not any(s <= t[0] and t[1] <= e for s, e in spans)]

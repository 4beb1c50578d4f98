"""Who demands what of whom: negotiation statements (PLOVER acts) with holder, target, issue and evidence.

A statement needs a cue (``toolkit/resources/cues.yaml``) and a holder:

- a verb or phrase cue ("urged", "rejected", "agreed to", "is ready to") takes the subject found before it
  (:class:`~toolkit.extract.attribution.ArticleContext`), including "X, who urged ..." and coordinated subjects
  ("Russia and Ukraine agreed" gives one row per holder); a passive cue takes the party after "by";
- a noun cue ("demands", "request", "offer") takes a possessive ("Moscow's demands", "his offer"), a side
  adjective ("the Russian proposal"), or "by/from X"; without one it inherits the holder of the same act in
  the previous sentence ("Moscow's demands ... Among them were ultimatums ...");
- a cue inside a direct quote with "we"/"I" (or no subject) belongs to the quote's speaker;
- "X accused Y of demanding ..." makes Y the holder and X's side the ``reported_by_side``; a position reported
  inside another side's quote or reported speech also gets that side as ``reported_by_side``.

Cues in questions, in "if"/"unless"/"whether" clauses, or in an infinitive ("urged delegates to agree") are
not statements. The ``issue`` comes from the issue taxonomy (``toolkit/resources/issues.yaml`` or the user's):
the issue whose keyword appears earliest in the statement's text, else in its sentence, else the issue the
position model reads in the sentence's words ("a lasting peace", "air defences"), else (without a model) the
issue the article's sentences name most ("the deal" of a tariff story is about trade), else "other".

Where the rules give a sentence no row, the position model (:mod:`toolkit.extract.positions`) may: a
sentence it reads as a position gets a row with ``found_by = "model"``, the model's act among those whose
cues the sentence holds, the issues its keywords name (else the model's), and a holder from the sentence's
quotation, subject or reported speech. Every row carries the model's ``confidence`` that its sentence
states a position.

>>> from toolkit.extract import Doc
>>> [(s.act, s.holder.name, s.issue) for s in find_statements(Doc("a", "Russia rejected the ceasefire plan."))]
[('REJECT', 'Russia', 'ceasefire')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ..resources.cues import ActCue, CueLexicon
from ..resources.issues import IssueTaxonomy
from .attribution import AUXILIARIES, ArticleContext, Party, joint_party, party_from_mention
from .base import Doc, Extractor
from .people import EXPERT_WORDS
from .positions import PositionModel, Reading

_HYPOTHETICAL = {"if", "unless", "whether", "until", "would-be"}
# Top-level separators of listed demands: "a ceasefire, the withdrawal of troops and guarantees".
_LIST_SPLIT = re.compile(r",\s*(?:and\s+|as well as\s+)?|\s+and\s+(?=(?:the|a|an|an?\s+end|its|their|international|"
                         r"limits?|recognition|lifting|neutrality|guarantees?)\b)|\s+as well as\s+")
# Verbs of wishing or expecting: what follows them is not (yet) anyone's position.
_WISH = re.compile(r"\b(?:hope[sd]?|hoping|expect(?:s|ed)?|expecting|wish(?:es|ed)?|believe[sd]?|thinks?|thought|"
                   r"doubt(?:s|ed)?|predict(?:s|ed)?|fear(?:s|ed)?|wonder(?:s|ed)?)\s+(?:that\s+)?[^,;.]{0,60}$")
#: Commentators whose "must" is an opinion, not a negotiating position.
_GENERIC_SOURCES = {"analysts", "analyst", "experts", "expert", "observers", "observer", "critics", "critic",
                    "commentators", "economists", "economist", "researchers", "diplomats"}
# A negated agreement in a modal or future is a refusal: "would not sign", "will never accept", "cannot agree".
_MODAL_NEGATION = re.compile(r"\b(?:will|would|can|could|shall|should)\s+(?:not|never|no\s+longer)\s+(?:\w+\s+)?$|"
                             r"\b(?:won't|wouldn't|cannot|can't|couldn't|won’t|wouldn’t|can’t)\s+(?:\w+\s+)?$")
#: Verbs whose subject also does what the following infinitive says: "Russia continues to demand ...".
_SUBJECT_CONTROL = frozenset("""continue continues continued continuing want wants wanted plan plans planned intend
intends intended hope hopes hoped expect expects expected seek seeks sought try tries tried decide decides decided
move moves moved appear appears appeared seem seems seemed prepare prepares prepared vow vows vowed promise promises
promised pledge pledges pledged threaten threatens threatened agree agrees agreed aim aims aimed refuse refuses
refused decline declines declined offer offers offered ready willing prepared able going set due manage manages
managed vote votes voted opt opts opted choose chooses chose begin begins began start starts started keen eager
go goes went gone""".split())  # "went on to agree"
_FIRST_PERSON = {"we", "i", "us"}
_PARTY_HEADS = {"sides", "parties", "countries", "nations", "governments", "allies", "partners", "leaders", "states"}
_CLAUSE_END = re.compile(r";|,\s+(?:but|while|whereas|although|though|saying|adding|arguing|citing|as|that|"
                         r"and\s+(?:said|added))\b|,\s+(?:and|but)\s+(?=(?:the|he|she|they|it|we)\b|[A-Z])|"
                         r"\s+—\s+|\s+-\s+|,\s+(?:which|who)\b")
# What a party is "ready to" do that is no offer but a threat.
#: Past participles of cue verbs that do not end in "-ed": "the proposal put forward by Egypt", "a deal struck by".
_IRREGULAR_PARTICIPLES = frozenset({"put", "struck", "sought", "drawn", "set", "made", "brought", "laid", "given"})
_FORCE = re.compile(r"(?:to\s+)?(?:return\s+to\s+(?:fighting|war|the\s+battlefield)|resume\s+(?:the\s+)?(?:fighting|"
                    r"strikes|attacks|war|hostilities|bombing|military)|strike|attack|retaliate|use\s+(?:military\s+)?"
                    r"force|go\s+to\s+war|escalate|fight\s+on|hit\s+back)\b", re.I)
#: Plans of force a party approves: "plans for a massive assault on Gaza City", "the IDF's plans to take control".
_FORCE_PLAN = re.compile(r"\s*(?:[\w'’()-]+\s+){0,4}?plans?\s+(?:for|to)\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?"
                         r"(?:assault|offensive|invasion|attack|strikes|ground\s+operation|military\s+operation|"
                         r"take\s+(?:over|control)|seize|capture|occupy|conquer)\b", re.I)
# A condition the cue sits in: "unless Israel agreed", "if Tehran agrees", "subject to Iran agreeing".
_CONDITION_BEFORE = re.compile(r"\b(?:if|unless|until|provided(?:\s+that)?|on\s+condition\s+that|subject\s+to)\s+"
                               r"[^,;:\"“”]{0,60}$")
# A condition after an act's cue: the demand an offer, a refusal or a threat carries ("agree ... only if X").
_CONDITION_AFTER = re.compile(r"\b(?:only\s+if|if|unless|until|as\s+long\s+as|provided(?:\s+that)?|"
                              r"on\s+condition\s+that|subject\s+to|in\s+exchange\s+for|only\s+after)\s+")
_QUESTION_IF = re.compile(r"\b(?:see|know|ask|asked|unclear|clear|wonder|decide|check|whether|even)\s+(?:only\s+)?$")
_CONDITIONAL_ACTS = ("AGREE", "PROPOSE", "REJECT", "THREATEN")
# What someone "should" do is no request inside an indirect question or about the past or praise.
_ASKED_WHETHER = re.compile(r"\b(?:asked|asking|whether|how|what|why|wondered)\b[^,.;:\"“”]*$")
_HINDSIGHT = re.compile(r"\s+(?:not\s+)?(?:have|be\s+(?:commended|praised|thanked|congratulated))\b")
# An agreement's other parties follow "with" or "between" within a few words of its cue.
_PARTNER = re.compile(r"(?:\s+(?!talks\b|negotiat|meet|discuss|to\b)[\w’'-]+){0,4}?\s+(with|between)\s+")
#: What may stand between "with" or "between" and the first partner: "the", and the words describing it ("the
#: Iran-backed armed group Hezbollah").
_FIRST_PARTNER = r"(?:the\s+)?(?:[A-Z][\w]*-[a-z]+\s+)?(?:[a-z]+\s+){0,2}?"
_NEXT_PARTNER = r"\s*(?:,|and|,\s*and)\s+(?:the\s+)?"
_BY_TIME = re.compile(r"(?:the\s+(?:end|middle|start|deadline|weekend|time)\b|his\s+deadline|\d|(?:next|this|"
                      r"mid|early|late|then|now|tomorrow|tonight|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                      r"Sunday|January|February|March|April|May|June|July|August|September|October|November|"
                      r"December)\b)")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_BACKREF = re.compile(r"^(?:At the time|At that time|Back then|Then|In those talks|In that round)\b")
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}
# A modifier right before a noun cue, with at most two lower-case words between: "European demands", "the US
# 28-point plan", "a Kremlin peace proposal".
_ATTRIBUTIVE = re.compile(r"(?<![\w’'-])(?P<owner>[A-Z][\w.-]*)\s+(?P<between>(?:[a-z\d][\w-]*\s+){0,2})$")
_NOT_MODIFIERS = AUXILIARIES | {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those",
                                "to", "of", "on", "for", "with", "by", "from", "in", "at", "and", "or", "not", "no"}
# Words before "request"/"demands"/"offer" that make it a noun: "Kyiv's request", "the demands", "a new offer".
_NOUN_CONTEXT = re.compile(r"(?:(?:['’]s|\b(?:a|an|the|this|that|these|those|his|her|their|its|our|my|any|no|new|"
                           r"latest|main|key|initial|final|fresh|such|other|Russian|Ukrainian|U\.S\.|US|American|"
                           r"European))"
                           r"(?:\s+(?!(?:has|have|had|is|was|were|are|will|would|also|again|not|never|then|now)\b)"
                           r"[a-z-]+){0,2})\s+$")


@dataclass
class Statement:
    sentence_index: int
    act: str
    issue: str
    issues: tuple[str, ...]  # every issue the statement's words name, ``issue`` first
    holder: Party
    target_side: str
    text: str
    negated: bool
    reported_by_side: str
    when: str
    cue: str
    evidence: str
    found_by: str = "rules"  # "rules", or "model" where the rules gave the sentence no row
    confidence: float = float("nan")  # the position model's probability that the sentence states a position


_HOLDER_PREPOSITIONS = frozenset("to with on from of in at for against by between into over about".split())
_NEXT_WORD = re.compile(r"\s*([\w’'-]+)")
_PREVIOUS_WORD = re.compile(r"([\w’'-]+)\s*$")


def split_quotes(quotes) -> tuple[list, list]:
    """(the quotes in quotation marks, the quotes and reported speech with a speaker) of an article, as the
    statement rules and :func:`holder_candidates` read them."""
    return [q for q in quotes if q.kind != "indirect"], [q for q in quotes if q.speaker is not None]


def holder_candidates(ctx: ArticleContext, s_index: int, cue: ActCue | None, direct, reported) -> dict:
    """The sides that may hold the position of sentence ``s_index``: side -> (the party that names it first,
    the binary features the holder model reads). Candidates are the sides of the actors the sentence names,
    of its subject, and of the speakers of its quotes and reported speech; the features say where and how the
    side is named (subject, first named, before or after the act's cue and how far, followed by a verb-like
    word, after a preposition, possessive, inside a quotation, kind of actor, how often)."""
    s_start, s_end = ctx.sentences[s_index]
    text = ctx.text
    out: dict[str, tuple[Party, set[str]]] = {}

    def add(party: Party | None, *features: str) -> None:
        if party is None or not party.side:
            return
        if party.side not in out:
            out[party.side] = (party, set())
        out[party.side][1].update(features)

    mentions = [m for m in ctx.mentions if s_start <= m.start < s_end]
    for k, m in enumerate(mentions):
        features = [f"kind:{m.kind}"]
        if k == 0 or all(x.side == m.side for x in mentions[:k]):
            features.append("first")
        if ctx.in_quote(m.start):
            features.append("in_quote")
        if cue is not None:
            if m.end <= cue.start:
                gap = len(re.findall(r"[\w’'-]+", text[m.end:cue.start]))
                features += ["before_cue", "near:0-2" if gap <= 2 else "near:3-6" if gap <= 6 else "near:7+"]
            else:
                features.append("after_cue")
        nxt = _NEXT_WORD.match(text, m.end)
        word = nxt.group(1) if nxt else ""
        if word in ("s", "’s", "'s") or text[m.end:m.end + 2] in ("'s", "’s"):
            features.append("possessive")
        elif word[:1].islower() and word.lower() not in _HOLDER_PREPOSITIONS and word not in ("and", "or", "the"):
            features.append("verb_after")
        prev = _PREVIOUS_WORD.search(text, max(s_start, m.start - 30), m.start)
        before = prev.group(1).lower() if prev else ""
        if before in _HOLDER_PREPOSITIONS:
            features.append("by_before" if before == "by" else "prep_before")
        elif before == "and":
            features.append("and_before")
        add(party_from_mention(m, ctx.gazetteer), *features)
    subject = ctx.sentence_subject(s_index, s_end)
    if subject:
        add(subject[0], "subject")
    for q in direct:
        if q.speaker is not None and q.start < s_end and q.end > s_start:
            add(q.speaker, "speaker", *(["quote_fills"] if min(q.end, s_end) - max(q.start, s_start) >=
                                          (s_end - s_start) / 2 else []))
    for q in reported:
        if q.start < s_end and q.end > s_start and q.kind == "indirect":
            add(q.speaker, "reporter")
    for side, (_, features) in out.items():
        n = sum(m.side == side for m in mentions)
        features.add("count:1" if n <= 1 else "count:2" if n == 2 else "count:3+")
    if len(out) == 1:
        next(iter(out.values()))[1].add("only")
    return out


class StatementFinder:
    """Negotiation statements of an article (see the module docstring)."""

    def __init__(self, cues: CueLexicon | None = None, taxonomy: IssueTaxonomy | None = None,
                 model: PositionModel | None | bool = True):
        self.cues = cues or CueLexicon.bundled()
        self.taxonomy = taxonomy or IssueTaxonomy.bundled()
        self.model = PositionModel.bundled() if model is True else (model or None)
        exceptions = [str(e) for e in self.cues.data.get("exceptions") or []]
        self._void = re.compile("|".join(f"(?:{e})" for e in exceptions) or "(?!)")
        self._void_before = re.compile("(?:" + ("|".join(exceptions) or "(?!)") + r")\s*$")
        verbs = "|".join(sorted(self.cues.reporting_of_other, key=len, reverse=True)) or "(?!)"
        # "Kyiv accused Moscow of <cue>": the accused is the holder, the accuser's side reports it.
        self._accusation = re.compile(rf"\b(?P<verb>{verbs})\s+(?P<who>[^,;]{{1,60}}?)\s+of\s*$")

    def extract(self, ctx: ArticleContext, quotes=(), year: int | None = None) -> list[Statement]:
        out: list[Statement] = []
        direct, reported = split_quotes(quotes)
        previous_nouns: dict[str, Party] = {}
        previous_year = ""
        texts = [ctx.text[start:end] for start, end in ctx.sentences]
        main_issue = cache(lambda: self.taxonomy.main_issue(texts))
        readings = self.model.read_article(texts) if self.model is not None else None
        for s_index, (s_start, s_end) in enumerate(ctx.sentences):
            sentence = ctx.text[s_start:s_end]
            reading = readings[s_index] if readings is not None else None
            first_row = len(out)
            when = self._when(sentence, year, previous_year)
            previous_year = when or (self._years_before(sentence, year) or "")
            nouns_here: dict[str, Party] = {}
            seen = set()
            cues = self.cues.acts(ctx.text, s_start, s_end)
            voided = 0  # cues of this sentence an exception voids ("declined to comment")
            for cue in cues:
                if cue.part == "verb|noun":
                    cue = replace(cue, part="noun" if _NOUN_CONTEXT.search(ctx.text[max(s_start, cue.start - 40):cue.start])
                                  else "verb")
                quote = next((q for q in direct if q.start <= cue.start < q.end), None)
                if quote is None and sentence.rstrip().endswith("?"):
                    continue
                if self._void.match(ctx.text, cue.start) or self._void_before.search(
                        ctx.text[max(s_start, cue.start - 30):cue.end]):
                    voided += 1
                    continue  # "declined to comment", "asked not to be named"
                if cue.act == "PROPOSE" and cue.part == "phrase" and self._followed_by_act(ctx.text, cue, s_end):
                    continue  # "was ready to accept ...": the following verb states the act
                if quote is None and self._wished_or_obliged(ctx.text, s_start, cue):
                    continue
                if cue.act == "REQUEST" and cue.part == "said" and (
                        _ASKED_WHETHER.search(ctx.text, s_start, cue.start) or _HINDSIGHT.match(ctx.text, cue.end)):
                    voided += 1
                    continue  # "asked whether Israel should do more", "Crimea should not have been given up"
                holders, reporter = self._holders(ctx, cue, quote, previous_nouns, s_index)
                holders = [m for h in holders for m in (h.members or (h,))]  # a group's position is each member's
                holders = [h for h in holders if h.side or not _is_expert(ctx, h)]  # an analyst's "must" is no
                # party's position ("Julie Norman, professor of politics at UCL, agrees that ...")
                negated = self._negated(ctx.text, cue, s_start)
                demanded_of = None
                if not holders and cue.act == "AGREE" and not negated:
                    # "the UK would recognise Palestine unless Israel agreed to a ceasefire": the agreement is
                    # what the main clause's subject demands of the condition's subject
                    setter, demanded_of = self._condition_of(ctx, s_index, cue)
                    holders = [setter] if setter is not None else []
                partners = self._partners(ctx, cue, s_end, holders) \
                    if cue.act == "AGREE" and not negated and demanded_of is None and \
                    (cue.part != "noun" or not holders) else []
                if not holders:  # "the deal agreed between Israel and Hamas": its parties hold it
                    holders, partners = partners[:1], partners[1:]
                if not holders:
                    continue
                act = "DEMAND" if demanded_of is not None else cue.act
                if act == "AGREE" and negated and _MODAL_NEGATION.search(ctx.text[max(s_start, cue.start - 25):cue.start]):
                    act, negated = "REJECT", False  # "Ukraine would not sign", "will never accept"
                if cue.part == "noun":
                    nouns_here[cue.act] = holders[0]
                span_text = self._span(ctx, cue, s_end)
                if act == "PROPOSE" and _FORCE.match(span_text) or act == "AGREE" and _FORCE_PLAN.match(span_text):
                    act = "THREATEN"  # "ready to return to fighting", "approved plans for an assault": a threat
                lead = _clause_before(ctx.text, s_start, min(h.start for h in holders) if holders[0].end else cue.start)
                fallback = self._named_issue(lead, reading) or self._named_issue(sentence, reading) or \
                    _likely_issue(reading, self.taxonomy, main_issue) or "other"
                items = self._items(span_text, act, fallback, reading)
                target = demanded_of.side if demanded_of is not None else self._target(ctx, cue.end, s_end, holders[0])
                holders = holders + partners
                for holder in holders:
                    for issue, item_text in items:
                        key = (act, holder.actor_id or holder.name, issue)
                        if key in seen or (act, holder.actor_id or holder.name, None) in seen and len(items) == 1:
                            continue
                        seen.add(key)
                        seen.add((act, holder.actor_id or holder.name, None))
                        reported_by = reporter
                        if not reported_by:
                            q = next((q for q in reported if q.start <= cue.start < q.end), None)
                            if q is not None and q.speaker.side and holder.side and q.speaker.side != holder.side:
                                reported_by = q.speaker.side
                        if reported_by == holder.side:
                            reported_by = ""
                        issues = (issue, *(i for i in self.taxonomy.classify_all(item_text) if i != issue))
                        aim = holders[0].side if holder in partners else target
                        out.append(Statement(s_index, act, issue, issues, holder,
                                             aim if aim != holder.side else "", item_text, negated, reported_by,
                                             when, cue.lemma, sentence))
                if act in _CONDITIONAL_ACTS:
                    out.extend(self._conditions(ctx, s_index, cue, holders, target, reporter, when, items[0][0],
                                                seen))
            previous_nouns = nouns_here
            if reading is not None:
                if len(out) > first_row:
                    out[first_row:] = [replace(st, confidence=reading.probability) for st in out[first_row:]]
                elif self.model.states_position(reading) and not (cues and voided == len(cues)):
                    # (a sentence whose only cues are voided is journalism, not a position: "did not respond
                    # to a request for comment")
                    out.extend(self._model_statements(ctx, s_index, reading, cues, direct, reported, when))
        return out

    # ------------------------------------------------------------------ the model's rows
    def _model_statements(self, ctx: ArticleContext, s_index: int, reading: Reading, cues: list[ActCue], direct,
                          reported, when: str) -> list[Statement]:
        """The row of a sentence the position model reads as a position and the rules gave none: the model's
        most probable act (not forced onto the acts of the cues the sentence holds: "deal" in a sentence about
        a demand is no agreement), the issues
        the sentence's keywords name (the model's likely issues when it names none), a holder from the
        sentence's quote or subject; target and negation as for the rules."""
        s_start, s_end = ctx.sentences[s_index]
        sentence = ctx.text[s_start:s_end]
        if sentence.rstrip().endswith("?") and not ctx.in_quote(s_start):
            return []  # a question asks about a position, as for the rules
        comma = sentence.find(",")
        if cues and comma > 0 and re.match(r"\s*(?:If|Unless|Whether|Should)\b", sentence) and \
                all(c.start < s_start + comma for c in cues):
            return []  # "If Moscow rejects the plan, sanctions are likely": a hypothetical, as for the rules
        act = reading.acts[0]
        cue = next((c for c in cues if c.act == act), None)
        if act == "PROPOSE" and cue is not None and _FORCE.match(self._span(ctx, cue, s_end)):
            act = "THREATEN"  # as for the rules: "prepared to return to fighting"
        holder = self._model_holder(ctx, s_index, direct, reported, cue)
        if holder is None:
            return []
        if any(q.start < s_end and q.end > s_start and q.speaker is not None and _is_expert(ctx, q.speaker)
               for q in (*direct, *reported)):
            return []  # an analyst's reading of the talks ("..., Mr Menon said"), not a party's position
        named = self.taxonomy.classify_all(sentence)
        issues = tuple(i for i in reading.issues_among(named, self.taxonomy.process)
                       if i in self.taxonomy.order) or ("other",)
        negated = cue is not None and self._negated(ctx.text, cue, s_start)
        after_holder = holder.end if s_start <= holder.start < s_end else s_start
        target = self._target(ctx, after_holder, s_end, holder)
        q = next((q for q in reported if q.start < s_end and q.end > s_start), None)
        reported_by = q.speaker.side if q is not None and q.speaker.side and q.speaker.side != holder.side else ""
        members = holder.members or (holder,)  # a group's position is each member's
        rows = [Statement(s_index, act, issues[0], issues, member, target if target != member.side else "",
                          sentence.strip(), negated, reported_by if reported_by != member.side else "", when,
                          cue.lemma if cue else "", sentence, "model", reading.probability) for member in members]
        if cue is not None and act in _CONDITIONAL_ACTS and act != "DEMAND":
            rows += self._conditions(ctx, s_index, cue, list(members), target, reported_by, when, issues[0],
                                     set(), "model", reading.probability)
        return rows

    def _model_holder(self, ctx: ArticleContext, s_index: int, direct, reported,
                      cue: ActCue | None = None) -> Party | None:
        """Who holds the position of a sentence the rules could not read: the side the holder model scores
        highest among those the sentence names (:func:`holder_candidates`); without that model, or when no
        side is named, the speaker of a quotation that fills most of it, else the sentence's subject, else the
        speaker of reported speech in it."""
        s_start, s_end = ctx.sentences[s_index]
        if self.model is not None and self.model.reads_holders:
            candidates = holder_candidates(ctx, s_index, cue, direct, reported)
            if candidates:
                party, _ = max(candidates.values(), key=lambda c: self.model.holder_score(c[1]))
                subject = [p for p in ctx.sentence_subject(s_index, s_end) if p.side]
                coordinated = len(subject) > 1 and all(
                    re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?", ctx.text[a.end:b.start])
                    and ctx.text[b.end:b.end + 2] not in ("'s", "’s") for a, b in zip(subject, subject[1:]))
                if coordinated and party.side in {p.side for p in subject}:
                    # the chosen side is one of a coordinated subject: "Russia and Ukraine agreed ...", all hold it
                    return joint_party(subject, party.text, subject[0].start, subject[-1].end)
                return party
        for q in direct:
            if q.speaker is not None and min(q.end, s_end) - max(q.start, s_start) >= (s_end - s_start) / 2:
                return q.speaker
        subject = [p for p in self._usable(ctx.sentence_subject(s_index, s_end))
                   if p.name.split()[-1].lower() not in _GENERIC_SOURCES]
        if subject:
            return subject[0]
        q = next((q for q in reported if q.start < s_end and q.end > s_start), None)
        return q.speaker if q is not None else None

    # ------------------------------------------------------------------ holders
    def _holders(self, ctx: ArticleContext, cue: ActCue, quote, previous_nouns, s_index):
        """(holders, reported_by_side) of a cue, or ([], "")."""
        text = ctx.text
        s_start = ctx.sentences[s_index][0]
        if quote is not None:
            return self._holder_in_quote(ctx, cue, quote, previous_nouns), ""
        if cue.part == "noun":
            holders = self._noun_holder(ctx, cue)
            if not holders and cue.act in previous_nouns and s_index > 0:
                holders = [previous_nouns[cue.act]]
            return holders, ""
        before = text[max(s_start, cue.start - 60):cue.start]
        word = text[cue.start:cue.end].split()[0]
        accused = self._accusation.search(text[max(s_start, cue.start - 80):cue.start])
        if accused:
            base = max(s_start, cue.start - 80)
            m = ctx.mention_ending_at(base + accused.end("who"))
            if m is not None:
                reporter = ctx.subject_before(base + accused.start("verb"))
                return [party_from_mention(m, ctx.gazetteer)], reporter[0].side if reporter else ""
        if cue.part == "verb" and not word.endswith("ing") and (
                re.search(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$", before) or
                (word.endswith("ed") or word in _IRREGULAR_PARTICIPLES) and
                re.match(r"\s+by\s", text[cue.end:cue.end + 5])):
            # passive: "the plan was rejected by Moscow"; without "by" nobody holds it
            by = re.search(r"\bby\s+", text[cue.end:cue.end + 60])
            if not by or len(text[cue.end:cue.end + by.start()].split()) > 6 or \
                    _BY_TIME.match(text, cue.end + by.end()):
                return [], ""  # no agent, or a time: "if a ceasefire is not agreed by Friday 8 August"
            start = cue.end + by.end()
            if text.startswith(("the ", "The "), start) and any(m.start == start + 4 for m in ctx.mentions):
                start += 4  # "proposed by the US"
            parties = ctx.subject_after(start, ctx.sentences[s_index][1])
            if parties:  # "rejected by Kyiv and European leaders": every agent
                parties += ctx.coordinated_after(parties[-1].end, ctx.sentences[s_index][1])
            return [p for p in parties if p.kind != "source" or p.side], ""
        infinitive = re.search(r"(?:(?P<verb>\b[\w’']+)\s+)?(?:on\s+)?to\s*$", before) if cue.part == "verb" else None
        if infinitive:
            # "continues to demand" (the subject demands) vs "urged delegates to agree" (they are only urged)
            governing = (infinitive.group("verb") or "").lower()
            if governing not in _SUBJECT_CONTROL:
                return [], ""
            return self._usable(ctx.subject_before(cue.start - len(infinitive.group(0)) + infinitive.start("verb")
                                                   - infinitive.start())), ""
        if cue.part == "said":
            # "Russia said Sudan must return ...", "sanctions could follow, he said": whoever says so
            return self._speaker_of(ctx, cue, s_index), ""
        if word.endswith("ing") and not re.search(r"\b(?:is|are|was|were|be|been|'s|’s)\s+(?:\w+ly\s+)?$", before):
            # a participle after a comma or "and" belongs to the sentence's subject (", demanding that ...");
            # after a preposition, article or degree word it is a noun or adjective ("of signing",
            # "more demanding", "a promising start")
            if not re.search(r"(?:,|\band)\s*$", before):
                return [], ""
            parties = ctx.sentence_subject(s_index, limit=cue.start)
        else:
            parties = ctx.subject_before(cue.start)
        clause = text[s_start:cue.start]
        if parties and any(w.lower() in _HYPOTHETICAL for w in re.findall(r"\w+", clause)[-8:]):
            words = re.findall(r"[\w']+", text[max(s_start, parties[0].start - 30):parties[0].start])
            if words and words[-1].lower() in _HYPOTHETICAL:
                return [], ""
        return self._usable(parties), ""

    def _speaker_of(self, ctx: ArticleContext, cue: ActCue, s_index: int) -> list[Party]:
        """The party whose reporting verb governs ``cue`` (before it, or after it: "..., officials said")."""
        s_start, s_end = ctx.sentences[s_index]
        for r_start, r_end, lemma in reversed(list(self.cues.reporting(ctx.text, s_start, cue.start))):
            parties = ctx.subject_after(r_end, s_end) if lemma == "according to" else ctx.subject_before(r_start)
            parties = [p for p in self._usable(parties) if p.name.split()[-1].lower() not in _GENERIC_SOURCES]
            if parties:
                return parties
        after = self.cues.first_reporting(ctx.text, cue.end, s_end)
        if after is not None and re.search(r",\s*\S+(?:\s+\S+){0,6}\s*$", ctx.text[cue.end:after[0]]):
            parties = ctx.subject_before(after[0], clause_start=ctx.text.rfind(",", cue.end, after[0]) + 1)
            return [p for p in self._usable(parties) if p.name.split()[-1].lower() not in _GENERIC_SOURCES]
        return []

    def _usable(self, parties: list[Party]) -> list[Party]:
        """Holders must name someone: drop pronouns ("they", "it") that resolved to nobody."""
        return [p for p in parties if not (p.text.lower() in ("they", "it", "them", "we") and p.name == p.text)]

    def _holder_in_quote(self, ctx, cue: ActCue, quote, previous_nouns):
        if quote.speaker is None:
            return []
        if cue.part == "said":
            return [quote.speaker]
        inside = ctx.text[quote.start:cue.start]
        words = re.findall(r"[\w’']+", inside)
        while words and words[-1].lower() in AUXILIARIES | {"not", "never", "n't", "will", "won't", "cannot"}:
            words.pop()
        if cue.part == "noun":
            m = re.search(r"(?:\b(?P<pron>our|my)\s+(?:\w+\s+){0,2})$", inside)
            return [quote.speaker] if m else []
        if not words and quote.kind == "partial" and cue.act in ("AGREE", "REJECT", "PROPOSE"):
            # 'Trump posted that Israel "has agreed to the line"': the quoted verb's subject stands before the
            # quotation mark; when it is someone else than the speaker, that party holds the position (what
            # someone "must" do stays the speaker's demand)
            outer = self._usable(ctx.subject_before(ctx.text.rfind(" ", 0, quote.start) + 1))
            if outer and all(p.side and p.side != quote.speaker.side for p in outer):
                return outer
        if not words or words[-1].lower() in _FIRST_PERSON:
            return [quote.speaker]
        m = ctx.mentions_between(quote.start, cue.start)
        if m and re.fullmatch(r"\s*(?:\w+\s+){0,2}", ctx.text[m[-1].end:cue.start]):
            return [party_from_mention(m[-1], ctx.gazetteer)]
        return []

    def _noun_holder(self, ctx: ArticleContext, cue: ActCue) -> list[Party]:
        text = ctx.text
        before = text[max(0, cue.start - 60):cue.start]
        base = cue.start - len(before)
        # "Moscow's (latest) demands", "his offer"
        m = re.search(r"(?P<owner>[\w’'.-]+)['’]s\s+(?:[\w-]+\s+){0,3}$", before)
        if m:
            mention = ctx.mention_ending_at(base + m.end("owner"))
            if mention is not None:
                return [party_from_mention(mention, ctx.gazetteer)]
        m = re.search(r"\b(?P<pron>his|her|their|its)\s+(?:[\w-]+\s+){0,2}$", before)
        if m:
            pronoun = _POSSESSIVE_PRONOUNS[m.group("pron")]
            start = base + m.start("pron")
            # "The ILO reiterated its demand": the sentence's subject owns it, else the pronoun's antecedent
            subject = ctx.sentence_subject(ctx.sentence_of(start), limit=start)
            person = bool(subject) and subject[0].kind in ("person", "named")
            if subject and subject[0].end <= start and (pronoun == "they" or person == (pronoun in ("he", "she"))):
                return self._usable(subject[:1])
            party = ctx.resolve_pronoun(pronoun, start, base + m.end("pron"))
            return [party] if party is not None and party.actor_id else []
        owner = self._attributive_owner(ctx, cue, before)
        if owner is not None:
            return [owner]
        # "a proposal by Turkey", "demands from Moscow", "a proposal drawn up by Qatari and Egyptian mediators"
        after = _MADE_BY.match(text, cue.end)
        if after:
            start = after.end()
            for mention in ctx.mentions:
                if mention.start == start or (mention.start > start and mention.start - start <= 4):
                    s_end = ctx.sentences[ctx.sentence_of(start)][1]
                    # the others of a list that ends in "and" ("by Qatar and Egypt"; not "under pressure from
                    # Washington, Israel is ...")
                    others = ctx.coordinated_after(mention.end, s_end)
                    if others and " and " not in text[mention.end:others[-1].start]:
                        others = []
                    return [party_from_mention(mention, ctx.gazetteer), *others]
        return []

    @staticmethod
    def _attributive_owner(ctx: ArticleContext, cue: ActCue, before: str) -> Party | None:
        """The party a noun cue's modifier names: a side adjective ("European demands", "a Russian peace
        proposal"), a government or organisation ("the Kremlin proposal", "a Hamas offer") or a short country
        form ("the US plan"), at most two words before the cue. A place named in full ("the Gaza ceasefire
        proposal") does not own what it qualifies."""
        m = _ATTRIBUTIVE.search(before)
        if m is None or any(w in _NOT_MODIFIERS or w.endswith("ed") for w in m.group("between").split()):
            return None  # "Moscow rejected the proposal": a verb or a determiner stands between
        start = cue.start - len(before) + m.start("owner")
        mention = ctx.mention_ending_at(start + len(m.group("owner")))
        if mention is not None and mention.start == start:
            if mention.kind in ("government", "organization") or mention.surface.isupper():
                return party_from_mention(mention, ctx.gazetteer)
            return None
        side = ctx.gazetteer.demonym_sides().get(m.group("owner").lower(), "") if ctx.gazetteer is not None else ""
        if not side or m.group("owner").lower().endswith("s") and not m.group("owner").endswith("ss"):
            return None  # a plural demonym is a subject ("Americans demand"), not a modifier
        return Party("", side, side, "source", m.group("owner"), start, start + len(m.group("owner")))

    def _items(self, span_text: str, act: str, fallback: str,
               reading: Reading | None = None) -> list[tuple[str, str]]:
        """(issue, text) pairs of a statement: one per distinct issue when the span lists several demands,
        proposals or requests ("an immediate ceasefire, the withdrawal of all troops and guarantees"),
        else one pair for the whole span, whose issue is the one of those its keywords name that the position
        model ranks first (the first named without the model), or the talks when they open it."""
        head = self.taxonomy.classify_all(" ".join(span_text.split()[:5]))
        if head and all(issue in self.taxonomy.process for issue in head):
            whole = head[0]  # the act's object is the talks themselves: "ready to continue the talks"
        else:
            whole = self._named_issue(span_text, reading) or fallback
        if act not in ("DEMAND", "REQUEST", "PROPOSE") or not re.search(r",|\band\b", span_text):
            return [(whole, span_text)]
        parts = [p.strip(" ,") for p in _LIST_SPLIT.split(span_text) if p and p.strip(" ,")]
        if len(parts) < 2 or any(len(p.split()) < 2 for p in parts):
            return [(whole, span_text)]
        grouped: dict[str, list[str]] = {}
        for part in parts:
            issue = self.taxonomy.classify(part)
            if issue is None:
                continue
            grouped.setdefault(issue, []).append(part)
        if len(grouped) < 2:
            return [(whole, span_text)]
        return [(issue, ", ".join(texts)) for issue, texts in grouped.items()]

    def _named_issue(self, text: str, reading: Reading | None) -> str | None:
        """The issue of those whose keywords ``text`` names that the position model ranks first (the first named
        without the model); None when it names none."""
        named = self.taxonomy.classify_all(text)
        if not named:
            return None
        return reading.issues_among(named, self.taxonomy.process)[0] if reading is not None else named[0]

    def _conditions(self, ctx: ArticleContext, s_index: int, cue: ActCue, holders: list[Party], target: str,
                    reporter: str, when: str, fallback: str, seen: set, found_by: str = "rules",
                    confidence: float = float("nan")) -> list[Statement]:
        """The demand a condition after an offer, a refusal or a threat makes, one row per holder: "would agree to
        stop the fighting only if the RSF was dismantled", "will face sanctions if no ceasefire is agreed"."""
        s_start, s_end = ctx.sentences[s_index]
        condition = self._condition_after(ctx.text, cue, s_end)
        if condition is None:
            return []
        start, clause = condition
        issue = self.taxonomy.classify(clause) or fallback
        named = [p for p in ctx.mentions_between(start, start + len(clause)) if p.side]
        out = []
        for holder in holders:
            key = ("DEMAND", holder.actor_id or holder.name, None)
            if key in seen:
                continue
            seen.add(key)
            of = next((p.side for p in named if p.side != holder.side), "") or \
                (target if target != holder.side else "")
            out.append(Statement(s_index, "DEMAND", issue, (issue,), holder, of, clause.strip(), False,
                                 reporter if reporter != holder.side else "", when, cue.lemma,
                                 ctx.text[s_start:s_end], found_by, confidence))
        return out

    @staticmethod
    def _condition_after(text: str, cue: ActCue, s_end: int) -> tuple[int, str] | None:
        """(start, words) of the condition that follows an act's cue in its sentence ("... only if the RSF was
        dismantled", "... until Rwandan troops have withdrawn"), or None; not an indirect question ("to see
        if")."""
        m = _CONDITION_AFTER.search(text, cue.end, min(s_end, cue.end + 160))
        if m is None or _QUESTION_IF.search(text, max(cue.end, m.start() - 12), m.start()):
            return None
        clause = re.split(r"[;:\"“”]|,\s+(?:but|and|while|although)\b", text[m.end():s_end])[0]
        return (m.end(), clause) if len(clause.split()) >= 2 else None

    def _condition_of(self, ctx: ArticleContext, s_index: int, cue: ActCue) -> tuple[Party | None, Party | None]:
        """(who sets the condition, of whom) when an agreement is only the condition of the main clause ("would
        make the move unless Israel agreed to a ceasefire", "will suspend the bombing if Tehran agrees to
        reopen"): the main clause's subject and the condition's, when both name sides and the sides differ."""
        s_start = ctx.sentences[s_index][0]
        m = _CONDITION_BEFORE.search(ctx.text, s_start, cue.start)
        if m is None or not ctx.text[s_start:m.start()].strip():
            return None, None  # "If Russia agrees, ...": a condition opening the sentence states no demand
        main = [p for p in ctx.sentence_subject(s_index, m.start()) if p.side and p.start < m.start()]
        of = [p for p in ctx.subject_before(cue.start) if p.side and p.start >= m.start()]
        if main and not of and m.group(0).split()[0].lower() in ("until", "unless"):
            # "will not lift its blockade until a deal has been reached with Tehran"
            of = [p for p in self._partners(ctx, cue, ctx.sentences[s_index][1], main[:1]) if p.side]
        if not main or not of or main[0].side == of[0].side:
            return None, None
        return main[0], of[0]

    def _wished_or_obliged(self, text: str, s_start: int, cue: ActCue) -> bool:
        """A cue inside somebody's hope ("he hoped Putin would accept") or inside an obligation already
        stated ("Kyiv would have to halt mobilisation and accept ...") is not a position of its own."""
        head = text[max(s_start, cue.start - 80):cue.start]
        if cue.part != "said" and _WISH.search(head):
            return True
        if cue.part in ("verb", "verb|noun"):
            obligation = list(re.finditer(r"\b(?:must|has to|have to|would have to|will have to)\b", head))
            if obligation and " and " in head[obligation[-1].end():] and not self.cues.first_reporting(
                    head, obligation[-1].end(), len(head)):
                return True
        return False

    def _followed_by_act(self, text: str, cue: ActCue, s_end: int) -> bool:
        nxt = self.cues.acts(text, cue.end, min(s_end, cue.end + 25))
        return bool(nxt) and nxt[0].part in ("verb", "verb|noun", "phrase") and not text[cue.end:nxt[0].start].strip()

    # ------------------------------------------------------------------ attributes
    def _span(self, ctx, cue: ActCue, s_end: int) -> str:
        """The words stating what is demanded/offered/agreed: the cue's complement up to the clause end."""
        rest = ctx.text[cue.end:s_end]
        m = _CLAUSE_END.search(rest)
        if m:
            rest = rest[:m.start()]
        return rest.strip(" ,.;:\"“”")

    def _negated(self, text: str, cue: ActCue, s_start: int) -> bool:
        if self.cues.negation is None:
            return False
        window = text[max(s_start, cue.start - 30):cue.start]
        words = window.split()[-3:]
        tail = " ".join(words)
        return bool(self.cues.negation.search(tail)) or tail.endswith("n't")

    def _partners(self, ctx: ArticleContext, cue: ActCue, s_end: int, holders: list[Party]) -> list[Party]:
        """The other parties of an agreement, who agree too: "struck a deal with Washington", "the deal agreed
        between Israel and Hamas" (not "agreed to talks with Russia": talks are not yet agreed on)."""
        m = _PARTNER.match(ctx.text, cue.end, s_end)
        if m is None:
            return []
        sides = {h.side for h in holders}
        stop = m.end() + 80
        out = []
        for mention in ctx.mentions:
            if m.end() <= mention.start < min(stop, s_end) and mention.side and mention.side not in sides \
                    and not ctx.in_quote(mention.start):
                gap = ctx.text[out[-1].end if out else m.end():mention.start]
                if not re.fullmatch(_NEXT_PARTNER if out else _FIRST_PARTNER, gap):
                    break  # the first partner right after "with"/"between", the next after "and" or a comma
                out.append(party_from_mention(mention, ctx.gazetteer))
                sides.add(mention.side)
                if m.group(1) == "with":
                    break
        return out

    def _target(self, ctx, start: int, end: int, holder: Party) -> str:
        rest = ctx.text[start:end]
        m = _CLAUSE_END.search(rest)
        stop = start + (m.start() if m else len(rest))
        for mention in ctx.mentions:
            if start <= mention.start < stop and mention.side and mention.side != holder.side \
                    and not ctx.in_quote(mention.start) or (start <= mention.start < stop and ctx.in_quote(start)
                                                            and mention.side and mention.side != holder.side):
                return mention.side
        pron = re.search(r"\b(his|her)\b", rest[: stop - start])
        if pron:
            party = ctx.resolve_pronoun(_POSSESSIVE_PRONOUNS[pron.group(1)], start + pron.start(), start + pron.end())
            if party is not None and party.side and party.side != holder.side:
                return party.side
        return ""

    def _years_before(self, sentence: str, year: int | None) -> str:
        """The latest past year the sentence places events in ("the failed 2022 talks", "in March 2022"),
        ignoring years that only bound a period ("the first talks since 2022")."""
        if year is None:
            return ""
        years = [int(m.group(1)) for m in _YEAR.finditer(sentence) if int(m.group(1)) < year and not re.search(
            r"\b(?:since|until|till|from|through|after)\s+(?:(?:early|late|mid|the\s+end\s+of|the\s+start\s+of|"
            r"spring|summer|autumn|fall|winter|January|February|March|April|May|June|July|August|September|October|"
            r"November|December)[\s-]+){0,2}$", sentence[:m.start()])]
        return str(max(years)) if years else ""

    def _when(self, sentence: str, year: int | None, previous: str) -> str:
        own = self._years_before(sentence, year)
        if own:
            return own
        if previous and _BACKREF.match(sentence.strip()):
            return previous
        return ""


def _likely_issue(reading: Reading | None, taxonomy: IssueTaxonomy, main_issue) -> str:
    """What a sentence whose words name no issue is about: the position model's likeliest issue, which reads
    the sentence's words with the article's main issue ("a lasting peace", "the deal" of a tariff story); the
    article's main issue (``main_issue()``) without a model or when the model's issue is not in ``taxonomy``."""
    issue = reading.issues[0] if reading is not None else ""
    return issue if issue in taxonomy.order or issue == "other" else main_issue()


#: Who made what a noun names: "a proposal by Turkey", "demands from Moscow", "the offer put forward by Qatar".
_MADE_BY = re.compile(r"\s+(?:(?:drawn\s+up|put\s+forward|presented|advanced|tabled|submitted|offered|made|drafted|"
                      r"floated|sent)\s+)?(?:by|from)\s+")
_APPOSITION_AFTER = re.compile(r",\s+(?:a|an|the)\s+[^,;.]{0,60}")


def _is_expert(ctx: ArticleContext, party: Party) -> bool:
    """Whether a speaker is an analyst rather than a party: by the words that name it ("analysts said", "an
    economist at ...") or the role it was introduced with ("Capital Economics economist Kieran Tompkins")."""
    if party.side:
        return False
    role = next((m.role for m in ctx.mentions if m.actor == party.name and m.role), "")
    named = next((m for m in ctx.mentions if m.actor == party.name and m.form == "name"), None)
    apposition = _APPOSITION_AFTER.match(ctx.text, named.end) if named is not None else None  # ", an economist at"
    return bool(EXPERT_WORDS.search(f"{party.text} {party.name} {role} {apposition.group(0) if apposition else ''}"))


def _clause_before(text: str, s_start: int, pos: int) -> str:
    """The clause just before ``pos`` in its sentence (from the previous comma): "... a wider pause in
    fighting, something Zelensky called for" -> "a wider pause in fighting"."""
    head = text[s_start:max(s_start, pos)]
    parts = [p for p in re.split(r"[,;]", head) if p.strip()]
    if len(parts) >= 2 and re.match(r"^\s*(?:something|which|what|that|a move|an idea|a step|one)\b", parts[-1]):
        return parts[-2]
    return ""


@lru_cache(maxsize=8)
def _finder(cues: CueLexicon, issues: IssueTaxonomy) -> StatementFinder:
    return StatementFinder(cues, issues)


def find_statements(doc: Doc) -> list[Statement]:
    """The negotiation statements of ``doc``, sentence by sentence (holders of first-person quotes are the
    quotes' speakers, so the quotes are found first)."""
    return _finder(doc.resources.cues, doc.resources.issues).extract(doc.context, doc.quotes, doc.year)


class StatementExtractor(Extractor):
    """The ``statements`` table: who demands, requests, proposes, agrees to, rejects or threatens what, of whom.

    Columns: ``sentence_id``; ``act`` (PLOVER: DEMAND, REQUEST, PROPOSE, AGREE, REJECT, THREATEN); ``issue``
    from the issue taxonomy, and ``issues``, every issue the position's words name ("; "-joined, ``issue``
    first: "ceasefire; hostages_detainees"); ``holder_id``, ``holder``, ``holder_side``; ``target_side``;
    ``text``, the words stating what is demanded or offered; ``negated``; ``reported_by_side``, the side that reports another's
    position; ``when``, a past year the sentence places it in; ``cue``; ``evidence``, the whole sentence;
    ``found_by``, "rules" or "model"; ``confidence``, the position model's probability that the sentence
    states a position (NaN without a model).
    """

    name = "statements"
    columns = {"sentence_id": "int64", "act": "str", "issue": "str", "issues": "str", "holder_id": "str",
               "holder": "str", "holder_side": "str", "target_side": "str", "text": "str", "negated": "bool",
               "reported_by_side": "str", "when": "str", "cue": "str", "evidence": "str", "found_by": "str",
               "confidence": "float64"}
    actor_columns = ("holder_id", "holder", "holder_side")
    filters = {"issues": "issue", "acts": "act"}

    def rows(self, doc: Doc):
        for s in find_statements(doc):
            side = s.holder.side or (doc.home_side if s.holder.name else "")  # "The union said": a home story's
            yield (s.sentence_index, s.act, s.issue, "; ".join(s.issues), s.holder.actor_id, s.holder.name, side,
                   s.target_side, s.text, s.negated, s.reported_by_side, s.when, s.cue, s.evidence, s.found_by,
                   s.confidence)

"""Who said what: quotations (with their speakers) and indirect speech, per article.

Quotations are paired quotation marks (straight, curly, guillemets, or single curly marks in British style)
within a paragraph; a quote left open at the end of a paragraph runs to its end (news style for a quote that
continues in the next paragraph). A quotation that is a sentence or clause of its own is ``direct``; quoted
words inside the reporter's sentence are ``partial`` ('the envoy called the offer "a serious basis"'). A
quote's speaker comes from, in order:

1. the attribution after it in the same sentence (``"...," Kremlin spokesman Dmitry Peskov told reporters``,
   ``"...," he said``, ``"...," said Rubio``, ``"...," the source said``);
2. the reporting verb before it in the same sentence (``Zelensky said: "..."``, ``said he was "satisfied"``,
   ``dismissed the team as "decorative"``, ``..., saying: "..."``), or a verb that takes quoted words
   (``quoting`` in cues.yaml: ``condemned the "telling attack"``, ``threatened "..."``), a final
   ``..., said X from Y.``, or the owner of the words (``Trump's insistence to "own" Greenland``);
3. an earlier quote of the same sentence (one speaker per sentence), the previous quote of the same paragraph
   (a quote split by its attribution), or the last quote of the previous paragraph when this paragraph is
   only quotation (a quote continued after a paragraph break);
4. for a quote opening its sentence, the speaker of the sentence before (``Trump said he would. "..."``) or,
   when it opens a paragraph, of the paragraph before: its reporting verb's subject, the person opening it,
   or a quote two paragraphs up when nobody else was named since.

Pronouns, roles ("the Ukrainian president") and "the statement" are resolved by
:class:`~toolkit.extract.attribution.ArticleContext`. Words quoted inside a sentence whose subject is a known
actor are that actor's (two words only when the article does not use them again as a term: the "yellow line").
Other quotes of three words or fewer without any attribution are scare quotes, and titles in quotation marks are
names; both are left out. Indirect speech: ``X said
(that) ...``, ``X told reporters that ...``, ``..., X said.`` and ``according to X, ...`` in sentences without
a quotation.

>>> from toolkit.extract import Doc
>>> [(q.kind, q.speaker.name, q.text) for q in find_quotes(Doc("a", '"We are ready," Peskov told reporters.'))]
[('direct', 'Dmitry Peskov', 'We are ready')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from functools import lru_cache

from ..resources.cues import CueLexicon
from ..resources.files import load_yaml
from ..text.sentences import count_words
from .attribution import PRONOUNS, ArticleContext, Party, joint_party, party_from_mention
from .base import Doc, Extractor

_PAIRS = {"“": "”", "«": "»", "„": "“"}
# Who is told: "told reporters that ...", "told Reuters ...", "told a news conference ...".
_AUDIENCE = (r"(?:\s+(?:reporters|journalists|the press|Reuters|the BBC|BBC News|AFP|the AP|the Associated Press|"
             r"Interfax|TASS|RIA Novosti|CNN|Fox News|NBC|CBS|ABC|NPR|him|her|them|us|me|lawmakers|parliament|"
             r"a news conference|a press conference|a briefing|state television|state media|the [A-Z][\w.]+(?: [A-Z][\w.]+)*|"
             r"[A-Z][\w.]+ (?:News|Times|Post|Journal|TV|Radio)))?")
_DOUBLE = set("“”\"«»„")
_DOUBLE_MARKS = re.compile('[“”"«»„]')
_SINGLE_MARKS = re.compile("[‘’]")
# '," Scott Pruitt, the Republican attorney general of Oklahoma, one of the states suing, said'
_APPOSITION_THEN_VERB = re.compile(
    r"^\s*,?\s*(?P<name>(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Del)\.\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*)"
    r"\s*(?:\([^)]{1,30}\))?\s*,[^\"“”]{3,160}?,\s*(?P<verb>said|says|added|adds|told|tells|wrote|writes|noted|"
    r"explained|continued|argued|insisted|stated|declared)\b")
#: A verb of opinion inverted after a quote, before its holder: '"...," believes Nina Khrushcheva'.
_THINKS_NAME = re.compile(r"^\s*,?\s*(?:believes|thinks|reckons|assesses|feels|predicts)\s+"
                          r"(?=(?:[a-z-]+\s+){0,4}[A-Z])")
#: Names of documents: "a statement" speaks for whoever issued it.
_DOCUMENT_WORDS = frozenset("statement announcement report letter document communique communiqué post".split())
#: A speaker named as a document, with nobody named as its issuer: "a statement (on social media)".
_DOCUMENT_NAME = re.compile(r"(?:an?|the)\s+(?:[\w-]+\s+)?(?:statement|post|letter|communiqu[eé]|announcement)\b", re.I)
#: A lower-case word (a verb or a preposition) right before a party, the article aside: it is an object there.
_OBJECT_BEFORE = re.compile(r"\b(?!and\b|but\b|or\b)[a-z]+\s+(?:the\s+)?$")


@dataclass
class QuoteSpan:
    start: int  # the opening mark
    end: int  # after the closing mark (or the paragraph end when the quote is left open)
    content_start: int
    content_end: int
    closed: bool


@dataclass
class Quote:
    kind: str
    start: int
    end: int
    text: str
    speaker: Party | None
    cue: str
    sentence_index: int


def find_quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Paired quotation marks in each paragraph (see the module docstring)."""
    spans: list[QuoteSpan] = []
    for ps, pe in paragraphs:
        paragraph = text[ps:pe]
        found = _pair_marks(paragraph, double=True)
        if not found:
            found = _pair_marks(paragraph, double=False)
        for s, e, closed in found:
            cs, ce = s + 1, (e - 1 if closed else e)
            content = paragraph[cs:ce]
            lead = len(content) - len(content.lstrip())
            trail = len(content.rstrip(" ,")) if content.rstrip(" ,") else 0
            if not content.strip():
                continue
            spans.append(QuoteSpan(ps + s, ps + e, ps + cs + lead, ps + cs + trail, closed))
    return spans


def _pair_marks(paragraph: str, double: bool) -> list[tuple[int, int, bool]]:
    """``(start, end, closed)`` of the outer quotations of a paragraph. Marks of the other style inside an
    open quotation are nested quotes and are skipped ("...“inner”..." inside straight marks)."""
    out = []
    open_at: int | None = None
    open_char = ""
    n = len(paragraph)
    for mark in (_DOUBLE_MARKS if double else _SINGLE_MARKS).finditer(paragraph):
        i = mark.start()
        ch = paragraph[i]
        prev = paragraph[i - 1] if i else " "
        nxt = paragraph[i + 1] if i + 1 < n else " "
        if double:
            if open_at is None:
                if ch in "“«„" or (ch == '"' and not nxt.isspace()):
                    open_at, open_char = i, ch
                continue
            rest = paragraph[i + 1:]
            if open_char in "“„":
                closes = ch == "”" or (ch == '"' and "”" not in rest and not prev.isspace())
                if ch == "“" and prev.isspace() and "”" not in paragraph[open_at:i]:
                    out.append((open_at, i, False))  # a new quote opens before the previous one closed
                    open_at, open_char = i, ch
                    continue
            elif open_char == "«":
                closes = ch == "»"
            else:  # straight marks: curly ones inside are nested, unless no straight closer follows
                closes = ch == '"' or (ch == "”" and '"' not in rest)
            if closes:
                out.append((open_at, i + 1, True))
                open_at = None
        else:
            if ch == "‘" and (prev.isspace() or prev in "([—–-") and not nxt.isspace():
                if open_at is None:
                    open_at, open_char = i, ch
            elif ch == "’" and open_at is not None and not nxt.isalpha() and not prev.isspace():
                out.append((open_at, i + 1, True))
                open_at = None
    if open_at is not None and double:
        out.append((open_at, len(paragraph), False))
    return out


class QuoteFinder:
    """Direct and indirect quotes of an article, attributed through an :class:`ArticleContext`."""

    def __init__(self, cues: CueLexicon | None = None):
        self.cues = cues or CueLexicon.bundled()

    def extract(self, ctx: ArticleContext, paragraphs: list[tuple[int, int]]) -> list[Quote]:
        """Direct and indirect quotes in document order (so "the official" can refer to a source named before)."""
        text = ctx.text
        spans = find_quote_spans(text, paragraphs)
        ctx.quote_spans = sorted((q.start, q.end) for q in spans)
        by_sentence: dict[int, list[QuoteSpan]] = {}
        for q in spans:
            by_sentence.setdefault(ctx.sentence_of(q.start), []).append(q)
        quotes: list[Quote] = []
        covered: set[int] = set()  # sentences holding a direct quote: no indirect speech is read there
        previous_in_paragraph: dict[int, Quote] = {}
        last_quote: Quote | None = None
        paragraph_of = _paragraph_lookup(paragraphs)
        for s_index in range(len(ctx.sentences)):
            for q in by_sentence.get(s_index, []):
                quote = self._direct(ctx, q, paragraphs, paragraph_of, previous_in_paragraph, last_quote)
                if quote is None:
                    continue
                quote = self._goes_on(ctx, quote, quotes[-1] if quotes else None)
                quotes.append(quote)
                covered.update(range(s_index, ctx.sentence_of(max(q.start, q.end - 1)) + 1))
                previous_in_paragraph[paragraph_of(q.start)] = quote
                last_quote = quote
            if s_index not in covered:
                indirect = self._indirect(ctx, s_index)
                if indirect is not None:
                    quotes.append(indirect)
        return quotes

    def _direct(self, ctx, q: QuoteSpan, paragraphs, paragraph_of, previous_in_paragraph, last_quote) -> Quote | None:
        p_index = paragraph_of(q.start)
        s_first = ctx.sentence_of(q.start)
        s_last = ctx.sentence_of(max(q.start, q.end - 1))
        speaker, cue = self._attribute_after(ctx, q, s_last)
        if speaker is None:
            speaker, cue = self._attribute_before(ctx, q, s_first)
        opens_sentence = not ctx.text[ctx.sentences[s_first][0]:q.start].strip()
        prev = previous_in_paragraph.get(p_index)
        if speaker is None and prev is not None and prev.cue == "owner" and prev.sentence_index == s_first:
            # the quote before gave someone else's words: 'Streeting described Trump's threat that "..." as
            # "outrageous"' (Streeting's word)
            speaker, cue = self._attribute_before(ctx, q, s_first, owned_before=prev)
        if speaker is None and prev is not None and prev.speaker is not None and prev.sentence_index == s_first \
                and not opens_sentence and prev.cue != "owner":
            # one speaker per sentence: 'demanded "demilitarisation" and "denazification"', 'said talks were
            # "very positive" and that they "could lead to something"'
            speaker, cue = prev.speaker, prev.cue
        if speaker is None and opens_sentence:
            starts_paragraph = q.start == paragraphs[p_index][0]
            if prev is not None and prev.speaker is not None:
                speaker, cue = prev.speaker, prev.cue  # '"...," he said. "..."'
            elif last_quote is not None and last_quote.speaker is not None and starts_paragraph and \
                    paragraph_of(last_quote.start) == p_index - 1:
                speaker, cue = last_quote.speaker, last_quote.cue  # the quote goes on after a paragraph break
            else:  # 'Trump said he would. "I'd like to ..."': the speaker of the sentence before
                speaker, cue = self._previous_speaker(ctx, s_first, paragraphs[p_index][0], starts_paragraph)
            if speaker is None and starts_paragraph and last_quote is not None and last_quote.speaker is not None \
                    and paragraph_of(last_quote.start) == p_index - 2 and not any(
                        m.kind == "person" for m in ctx.mentions_between(last_quote.end, q.start)):
                speaker, cue = last_quote.speaker, last_quote.cue  # '"...," he said. ¶ But ... ¶ "..."'
        if speaker is not None and not speaker.side and _relay().search(speaker.text) and not opens_sentence:
            # 'Hamas accused Israel of a "brutal war", Reuters news agency reported': the agency relays the words
            # of the sentence's subject
            subject = ctx.sentence_subject(s_first, q.start)
            if subject and subject[0].actor_id and subject[0].end <= q.start:
                speaker = subject[0]
        if speaker is not None and not speaker.actor_id and not speaker.side and _DOCUMENT_NAME.match(speaker.name):
            issuer = ctx.resolve_document(q.start)  # "Netanyahu's office put out a statement saying that ...": the
            speaker = issuer or speaker  # office speaks, as a statement named later does ("The statement added")
        content = ctx.text[q.content_start:q.content_end]
        if _looks_like_title(ctx.text[q.content_start:q.end].rstrip("”\"»’' ")) and \
                not _NAMED_AS.search(ctx.text, max(0, q.start - 40), q.start):
            return None  # a title: MSNBC's "Morning Joe", an ad "Arrogant" (not 'what he calls the "12 Day War"')
        n_words = count_words(content)
        if speaker is None and not opens_sentence and (n_words >= 3 or n_words == 2 and
                                                        not _a_term(ctx.text, content, q.start)):
            # words quoted in a sentence about what a party did: 'Thailand and Cambodia have agreed to an
            # "immediate and unconditional ceasefire"', 'the Guards issued a "stern warning"' (the subject, when
            # it is a known actor and comes first)
            subject = ctx.sentence_subject(s_first, q.start)
            if subject and subject[0].actor_id and subject[0].end <= q.start:
                speaker, cue = subject[0], ""
        if speaker is None and not opens_sentence:  # 'The plan stipulates that once ... "full aid will be sent"'
            speaker = ctx.text_subject(s_first, q.start)
        if speaker is None:
            after = _AGENT_AFTER.match(ctx.text, q.end) or _AS_X_PUT_IT.match(ctx.text, q.end)
            if after:  # 'described as "a matter of life and death" by X', 'A naval "armada", as Trump referred to it'
                parties = ctx.subject_after(after.start("who"), after.end("who"))
                speaker, cue = (parties[0], "say") if parties else (None, "")
        chanted = speaker is None and _CHANTED.search(ctx.text, max(0, q.start - 40), q.start)
        if chanted:  # 'signs reading "the answer is us"', 'chanting "free the Amazon"': the bearers' words
            subject = ctx.sentence_subject(s_first, q.start) or [
                p for p in [ctx.subject_group(s_first, q.start)] if p is not None]
            speaker, cue = (subject[0] if subject and subject[0].end <= q.start else None), "chant"
            kind = "partial" if _inside_sentence(ctx.text[ctx.sentences[s_first][0]:q.start], content) else "direct"
            return Quote(kind, q.content_start, q.content_end, content, speaker, cue, s_first)
        if speaker is None and (n_words <= 3 or not opens_sentence and
                                not re.search(r"[.,?!…]\s*$", ctx.text[q.content_start:q.end].rstrip("”\"»’' "))):
            return None  # scare quotes or a quoted name ('the so-called "coalition of the willing"'), not speech
        kind = "partial" if _inside_sentence(ctx.text[ctx.sentences[s_first][0]:q.start], content) else "direct"
        return Quote(kind, q.content_start, q.content_end, content, speaker, cue, s_first)

    def _goes_on(self, ctx: ArticleContext, quote: Quote, before: Quote | None) -> Quote:
        """'"...," Sir Keir said. ¶ Until Putin stops his "assault", allies would "...", he added': "he added"
        goes on with the speaker of the words reported just before (quoted or not), not with a person the
        sentence merely names; unless the sentence has a reporting verb of its own ("said X, but he added").
        So does "it said" after the words of a body, and "they said" after those of a group, when no party has
        become a subject since ("The council said ... ¶ It warned that ... could leave the US "isolated". ¶ The
        regime, it said, ...")."""
        speaker = quote.speaker
        if speaker is None or before is None or before.speaker is None:
            return quote
        word = speaker.text.lower()
        body = word == "it" or word == "they" and before.speaker.members
        if not (self._body_goes_on(ctx, speaker, before) if body else self._person_goes_on(ctx, quote, before)):
            return quote
        return replace(quote, speaker=replace(before.speaker, text=speaker.text, start=speaker.start,
                                              end=speaker.end))

    def _person_goes_on(self, ctx: ArticleContext, quote: Quote, before: Quote) -> bool:
        """Whether "he added"/"she added" is the person who spoke just before (at most two sentences back, of a
        gender that fits), when the sentence has no reporting verb of its own."""
        word = quote.speaker.text.lower()
        if quote.cue != "add" or word not in ("he", "she") or before.speaker.kind != "person" or \
                before.speaker.actor_id == quote.speaker.actor_id or \
                quote.sentence_index - before.sentence_index > 2 or \
                before.speaker.gender not in (None, "", PRONOUNS[word]):
            return False
        s_start, s_end = ctx.sentences[quote.sentence_index]
        return sum(not ctx.in_quote(c[0]) for c in self.cues.reporting(ctx.text, s_start, s_end)) <= 1

    @staticmethod
    def _body_goes_on(ctx: ArticleContext, it: Party, before: Quote) -> bool:
        """Whether "it" speaking is the body that spoke just before (at most two sentences back, not a person and
        not a document): "it" opens its clause (nothing but quoted words before it in the sentence: not "the
        ICRC condemned what it called") and no party has become a subject since."""
        if before.speaker.kind in ("person", "") or \
                before.speaker.name == it.name or before.speaker.name.lower().split()[-1] in _DOCUMENT_WORDS or \
                ctx.sentence_of(it.start) - before.sentence_index > 2:
            return False
        s_start = ctx.sentences[ctx.sentence_of(it.start)][0]
        opening = re.sub(r"[\"“][^\"”]*[\"”]", "", ctx.text[s_start:it.start])
        if re.search(r"(?<!^)\b[A-Z]", opening.strip()):
            return False
        # a party named since, other than as an object ("could leave the US isolated", "responding to the UK"),
        # may be what "it" is: "On Sunday, Hamas put out a statement", "Russia's embassy said"
        return not any(not ctx.in_quote(m.start) and not _OBJECT_BEFORE.search(ctx.text, max(0, m.start - 30),
                                                                                 m.start)
                       for m in ctx.mentions_between(before.end, it.start))

    # ------------------------------------------------------------------ direct
    def _attribute_after(self, ctx: ArticleContext, q: QuoteSpan, s_index: int):
        sent_start, sent_end = ctx.sentences[s_index]
        limit = sent_end
        for qs, _ in ctx.quotes_within(q.end, sent_end):  # the next quote of the sentence ends the attribution
            if q.end <= qs < limit:
                limit = qs
        tail = ctx.text[q.end:limit]
        dash = re.match(r"^\s*[―—–]\s*(?=[A-Z])", ctx.text[q.end:q.end + 80])
        if dash:  # '“...” ― Pamela Padilla' (a quote signed with a dash)
            parties = ctx.subject_after(q.end + dash.end(), min(len(ctx.text), q.end + 120))
            if parties:
                return parties[0], "say"
        if not re.match(r"^\s*[,—–-]?\s*\S", tail) or tail.lstrip()[:1] in (".", "?", "!") and len(tail.strip()) < 3:
            return None, ""
        if re.match(r"^\s*[,—–-]?\s*(?:but|and|or|while|as|although|though|because|which|when|if|unless|after|"
                    r"before|since|until|so)\b", tail):
            return None, ""  # a new clause follows the quote, not its attribution
        content = ctx.text[q.content_start:q.end].rstrip("”\"»’' ")
        if not re.match(r"^\s*[,—–]", tail) and not content.endswith((",", ".", "?", "!", "…")) and \
                not _PRONOUN_SAID.match(tail) and not _SAID_NAME.match(tail):
            return None, ""  # the quote sits inside the sentence ('a possible "swapping" of territory')
        if content.endswith(".") and not content.endswith("..") and re.match(r"^\s*[A-Z]", tail):
            return None, ""  # a full stop ends the quoted sentence: what follows is a new sentence
        apposition = _APPOSITION_THEN_VERB.match(tail)
        if apposition and self.cues.lemma_of(apposition.group("verb")) in self.cues.speech_lemmas | {"add", "say"}:
            # '"...," Scott Pruitt, the attorney general of Oklahoma, said.'
            start = q.end + apposition.start("name")
            parties = ctx.subject_after(start, q.end + apposition.end("name"))
            if parties:
                return parties[0], self.cues.lemma_of(apposition.group("verb"))
        thinks = _THINKS_NAME.match(tail)
        if thinks:  # '"...," believes Nina Khrushcheva, a professor', '"...," assesses Ali Vaez of ...'
            parties = ctx.subject_after(q.end + thinks.end(), limit)
            if parties:
                return parties[0], "believe"
        cue = self.cues.first_reporting(ctx.text, q.end, min(limit, q.end + 120))
        if cue is None:
            return None, ""
        c_start, c_end, lemma = cue
        if ctx.text[c_start:c_end].endswith("ing"):
            return None, ""  # '"...," arguing that ...': a participle belongs to the subject before the quote
        words_before = re.findall(r"\w+", ctx.text[q.end:c_start])
        if not words_before:
            parties = ctx.subject_after(c_end, limit)
        else:
            parties = ctx.subject_before(c_start, clause_start=q.end)
            if len(words_before) > 8 and not (parties and len(re.findall(r"\w+", ctx.text[q.end:parties[0].start]))
                                              <= 6 and parties[0].start >= q.end):
                # a long attribution names its speaker near the quote: '"...," displaced Gaza City resident
                # Emaan al-Wahidi, whose son was killed last year, told the BBC', 'acting US representative to the
                # United Nations John Kelley told' (the only person named before the verb)
                people = [m for m in ctx.mentions_between(q.end, c_start) if m.kind == "person"]
                if len({m.actor_id for m in people}) == 1 and \
                        len(re.findall(r"\w+", ctx.text[q.end:people[0].start])) <= 8:
                    return party_from_mention(people[0], ctx.gazetteer), lemma
                return None, ""
        return (_speaker(parties, ctx.text), lemma) if parties else (None, "")

    def _previous_speaker(self, ctx: ArticleContext, s_index: int, paragraph_start: int, starts_paragraph: bool):
        """Who speaks in the sentence before ``s_index``: the subject of its last reporting verb ("Trump said
        he would. "...""), also across a paragraph break when the quote starts a paragraph ("..., said
        Ichiro Kutani. ¶ "...""); and for such a quote, else the person opening that sentence ("Qalibaf took
        to social media. ¶ "..."")."""
        if s_index == 0 or ctx.sentences[s_index - 1][0] < paragraph_start and not starts_paragraph:
            return None, ""
        p_start, p_end = ctx.sentences[s_index - 1]
        if ctx.quotes_within(p_start, p_end):
            return None, ""  # a quoted sentence before: its attribution was already tried
        cue = self.cues.last_reporting(ctx.text, p_start, p_end)
        if cue is not None and cue[2] in self.cues.speech_lemmas:
            inverted = re.search(r",\s*$", ctx.text[p_start:cue[0]]) and re.match(r"\s+[A-Z]", ctx.text[cue[1]:p_end])
            parties = ctx.subject_after(cue[1], p_end) if inverted else ctx.subject_before(cue[0])
            if parties:
                return parties[0], cue[2]
        if starts_paragraph:
            parties = ctx.sentence_subject(s_index - 1, limit=p_end)
            if parties and parties[0].kind == "person":
                return parties[0], ""
        return None, ""

    def _attribute_before(self, ctx: ArticleContext, q: QuoteSpan, s_index: int, owned_before=None):
        sent_start, _ = ctx.sentences[s_index]
        start = sent_start
        for qs, qe in reversed(ctx.quotes_within(sent_start, q.start)):  # the last quote before it in the
            if qe <= q.start and not _looks_like_title(ctx.text[qs:qe].strip("\"“”‘’' ,.")) and \
                    not (owned_before is not None and qs <= owned_before.start < qe):
                start = qe  # sentence bounds it, not a name in quotation marks: 'Trump said "Project Freedom" was
                break  # a "gesture"'
        owned = _OWNER_OF_WORDS.search(ctx.text, max(start, q.start - 80), q.start) if owned_before is None else None
        owner = ctx.mention_ending_at(owned.end("owner")) if owned and owned.group("noun") not in _TEXT_NOUNS and \
            _RIGHT_BEFORE.fullmatch(ctx.text, owned.end("noun"), q.start) else None
        if owner is not None:  # "Streeting described President Trump's threat last week that "..."": Trump's
            return party_from_mention(owner, ctx.gazetteer), "owner"
        # The nearest reporting verb with a subject ("nothing very promising ... he saw no" skips "promising"), not
        # one inside an aside closed before the quote ("the strikes - which according to Lebanon's health ministry
        # killed 303 people - were a "grave violation""), nor the words a quote before gave as someone else's.
        asides = [m.span() for m in _ASIDE.finditer(ctx.text, start, q.start)]
        if owned_before is not None:
            asides.append((owned_before.start - 1, owned_before.end + 1))
        cues = list(self.cues.reporting(ctx.text, start, q.start, quoting=True))
        for k in range(len(cues) - 1, -1, -1):
            c_start, c_end, lemma = cues[k]
            if any(a <= c_start < b and ctx.text[c_end:b].strip(" -–—") for a, b in asides):
                continue  # (an aside that is the attribution, "It is - one official said - "...", still counts)
            if start > sent_start and ctx.text[c_start:c_end].endswith("ing") and \
                    re.search(r",\s*$", ctx.text[start:c_start]):
                return None, ""  # '"...," said the top Republican in Congress, adding that "...": the participle
                # is the speaker's of the quote before in the sentence
            if lemma in _DESCRIBING and _PASSIVE_BEFORE.search(ctx.text, max(0, c_start - 25), c_start):
                continue  # 'a man who was later described as a "Hezbollah terrorist" by the Israeli military': the
                # described is no speaker (the agent after the quote is, below)
            agent = _BY_AGENT.match(ctx.text, c_end, q.start)
            if lemma in self.cues.quoting_lemmas and not agent and _NOT_ITS_OBJECT.search(ctx.text, c_end, q.start):
                continue  # 'Egypt had invited Iran to the summit, but "..."': the words are not its object
            if lemma == "according to":
                parties = ctx.subject_after(c_end, q.start)
            elif agent:  # 'The deal was welcomed by Chris Southworth, ..., as a "boost"': the agent speaks
                parties = ctx.subject_after(agent.end(), q.start)
            elif re.search(r"\bby\s+$", ctx.text[max(0, c_start - 4):c_start]) and \
                    ctx.text[c_start:c_end].endswith("ing"):  # 'Trump retorted by declaring that ... "..."'
                parties = ctx.sentence_subject(s_index, c_start)
            else:
                parties = ctx.subject_before(c_start)
                owned_text = _OWNED_TEXT_SUBJECT.match(ctx.text, sent_start, c_start)
                owner = ctx.mention_ending_at(owned_text.end("owner")) if owned_text else None
                if owner is not None:  # "Streeting's letter to the BMA on Wednesday said it was "ironic"": his
                    parties = [party_from_mention(owner, ctx.gazetteer)]
            if parties and lemma in self.cues.quoting_lemmas and lemma not in _NAMING_LEMMAS:
                outer = self._reporter_of_clause(ctx, cues[:k], c_start)
                if outer:
                    return outer
            if parties:
                return _speaker(parties, ctx.text), lemma
        # "He said:" ending the previous sentence or paragraph introduces a quote that opens the next one.
        if s_index > 0 and not ctx.text[sent_start:q.start].strip():
            p_start, p_end = ctx.sentences[s_index - 1]
            if ctx.text[p_start:p_end].rstrip().endswith(":"):
                cue = self.cues.last_reporting(ctx.text, p_start, p_end)
                if cue is not None:
                    parties = ctx.subject_before(cue[0])
                    if parties:
                        return parties[0], cue[2]
        # a final attribution after a quote that sits inside the sentence: '"..." to drive up prices, she said.'
        s_end = ctx.sentences[ctx.sentence_of(max(q.start, q.end - 1))][1]
        final = None if _AS_X_PUT_IT.match(ctx.text, q.end) else _FINAL_ATTRIBUTION.search(ctx.text[q.end:s_end])
        if final and not final.group("who") and _FINAL_INVERTED.search(final.group(0)):
            final = None  # '..., said Xavier Smith from AlphaSense': the name after the verb speaks (below)
        if final and self.cues.lemma_of(final.group("verb")) in self.cues.speech_lemmas and not any(
                q.end <= qs < s_end and not _inside_sentence(ctx.text[ctx.sentences[s_index][0]:qs], "")
                for qs, _ in ctx.quotes_within(q.end, s_end) if qs != q.start):
            # also over later words quoted inside the sentence: 'Troops will "stay put" and be "ready", he added.'
            verb_start = q.end + final.start("verb")
            parties = ctx.subject_before(verb_start, clause_start=q.end + final.start("who")) or \
                ctx.subject_before(verb_start, clause_start=q.end)  # '..., James Jeffrey, a former envoy, told'
            if parties:
                return parties[0], self.cues.lemma_of(final.group("verb"))
        tail = ctx.text[q.end:s_end]
        inverted = _FINAL_INVERTED.search(tail)  # '"..." by escalating the conflict, said Xavier Smith from ...'
        if inverted and not ctx.quotes_within(q.end + inverted.start(), s_end):
            parties = ctx.subject_after(q.end + inverted.end("verb"), s_end)
            if parties:
                return parties[0], self.cues.lemma_of(inverted.group("verb"))
        # the words of someone's announcement, plan or threat: 'Trump's insistence to "own" Greenland'
        owner = _OWNER_OF_WORDS.search(ctx.text, max(start, q.start - 80), q.start)
        if owner:
            m = ctx.mention_ending_at(owner.end("owner"))
            if m is not None and m.kind == "person":
                return party_from_mention(m, ctx.gazetteer), "say"
        return None, ""

    def _reporter_of_clause(self, ctx: ArticleContext, before: list[tuple[int, int, str]], c_start: int):
        """(speaker, lemma) of the speech verb whose reported clause holds a quoting verb at ``c_start``: the
        words quoted there are the reporter's ("Kallas told the BBC that Putin was seeking concessions that were
        a "trap"", "saying the US believed the Iranians were negotiating in "good faith""), not the clause
        subject's; None when no speech verb governs it (a clause joined by "and" or "but" has its own subject)."""
        for s_start, s_end, lemma in reversed(before):
            if lemma not in self.cues.speech_lemmas:
                continue
            if _OWN_CLAUSE.search(ctx.text, s_end, c_start) or _PRONOUN_SUBJECT.search(ctx.text, s_end, c_start):
                return None  # "the ministers said they welcomed ...": the reporter speaks of itself
            parties = ctx.subject_before(s_start)
            return (parties[0], lemma) if parties else None
        return None

    # ------------------------------------------------------------------ indirect
    def _indirect(self, ctx: ArticleContext, s_index: int) -> Quote | None:
        """Reported speech in a sentence without a direct quote, or None."""
        s_start, s_end = ctx.sentences[s_index]
        sentence = ctx.text[s_start:s_end]
        m = re.match(r"^(?P<clause>.{15,}?),\s+according to\s+(?P<who>[^,]+?)\.?$", sentence)
        if m:
            parties = ctx.subject_after(s_start + m.start("who"), s_end)
            if parties:
                return Quote("indirect", s_start, s_start + m.end("clause"), m.group("clause"), parties[0],
                             "according to", s_index)
        m = re.match(r"^According to\s+(?P<who>[^,]{2,80}),\s*(?P<clause>.+?)[.!?]?$", sentence)
        if m:
            parties = ctx.subject_after(s_start + m.start("who"), s_start + m.end("who"))
            if parties:
                return Quote("indirect", s_start + m.start("clause"), s_start + m.end("clause"), m.group("clause"),
                             parties[0], "according to", s_index)
        for c_start, c_end, lemma in self.cues.reporting(ctx.text, s_start, s_end):
            if lemma not in self.cues.speech_lemmas:
                continue  # "speaking on condition of anonymity, told ..." -> try the next verb
            quote = self._reported_clause(ctx, s_index, c_start, c_end, lemma)
            if quote is not None:
                return quote
        return None

    def _reported_clause(self, ctx, s_index, c_start, c_end, lemma) -> Quote | None:
        s_start, s_end = ctx.sentences[s_index]
        rest = ctx.text[c_end:s_end]
        before = ctx.text[s_start:c_start]
        if re.search(r",\s*$", before) and not rest.strip(" .") or re.fullmatch(r"\s*(?:on \w+|in a statement|"
                                                                                 r"in an interview)?\s*\.?", rest):
            # "..., Peskov said."  -> the clause before the attribution
            clause_end = s_start + before.rstrip().rfind(",")
            clause = ctx.text[s_start:clause_end]
            parties = ctx.subject_before(c_start, clause_start=clause_end + 1)
            if parties and count_words(clause) >= 4:
                return Quote("indirect", s_start, clause_end, clause, parties[0], lemma, s_index)
            return None
        # "said (repeatedly) that ...", "told Russian state television that ...": the clause follows "that"
        m = re.match(r"^(?P<pre>(?:\s+[\w’'.-]+){0,8}?)\s+that\s+(?P<clause>\S.*)$", rest, re.S)
        if m and (lemma != "tell" and len(m.group("pre").split()) > 2 or re.search(r"[,;:]", m.group("pre"))):
            m = None
        if m is None:
            audience = _AUDIENCE if lemma == "tell" else ""
            m = re.match(rf"^{audience}(?:\s+(?:on|late on|early on)\s+\w+)?\s+(?P<clause>\S.*)$", rest, re.S)
            if m and re.match(r"^(?:in|at|on|during|after|before|following|ahead of|late|early)\b", m.group("clause")):
                # "told reporters after the meeting at the palace that ...": the clause starts after "that"
                that = re.search(r"\bthat\s+", rest)
                m = re.match(r"^.*?\bthat\s+(?P<clause>\S.*)$", rest, re.S) if that and \
                    len(rest[:that.start()].split()) <= 16 else None
        if not m or lemma not in self.cues.speech_lemmas:
            return None
        clause = m.group("clause").rstrip(" .")
        if count_words(clause) < 4 or re.match(r"^(?:in|at|on|during|after|before)\b", clause) or \
                re.match(r"^to\b", clause) and re.search(r"\b(?:is|are|was|were|been|being)\s+$", before):
            return None  # (nor hearsay in the passive: "the group is reported to have dismissed ...")
        parties = ctx.subject_before(c_start)
        if not parties:
            return None
        c0 = c_end + m.start("clause")
        return Quote("indirect", c0, c0 + len(clause), clause, parties[0], lemma, s_index)


#: A reporting verb and the speaker's name right after the closing mark, with no comma: '"..." declared Ben Wallace'.
_SAID_NAME = re.compile(r"^\s+(?:said|says|added|adds|declared|wrote|writes)\s+(?=(?:the\s+)?[A-Z])")
_PRONOUN_SAID = re.compile(r"^\s+(?:he|she|they|it|we)\s+(?:said|says|added|adds|told|wrote|argued|warned)\b")
#: A final inverted attribution: '..., said Xavier Smith from ...' (never "told": what follows it is the audience,
#: '..., James Jeffrey, a former envoy, told the BBC').
_FINAL_INVERTED = re.compile(r",\s+(?P<verb>said|says|added|adds|wrote)\s+(?:[a-z][\w-]*\s+){0,3}(?=[A-Z])"
                             r"[^,;\"“”]{2,80}(?:,\s+(?:(?:a|an|the)\s+)?[^,;\"“”]{2,80})?\.?\s*$")
#: The agent of a passive verb of description after the quotation: '... described as "..." by Taras Kachka'.
_AGENT_AFTER = re.compile(r"[”\"']?\s+by\s+(?P<who>(?:the\s+)?[A-Z][^,.;:()\"“”]{2,80}?)"
                          r"(?=[,.;:]|\s+(?:on|in|at|who)\b|$)")
#: "as X put it" after the quotation: 'A naval "armada", as Trump referred to it, ...'.
_AS_X_PUT_IT = re.compile(r"[”\"']?,?\s+as\s+(?P<who>[A-Z][\w'’. -]{1,60}?)\s+(?:put|puts|called|calls|described|"
                          r"describes|referred\s+to|refers\s+to|termed|terms|dubbed|dubs)\s+(?:it|them)\b")
#: An aside between dashes: " - which according to the ministry killed 303 people - ".
_ASIDE = re.compile(r"\s[-–—]\s[^-–—\"“”]+?\s[-–—]\s")
#: A passive verb's agent: 'welcomed by X as a "boost"'.
_BY_AGENT = re.compile(r"\s+by\s+(?=[A-Z])")
#: A sentence opening on someone's text as the subject of its verb: "Streeting's letter to the BMA on Wednesday".
_OWNED_TEXT_SUBJECT = re.compile(r"\s*(?:(?:But|And|However|Meanwhile|Yet),?\s+)?(?:[Tt]he\s+)?(?P<owner>[A-Z][\w’'-]*)"
                                 r"(?=['’]s\s+(?:[\w-]+\s+)?(?:letter|statement|post|message|tweet|email|speech)\b)"
                                 r"['’]s\s+[^,;:\"“”]{0,80}$")
#: A passive auxiliary right before a verb of description: "was (later) described as", "has been called".
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+(?:(?:later|also|once|first|often|[a-z]+ly)\s+)?$")
_DESCRIBING = frozenset("describe call brand label term dub characterise characterize".split())
#: "<Person>'s <noun of speech> ... "quoted words"": the person said them.
_OWNER_OF_WORDS = re.compile(
    r"(?P<owner>[A-Z][\w’'-]*)['’]s\s+(?:own\s+|latest\s+|new\s+|recent\s+)?(?:[\w-]+\s+)?"
    r"(?P<noun>announcement|insistence|demands?|calls?|threats?|warnings?|statement|remarks|comments|words|pledge|"
    r"promise|plan|proposal|offer|deadline|description|claims?|message|post|letter|goal|vow|ultimatum|assertion|"
    r"assessment)\b"
    r"[^\"“”.;]{0,60}$")
#: A break between a speech verb and a later verb that gives that verb a clause of its own.
_OWN_CLAUSE = re.compile(r"[;:]|,\s+(?:and|but|while|whereas|although|though|as|after|before|when|which|who)\s|"
                         r"\s[-–—]\s")
#: Quoting verbs whose subject coined the quoted words even inside someone's report: "Pfeffer said the prime
#: minister had only referred to a "suspension"".
_NAMING_LEMMAS = frozenset("refer reference brand label term dub liken compare quote cite".split())
#: A pronoun subject right before a verb: "the ministers said they welcomed": the reporter speaks of itself.
_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she|they|it|we|I)\s+(?:[a-z]+\s+){0,2}$")
#: ... right before the quotation, the words are the owner's even after a reporting verb: 'Streeting described
#: President Trump's threat last week that "..."' (not a text: 'Guterres said Trump's plan "presents ..."').
_TEXT_NOUNS = frozenset("plan proposal offer deadline post letter goal ultimatum announcement".split())
_RIGHT_BEFORE = re.compile(r"(?:\s+(?:last|this|on|earlier)\s+\w+)?\s*(?:that\s+|of\s+|:\s*)?")


#: Words that make the next quotation a name, not speech: 'the so-called "humanitarian city"'.
_SO_CALLED = re.compile(r"\b(?:so-called|so called|dubbed|nicknamed|known\s+as|named|entitled|titled)\s*$", re.I)


def _speaker(parties: list[Party], text: str) -> Party:
    """The speaker a subject names: one party, or several joined by "and" or commas as one ("Xi and Putin
    said"; not "Tom Fletcher, the UN's aid chief, said", a person and the body of his apposition)."""
    gaps = [text[a.end:b.start] for a, b in zip(parties, parties[1:])]
    if not gaps or not re.fullmatch(r"\s+and\s+(?:the\s+)?", gaps[-1]) and not (
            len(gaps) > 1 and re.fullmatch(r",\s+and\s+(?:the\s+)?", gaps[-1])) or \
            not all(re.fullmatch(r",\s+(?:the\s+)?", gap) for gap in gaps[:-1]):
        return parties[0]  # (two joined by ", and" are two clauses: "opposed Nato, and Witkoff said")
    joint = joint_party(parties, "", parties[0].start, parties[-1].end)
    return replace(joint, text=joint.name)


def _a_term(text: str, words: str, start: int) -> bool:
    """Whether two quoted words are a term rather than someone's words: the article uses them again (the
    "yellow line", a "shadow fleet"), or calls them so-called, dubbed or known as."""
    return text.lower().count(words.lower()) > 1 or bool(_SO_CALLED.search(text, max(0, start - 30), start))


def _inside_sentence(before: str, content: str) -> bool:
    """Whether a quotation is part of the reporter's sentence (a partial quote: 'called it "a serious basis"')
    rather than a sentence or clause of its own ('"We are ready," he said', 'said: "We are ready."')."""
    before = before.rstrip()
    if not before or before.endswith((":", ",", "—", "–", "-")):
        return False
    return not (content[:1].isupper() and re.search(r"\b(?:said|says|saying|added|adding|wrote|writes|declared|"
                                                      r"stated|tweeted|posted|told \w+)$", before))


_MINOR_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "vs"}


# A final attribution: ", he added.", ", one EU diplomat told the BBC.", ", officials told reporters on Friday.",
# ", the air force said on the messaging app Telegram.", ", the MP from the ... party - told the BBC."
_FINAL_ATTRIBUTION = re.compile(r",\s+(?!(?:after|before|but|and|or|while|as|when|because|which|who|although|"
                                r"though|if|since|until|so)\b)"
                                r"(?P<who>(?:[\w’'.()-]+\s+){0,12}?)"
                                r"(?P<verb>(?!(?:the|a|an|his|her|its|their|this|of|from|in|on|at|for|with|to|and|"
                                r"or)\b)[a-z]\w*)(?:\s+(?:the\s+)?[A-Z][\w.’'-]*"
                                r"(?:\s+[A-Z][\w.’'-]*){0,3}(?:\s+(?:media|newspaper|television|radio|channel|"
                                r"news\s+agency))?|\s+(?:reporters|journalists|me|us))?"
                                r"(?:\s+(?:on|in|at|during|via|through|after|from|to|earlier|late|last)\s+"
                                r"(?:(?!\bthat\b)[^,;\"“”]){1,70}?)?"
                                # (or a clause after it: ", the Omani foreign minister has said, but the chances ...")
                                r"(?:\.?[\"”’]?\s*$|,\s+(?:but|while|although|though)\s)")


def _looks_like_title(content: str) -> bool:
    """A short quotation in Title Case without final punctuation names a show, an ad or a document."""
    words = re.findall(r"[\w’'-]+", content)
    if not words or len(words) > 6 or re.search(r"[.!?,;:…]$", content.strip()):
        return False
    major = [w for w in words if w.lower() not in _MINOR_WORDS or w is words[0]]
    return all(w[:1].isupper() or w[:1].isdigit() for w in major) and not (len(words) == 1 and (
        words[0].isupper() or re.match(r"[A-Z]-[a-z]", words[0])))  # "NO", "U-turned": words, not titles


#: Between a verb that takes quoted words and a quote: a new clause, or too many words for its object ("praised
#: the agreement as a step toward a "unified Syria"" is still its object).
_NOT_ITS_OBJECT = re.compile(r"[,;:]\s*(?:but|and|while|although|though|as|so)\b|;|(?:\S+\s+){8}")
#: A subject naming something in its own words, right before the quotation: "what he calls the", "Trump labelled
#: it" (not "a plan called", "the so-called").
_NAMED_AS = re.compile(r"(?:\b(?:he|she|they|we|I)|\b[A-Z][a-z]+)\s+(?:has\s+|have\s+|had\s+)?(?:calls|called|labels|"
                       r"labelled|labeled|dubs|dubbed|terms|termed|brands|branded)\s+"
                       r"(?:(?:it|them|this|the|a|an|his|her|their)\s+)?$")


#: Words carried or chanted, right before the quotation: "signs reading", "a placard which read", "chanting",
#: "shouts of".
_CHANTED = re.compile(r"(?:\b(?:signs?|placards?|banners?|posters?|slogans?|t-shirts?)\s+(?:which\s+|that\s+)?"
                      r"(?:read|reads|reading|saying|said)|\b(?:chanting|chanted|chants|chant|shouting|shouted|"
                      r"singing|sang|chants\s+of|shouts\s+of|cries\s+of|cry\s+of))\s*[:,]?\s*$")


@lru_cache(maxsize=1)
def _relay() -> re.Pattern:
    """Independent outlets and agencies that relay a party's words ("Reuters news agency reported", "a
    statement cited by Reuters"): the outlets of ``outlets.yaml`` and any "news agency"."""
    names = {str(v) for v in (load_yaml("outlets.yaml").get("outlets") or {}).values()}
    return re.compile(r"\b(?:news agency|" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                      + r")\b")


def _paragraph_lookup(paragraphs):
    starts = [s for s, _ in paragraphs]

    def find(pos: int) -> int:
        import bisect

        return max(0, bisect.bisect_right(starts, pos) - 1)

    return find


@lru_cache(maxsize=8)
def _finder(cues: CueLexicon) -> QuoteFinder:
    return QuoteFinder(cues)


def find_quotes(doc: Doc) -> list[Quote]:
    """The direct and indirect quotes of ``doc`` in text order, with their speakers (``doc.quotes`` caches
    them for the extractors of one article)."""
    return _finder(doc.resources.cues).extract(doc.context, doc.paragraphs)


class QuoteExtractor(Extractor):
    """The ``quotes`` table: who said what.

    Columns: ``sentence_id`` where the quote starts; ``kind``, ``direct`` (in quotation marks) or ``indirect``
    (reported speech); ``text``, ``start``, ``end``, the quoted words and their offsets into the article
    text; ``speaker_id``, ``speaker``, ``speaker_side`` (several parties speaking together, "Qatar, Egypt and
    Jordan", have no id and the side they share, else none); ``cue``, the reporting verb's lemma;
    ``speaker_text``, the words that name the speaker where the quote is attributed.
    """

    name = "quotes"
    columns = {"sentence_id": "int64", "kind": "str", "text": "str", "speaker_id": "str", "speaker": "str",
               "speaker_side": "str", "cue": "str", "start": "int64", "end": "int64", "speaker_text": "str"}
    actor_columns = ("speaker_id", "speaker", "speaker_side")

    def rows(self, doc: Doc):
        for q in doc.quotes:
            p = q.speaker
            yield (q.sentence_index, q.kind, q.text, p.actor_id if p else "", p.name if p else "",
                   (p.side or (doc.home_side if p.name else "")) if p else "", q.cue, q.start, q.end,
                   p.text if p else "")

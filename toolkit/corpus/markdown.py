"""Reader for Markdown and plain-text articles (the form of saved or exported news pages).

The expected shape, all parts optional except the body::

    # Title
    May 16, 2025
    By Jane Roe

    Photo caption. **Photo credit**

    Body paragraph with [a link](#) and **bold** text.

    **Related article:** [Another story](#)

    *Reuters contributed reporting.*

    Original url:

    <https://www.example.org/2025/05/16/story>

The body keeps its paragraphs (blank line between them); link markup is reduced to its words, emphasis
markers are removed, and captions, navigation lines, italic credit notes and URL lines are dropped.

>>> doc = parse_markdown_article("# Talks end\\n\\nMay 16, 2025\\n\\nThe [talks](#) ended.\\n")
>>> doc.title, doc.date_text, doc.body
('Talks end', 'May 16, 2025', 'The talks ended.')
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .fields import looks_like_date

# Every pattern here runs in time linear in its input, also on hostile text: the parts that could scan ahead
# from every position ("[[[[...", "**a **a ...") are bounded (link texts, URLs and emphasis are short), and
# optional whitespace never sits beside other optional whitespace.
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\((?:[^()\s]|\([^()\n]{0,200}\)){0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\[[^\[\]\n]{0,100}\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.{1,500}?)(?<=[^\s*])\*(?![\w*])")
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.{1,500}?)(?<=[^\s_])_(?![\w_])")
_CODE = re.compile(r"`([^`]*)`")
_HTML_TAG = re.compile(r"</?(?:br|p|span|em|strong|b|i|a|div)\b[^>]*>", re.IGNORECASE)
_HEADING = re.compile(r"\s{0,3}(#{1,6})\s")  # the title is the rest of the line: see _heading()
_LIST_MARK = re.compile(r"^\s{0,3}(?:[-+*]|\d{1,3}[.)])\s+")
_QUOTE_MARK = re.compile(r"^\s{0,3}>\s?")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_URL_ONLY = re.compile(r"^\s*<?(https?://\S+?)>?\s*$")
_URL_LABEL = re.compile(r"^\s*(?:original\s+url|original\s+link|source\s+url|url|link|source)\s*:\s*(.*)$", re.IGNORECASE)
_BY_LINE = re.compile(r"^\s*(?:by|written by|words by)\s+(.{2,120})$", re.IGNORECASE)
_NAV_LABEL = re.compile(
    r"^\s*(?:(?:\*\*|__)\s*)?(?:related(?:\s+(?:article|articles|stories|story|content|coverage|reading))?|read\s+more|"
    r"read\s+also|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?|watch|listen|more|recommended|"
    r"sign\s+up|subscribe|follow\s+us)\s*:?\s*(?:\*\*|__)?\s*:?",
    re.IGNORECASE,
)
_BOLD_LABEL = re.compile(r"^\s*(\*\*|__)[^*_]{1,40}:\s*\1")
_CREDIT_WORDS = re.compile(
    r"\b(?:via|photo|photograph|image|getty|afp|reuters|ap|epa|anadolu|tass|sputnik|pool|handout|press service|"
    r"office|ministry|courtesy|file)\b|[©/]",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…:;\"”’»)]\s*$")
# Words a paragraph cannot end on when it is complete: function words and title modifiers. A paragraph
# that ends on one was broken by the export and continues in the next paragraph.
_DANGLING = {
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or", "but", "as",
    "that", "which", "who", "whose", "its", "their", "his", "her", "our", "this", "these", "those", "into",
    "between", "than", "said", "says", "told", "Foreign", "Defense", "Defence", "Prime", "Deputy", "Vice",
    "Interior", "Culture", "Finance", "Justice", "Security", "Secretary", "Special", "Chief", "Senior",
    "Kremlin", "State", "General", "Lieutenant", "Major", "First",
}


@dataclass
class MarkdownArticle:
    title: str
    date_text: str
    author: str
    url: str
    body: str
    notes: list[str]


def strip_inline_markup(text: str) -> str:
    """Remove Markdown inline markup: links keep their words, images and emphasis markers go."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    for _ in range(2):  # nested emphasis such as ***word***
        text = _BOLD.sub(r"\2", text)
        text = _ITALIC_STAR.sub(r"\1", text)
        text = _ITALIC_UNDERSCORE.sub(r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _blocks(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]


def _is_italic_only(block: str) -> bool:
    b = block.strip()
    return bool(re.fullmatch(r"(\*|_)(?![\s*_]).+(?<![\s*_])\1", b, re.DOTALL)) and not b.startswith(("**", "__"))


def _is_link_only(block: str) -> bool:
    without_links = _LINK.sub("", _IMAGE.sub("", block))
    without_links = re.sub(r"[\s|•·,;:\-–—*_]+", "", without_links)
    return bool(_LINK.search(block) or _IMAGE.search(block)) and not without_links


def _credit_at_end(block: str) -> tuple[str, str] | None:
    """``(lead, credit)`` of a block ending in a bold credit (``... **Photo: AFP**``), else None."""
    block = block.strip()
    if not block.endswith("**"):
        return None
    opening = block.rfind("**", 0, len(block) - 2)
    credit = block[opening + 2:-2] if opening >= 0 else ""
    if not 2 <= len(credit) <= 120 or "*" in credit:
        return None
    return block[:opening].strip(), credit


def _heading(line: str) -> tuple[int, str] | None:
    """``(level, title)`` of a Markdown heading line (``## Title ##``), else None."""
    m = _HEADING.match(line)
    if m is None:
        return None
    return len(m.group(1)), line[m.end():].strip().rstrip("#").rstrip()


def _is_caption(block: str, before_body: bool) -> bool:
    found = _credit_at_end(block)
    if found is None:
        return False
    lead, credit = found
    if lead and not _TERMINAL.search(lead):
        return False
    return before_body or bool(_CREDIT_WORDS.search(credit))


def parse_markdown_article(text: str) -> MarkdownArticle:
    """Split a Markdown/plain-text article into title, date line, author, URL and clean body."""
    blocks = _blocks(text)
    title = date_text = author = url = ""
    notes: list[str] = []
    body: list[str] = []
    expect_url = False
    header_done = False  # set once the first body paragraph is seen

    for index, block in enumerate(blocks):
        lines = [ln.rstrip() for ln in block.split("\n")]
        first = lines[0].strip()

        heading = _heading(first)
        if heading and not title and not body:
            title = strip_inline_markup(heading[1])
            rest = "\n".join(lines[1:]).strip()
            if not rest:
                continue
            block, lines = rest, [ln.rstrip() for ln in rest.split("\n")]
            first = lines[0].strip()
        if not title and not body and index == 0 and len(lines) == 1 and len(first) <= 200 \
                and not _TERMINAL.search(first) and not looks_like_date(first) and not _URL_ONLY.match(first):
            title = strip_inline_markup(first)
            continue

        # Header lines (date, by-line) may share a block: consume them line by line.
        if not header_done:
            remaining = []
            for line in lines:
                plain = strip_inline_markup(line)
                if not date_text and looks_like_date(plain):
                    date_text = plain
                elif not author and _BY_LINE.match(plain) and len(plain) < 120:
                    author = _BY_LINE.match(plain).group(1).strip()
                elif not date_text and not remaining and _looks_like_bad_date_line(plain):
                    date_text = plain  # reported later as an unparseable date
                else:
                    remaining.append(line)
            if not remaining:
                continue
            block = "\n".join(remaining)
            lines = remaining
            first = lines[0].strip()

        if expect_url:
            expect_url = False
            m = _URL_ONLY.match(block.strip())
            if m:
                url = url or m.group(1)
                continue
        label = _URL_LABEL.match(first)
        if label and len(lines) <= 2 and len(first) < 200:
            value = label.group(1).strip() or (lines[1].strip() if len(lines) > 1 else "")
            m = _URL_ONLY.match(value) if value else None
            if m:
                url = url or m.group(1)
                continue
            if not value:
                expect_url = True
                continue
        m = _URL_ONLY.match(block.strip())
        if m and "\n" not in block.strip():
            url = url or m.group(1)
            continue
        if _RULE.match(block):
            continue
        if _is_italic_only(block):
            notes.append(strip_inline_markup(block))
            continue
        if _is_link_only(block) or (_LINK.search(block) and (_NAV_LABEL.match(first) or _BOLD_LABEL.match(first))):
            continue
        if _is_caption(block, before_body=not header_done):
            continue

        paragraph_lines = []
        for line in lines:
            h = _heading(line)
            line = h[1] if h else line
            line = _QUOTE_MARK.sub("", line)
            line = _LIST_MARK.sub("", line)
            paragraph_lines.append(line.strip())
        paragraph = strip_inline_markup(" ".join(ln for ln in paragraph_lines if ln))
        if paragraph:
            body.append(paragraph)
            header_done = True

    return MarkdownArticle(
        title=title,
        date_text=date_text,
        author=author,
        url=url,
        body="\n\n".join(join_broken_paragraphs(body)),
        notes=notes,
    )


def _looks_like_bad_date_line(line: str) -> bool:
    """A short header line that tries to be a date (digits and a month-like word) but did not parse."""
    return len(line) <= 40 and bool(re.search(r"\d", line)) and bool(
        re.fullmatch(r"[\w ,./:-]+", line)) and not _TERMINAL.search(line) and len(line.split()) <= 6


def join_broken_paragraphs(paragraphs: list[str]) -> list[str]:
    """Re-join a paragraph that an export broke mid-phrase ("... opened by Turkish Foreign" + "Minister ...").

    A paragraph is joined to the next one when it has no final punctuation and ends on a word a complete
    paragraph cannot end on (a function word or a title word), or when the next one starts in lower case.
    Headings (short lines without final punctuation) are left alone.
    """
    out: list[str] = []
    for paragraph in paragraphs:
        if out:
            previous = out[-1]
            tail = previous[-200:]  # what decides is at its end (a paragraph may be long, or grow by joins)
            last_word = re.findall(r"[\w'’-]+$", tail)
            continues = not _TERMINAL.search(tail) and len(previous.split(None, 4)) >= 4 and (
                (last_word and last_word[0] in _DANGLING) or paragraph[:1].islower()
            )
            if continues:
                out[-1] = previous + " " + paragraph
                continue
        out.append(paragraph)
    return out

"""Field normalisers shared by every loader: bytes -> text, dates, URLs, outlets, article ids.

>>> parse_date("May 16, 2025")
Timestamp('2025-05-16 00:00:00')
>>> parse_date("2025-05-16T10:30:00+03:00")
Timestamp('2025-05-16 07:30:00')
>>> canonical_url("https://www.Example.org/a/b/?utm_source=x#top")
'https://example.org/a/b'
"""
from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import hashlib
import math
import re
import unicodedata
import warnings
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pandas as pd

from ..resources.files import load_yaml, read_yaml_file


class SkipFile(Exception):
    """Raised by a reader when a whole file cannot be used; the message is the problem's reason."""


# ---------------------------------------------------------------------------------------------- limits
#: Bytes a file read whole (JSON, CSV, HTML, Markdown) may hold, after decompression; beyond it the file is
#: a problem row, not read (a gzip bomb stops here). Markdown files (one article each) stop at four times
#: :data:`MAX_ARTICLE_CHARS`.
MAX_FILE_BYTES = 128 * 2**20
#: Bytes an RSS or Atom feed may hold (a feed is parsed whole into many objects; real feeds are small).
MAX_FEED_BYTES = 32 * 2**20
#: Bytes one line of a JSON Lines file (one record) may hold; a longer line is a problem row and skipped.
MAX_RECORD_BYTES = 16 * 2**20
#: Characters the text of one article may hold: analysing text costs several times its size in memory, so
#: a longer text (no news article is) is a problem row, not an article.
MAX_ARTICLE_CHARS = 2_000_000


def mb(size: int) -> str:
    """A size in bytes as megabytes for messages: ``mb(16 * 2**20) == '16 MB'``."""
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} bytes"


# ---------------------------------------------------------------------------------------------- decoding
_LATIN_FAMILY = {"cp1250", "cp1252", "latin_1", "iso8859_1", "iso8859_2", "iso8859_15", "iso8859_9", "cp1254", "mac_roman"}


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode a file's bytes; return ``(text, note)`` where ``note`` says how non-UTF-8 input was read.

    UTF-8 (with or without BOM) gives no note. UTF-16 needs its BOM or a regular pattern of zero bytes.
    Other single-byte text is read as cp1252 when the guess is a Western encoding, else as guessed by
    charset-normalizer. Binary data raises :class:`SkipFile`.
    """
    if not data:
        return "", None
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "not UTF-8: decoded as UTF-16"
        except UnicodeDecodeError as exc:
            raise SkipFile(f"undecodable UTF-16 text ({exc.reason})") from exc
    head = data[:8192]
    if b"\x00" in head:
        encoding = utf16_byte_order(head)
        if encoding is not None:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SkipFile(f"undecodable UTF-16 text ({exc.reason})") from exc
            if _looks_binary(text):
                raise SkipFile("binary file (not text)")
            return text, "not UTF-8: decoded as UTF-16 (no byte-order mark)"
        if data.count(b"\x00") <= max(1, len(data) // 1000):  # a stray NUL or two in a text file
            text, note = decode_bytes(data.replace(b"\x00", b""))
            return text, "; ".join(filter(None, [note, "NUL bytes removed"]))
        raise SkipFile("binary file (not text)")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    import charset_normalizer  # a trafilatura dependency; imported lazily as only odd files need it

    best = charset_normalizer.from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if guess is None or guess in _LATIN_FAMILY:
        for encoding in ("cp1252", "latin_1"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_binary(text):
                raise SkipFile("binary file (not text)")
            return text, GUESSED + encoding
    text = str(best)
    if _looks_binary(text):
        raise SkipFile("binary file (not text)")
    return text, GUESSED + guess


#: How a note on a text decoded by a guessed encoding starts (:func:`decode_bytes`).
GUESSED = "not UTF-8: decoded as "


def guessed_encoding(note: str | None) -> str | None:
    """The encoding a note of :func:`decode_bytes` says was guessed, if any."""
    return note[len(GUESSED):] if note and note.startswith(GUESSED) and " " not in note[len(GUESSED):] else None


def decode_as(data: bytes, encoding: str) -> tuple[str | None, str | None]:
    """``(text, note)`` of ``data`` decoded as ``encoding`` (an earlier guess), or ``(None, None)`` when it
    does not decode to text."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None, None
    return (None, None) if _looks_binary(text) else (text, GUESSED + encoding)


def utf16_byte_order(sample: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``sample`` (the start of a file, without byte-order mark)
    looks like UTF-16 text, else None. Text in one script puts few distinct values in the high byte of its
    characters (0 for Latin letters and spaces, 4 for Cyrillic, 6 for Arabic, ...), so one of the two byte
    positions is dominated by a handful of values; binary data is not.

    >>> utf16_byte_order("Переговоры в Стамбуле".encode("utf-16-le")), utf16_byte_order(bytes(range(256)))
    ('utf-16-le', None)
    """
    sample = sample[:4096]
    sample = sample[:len(sample) - len(sample) % 2]
    if len(sample) < 16:
        return None

    def dominated(values: bytes) -> float:  # the share of the three most frequent values
        counts = sorted((values.count(b) for b in set(values)), reverse=True)
        return sum(counts[:3]) / len(values)

    even, odd = dominated(sample[0::2]), dominated(sample[1::2])
    if odd >= 0.9 and even < odd - 0.2:
        return "utf-16-le"
    if even >= 0.9 and odd < even - 0.2:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return controls / len(sample) > 0.02


# ---------------------------------------------------------------------------------------------- dates
_DATE_PREFIX = re.compile(
    r"^\s*(?:published|updated|last updated|posted|posted on|date|first published|published on|updated on)\s*:?\s*",
    re.IGNORECASE,
)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    "september|october|november|december"
)
_HAS_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
_HAS_MONTH_WORD = re.compile(rf"\b(?:{_MONTHS})\.?\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b")
_TZINFOS = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 3600, "CET": 3600, "CEST": 7200, "EET": 7200, "EEST": 10800,
    "MSK": 10800, "TRT": 10800, "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000,
    "MST": -25200, "MDT": -21600, "PST": -28800, "PDT": -25200, "IST": 19800, "GST": 14400,
}


def looks_like_date(text: str) -> bool:
    """True for a short line that names a date (a month or numeric date and a four-digit year)."""
    line = _DATE_PREFIX.sub("", text.strip())
    if not line or len(line) > 60:
        return False
    return bool(_HAS_YEAR.search(line) and (_HAS_MONTH_WORD.search(line) or _NUMERIC_DATE.search(line)))


def parse_date(value) -> pd.Timestamp | None:
    """Parse a date or timestamp into a naive UTC ``pd.Timestamp``; ``None`` when the value is empty.

    Accepts ``datetime``/``Timestamp`` objects, epoch seconds (or milliseconds), ISO 8601 with or without a
    time zone, RFC 822 (``Fri, 16 May 2025 10:00:00 +0300``) and written forms (``May 16, 2025``,
    ``Monday, 18 August 2025``, ``Published: 23 July 2025 14:05 GMT``). Raises ``ValueError`` when the value
    is present but is not a date, or a date outside the years 1678-2261 that pandas' timestamps hold.

    >>> parse_date("9999-12-31")
    Traceback (most recent call last):
    ValueError: date out of range (1678-2261): '9999-12-31'
    """
    try:
        parsed = _parse_date(value)
    except (OverflowError, OSError) as exc:  # epoch numbers beyond what the platform's clock takes
        raise ValueError(f"not a date: {str(value)[:60]!r}") from exc
    if parsed is None:
        return None
    try:
        return parsed.as_unit("ns")
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        raise ValueError(f"date out of range (1678-2261): {str(value)[:60]!r}") from None


def _parse_date(value) -> pd.Timestamp | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return _to_naive_utc(pd.Timestamp(value))
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value) / 1000.0 if abs(value) > 1e11 else float(value)
        return pd.Timestamp(dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)).tz_localize(None)
    text = str(value).strip()
    if not text:
        return None
    text = _DATE_PREFIX.sub("", text).strip()
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return _parse_date(float(text))
    try:
        return _to_naive_utc(pd.Timestamp(dt.datetime.fromisoformat(text)))
    except ValueError:
        pass
    if re.match(r"^[A-Za-z]{3},\s+\d", text):
        try:
            return _to_naive_utc(pd.Timestamp(email.utils.parsedate_to_datetime(text)))
        except (TypeError, ValueError, IndexError):
            pass
    if not _HAS_YEAR.search(text):
        raise ValueError(f"not a date (no year): {value!r}")
    from dateutil import parser as dateutil_parser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = dateutil_parser.parse(text, tzinfos=_TZINFOS, default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError, TypeError) as exc:
        raise ValueError(f"not a date: {value!r}") from exc
    return _to_naive_utc(pd.Timestamp(parsed))


def _to_naive_utc(ts: pd.Timestamp) -> pd.Timestamp:
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


# ---------------------------------------------------------------------------------------------- URLs
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ocid|cmpid|at_medium|at_campaign|smid|ref|ref_src)$", re.I)
_URL_RE = re.compile(r"https?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]")


def canonical_url(url: str | None) -> str:
    """Canonical form of a URL for identity and duplicate checks ("" when there is none).

    Lower-cases scheme and host, drops ``www.``, default ports, fragments, tracking parameters
    (``utm_*``, ``fbclid``, ...) and a trailing slash; upgrades ``http`` to ``https``; sorts the query.
    Written here (not taken from a library) so that article ids stay stable across library upgrades.
    """
    if not url:
        return ""
    url = str(url).strip().strip("<>")
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
        if re.match(r"^(www\.)?[\w-]+(\.[\w-]+)+(/|$)", url):
            url = "https://" + url
        else:
            return url
    try:
        parts = urlsplit(url)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:  # a port out of range, a broken IPv6 host: kept as written, not canonical
        return url
    if host.startswith("www."):
        host = host[4:]
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "")
    if len(path) > 1:
        path = path.rstrip("/")
    elif path == "/":
        path = ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)))
    scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
    return urlunsplit((scheme, host, path, query, ""))


def url_domain(url: str | None) -> str:
    """The host of a URL without ``www.`` ("" when there is none)."""
    canon = canonical_url(url)
    if "://" not in canon:
        return ""
    try:
        return (urlsplit(canon).hostname or "").lower()
    except ValueError:
        return ""


def find_urls(text: str) -> list[tuple[int, int]]:
    """Character spans of the http(s) URLs in ``text`` (used to keep matchers out of URLs)."""
    return [m.span() for m in _URL_RE.finditer(text)]


# ---------------------------------------------------------------------------------------------- outlets
class OutletTable:
    """Maps a URL's domain to an outlet name through an editable table (``resources/outlets.yaml``).

    >>> OutletTable().outlet_for("https://edition.cnn.com/2025/05/16/x")
    'CNN'
    >>> OutletTable({"example.org": "Example News"}).outlet_for("https://www.example.org/a")
    'Example News'
    """

    def __init__(self, table: dict[str, str] | str | None = None):
        if table is None:
            mapping = load_yaml("outlets.yaml").get("outlets", {})
        elif isinstance(table, dict):
            mapping = dict(load_yaml("outlets.yaml").get("outlets", {}))
            mapping.update(table)
        else:
            data = read_yaml_file(table) or {}
            mapping = data.get("outlets", data) if isinstance(data, dict) else {}
        self.mapping = {str(k).lower().removeprefix("www."): str(v) for k, v in mapping.items()}

    def outlet_for(self, url: str | None) -> str:
        domain = url_domain(url)
        if not domain:
            return ""
        labels = domain.split(".")
        for i in range(len(labels) - 1):
            candidate = ".".join(labels[i:])
            if candidate in self.mapping:
                return self.mapping[candidate]
        return domain


# ---------------------------------------------------------------------------------------------- ids
def article_id_for(url: str, title: str, date: pd.Timestamp | None, text: str) -> str:
    """Stable article id: a hash of the canonical URL, else of title + date + text (16 hex digits)."""
    canon = canonical_url(url)
    if canon:
        key = "url\x1f" + canon
    else:
        day = date.isoformat() if date is not None else ""
        key = "\x1f".join(["doc", title.strip(), day, normalise_for_identity(text)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def identity_digest(text: str) -> bytes:
    """A 16-byte digest of ``text`` (a canonical URL, or a text after :func:`normalise_for_identity`), by
    which duplicates are spotted without keeping a second copy of every text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def normalise_for_identity(text: str) -> str:
    """Text key used to spot duplicate bodies: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())

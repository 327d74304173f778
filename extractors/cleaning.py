"""Remove page furniture from captured web text, keeping headline and body.

Web captures carry navigation ("Skip to content"), share buttons, photo
credits glued to the last word of a caption ("on MondayImage: ..."), and
captions printed twice. ``clean_article_lines`` removes these while keeping
every sentence of the body, including captions that report events, and keeps
for each kept line where it starts in the raw text. It also reads the
publisher from what the page shows: its own name in the navigation
("Skip to more DW sites") or a sign-off ("Associated Press writers ...
contributed", "(AFP, Reuters, dpa)", "Source: BBC, Reuters").

Every pattern here runs on untrusted text, so each one takes time linear in
the length of its input: no two quantifiers can share the characters between
them (possessive ``*+``/``++`` and atomic ``(?>...)`` where they could), and
what a single pattern cannot do in linear time is done in code
(``glued_credit_start``). ``without_controls`` takes control characters out of
text. ``tests/test_cleaning_linear.py`` checks both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Whole lines that are page furniture, never content.
# ``.*+`` and ``\s*+$``: a greedy ``.*`` followed by ``\s*$`` would hand every trailing space back
# and forth between the two (quadratic on a long run of spaces before a line break).
FURNITURE_LINE = re.compile(
    r"""^(?:
        \d++\.\s*+Skip\ to\ .*+
      | Skip\ to\ .*+
      | Skip\ next\ section.*+
      | (?:Send\ in\ e-mail)+
      | Show\ Full\ Article
      | Related\ (?:Topics|Stories|Articles|Content)
      | Comments?
      | Share(?:\ this)?(?:\ article|\ story|\ on\ \w+)?
      | (?:Facebook|Twitter|WhatsApp|E-?mail|Print)(?:\s*+(?:Facebook|Twitter|WhatsApp|E-?mail|Print))*
      | (?:Image|Photo|Credit|Picture)s?:\ .*+
      | Source:\ .{0,80}+
      | Advertisement
      | [a-z]{1,4}(?:/[a-z]{1,4})?(?:,\s*+[a-z]{1,4}(?:/[a-z]{1,4})?)*\s*+\([A-Za-z ,]++\)   # DW sign-off: "rs, es/kms (AFP, dpa)"
    )\s*+$""",
    re.VERBOSE,
)
# Everything from one of these lines on is a trailer of related-story links, not the article.
TRAILER_START = re.compile(r"^(?:Skip next section|Related (?:Topics|Stories|Articles|Content)$)")
# A line that is only a photo credit, and the caption label printed just above one ("Syrien Aleppo").
CREDIT_ONLY = re.compile(r"^(?:Image|Photo|Credit|Picture)s?:\s")
# A credit glued to the end of a caption: "...on MondayImage: picture-alliance/Photoshot",
# "...December 10, 2016Credit: GEORGE OURFALIAN/AFP", "... Syria. (AP Photo/Hassan Ammar)".
# Found by ``glued_credit_start``: a credit label followed by the rest of the line, or an agency's
# parenthesis naming a photo that closes the line. (As one pattern, searched at every position,
# this took time quadratic or cubic in the length of a line: 26 s for 60,000 spaces.)
CREDIT_LABEL = re.compile(r"(?:Image|Photo|Credit|Picture)s?:\s")
AGENCY_OPENING = re.compile(r"\((?:AP|AFP|Reuters|EPA|Getty)")
PHOTO_WORDS = ("Photo", "Image")
SENTENCE_END = re.compile(r"[.!?\"'”’)]$")

# The site naming itself in its navigation: "Skip to more DW sites", "More stories from DW", "DW's Top Story".
SITE_NAME = re.compile(
    r"^(?:\d+\.\s*)?(?:Skip to more (?P<a>[\w&.-]+(?: [\w&.-]+)?) sites"
    r"|(?:Skip next section )?More (?:stories|news) from (?P<b>[\w&.-]+(?: [\w&.-]+)?)"
    r"|(?:Skip next section )?(?P<c>[\w&.-]+(?: [\w&.-]+)?)'s Top Stor(?:y|ies))\s*$"
)
# Sign-offs naming where the report comes from.
CONTRIBUTORS = re.compile(
    r"^(?P<name>(?:[A-Z][\w.&-]*+\s){1,4}?)(?:staff\s)?(?:writers?|reporters?|correspondents?)\b.*\bcontributed\b",
)
AGENCY_SIGNOFF = re.compile(
    r"^[a-z]{1,4}(?:/[a-z]{1,4})?(?:,\s*+[a-z]{1,4}(?:/[a-z]{1,4})?)*\s*+\((?P<name>[A-Za-z ,]++)\)\s*+$"
)
# The name is the rest of the line up to its last non-space (at least two characters, at most 80).
# Written as "ends on a non-space" rather than a lazy ``.{2,80}?\s*$``, which rescans the spaces
# after the name once for each of its 80 possible lengths.
SOURCE_SIGNOFF = re.compile(r"^Sources?:\s(?P<name>.{1,79}\S|.{2})\s*+$")

# Control characters are not text: NUL and the other C0 controls are taken out, except tab, line
# feed and carriage return; vertical tab and form feed are whitespace and become spaces. C1 controls
# (U+0080-U+009F) in decoded text are almost always Windows-1252 punctuation that was decoded as
# Latin-1 or re-encoded as UTF-8 ("an order\x97a very painful order" is an em dash): they become
# the characters Windows-1252 gives those bytes, as ftfy's ``fix_c1_controls`` does; the five it
# leaves undefined are taken out.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _control_replacements() -> dict[str, str]:
    replacements = {"\x0b": " ", "\x0c": " "}
    for code in range(0x80, 0xA0):
        try:
            replacements[chr(code)] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no character, taken out
    return replacements


CONTROL_REPLACEMENTS = _control_replacements()
"""Control character -> the character it stands for; controls not listed are taken out."""


@dataclass(frozen=True, slots=True)
class CleanedLine:
    """A kept line of an article and where it starts in the raw text."""

    text: str
    """The line, stripped and with glued credits removed."""
    raw_offset: int
    """Character offset in the raw text where ``text`` starts."""


@dataclass(frozen=True, slots=True)
class CleanedArticle:
    """Cleaned article lines with the headline and publisher found in them."""

    lines: tuple[CleanedLine, ...]
    """Headline, then body paragraphs, in order."""
    title: str | None
    """The headline, when one was found."""
    publisher: str | None = None
    """Publisher named by the page itself, when found."""
    publisher_source: str = "unknown"
    """page (the site's own name in its navigation), signoff, or unknown."""

    @property
    def text(self) -> str:
        """The kept lines as paragraphs separated by blank lines."""
        return "\n\n".join(line.text for line in self.lines)


def glued_credit_start(line: str) -> int | None:
    """Where a photo credit closing ``line`` starts (spaces before it included), or None.

    A credit is a label (``Image:``, ``Credits:`` ...) with the rest of the line after it, or an
    agency's parenthesis naming a photo, ``(AP Photo/...)``, ``(Reuters Images ...)``, that ends
    the line. The earliest one wins. Linear in the length of ``line``: each character is looked
    at a fixed number of times.
    """
    starts = []
    # A label's credit runs to the end of the line, so it follows the last line break (a line
    # break just before the end, or right after the label's colon, is allowed).
    last_break = line.rfind("\n", 0, len(line) - 1)
    for label in CREDIT_LABEL.finditer(line, max(0, last_break - 10)):
        if label.end() > last_break:
            starts.append(label.start())
            break
    # A parenthesis closing the line: the agency opens it after the line's second-to-last ")",
    # and a photo word stands between the agency and the final ")". Only the first opening there
    # matters: a later one names a photo only if the first one does.
    end = len(line.rstrip())
    if end and line[end - 1] == ")":
        opening = AGENCY_OPENING.search(line, line.rfind(")", 0, end - 1) + 1, end - 1)
        if opening and any(line.find(word, opening.end(), end - 1) != -1 for word in PHOTO_WORDS):
            starts.append(opening.start())
    if not starts:
        return None
    return len(line[: min(starts)].rstrip())


def unglue_credit(line: str) -> str:
    """Strip a photo credit from the end of ``line``, ending the caption with a full stop."""
    start = glued_credit_start(line)
    if start is None:
        return line.rstrip()
    stripped = line[:start].rstrip()
    if stripped and not SENTENCE_END.search(stripped):
        stripped += "."
    return stripped


def without_controls(text: str) -> str:
    """``text`` with its control characters replaced or taken out (see ``CONTROL_CHARACTERS``)."""
    return "".join(piece for piece, _ in control_free_pieces(text))


def control_free_pieces(text: str) -> list[tuple[str, int]]:
    """``text`` as pieces free of control characters, each with the offset it starts at in ``text``.

    A control character with a replacement (vertical tab and form feed: a space; a C1 control:
    its Windows-1252 character) is a piece of its own, so the offsets of the text after it hold
    however many bytes the replacement takes; the other controls are left out, splitting the text.
    Empty pieces are not returned; text without controls is one piece.
    """
    if CONTROL_CHARACTERS.search(text) is None:
        return [(text, 0)] if text else []
    pieces = []
    start = 0
    for control in CONTROL_CHARACTERS.finditer(text):
        if control.start() > start:
            pieces.append((text[start : control.start()], start))
        replacement = CONTROL_REPLACEMENTS.get(control.group())
        if replacement is not None:
            pieces.append((replacement, control.start()))
        start = control.end()
    if start < len(text):
        pieces.append((text[start:], start))
    return pieces


def _is_headline(line: str) -> bool:
    words = line.split()
    return 4 <= len(words) <= 30 and not line.endswith((".", ":", ";"))


def _is_caption_label(line: str) -> bool:
    """A few words with no sentence: the label or alt text printed with a photo, not a caption."""
    return len(line.split()) < 4 and not SENTENCE_END.search(line)


def lines_with_offsets(raw: str) -> list[tuple[str, int]]:
    """The lines of ``raw`` (any line ending) with the character offset each starts at."""
    result = []
    offset = 0
    for line in raw.splitlines(keepends=True):
        result.append((line.rstrip("\r\n"), offset))
        offset += len(line)
    return result


def find_publisher(lines: Iterable[str]) -> tuple[str | None, str]:
    """The publisher a page names for itself (``page``), else the one its sign-off credits (``signoff``)."""
    signoff: str | None = None
    for line in lines:
        stripped = line.strip()
        site = SITE_NAME.match(stripped)
        if site:
            return (site["a"] or site["b"] or site["c"]).strip(), "page"
        if signoff is None:
            credit = (
                CONTRIBUTORS.match(stripped)
                or AGENCY_SIGNOFF.match(stripped)
                or SOURCE_SIGNOFF.match(stripped)
            )
            if credit:
                signoff = credit["name"].strip()
    return (signoff, "signoff") if signoff else (None, "unknown")


def clean_article_lines(lines: list[tuple[str, int]], *, find_title: bool = True) -> CleanedArticle:
    """Headline and body of captured article ``lines`` (text, raw offset), without furniture or repeats."""
    publisher, publisher_source = find_publisher(text for text, _ in lines)
    for index, (line, _) in enumerate(lines):
        if TRAILER_START.match(line.strip()):
            lines = lines[:index]
            break
    meaningful = [(line.strip(), line, offset) for line, offset in lines if line.strip()]
    kept: list[CleanedLine] = []
    seen: set[str] = set()
    for index, (stripped, line, offset) in enumerate(meaningful):
        if FURNITURE_LINE.match(stripped):
            continue
        following = meaningful[index + 1][0] if index + 1 < len(meaningful) else ""
        if CREDIT_ONLY.match(following) and _is_caption_label(stripped):
            continue
        cleaned = unglue_credit(stripped)
        if not cleaned:
            continue
        key = re.sub(r"\W+", " ", cleaned).strip().lower()
        if key in seen:  # a caption printed twice, a repeated teaser
            continue
        seen.add(key)
        kept.append(CleanedLine(cleaned, offset + (len(line) - len(line.lstrip()))))
    title = None
    if find_title:
        title = next((line.text for line in kept[:5] if _is_headline(line.text)), None)
        if title is not None:
            # Section labels above the headline ("Conflicts") are navigation, not content.
            kept = kept[[line.text for line in kept].index(title) :]
    return CleanedArticle(tuple(kept), title, publisher, publisher_source)


def clean_article_text(raw: str) -> CleanedArticle:
    """Headline and body of a captured article, without furniture, credits or repeated captions."""
    return clean_article_lines(lines_with_offsets(raw))

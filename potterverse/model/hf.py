"""OpenAI GPT-2 weights in Hugging Face's layout <-> our GPT.

GPT-2 stores its linear layers as `Conv1D` with weights [in, out]; ours are `nn.Linear` with [out, in], so those
are transposed. Both use one fused QKV projection (`c_attn`), so no splitting is needed.
"""

from __future__ import annotations

import json
from pathlib import Path

from potterverse.errors import CheckpointError
from potterverse.model.gpt import GPT, GPTConfig

# (our name, GPT-2 name, stored transposed in GPT-2) for each parameter of block i.
_BLOCK_KEYS = [
    ("ln1.weight", "ln_1.weight", False),
    ("ln1.bias", "ln_1.bias", False),
    ("attn.qkv.weight", "attn.c_attn.weight", True),
    ("attn.qkv.bias", "attn.c_attn.bias", False),
    ("attn.proj.weight", "attn.c_proj.weight", True),
    ("attn.proj.bias", "attn.c_proj.bias", False),
    ("ln2.weight", "ln_2.weight", False),
    ("ln2.bias", "ln_2.bias", False),
    ("mlp.fc.weight", "mlp.c_fc.weight", True),
    ("mlp.fc.bias", "mlp.c_fc.bias", False),
    ("mlp.proj.weight", "mlp.c_proj.weight", True),
    ("mlp.proj.bias", "mlp.c_proj.bias", False),
]
_TOP_KEYS = [
    ("tok_emb.weight", "wte.weight", False),
    ("pos_emb.weight", "wpe.weight", False),
    ("ln_f.weight", "ln_f.weight", False),
    ("ln_f.bias", "ln_f.bias", False),
]
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


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
    return GPTConfig(
        vocab_size=hf["vocab_size"],
        context_length=hf.get("n_positions", hf.get("n_ctx", 1024)),
        emb_dim=hf["n_embd"],
        n_heads=hf["n_head"],
        n_layers=hf["n_layer"],
        drop_rate=0.0,
        qkv_bias=True,
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
    from potterverse.checkpoints import read_tensors  # imported here: checkpoints imports this package

    folder = _resolve_folder(path)
    config_file = folder / "config.json"
    if not config_file.is_file():
        raise FileNotFoundError(f"No config.json in {folder}: this does not look like a Hugging Face GPT-2 folder.")
    weights = next((folder / f for f in WEIGHT_FILES if (folder / f).is_file()), None)
    if weights is None:
        raise FileNotFoundError(f"No {' or '.join(WEIGHT_FILES)} in {folder}.")
    config = config_from_hf(json.loads(config_file.read_text()))
    state = {k.removeprefix("transformer."): v for k, v in read_tensors(weights).items()}
    model = GPT(config)
    ours = {}
    for our_key, hf_key, transposed in key_map(config.n_layers):
        if hf_key not in state:
            raise KeyError(f"{weights} has no tensor {hf_key!r}; is it a GPT-2 checkpoint?")
        ours[our_key] = state[hf_key].t() if transposed else state[hf_key]
    ours["head.weight"] = ours["tok_emb.weight"]
    model.load_state_dict(ours, strict=True)
    return model

"""The one safe way to read weights from disk: safetensors, or torch.load with weights_only=True.

What it reads: a PotterVerse run folder, .ckpt or .safetensors, and PotterVerseAI's .pth state dicts
(`potterverse.model.seed_import`).

A pickle that would run code when loaded is refused rather than executed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.overrides import TorchFunctionMode

from potterverse.errors import CheckpointError
from potterverse.formats import is_sharded_checkpoint, not_weights, read_pickle_safely, read_tensors
from potterverse.model.lora import merge_lora
from potterverse.model.seed_import import is_seed_state, seed_config, seed_state_to_ours
from potterverse.runs import EXPORT_WEIGHTS, RunFolder, RunMetadata

CHECKPOINT_META_KEY = "potterverse"  # where a Lightning checkpoint keeps the model shape and tokenizer


# --- Trained models: a run folder, a Lightning .ckpt or an exported .safetensors -> (GPT, metadata) ---

LIGHTNING_PREFIX = "model."
SEED_NAME = "PotterVerseAI .pth"  # the metadata of an imported PotterVerseAI checkpoint says so


def resolve_checkpoint(path: str | Path) -> Path:
    """The weights file a path stands for: a run folder gives its exported best model, else its last.ckpt."""
    path = Path(path).expanduser()
    if path.is_file() or is_sharded_checkpoint(path):
        return path
    if path.is_dir():
        weights = RunFolder(path).weights()
        if weights is not None:
            return weights
        raise CheckpointError(f"{path} holds no {EXPORT_WEIGHTS} or checkpoints/last.ckpt; is it a PotterVerse run?")
    raise CheckpointError(
        f"Checkpoint {path} does not exist; pass a run folder, a .ckpt, a .safetensors or a PotterVerseAI .pth file."
    )


def resolve_resume_checkpoint(path: str | Path) -> Path:
    """The Lightning checkpoint to resume from: a .ckpt as is, a run folder's checkpoints/last.ckpt."""
    path = Path(path).expanduser()
    if path.is_dir() and not is_sharded_checkpoint(path):
        path = RunFolder(path).last
    if not (path.is_file() or is_sharded_checkpoint(path)) or path.suffix != ".ckpt":
        raise CheckpointError(f"Cannot resume from {path}: pass a run folder with checkpoints/last.ckpt or a .ckpt.")
    return path


def _config_from(raw: Any, source: Path):
    from potterverse.model.gpt import GPTConfig

    if isinstance(raw, str):
        raw = json.loads(raw)
    if not isinstance(raw, dict):
        raise CheckpointError(f"{source} carries no model configuration; it was not written by PotterVerse.")
    try:
        return GPTConfig(**raw)
    except TypeError as err:
        raise CheckpointError(f"{source} has an unknown model configuration ({err}).") from err


class _SkipInit(TorchFunctionMode):
    """Modules built under it keep uninitialised memory: their random init is skipped. For a model whose every
    value is read from a file next, where the init would be most of the load time (0.19 s at tiny)."""

    INIT = frozenset({nn.init.normal_, nn.init.uniform_, nn.init.kaiming_uniform_, nn.init.zeros_, nn.init.ones_,
                      torch.Tensor.normal_, torch.Tensor.uniform_, torch.Tensor.zero_})  # fmt: skip

    def __torch_function__(self, func, types, args=(), kwargs=None):
        if func in self.INIT:  # the tensor it would fill (nn.init's functions pass it by name)
            return args[0] if args else kwargs["tensor"]
        return func(*args, **(kwargs or {}))


def load_model(path: str | Path, map_location: str | torch.device = "cpu",
               seed_options: Mapping[str, Any] | None = None) -> tuple[Any, RunMetadata]:  # fmt: skip
    """Rebuild a trained GPT and its metadata (tokenizer, task registry, ...) from any PotterVerse artefact, or
    from a PotterVerseAI `.pth` state dict. `seed_options` (`n_heads`, `gelu`) set what such a file's shapes do
    not show; unset, its 64-dimensional heads and exact GELU are assumed. Other artefacts carry their own."""
    from potterverse.model.gpt import GPT

    file = resolve_checkpoint(path)
    config, state, meta = _read_artefact(file, seed_options or {})
    state = merge_lora(state, meta.finetune.get("lora"), file)
    with _SkipInit():  # strict loading below fills every tensor
        model = GPT(config)
    if config.tie_embeddings:
        state.setdefault("head.weight", state.get("tok_emb.weight"))
    check_state_shapes(model, state, file)
    model.load_state_dict(state, strict=True)
    meta.model_config = config.to_dict()
    return model.to(map_location), meta


def read_metadata(path: str | Path) -> RunMetadata:
    """The metadata of the weights a path stands for, without building the model: a safetensors header, or a
    checkpoint memory-mapped so its tensors are not read."""
    file = resolve_checkpoint(path)
    if file.suffix == ".safetensors":
        return _export_metadata(file)
    ckpt = read_pickle_safely(file, mmap=file.suffix == ".ckpt" and file.is_file())  # a .pth may predate zip
    return _seed_metadata() if is_seed_state(ckpt) else _checkpoint_metadata(ckpt)


def _export_metadata(file: Path) -> RunMetadata:
    meta = _safetensors_metadata(file)
    sidecar = RunFolder.of(file).export_config
    if "model_config" not in meta and sidecar.is_file():  # a header that lost its metadata: the sidecar has it
        meta = json.loads(sidecar.read_text())
    return RunMetadata.from_dict(meta)


def _checkpoint_metadata(ckpt: Any) -> RunMetadata:
    return RunMetadata.from_dict(ckpt.get(CHECKPOINT_META_KEY, {}) if isinstance(ckpt, dict) else {})


def _seed_metadata() -> RunMetadata:
    return RunMetadata(tokenizer="gpt2", imported_from=SEED_NAME)


def _read_artefact(file: Path, seed_options: Mapping[str, Any]) -> tuple[Any, dict[str, torch.Tensor], RunMetadata]:
    """(model config, state dict under our names, metadata) of a weights file."""
    if file.suffix == ".safetensors":
        meta = _export_metadata(file)
        return _config_from(meta.model_config or None, file), read_tensors(file), meta
    ckpt = read_pickle_safely(file)
    if is_seed_state(ckpt):
        config = seed_config(ckpt, file, seed_options.get("n_heads"), seed_options.get("gelu"))
        return config, seed_state_to_ours(ckpt, config, file), _seed_metadata()
    if not isinstance(ckpt, dict):
        raise CheckpointError(not_weights(file, f"it holds a {type(ckpt).__name__}, not a dict of tensors"))
    meta = _checkpoint_metadata(ckpt)
    config = _config_from(meta.model_config or None, file)
    if not isinstance(ckpt.get("state_dict"), dict):
        raise CheckpointError(not_weights(file, "a model configuration without its state_dict"))
    return config, {k.removeprefix(LIGHTNING_PREFIX): v for k, v in ckpt["state_dict"].items()}, meta


def shape_of_weights(state: dict[str, torch.Tensor]) -> dict[str, int]:
    """The model-config fields that the weights themselves reveal."""
    layers = {int(k.split(".")[1]) for k in state if k.startswith("blocks.")}
    shape = {"n_layers": max(layers) + 1 if layers else 0}
    if "tok_emb.weight" in state:
        shape["vocab_size"], shape["emb_dim"] = state["tok_emb.weight"].shape
    if "pos_emb.weight" in state:
        shape["context_length"] = state["pos_emb.weight"].shape[0]
    return shape


def check_state_shapes(model: torch.nn.Module, state: dict[str, torch.Tensor], source: Path) -> None:
    """Refuse weights of another shape, naming the config fields that differ, instead of a wall of size errors."""
    found = shape_of_weights(state)
    want = {**model.config.to_dict(), "vocab_size": model.config.padded_vocab_size}  # rows, padding included
    differ = [f"{k}: the weights have {v}, the model {want[k]}" for k, v in found.items() if v != want[k]]
    expected = model.state_dict()
    bad = [k for k, t in expected.items() if k not in state or tuple(state[k].shape) != tuple(t.shape)]
    if differ or bad:
        detail = "; ".join(differ) if differ else f"weight {bad[0]} is missing or of another shape"
        raise CheckpointError(f"{source} does not fit the model ({detail}); it was trained with another model shape.")


def _safetensors_metadata(file: Path) -> dict:
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(file, framework="pt") as f:
            raw = f.metadata() or {}
    except (SafetensorError, OSError) as err:
        raise CheckpointError(f"Could not read {file}: the file is truncated or corrupt ({err}).") from err
    return {k: json.loads(v) for k, v in raw.items()}


def export_model(model: torch.nn.Module, out_dir: str | Path, metadata: RunMetadata) -> Path:
    """Write model.safetensors (config in its header) and model_config.json: loadable without Lightning."""
    from safetensors.torch import save_file

    folder = RunFolder(Path(out_dir))
    folder.export_dir.mkdir(parents=True, exist_ok=True)
    meta = replace(metadata, model_config=model.config.to_dict()).to_dict()
    state = merge_lora(model.state_dict(), metadata.finetune.get("lora"), out_dir)
    if model.config.tie_embeddings:  # safetensors stores no shared tensors: drop the tied head, load_model ties it
        state = {k: v for k, v in state.items() if k != "head.weight"}
    state = {k: v.detach().contiguous().cpu() for k, v in state.items()}
    target = folder.export_weights
    tmp = target.with_suffix(".tmp")
    save_file(state, tmp, metadata={k: json.dumps(v) for k, v in meta.items()})
    tmp.replace(target)
    folder.export_config.write_text(json.dumps(meta, indent=2))
    return target

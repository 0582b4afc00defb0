"""Checkpoints of PotterVerseAI, the project PotterVerse replaces, as our GPT.

Its `torch.save(model.state_dict(), "<name>.pth")` is a flat dict of tensors with names of its own: separate
`W_query` / `W_key` / `W_value` projections (nn.Linear, [out, in]) where ours is one fused `qkv`, LayerNorms
named `scale` / `shift`, an `out_head`. The shapes give the vocabulary, context, width and depth; they do not show
the heads (its models use 64-dimensional ones) nor the GELU (its training used the exact one), so those two have
defaults the caller can override. `potterverse.checkpoints.load_model` recognises the layout by its keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import torch

from potterverse.errors import CheckpointError
from potterverse.model.gpt import GELU_KINDS, GPTConfig
from potterverse.rules import POSITIVE, choice, nullable, setting

HEAD_DIM = 64  # its models' head width (12 heads at d=768)
DEFAULT_GELU = "exact"  # its training code used nn.GELU() (erf); only its web app rebuilt the tanh one
QKV = ("W_query", "W_key", "W_value")  # concatenated in this order: ours splits q, k, v from one matmul
MARKERS = ("trf_blocks.0.att.W_query.weight", "final_norm.scale", "out_head.weight")
IGNORED_SUFFIX = ".att.mask"  # the causal-mask buffer older files carry: not a weight

# (our name, its name) of each tensor copied as is; block names are relative to blocks.{i} / trf_blocks.{i}.
TOP_KEYS = [
    ("tok_emb.weight", "tok_emb.weight"),
    ("pos_emb.weight", "pos_emb.weight"),
    ("ln_f.weight", "final_norm.scale"),
    ("ln_f.bias", "final_norm.shift"),
    ("head.weight", "out_head.weight"),
]
BLOCK_KEYS = [
    ("ln1.weight", "norm1.scale"),
    ("ln1.bias", "norm1.shift"),
    ("attn.proj.weight", "att.out_proj.weight"),
    ("attn.proj.bias", "att.out_proj.bias"),
    ("ln2.weight", "norm2.scale"),
    ("ln2.bias", "norm2.shift"),
    ("mlp.fc.weight", "ff.layers.0.weight"),
    ("mlp.fc.bias", "ff.layers.0.bias"),
    ("mlp.proj.weight", "ff.layers.2.weight"),
    ("mlp.proj.bias", "ff.layers.2.bias"),
]


@dataclass(kw_only=True)
class SeedShape:
    """What such a file's shapes do not show, as the configs pass it (init.n_heads / init.gelu to potterverse-train,
    model.n_heads / model.gelu to potterverse-export): null = 64-dimensional heads and the exact GELU."""

    n_heads: int | None = setting(nullable(POSITIVE), None)
    gelu: str | None = setting(nullable(choice(*GELU_KINDS)), None)


def is_seed_state(state: object) -> bool:
    """Whether a loaded file is a PotterVerseAI state dict (told apart by its parameter names)."""
    return isinstance(state, dict) and all(k in state for k in MARKERS)


def seed_config(state: Mapping[str, torch.Tensor], source: Path, n_heads: int | None = None,
                gelu: str | None = None) -> GPTConfig:  # fmt: skip
    """Our GPTConfig for its weights: shapes from the tensors, `n_heads` = width / 64 and the exact GELU unless
    given, the QKV bias where its file has one, the head tied where it equals the token embedding."""
    vocab_size, emb_dim = state["tok_emb.weight"].shape
    if n_heads is None and emb_dim % HEAD_DIM:
        raise CheckpointError(
            f"{source} has width {emb_dim}, not a multiple of {HEAD_DIM}, so its head count cannot be inferred; "
            "pass its head count (init.n_heads=... to potterverse-train, model.n_heads=... to potterverse-export)."
        )
    n_layers = sum(1 for k in state if k.endswith(".att.W_query.weight"))
    return GPTConfig(
        vocab_size=vocab_size,
        context_length=state["pos_emb.weight"].shape[0],
        emb_dim=emb_dim,
        n_heads=int(n_heads or emb_dim // HEAD_DIM),
        n_layers=n_layers,
        drop_rate=0.0,
        qkv_bias="trf_blocks.0.att.W_query.bias" in state,
        gelu=gelu or DEFAULT_GELU,
        tie_embeddings=torch.equal(state["out_head.weight"], state["tok_emb.weight"]),
    )


def seed_state_to_ours(state: Mapping[str, torch.Tensor], config: GPTConfig, source: Path) -> dict[str, torch.Tensor]:
    """Its tensors under our names, W_query/W_key/W_value fused into one qkv; anything unexpected is refused."""
    used = set()

    def take(key: str) -> torch.Tensor:
        if key not in state:
            raise CheckpointError(f"{source} looks like a PotterVerseAI checkpoint but has no tensor {key!r}.")
        used.add(key)
        return state[key]

    ours = {mine: take(theirs) for mine, theirs in TOP_KEYS}
    for i in range(config.n_layers):
        mine, theirs = f"blocks.{i}.", f"trf_blocks.{i}."
        ours |= {mine + m: take(theirs + t) for m, t in BLOCK_KEYS}
        ours[mine + "attn.qkv.weight"] = torch.cat([take(f"{theirs}att.{w}.weight") for w in QKV])
        if config.qkv_bias:
            ours[mine + "attn.qkv.bias"] = torch.cat([take(f"{theirs}att.{w}.bias") for w in QKV])
    unknown = sorted(k for k in state if k not in used and not k.endswith(IGNORED_SUFFIX))
    if unknown:
        raise CheckpointError(
            f"{source} looks like a PotterVerseAI checkpoint but holds tensors its models do not have "
            f"({', '.join(unknown[:3])}); it cannot be imported exactly."
        )
    if config.tie_embeddings:
        del ours["head.weight"]  # the same values as tok_emb: our model shares one tensor
    return ours

"""LoRA: low-rank adapters on the attention and MLP projections, merged into plain weights for export.

An adapted layer computes W x + (alpha / rank) * B A x with W frozen and A [rank, in], B [out, rank] trained; B
starts at zero, so training starts from exactly the base model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from torch import nn

from potterverse.errors import CheckpointError, ConfigError

TARGETS = ("attn.qkv", "attn.proj", "mlp.fc", "mlp.proj")


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int, alpha: float, dropout: float = 0.0) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features, device=base.weight.device))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank, device=base.weight.device))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (self.drop(x) @ self.lora_a.t() @ self.lora_b.t()) * self.scale


def apply_lora(model: nn.Module, rank: int, alpha: float, dropout: float = 0.0) -> None:
    """Freeze the model and put trainable adapters on every block's attention and MLP projections."""
    if rank < 1:
        raise ConfigError(f"finetune.lora.rank must be >= 1 to use LoRA, got {rank}.")
    for p in model.parameters():
        p.requires_grad_(False)
    for block in model.blocks:
        for path in TARGETS:
            parent_name, attr = path.split(".")
            parent = getattr(block, parent_name)
            setattr(parent, attr, LoRALinear(getattr(parent, attr), rank, alpha, dropout))


def merge_lora(
    state: dict[str, torch.Tensor], lora: Mapping[str, Any] | None, source: str | Path
) -> dict[str, torch.Tensor]:
    """`state` with any adapters folded into plain weights, as `lora` (the run's finetune.lora settings) scaled
    them in training; `state` itself when it holds none. `source` names the weights in the error."""
    if not has_lora(state):
        return state
    if not lora or not lora.get("rank"):
        raise CheckpointError(f"{source} holds LoRA adapters but no finetune.lora settings to merge them with.")
    return merge_lora_state(state, float(lora["alpha"]) / float(lora["rank"]))


def merge_lora_state(state: dict[str, torch.Tensor], scale: float) -> dict[str, torch.Tensor]:
    """A state dict with adapters folded in: `x.base.weight` + scale * `x.lora_b` @ `x.lora_a` -> `x.weight`."""
    merged = {}
    for key, value in state.items():
        if key.endswith((".lora_a", ".lora_b")):
            continue
        if ".base." in key:
            prefix, _, leaf = key.rpartition(".base.")
            if leaf == "weight":
                delta = state[f"{prefix}.lora_b"].float() @ state[f"{prefix}.lora_a"].float()
                value = (value.float() + scale * delta).to(value.dtype)
            key = f"{prefix}.{leaf}"
        merged[key] = value
    return merged


def has_lora(state: dict[str, torch.Tensor]) -> bool:
    return any(k.endswith(".lora_a") for k in state)

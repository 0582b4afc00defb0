"""Lightning strategies set up for our GPT, for the trainer configs (configs/trainer/fsdp.yaml)."""

from __future__ import annotations

from typing import Any

from lightning.pytorch.strategies import FSDPStrategy

from potterverse.model.gpt import Block


def fsdp(activation_checkpointing: bool = False, **kwargs: Any) -> FSDPStrategy:
    """FSDP sharding parameters, gradients and optimizer state per transformer block. `activation_checkpointing`
    keeps only each block's input in the forward pass and recomputes the rest in the backward pass: activation
    memory drops to about one block's worth, for roughly a third more compute. Other arguments go to FSDPStrategy
    (sharding_strategy, cpu_offload, state_dict_type, ...)."""
    blocks = {Block}  # a set of classes: FSDPStrategy turns it into a ModuleWrapPolicy
    return FSDPStrategy(
        auto_wrap_policy=blocks, activation_checkpointing_policy=blocks if activation_checkpointing else None, **kwargs
    )

"""Sharded data parallel for our GPT (configs/trainer/fsdp.yaml): FSDP2, `torch.distributed.fsdp.fully_shard` per
transformer block, through Lightning's ModelParallelStrategy. The same code runs on GPUs (NCCL) and on CPUs (gloo).

Each process keeps 1/N of every parameter, gradient and optimizer state (DTensor shards); a block's whole weights
are gathered just before it runs and freed after. Checkpoints are sharded (a DCP folder: one file per process plus
Lightning's meta.pt, written in parallel); `potterverse.checkpoints` reads such a folder as whole weights, so
every tool loads it, and the run folder's exported model.safetensors is whole.
"""

from __future__ import annotations

from typing import Any

import torch
from lightning.pytorch.strategies import ModelParallelStrategy

from potterverse.model.gpt import GPT


class ShardedDataParallel(ModelParallelStrategy):
    """ModelParallelStrategy with every process in one data-parallel group (no tensor parallelism): FSDP2 over
    all the processes of all the nodes. `GPTModule.configure_model` calls `shard_gpt` with this strategy's mesh."""

    def __init__(self, activation_checkpointing: bool = False, reshard_after_forward: bool = True,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(data_parallel_size="auto", tensor_parallel_size=1, save_distributed_checkpoint=True, **kwargs)
        self.activation_checkpointing = activation_checkpointing
        self.reshard_after_forward = reshard_after_forward

    def setup_environment(self) -> None:
        self._data_parallel_size = self.num_nodes * self.num_processes  # Lightning's "auto" means num_nodes
        super().setup_environment()


def fsdp(activation_checkpointing: bool = False, reshard_after_forward: bool = True) -> ShardedDataParallel:
    """FSDP2 sharding parameters, gradients and optimizer state per transformer block. `activation_checkpointing`
    keeps only each block's input in the forward pass and recomputes the rest in the backward pass: activation
    memory drops to about one block's worth, for roughly a third more compute. `reshard_after_forward=false` keeps
    each block's gathered weights from the forward to the backward pass (ZeRO-2: one all-gather fewer per block,
    whole parameters in memory)."""
    return ShardedDataParallel(activation_checkpointing, reshard_after_forward)


def shard_gpt(model: GPT, mesh: Any, activation_checkpointing: bool = False,
              reshard_after_forward: bool = True) -> None:  # fmt: skip
    """Shard `model` in place over `mesh` (1-D, data parallel): each block its own FSDP unit (gathered and freed
    on its own), then the root for the embeddings, the final norm and the tied head. `hidden` is registered as a
    forward method: the fused training loss calls it instead of `forward`, and FSDP gathers on forward calls."""
    from torch.distributed.fsdp import fully_shard, register_fsdp_forward_method

    if activation_checkpointing:
        from torch.distributed.algorithms._checkpoint.checkpoint_wrapper import checkpoint_wrapper

        for i, block in enumerate(model.blocks):
            model.blocks[i] = checkpoint_wrapper(block)
    for block in model.blocks:
        fully_shard(block, mesh=mesh, reshard_after_forward=reshard_after_forward)
    # The root keeps its weights gathered from forward to backward (FSDP's default for the root, reshard_after_forward
    # left unset): the fused loss multiplies by the tied head's weight after `hidden` has returned.
    fully_shard(model, mesh=mesh)
    register_fsdp_forward_method(model, "hidden")


def is_sharded(model: torch.nn.Module) -> bool:
    """Whether `model`'s parameters are FSDP2 shards (DTensors): whole weights need a gather on every process."""
    from torch.distributed.tensor import DTensor

    return any(isinstance(p, DTensor) for p in model.parameters())

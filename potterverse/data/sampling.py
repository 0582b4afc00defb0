"""One resumable sharded sampler, used by both DataModules.

An epoch's batches are a pure function of (seed, epoch). Under DDP every process takes every world-th batch of that
list (`shard`), the same number on each, so the processes' batches of a step are the batches one process would draw
in a row; the DataModules deal batches themselves (trainer.use_distributed_sampler is off). On resume Lightning
restores the epoch and how many batches of it were done, and the sampler starts after those. (Lightning's
prefetching makes a count kept by the loader itself one batch ahead, so the trainer's own progress is the reference.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import lightning as L
import torch
from torch.utils.data import Sampler

T = TypeVar("T")


def batches_done_this_epoch(trainer: L.Trainer | None) -> int:
    """Training batches of the current epoch already done: 0 at an epoch's start, k after a mid-epoch resume."""
    if trainer is None or not trainer.training:
        return 0
    return int(trainer.fit_loop.epoch_loop.batch_progress.current.ready)


def private_generator(seed: int) -> torch.Generator:
    """A DataLoader's own generator: creating an iterator then draws its base seed here, not from the global RNG,
    so a resumed run (which creates one more iterator) keeps the same dropout masks as an uninterrupted one."""
    return torch.Generator().manual_seed(seed)


def rank_and_world(trainer: L.Trainer | None) -> tuple[int, int]:
    """(global rank, number of processes) of the trainer a DataModule feeds; (0, 1) outside one."""
    return (trainer.global_rank, trainer.world_size) if trainer is not None else (0, 1)


def shard(items: Sequence[T], rank: int, world: int, equal: bool = False) -> list[T]:
    """This process's share: every world-th item from `rank`. `equal` drops the tail that would give some
    processes one more (training: every process takes the same number of steps); validation keeps every item once."""
    end = len(items) // world * world if equal else len(items)
    return list(items[rank:end:world])


def share_of(items: Sequence[T], trainer: L.Trainer | None) -> list[T]:
    """This process's share of validation items (each item once across the processes)."""
    return shard(items, *rank_and_world(trainer))


def sharding_for(trainer: L.Trainer | None) -> dict[str, Any]:
    """The keyword arguments of a `ShardedBatchSampler` that feeds `trainer`: its rank, world and resume skip."""
    rank, world = rank_and_world(trainer)
    return {"rank": rank, "world": world, "skip": lambda: batches_done_this_epoch(trainer)}


class ShardedBatchSampler(Sampler[list[int]]):
    """The base of the training batch samplers: a subclass gives the epoch's ordered batches (`batches`, every
    process's, a pure function of (seed, epoch)); this deals them to the processes in equal shares and skips the
    ones a resumed run already trained on (`skip`: batches of this process done this epoch)."""

    def __init__(self, rank: int = 0, world: int = 1, skip: Callable[[], int] | None = None) -> None:
        self.rank, self.world = rank, world
        self.skip = skip
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def batches(self) -> list[list[int]]:
        raise NotImplementedError

    def _mine(self) -> list[list[int]]:
        return shard(self.batches(), self.rank, self.world, equal=True)

    def __iter__(self) -> Iterator[list[int]]:
        return iter(self._mine()[self.skip() if self.skip else 0 :])

    def __len__(self) -> int:
        return len(self._mine())

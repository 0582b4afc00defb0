"""Exact resume of data order: a run restarted mid-epoch skips the batches it already trained on.

The samplers are pure functions of (seed, epoch); on resume Lightning restores the epoch and how many batches of it
were done, and the sampler starts after those. (Lightning's prefetching makes a count kept by the loader itself one
batch ahead, so the trainer's own progress is the reference.)
"""

from __future__ import annotations

import lightning as L
import torch


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
    """(global rank, number of processes) of the trainer a DataModule feeds; (0, 1) outside one. The DataModules
    deal batches to the processes themselves, so a resumed epoch skips the same batches on every process."""
    return (trainer.global_rank, trainer.world_size) if trainer is not None else (0, 1)

"""Section 5: fine-tuning batches: how much of them is padding, with length bucketing and without."""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import torch

from scripts.bench.targets import Target


class FinetuneResult(TypedDict):
    tasks: list[str]
    examples: int
    batch_size: int
    padding_fraction_bucketed: float
    padding_fraction_shuffled: float


TARGETS = (Target("fine-tuning padding with bucketing", "< 0.10", lambda r: r["padding_fraction_bucketed"]),)


def add_arguments(p) -> None:
    p.add_argument("--ft-batch", type=int, default=16, help="fine-tuning batch size (configs/data/finetune.yaml)")


def padding_fraction(batches: list[list[int]], lengths: np.ndarray) -> float:
    """Padding tokens over all tokens of batches padded to their longest example."""
    padded = sum(len(b) * int(lengths[b].max()) for b in batches)
    return 1.0 - sum(int(lengths[b].sum()) for b in batches) / padded


def run(args, device: torch.device, results: dict) -> FinetuneResult:
    """The share of padding in the fine-tuning batches of the shipped task data, bucketed by length and shuffled."""
    from potterverse.data.finetune import BucketBatchSampler, FinetuneDataModule
    from potterverse.data.task_csv import TASKS_DIR

    names = sorted(p.name.removesuffix("_train.csv") for p in TASKS_DIR.glob("*_train.csv"))
    data = FinetuneDataModule({n: {"train": str(TASKS_DIR / f"{n}_train.csv")} for n in names}, block_size=1024,
                              batch_size=args.ft_batch)  # fmt: skip
    data.setup("fit")
    lengths = np.array([len(e.x) for e in data.train_examples])
    tasks = [e.task for e in data.train_examples]
    bucketed = BucketBatchSampler(lengths, tasks, [1.0] * len(names), args.ft_batch, seed=0).batches()
    order = np.random.default_rng(0).permutation(len(lengths))
    shuffled = [order[i : i + args.ft_batch].tolist() for i in range(0, len(order), args.ft_batch)]
    return FinetuneResult(
        tasks=names,
        examples=len(lengths),
        batch_size=args.ft_batch,
        padding_fraction_bucketed=padding_fraction(bucketed, lengths),
        padding_fraction_shuffled=padding_fraction(shuffled, lengths),
    )


def markdown(f: FinetuneResult, results: dict) -> list[str]:
    return [
        f"\n**Fine-tuning batches** ({f['examples']:,} shipped examples, batch {f['batch_size']}): padding "
        f"{f['padding_fraction_bucketed']:.1%} of tokens bucketed, {f['padding_fraction_shuffled']:.1%} shuffled"
    ]

"""The fine-tuning DataModule: task CSVs -> tokenised examples with masked prompts, in length-bucketed batches.

Which file feeds which task is configuration (`data.tasks.<task>.train/val/val_styled`), never guessed from file
names. `val` is the held-out split in the training rows' style (its loss is `val/loss`); `val_styled` is a second
held-out split written in other styles, scored for task accuracy only, so it never steers checkpoint selection.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import lightning as L
import numpy as np
import torch
from torch.utils.data import DataLoader

from potterverse.data.augment import AugmentConfig
from potterverse.data.draws import RankingConfig, TrainingCollate, task_draws
from potterverse.data.sampling import ShardedBatchSampler, private_generator, sharding_for, share_of
from potterverse.data.task_csv import encode_example, read_task_csv
from potterverse.errors import ConfigError, TaskDataError
from potterverse.tasks import Task, get_task, registry_metadata
from potterverse.tokenizer import Tokenizer, get_tokenizer

log = logging.getLogger(__name__)


@dataclass
class Example:
    task: int  # index into the DataModule's task names
    x: list[int]  # input ids
    y: list[int]  # next-token targets, -100 on the prompt
    row: int = -1  # its index among its task's training rows, which training may re-draw (data/draws.py)


def fit_example(task: Task, prompt: str, completion: str, tok: Tokenizer, block_size: int,
                character: str | None = None) -> tuple[list[int], list[int]] | None:  # fmt: skip
    """(x, y) of an example that fits `block_size` tokens, dropping a conversation's oldest turns first; None when
    even its last message and reply do not fit. `character` answers chat prompts that name no one."""
    encoded: dict[str, tuple[list[int], list[int]]] = {}

    def fits(canonical: str) -> bool:
        encoded[canonical] = encode_example(task, canonical, completion, tok)
        return len(encoded[canonical][0]) <= block_size

    canonical = task.fit(prompt, fits, character)
    return None if canonical is None else encoded[canonical]


def tokenize_rows(rows: Sequence[dict], task: Task, task_idx: int, tok: Tokenizer, block_size: int,
                  character: str | None = None, source: str | Path = "") -> list[Example]:  # fmt: skip
    examples, too_long = [], 0
    for n, row in enumerate(rows, 1):
        try:
            fitted = fit_example(task, row["prompt"], row["completion"], tok, block_size, character)
        except ConfigError as err:  # a chat row that names no character, and no data.tasks.chat.character
            hint = f"In a task file: data.tasks.{task.name}.character=<Name>."
            raise TaskDataError(f"{source}, row {n}: {err} {hint}") from err
        if fitted is None:
            too_long += 1
            continue
        examples.append(Example(task_idx, *fitted, row=n - 1))
    if too_long:
        log.warning("%s: dropped %d example(s) longer than block_size=%d tokens", task.name, too_long, block_size)
    return examples


def collate(examples: Sequence[Example], pad_id: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Pad to the longest example of the batch: inputs with `pad_id`, targets with -100 (no loss)."""
    width = max(len(e.x) for e in examples)
    x = torch.full((len(examples), width), pad_id, dtype=torch.long)
    y = torch.full((len(examples), width), -100, dtype=torch.long)
    for i, e in enumerate(examples):
        x[i, : len(e.x)] = torch.tensor(e.x)
        y[i, : len(e.y)] = torch.tensor(e.y)
    return x, y, torch.tensor([e.task for e in examples])


class BucketBatchSampler(ShardedBatchSampler):
    """Batches of similar length (little padding) in random order, a pure function of (seed, epoch).

    Each epoch draws round(weight * rows) examples per task (repeating a task's rows when weight > 1), shuffles
    them, sorts each window of `batch_size * bucket_factor` by length and cuts it into batches.
    """

    def __init__(self, lengths: Sequence[int], tasks: Sequence[int], weights: Sequence[float], batch_size: int,
                 seed: int, bucket_factor: int = 50, **sharding) -> None:  # fmt: skip
        super().__init__(**sharding)
        self.lengths = np.asarray(lengths)
        self.tasks = np.asarray(tasks)
        self.weights = list(weights)
        self.batch_size, self.seed, self.bucket_factor = batch_size, seed, bucket_factor

    def _epoch_indices(self, rng: np.random.Generator) -> np.ndarray:
        picked = []
        for t, weight in enumerate(self.weights):
            members = np.flatnonzero(self.tasks == t)
            want = int(round(weight * len(members)))
            reps, rest = divmod(want, len(members)) if len(members) else (0, 0)
            picked += [rng.permutation(members) for _ in range(reps)]
            picked.append(rng.choice(members, size=rest, replace=False) if rest else members[:0])
        return rng.permutation(np.concatenate(picked)) if picked else np.zeros(0, dtype=int)

    def batches(self) -> list[list[int]]:
        rng = np.random.default_rng((self.seed, self.epoch))
        order = self._epoch_indices(rng)
        window = self.batch_size * self.bucket_factor
        batches = []
        for start in range(0, len(order), window):
            chunk = order[start : start + window]
            chunk = chunk[np.argsort(self.lengths[chunk], kind="stable")]
            batches += [chunk[i : i + self.batch_size].tolist() for i in range(0, len(chunk), self.batch_size)]
        return [batches[i] for i in rng.permutation(len(batches))]


class FinetuneDataModule(L.LightningDataModule):
    def __init__(
        self,
        tasks: Mapping[str, Mapping],
        block_size: int = 256,
        batch_size: int = 16,
        tokenizer: str = "gpt2",
        bucket_factor: int = 50,
        num_workers: int = 0,
        seed: int = 1337,
        augment: Mapping | None = None,
        ranking: Mapping | None = None,
    ) -> None:
        super().__init__()
        self.augment = _group_config(AugmentConfig, augment, "augment")  # training-time re-wording (data/augment.py)
        self.ranking = _group_config(RankingConfig, ranking, "ranking")  # the ranking objective (training/ranking.py)
        if not tasks:
            raise TaskDataError("data.tasks is empty: give at least one task with a train file.")
        self.task_cfg = {name: dict(spec) for name, spec in tasks.items() if spec}
        self.task_names = list(self.task_cfg)
        for name in self.task_names:
            get_task(name)  # an unknown task name fails now, listing the valid ones
        self.block_size, self.batch_size = block_size, batch_size
        self.tokenizer_name, self.bucket_factor = tokenizer, bucket_factor
        self.num_workers, self.seed = num_workers, seed
        self.train_examples: list[Example] = []
        self.val_examples: list[Example] = []
        # read now: a missing or malformed CSV fails before any training machinery starts (or writes anything)
        self.train_rows = {name: read_task_csv(spec["train"]) for name, spec in self.task_cfg.items()}
        self.val_rows = {name: read_task_csv(spec["val"]) for name, spec in self.task_cfg.items() if spec.get("val")}
        self.val_styled_rows = {name: read_task_csv(spec["val_styled"]) for name, spec in self.task_cfg.items()
                                if spec.get("val_styled")}  # fmt: skip

    def setup(self, stage: str | None = None) -> None:
        if self.train_examples:
            return
        tok = get_tokenizer(self.tokenizer_name)
        for i, name in enumerate(self.task_names):
            spec, task, train_rows = self.task_cfg[name], get_task(name), self.train_rows[name]
            rows = partial(tokenize_rows, task=task, task_idx=i, tok=tok, block_size=self.block_size,
                           character=spec.get("character"))  # fmt: skip
            self.train_examples += rows(train_rows, source=spec["train"])
            if name in self.val_rows:
                self.val_examples += rows(self.val_rows[name], source=spec["val"])
            log.info("Task %s: %d train rows (%s), %d + %d styled validation rows, weight %s", name, len(train_rows),
                     spec["train"], len(self.val_rows.get(name, [])), len(self.val_styled_rows.get(name, [])),
                     spec.get("weight", 1.0))  # fmt: skip
        if not self.train_examples:
            raise TaskDataError(f"No training example fits block_size={self.block_size}; raise data.block_size.")

    def run_metadata(self) -> dict:
        """What the checkpoints record of the data: each task's summary of the rows it trains on."""
        return {"tasks": registry_metadata(self.train_rows)}

    def train_dataloader(self) -> DataLoader:
        sampler = BucketBatchSampler(
            [len(e.x) for e in self.train_examples],
            [e.task for e in self.train_examples],
            [float(self.task_cfg[n].get("weight", 1.0)) for n in self.task_names],
            self.batch_size,
            self.seed,
            self.bucket_factor,
            **sharding_for(self.trainer),
        )
        tok = get_tokenizer(self.tokenizer_name)
        draws = [task_draws(get_task(n), self.train_rows[n], self.augment, self.ranking) for n in self.task_names]
        collate_fn = None
        if any(draws):  # rows re-worded at each draw, or candidate rows for the ranking objective
            pad = partial(collate, pad_id=tok.eot_id)
            collate_fn = TrainingCollate(draws, tok, self.block_size, self.ranking, self.seed, fit_example, pad)
        return self._loader(self.train_examples, batch_sampler=sampler, collate_fn=collate_fn)

    def val_dataloader(self) -> DataLoader:
        ordered = sorted(self.val_examples, key=lambda e: len(e.x))  # fixed order, little padding
        batches = [
            list(range(i, min(i + self.batch_size, len(ordered)))) for i in range(0, len(ordered), self.batch_size)
        ]
        return self._loader(ordered, batch_sampler=share_of(batches, self.trainer))  # each example once in all

    def _loader(self, examples: list[Example], batch_sampler, collate_fn=None) -> DataLoader:
        pad = get_tokenizer(self.tokenizer_name).eot_id
        return DataLoader(
            examples, batch_sampler=batch_sampler, collate_fn=collate_fn or partial(collate, pad_id=pad),
            num_workers=self.num_workers, generator=private_generator(self.seed),
        )  # fmt: skip


def _group_config(kind: type, values: Mapping | None, name: str):
    """data.<name> as its dataclass, or one sentence naming the keys it does not know."""
    values = dict(values or {})
    known = {f.name for f in dataclasses.fields(kind)}  # not its ClassVars (key_prefix)
    if values.keys() - known:
        unknown = ", ".join(sorted(values.keys() - known))
        raise ConfigError(f"data.{name} has no key {unknown}; it takes {', '.join(sorted(known))}.")
    return kind(**values)

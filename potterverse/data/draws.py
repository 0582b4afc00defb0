"""How a fine-tuning batch is drawn from its rows: a ranked task's row re-worded at each draw (`data.augment`,
data/augment.py), and, for the ranking objective (`data.ranking`, training/ranking.py), its prompt followed by each
candidate answer as rows of their own.

The candidates of a row come from its task (`TrainsByRanking.training_candidates`: the four houses; a spell's
incantation and the others of the training rows). Where a task offers more wrong answers than `negatives`, the ones
drawn are among those a bag of words trained on the same rows finds likeliest for the prompt (baselines.NaiveBayes):
the answers the words alone confuse, which the model must learn to tell apart.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import torch

from potterverse.baselines import NaiveBayes
from potterverse.data.augment import AugmentConfig, Augmenter
from potterverse.rules import POSITIVE, Checked, number, setting
from potterverse.tasks import Task
from potterverse.tasks.base import TrainsByRanking
from potterverse.tokenizer import Tokenizer


@dataclass(frozen=True)
class RankingConfig(Checked):
    """data.ranking of configs/data/finetune.yaml."""

    key_prefix: ClassVar[str] = "data.ranking."
    # the ranking loss's weight beside the next-token loss; 0: off (no candidate rows built)
    weight: float = setting(number(0, note="0: off"), 0.0)
    # wrong answers per row, for a task that offers more (spells); sorting ranks all four houses
    negatives: int = setting(POSITIVE, 3)
    # ... drawn from the `hard_pool * negatives` wrong answers the bag of words ranks highest
    hard_pool: int = setting(POSITIVE, 2)
    # ranked rows per batch that get their candidates (drawn at random): each costs a forward of its prompt per
    # candidate, so all of a batch's would make a step ~3.3x dearer (measured: 23 s against 7 s under equal load)
    rows_per_batch: int = setting(POSITIVE, 4)


@dataclass
class TaskDraws:
    """What drawing one task's rows needs: the task, its training rows and, per row, its label (parsed answer) and
    candidates: the right answer, then the wrong ones to draw from (empty when the row is not ranked)."""

    task: Task
    rows: Sequence[Mapping[str, str]]
    labels: list[str]
    answers: list[list[str]]
    augmenter: Augmenter | None


def task_draws(task: Task, rows: Sequence[Mapping[str, str]], augment: AugmentConfig, ranking: RankingConfig) -> (
    TaskDraws | None
):  # fmt: skip
    """The draws of one task, or None when it has nothing to re-draw (no candidates, or both levers off)."""
    if not isinstance(task, TrainsByRanking) or not (augment.active or ranking.weight):
        return None
    labels = [task.parse(r["completion"]) for r in rows]
    answers: list[list[str]] = [[] for _ in rows]
    if ranking.weight:
        pool = ranking.negatives * ranking.hard_pool
        bag, distinct = NaiveBayes((r["prompt"] for r in rows), labels), sorted(set(labels))
        for i, row in enumerate(rows):
            right, *rivals = task.training_candidates(row["completion"], distinct) or [None]
            if len(rivals) > pool:  # the ones the prompt's words point to, most confusable first
                order = {label: rank for rank, label in enumerate(bag.ranked(row["prompt"]))}
                rivals = sorted(rivals, key=lambda a: order.get(a, len(order)))[:pool]
            answers[i] = [right, *rivals] if right and rivals else []
    augmenter = Augmenter([r["prompt"] for r in rows], labels, augment) if augment.active else None
    return TaskDraws(task, rows, labels, answers, augmenter)


class TrainingCollate:
    """The training batches' collate: (x, y, task index) as `collate` pads them, plus, with the ranking objective
    on, (candidate x, candidate y, group) — each ranked row's prompt + one candidate per row, right-padded, the
    right answer first in its group, targets only on the candidate's tokens."""

    def __init__(
        self, draws: Sequence[TaskDraws | None], tok: Tokenizer, block_size: int, ranking: RankingConfig, seed: int,
        fit: Callable[..., tuple[list[int], list[int]] | None], pad: Callable[[Sequence], tuple[torch.Tensor, ...]],
    ) -> None:  # fmt: skip
        """`fit(task, prompt, completion, tok, block_size)` encodes a re-worded row (None: it does not fit), `pad`
        is the DataModule's collate of examples (each with .task, .row, .x, .y)."""
        self.draws, self.tok, self.block_size, self.ranking = list(draws), tok, block_size, ranking
        self.fit, self.pad = fit, pad
        self.rng = random.Random(seed)  # one stream: a resumed run draws other wordings, as a new epoch would
        self._answer_ids: dict[tuple[str, bool], list[int]] = {}

    def __call__(self, examples: Sequence) -> tuple[torch.Tensor, ...]:
        drawn, groups = [], []
        # the rows that get candidates (answers are only filled in with the ranking objective on)
        rankable = [n for n, e in enumerate(examples) if e.row >= 0 and self.draws[e.task] and self._answers(e)]
        ranked = set(self.rng.sample(rankable, min(len(rankable), self.ranking.rows_per_batch)))
        for n, e in enumerate(examples):
            d = self.draws[e.task] if e.row >= 0 else None
            if d is None:
                drawn.append(e)
                continue
            row, label = d.rows[e.row], d.labels[e.row]
            prompt = d.augmenter(row["prompt"], label, self.rng) if d.augmenter else row["prompt"]
            fitted = self.fit(d.task, prompt, row["completion"], self.tok, self.block_size) if d.augmenter else None
            if fitted is None:
                prompt, fitted = row["prompt"], (e.x, e.y)
            drawn.append(replace(e, x=fitted[0], y=fitted[1]))
            if n in ranked:
                right, *wrong = d.answers[e.row]
                wrong = self.rng.sample(wrong, min(self.ranking.negatives, len(wrong)))
                groups.append(self._group(d.task, prompt, row["completion"], [right, *wrong]))
        batch = self.pad(drawn)
        if not self.ranking.weight:
            return batch
        return (*batch, *self._candidate_rows(groups))

    def _answers(self, example) -> list[str]:
        return self.draws[example.task].answers[example.row]

    def _group(self, task: Task, prompt: str, completion: str, answers: list[str]) -> list[tuple[list, list]]:
        context = self.tok.encode(task.prompt_text(prompt))
        whole = " ".join(completion.split()) == answers[0]  # an answer that is the whole completion ends the text
        rows = []
        for answer in answers:
            key = (answer, whole)
            if key not in self._answer_ids:
                self._answer_ids[key] = self.tok.encode(" " + answer) + ([self.tok.eot_id] if whole else [])
            ids = self._answer_ids[key]
            seq = (context + ids)[-(self.block_size + 1) :]
            targets = [-100] * (len(seq) - len(ids)) + ids
            rows.append((seq[:-1], targets[1:]))
        return rows

    def _candidate_rows(self, groups: list[list[tuple[list, list]]]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        rows = [r for g in groups for r in g]
        width = max((len(x) for x, _ in rows), default=1)
        x = torch.full((len(rows), width), self.tok.eot_id, dtype=torch.long)
        y = torch.full((len(rows), width), -100, dtype=torch.long)
        for i, (xs, ys) in enumerate(rows):
            x[i, : len(xs)] = torch.tensor(xs)
            y[i, : len(ys)] = torch.tensor(ys)
        group = torch.tensor([g for g, rows_ in enumerate(groups) for _ in rows_], dtype=torch.long)
        return x, y, group

"""Task accuracy on held-out rows: answers scored by their task, and completion loss for free-text tasks; beside
a scored task's accuracy, the floor a bag of words trained on the same training rows reaches (baselines.py).

Used by the validation callback during fine-tuning and by `potterverse-eval`.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch

from potterverse.baselines import bag_of_words_accuracy
from potterverse.data.task_csv import TASKS_DIR, encode_example, read_task_csv
from potterverse.errors import TaskDataError
from potterverse.generation import Sampling
from potterverse.inference import Predictor
from potterverse.runs import RunFolder
from potterverse.tasks import TASKS, get_task


@dataclass
class EvalRow:
    task: str
    prompt: str
    expected: str = ""


@dataclass
class TaskResult:
    scored: bool
    n: int = 0
    correct: int = 0
    loss_sum: float = 0.0
    loss_rows: int = 0
    samples: list[dict] = field(default_factory=list)
    bag_of_words: float | None = None  # the accuracy of naive Bayes trained on the training rows, on these rows

    def summary(self) -> dict:
        out: dict = {"n": self.n}
        if self.n and self.scored:
            out["accuracy"] = self.correct / self.n
        if self.bag_of_words is not None:
            out["bag_of_words_accuracy"] = self.bag_of_words
        if self.loss_rows:
            out["mean_completion_loss"] = self.loss_sum / self.loss_rows
        return out


def read_eval_csv(path: str | Path) -> list[EvalRow]:
    """An eval file: columns task and prompt, and expected (the answer; optional for free-text tasks)."""
    rows = []
    for i, row in enumerate(read_task_csv(path, columns=("task", "prompt")), start=2):
        if row["task"] not in TASKS:
            raise TaskDataError(f"{path}, line {i}: unknown task {row['task']!r}; use one of {', '.join(TASKS)}.")
        if TASKS[row["task"]].scored and not row.get("expected", "").strip():
            raise TaskDataError(f"{path}, line {i}: a {row['task']} row needs an 'expected' answer to be scored.")
        rows.append(EvalRow(row["task"], row["prompt"], row.get("expected", "")))
    return rows


# The held-out splits that ship with the project, never trained on: `val` in the training rows' style, `val_styled`
# hand-written in other styles (a model that learned templates rather than the task scores lower there).
SHIPPED_SPLITS = ("val", "val_styled")


def shipped_validation_rows(split: str = "val") -> list[EvalRow]:
    """One shipped held-out split, every task."""
    return [
        EvalRow(task, r["prompt"], r["completion"])
        for task in TASKS
        for r in read_task_csv(TASKS_DIR / f"{task}_{split}.csv")
    ]


def training_files(ckpt: str | Path) -> dict[str, Path]:
    """The training CSV of each task a run was fine-tuned on (its config.yaml's data.tasks.<task>.train, where that
    file still exists), else the shipped one: what the bag-of-words floor is trained on."""
    from omegaconf import OmegaConf

    files = {task: TASKS_DIR / f"{task}_train.csv" for task in TASKS}
    config = RunFolder.of(ckpt).config
    if config.is_file():
        tasks = OmegaConf.select(OmegaConf.load(config), "data.tasks") or {}
        for task, spec in tasks.items():
            path = Path(str(spec["train"])) if task in TASKS and spec and spec.get("train") else None
            if path is not None and path.is_file():
                files[task] = path
    return files


def bag_of_words_floor(task: str, train_rows: Sequence[Mapping[str, str]], rows: Sequence[EvalRow]) -> float | None:
    """The accuracy on `rows` of naive Bayes trained on `train_rows` (a task's training CSV rows), by the task's own
    answer parsing and scoring; None for a task that is not scored."""
    spec = get_task(task)
    if not spec.scored:
        return None
    train = [(r["prompt"], r["completion"]) for r in train_rows]
    return bag_of_words_accuracy(train, [(r.prompt, r.expected) for r in rows], spec.parse, spec.score)


@torch.inference_mode()
def completion_loss(predictor: Predictor, row: EvalRow) -> float:
    x, y = encode_example(get_task(row.task), row.prompt, row.expected, predictor.tokenizer)
    ctx = predictor.model.config.context_length
    x, y = x[-ctx:], y[-ctx:]
    device = predictor.device
    return float(predictor.model.loss(torch.tensor([x], device=device), torch.tensor([y], device=device)))


def evaluate(
    predictor: Predictor, rows: Sequence[EvalRow], max_per_task: int | None = None, seed: int = 0,
    free_text_answers: int = 10, train_rows: Mapping[str, Sequence[Mapping[str, str]]] | None = None,
) -> dict:  # fmt: skip
    """Per-task results: accuracy for scored tasks (greedy answers, or the task's ranking where it ranks its
    candidates), mean completion loss where `expected` is given; with `train_rows` (task -> its training rows),
    the bag-of-words floor beside each scored task's accuracy.

    A free-text task is judged by its loss; only its first `free_text_answers` rows are answered, as
    samples to read (each answer is a long decode).
    """
    by_task: dict[str, list[EvalRow]] = defaultdict(list)
    for row in rows:
        by_task[row.task].append(row)
    results: dict[str, TaskResult] = {}
    for task, task_rows in by_task.items():
        if max_per_task and len(task_rows) > max_per_task:
            task_rows = random.Random(seed).sample(task_rows, max_per_task)  # a fixed subset, same every time
        spec = get_task(task)
        result = TaskResult(scored=spec.scored)
        if train_rows and task in train_rows:
            result.bag_of_words = bag_of_words_floor(task, train_rows[task], task_rows)
        sampling = Sampling(temperature=0.0, max_new_tokens=spec.eval_tokens or spec.max_new_tokens)
        for i, row in enumerate(task_rows):
            sample = {"prompt": row.prompt, "expected": row.expected}
            if spec.scored or i < free_text_answers:
                answer = predictor.answer(spec, row.prompt, sampling)
                sample["answer"] = answer.text
            if spec.scored and row.expected:
                sample["correct"] = spec.score(answer.parsed, row.expected)
                result.correct += sample["correct"]
            if not spec.scored and row.expected:
                result.loss_sum += completion_loss(predictor, row)
                result.loss_rows += 1
            result.n += 1
            result.samples.append(sample)
        results[task] = result
    return {task: {**r.summary(), "samples": r.samples} for task, r in results.items()}

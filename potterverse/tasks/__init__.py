"""The task registry: every place that knows a task asks its module here (sorting, spell, chat).

Adding a task is one module that fills in a `Task` (prefix, prompt, cue, answer parsing, scoring, evaluation
budget, candidate ranking, demo tab) listed in `TASKS`, plus its data under resources/tasks/.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from potterverse.errors import ConfigError
from potterverse.tasks import chat, sorting, spell
from potterverse.tasks.base import DemoTab, Task

TASKS: dict[str, Task] = {t.name: t for t in (sorting.TASK, spell.TASK, chat.TASK)}

__all__ = ["TASKS", "DemoTab", "Task", "accuracy_metrics", "get_task", "registry_metadata"]


def get_task(name: str) -> Task:
    if name not in TASKS:
        raise ConfigError(f"Unknown task {name!r}; choose one of: {', '.join(TASKS)}.")
    return TASKS[name]


def accuracy_metrics() -> dict[str, str]:
    """The accuracy metric of each scored task -> the task's name."""
    return {t.metric("acc"): t.name for t in TASKS.values() if t.score is not None}


def registry_metadata(trained_rows: Mapping[str, Sequence[Mapping[str, str]]] | None = None) -> dict:
    """The registry as plain values, saved with checkpoints so a run folder says how its prompts look; with the
    rows a fine-tuning run trained on, also what each task records of them (`Task.summarize`)."""
    rows = trained_rows or {}
    return {
        t.name: {
            "prefix": t.prefix, "max_new_tokens": t.max_new_tokens, "describe": t.describe,
            **(t.summarize(rows[t.name]) if t.name in rows else {}),
        }
        for t in TASKS.values()
    }  # fmt: skip

"""The task registry: every place that knows a task asks it here.

A task is one module in this package that defines `TASK` (a `Task`, see `tasks/base.py`), plus its data under
resources/tasks/ (`<name>_train.csv`, `<name>_val.csv`, `<name>_val_styled.csv`). The registry finds it by
scanning the package: no other file is edited to add one. The demo shows a task without a tab of its own on a
generic tab. Tasks are text only: nothing here imports the inference engine or the demo.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping, Sequence

from potterverse.errors import ConfigError
from potterverse.tasks.base import Converses, RanksCandidates, RecordsTraining, Scorer, Task, rank

FIRST = ("sorting", "spell", "chat")  # the shipped tasks' order (tabs, listings); others follow by module name
TASKS: dict[str, Task] = {}

__all__ = ["TASKS", "Converses", "RanksCandidates", "RecordsTraining", "Scorer", "Task", "accuracy_metrics",
           "discover", "get_task", "rank", "registry_metadata"]  # fmt: skip


def discover() -> dict[str, Task]:
    """(Re)build `TASKS` from the modules of this package (and any folder added to its `__path__`)."""
    found: dict[str, Task] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name == "base" or module.name.startswith("_"):
            continue
        task = getattr(importlib.import_module(f"{__name__}.{module.name}"), "TASK", None)
        if task is None:
            continue  # a helper module, not a task
        if not isinstance(task, Task) or task.name in found:
            what = "is not a Task" if not isinstance(task, Task) else f"repeats the name {task.name!r}"
            raise TypeError(f"potterverse/tasks/{module.name}.py: its TASK {what}; see potterverse/tasks/base.py.")
        found[task.name] = task
    order = sorted(found, key=lambda n: (FIRST.index(n) if n in FIRST else len(FIRST), n))
    TASKS.clear()  # in place: modules that imported TASKS see the new registry
    TASKS.update((n, found[n]) for n in order)
    return TASKS


def get_task(name: str) -> Task:
    if name not in TASKS:
        raise ConfigError(f"Unknown task {name!r}; choose one of: {', '.join(TASKS)}.")
    return TASKS[name]


def accuracy_metrics() -> dict[str, str]:
    """The accuracy metric of each scored task -> the task's name."""
    return {t.metric("acc"): t.name for t in TASKS.values() if t.scored}


def registry_metadata(trained_rows: Mapping[str, Sequence[Mapping[str, str]]] | None = None) -> dict:
    """The registry as plain values, saved with checkpoints so a run folder says how its prompts look; with the
    rows a fine-tuning run trained on, also what each task records of them (`RecordsTraining.summarize`)."""
    rows = trained_rows or {}
    return {
        t.name: {
            "prefix": t.prefix, "max_new_tokens": t.max_new_tokens, "describe": t.describe,
            **(t.summarize(rows[t.name]) if t.name in rows and isinstance(t, RecordsTraining) else {}),
        }
        for t in TASKS.values()
    }  # fmt: skip


discover()

"""Shared helpers for the task-data builders: the data files, deterministic splits and CSV writing."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
TASKS_DIR = Path(__file__).resolve().parents[2] / "potterverse" / "resources" / "tasks"

Row = tuple[str, str]  # (prompt, completion)


def load(name: str) -> dict:
    """One data file under scripts/task_data/data (YAML)."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def split_rows(
    rows: Sequence[Row],
    group_of: Callable[[Row], str],
    val_per_group: Callable[[int], int],
    seed: int,
) -> tuple[list[Row], list[Row]]:
    """Split rows so every group (house, incantation, character) appears in both splits.

    `val_per_group(n)` says how many of a group's n rows go to validation.
    Duplicate prompts are dropped first, so no prompt sits in both splits.
    """
    seen: set[str] = set()
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        key = row[0].strip().lower()
        if key in seen:
            continue
        seen.add(key)
        groups[group_of(row)].append(row)
    rng = random.Random(seed)
    train: list[Row] = []
    val: list[Row] = []
    for name in sorted(groups):
        members = groups[name][:]
        rng.shuffle(members)
        k = val_per_group(len(members))
        val.extend(members[:k])
        train.extend(members[k:])
    rng.shuffle(train)
    rng.shuffle(val)
    return train, val


def write_csv(path: Path, rows: Sequence[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["prompt", "completion"])
        writer.writerows(rows)


def write_task(task: str, train: Sequence[Row], val: Sequence[Row]) -> None:
    write_csv(TASKS_DIR / f"{task}_train.csv", train)
    write_csv(TASKS_DIR / f"{task}_val.csv", val)
    print(f"{task}: {len(train)} train rows, {len(val)} val rows -> {TASKS_DIR}")

"""Write the second validation split, `<task>_val_styled.csv`, from the hand-written data/styled/*.yaml.

These rows are written apart from the training data, in other styles (diary entries, school reports, third-person
scenes, texting), so they measure whether a model learned the task or the templates. The builder refuses a row
that is a near-duplicate of a training row: more than MAX_SHARED_NGRAMS of its word 4-grams held by any one row.
"""

from __future__ import annotations

import csv

from potterverse.tasks.chat import chat_prompt
from scripts.task_data import common
from scripts.task_data.checks import max_ngram_overlap, ngrams
from scripts.task_data.common import Row

MAX_SHARED_NGRAMS = 0.25
N = 4


def rows(task: str) -> list[Row]:
    spec = common.load(f"styled/{task}.yaml")
    if task == "sorting":
        return [(prompt, f"{house}!") for house, prompts in spec.items() for prompt in prompts]
    if task == "spell":
        return [("Effect: " + prompt, incantation) for incantation, prompt in spec.items()]
    return [
        (chat_prompt(name, item["user"], [(t["user"], t["reply"]) for t in item.get("history", [])]), item["reply"])
        for name, items in spec.items()
        for item in items
    ]


def training_rows(task: str) -> list[Row]:
    with (common.TASKS_DIR / f"{task}_train.csv").open(newline="", encoding="utf-8") as f:
        return [(r["prompt"], r["completion"]) for r in csv.DictReader(f)]


def check(task: str, styled: list[Row], train: list[Row]) -> float:
    """The largest 4-gram share any styled prompt has with one training prompt; refuses near-duplicates."""
    train_grams = [ngrams(prompt, N) for prompt, _ in train]
    if task != "chat":  # every house / incantation is one the model was trained on, and each is covered
        label = {c.split("!")[0] for _, c in train}
        assert {c.split("!")[0] for _, c in styled} == label, f"{task}: styled answers differ from training's"
    worst = 0.0
    for prompt, _ in styled:
        shared = max_ngram_overlap(prompt, train_grams, N)
        assert shared <= MAX_SHARED_NGRAMS, f"{task}: {prompt!r} shares {shared:.0%} of its 4-grams with a training row"
        worst = max(worst, shared)
    return worst


def main() -> None:
    for task in ("sorting", "spell", "chat"):
        styled = rows(task)
        worst = check(task, styled, training_rows(task))
        common.write_csv(common.TASKS_DIR / f"{task}_val_styled.csv", styled)
        print(f"{task}: {len(styled)} styled val rows, at most {worst:.0%} of a prompt's 4-grams in one training row")


if __name__ == "__main__":
    main()

"""Write the second validation split, `<task>_val_styled.csv`, from the hand-written data/styled/*.yaml.

These rows are written apart from the training data, in other styles (diary entries, school reports, third-person
scenes, texting), so they measure whether a model learned the task or the templates. The builder refuses a row
that is a near-duplicate of a training row: more than MAX_SHARED_NGRAMS of its word 4-grams held by any one row.
It also reports how far the training rows' words alone carry: the accuracy on the styled rows of a bag-of-words
classifier trained on the training rows (a measure of the data's vocabulary, not of any model).
"""

from __future__ import annotations

import csv

from potterverse.tasks.chat import chat_prompt
from scripts.task_data import common
from scripts.task_data.checks import max_ngram_overlap, naive_bayes_predict, ngrams, words
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


def label(row: Row) -> str:
    """The house or incantation a sorting / spell row answers with."""
    return row[1].split("!")[0]


def check(task: str, styled: list[Row], train: list[Row]) -> float:
    """The largest 4-gram share any styled prompt has with one training prompt; refuses near-duplicates."""
    train_grams = [ngrams(prompt, N) for prompt, _ in train]
    if task != "chat":  # every house / incantation is one the model was trained on, and each is covered
        assert {label(r) for r in styled} == {label(r) for r in train}, f"{task}: styled answers differ from training's"
    worst = 0.0
    for prompt, _ in styled:
        shared = max_ngram_overlap(prompt, train_grams, N)
        assert shared <= MAX_SHARED_NGRAMS, f"{task}: {prompt!r} shares {shared:.0%} of its 4-grams with a training row"
        worst = max(worst, shared)
    return worst


def words_transfer(styled: list[Row], train: list[Row]) -> float:
    """Accuracy on the styled rows of naive Bayes over the training rows' prompt words."""
    guess = naive_bayes_predict([words(p) for p, _ in train], [label(r) for r in train], [words(p) for p, _ in styled])
    return sum(g == label(r) for g, r in zip(guess, styled, strict=True)) / len(styled)


def main() -> None:
    for task in ("sorting", "spell", "chat"):
        styled = rows(task)
        train = training_rows(task)
        worst = check(task, styled, train)
        common.write_csv(common.TASKS_DIR / f"{task}_val_styled.csv", styled)
        line = f"{task}: {len(styled)} styled val rows, at most {worst:.0%} of a prompt's 4-grams in one training row"
        if task != "chat":
            line += f"; naive Bayes on the training rows' words scores {words_transfer(styled, train):.3f} on them"
        print(line)


if __name__ == "__main__":
    main()

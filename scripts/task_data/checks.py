"""Checks the builders run on their own output: what a simple classifier can learn from a feature, and how much a
second validation split overlaps the training rows."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+|[^\sa-z0-9']", text.lower())


def naive_bayes_accuracy(docs: Sequence[Sequence[str]], labels: Sequence[str], fold_of: Sequence[int]) -> float:
    """Cross-validated accuracy of a multinomial naive Bayes classifier (add-one smoothing) on bags of features.

    Chance is 1 / (number of labels) when the features carry no information about the label. `fold_of` assigns
    rows to folds; keep the label counts of each feature value balanced within a fold where the data is balanced,
    or a feature that carries nothing scores below chance (a held-out row leaves its own label short in training).
    """
    vocab = {f: i for i, f in enumerate(sorted({f for d in docs for f in d}))}
    classes = sorted(set(labels))
    counts = np.zeros((len(docs), len(vocab)))
    for row, doc in enumerate(docs):
        for f in doc:
            counts[row, vocab[f]] += 1
    y = np.array([classes.index(label) for label in labels])
    fold_of = np.asarray(fold_of)
    correct = 0
    for k in np.unique(fold_of):
        train, test = fold_of != k, fold_of == k
        prior = np.log(np.bincount(y[train], minlength=len(classes)) + 1.0)
        per_class = np.stack([counts[train & (y == c)].sum(0) for c in range(len(classes))]) + 1.0
        log_p = np.log(per_class / per_class.sum(1, keepdims=True))
        correct += int(((counts[test] @ log_p.T + prior).argmax(1) == y[test]).sum())
    return correct / len(docs)


def ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    w = [t for t in words(text) if t[0].isalnum()]
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def max_ngram_overlap(text: str, others: Sequence[set[tuple[str, ...]]], n: int = 4) -> float:
    """The largest share of `text`'s word n-grams that any one of `others` (n-gram sets) also holds."""
    mine = ngrams(text, n)
    if not mine:
        return 0.0
    return max((len(mine & o) / len(mine) for o in others), default=0.0)

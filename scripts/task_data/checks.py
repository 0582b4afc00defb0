"""Checks the builders run on their own output: what a simple classifier can learn from a feature, and how much a
second validation split overlaps the training rows."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+|[^\sa-z0-9']", text.lower())


def naive_bayes_predict(
    train_docs: Sequence[Sequence[str]], train_labels: Sequence[str], test_docs: Sequence[Sequence[str]]
) -> list[str]:
    """The labels a multinomial naive Bayes classifier (add-one smoothing) trained on bags of features gives test_docs.

    Features never seen in training are ignored, as they carry nothing the classifier learned.
    """
    vocab = {f: i for i, f in enumerate(sorted({f for d in train_docs for f in d}))}
    classes = sorted(set(train_labels))

    def counts(docs: Sequence[Sequence[str]]) -> np.ndarray:
        out = np.zeros((len(docs), len(vocab)))
        for row, doc in enumerate(docs):
            for f in doc:
                if f in vocab:
                    out[row, vocab[f]] += 1
        return out

    train, y = counts(train_docs), np.array([classes.index(label) for label in train_labels])
    prior = np.log(np.bincount(y, minlength=len(classes)) + 1.0)
    per_class = np.stack([train[y == c].sum(0) for c in range(len(classes))]) + 1.0
    log_p = np.log(per_class / per_class.sum(1, keepdims=True))
    return [classes[i] for i in (counts(test_docs) @ log_p.T + prior).argmax(1)]


def naive_bayes_accuracy(docs: Sequence[Sequence[str]], labels: Sequence[str], fold_of: Sequence[int]) -> float:
    """Cross-validated accuracy of naive_bayes_predict.

    Chance is 1 / (number of labels) when the features carry no information about the label. `fold_of` assigns
    rows to folds; keep the label counts of each feature value balanced within a fold where the data is balanced,
    or a feature that carries nothing scores below chance (a held-out row leaves its own label short in training).
    """
    correct = 0
    for k in sorted(set(fold_of)):
        train = [i for i, f in enumerate(fold_of) if f != k]
        test = [i for i, f in enumerate(fold_of) if f == k]
        guess = naive_bayes_predict([docs[i] for i in train], [labels[i] for i in train], [docs[i] for i in test])
        correct += sum(g == labels[i] for g, i in zip(guess, test, strict=True))
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

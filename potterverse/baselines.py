"""The floor a fine-tuned model should clear: a bag of words (multinomial naive Bayes) trained on the same rows.

A ranked task's answer is a label (a house, an incantation); counting which words of the training prompts go with
which label, and picking the label whose words the new prompt shares most, is what a model that ignored word order
and knew no English could do. `potterverse-eval` and the fine-tuning callback print its accuracy beside the model's,
and the ranking objective (training/ranking.py) draws the labels it confuses as the hard wrong answers.

Pure text: counts and logarithms (numpy), no tokenizer and no model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np

_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    """Lower-cased words and numbers; punctuation splits them."""
    return _WORD.findall(text.lower())


class NaiveBayes:
    """Multinomial naive Bayes over `words`, with add-`alpha` smoothing; a word unseen in training counts for
    nothing. Labels tie-break by their sorted order, so predictions are the same on every run."""

    def __init__(self, texts: Iterable[str], labels: Iterable[str], alpha: float = 1.0) -> None:
        counts: dict[str, Counter[str]] = {}
        for text, label in zip(texts, labels, strict=True):
            counts.setdefault(label, Counter()).update(words(text))
            counts[label]["\0rows"] += 1  # not a word: words() never yields a NUL
        if not counts:
            raise ValueError("NaiveBayes needs at least one training row.")
        self.labels = sorted(counts)
        rows = np.array([counts[c].pop("\0rows") for c in self.labels], dtype=np.float64)
        self.vocabulary = {w: i for i, w in enumerate(sorted(set().union(*counts.values())))}
        table = np.zeros((len(self.vocabulary), len(self.labels)))  # word x label counts
        for j, c in enumerate(self.labels):
            for w, n in counts[c].items():
                table[self.vocabulary[w], j] = n
        self.log_prior = np.log(rows / rows.sum())
        self.log_word = np.log((table + alpha) / (table.sum(0) + alpha * len(self.vocabulary)))  # log P(word | label)

    def log_scores(self, text: str) -> dict[str, float]:
        """log P(label) + sum of log P(word | label) over the text's known words, for every label."""
        return dict(zip(self.labels, self._scores(text).tolist(), strict=True))

    def _scores(self, text: str) -> np.ndarray:
        known = [self.vocabulary[w] for w in words(text) if w in self.vocabulary]
        return self.log_prior + self.log_word[known].sum(0)

    def ranked(self, text: str) -> list[str]:
        """Every label, likeliest first."""
        order = np.argsort(-self._scores(text), kind="stable")  # stable: ties keep the sorted order
        return [self.labels[i] for i in order]

    def predict(self, text: str) -> str:
        return self.labels[int(np.argmax(self._scores(text)))]  # the first of equal maxima, as in `ranked`


def bag_of_words_accuracy(
    train: Sequence[tuple[str, str]],
    rows: Sequence[tuple[str, str]],
    label: Callable[[str], str],
    score: Callable[[str, str], bool],
) -> float | None:
    """Accuracy on `rows` (prompt, expected answer) of naive Bayes trained on `train` (prompt, completion): a
    completion's label is `label(completion)` (the task's parsed answer), a prediction is scored by
    `score(predicted label, expected)` (the task's own scoring). None when there is nothing to train or score."""
    if not train or not rows:
        return None
    model = NaiveBayes((p for p, _ in train), (label(c) for _, c in train))
    return sum(score(model.predict(prompt), expected) for prompt, expected in rows) / len(rows)

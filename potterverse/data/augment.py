"""Training-time augmentation that puts a ranked task's decision on its content words (`data.augment`).

A task's training rows are built from a few sentence frames filled with a label's word lists (scripts/task_data/), so
a model can fit them by remembering frames and whole fragments. Each draw of a row may instead be

- a *frame swap*: another training row of the same label, its content words replaced by this row's, in order (the
  same traits in another frame; a row of another label would bring that label's less telling words along);
- a *synonym swap*: each content word replaced, with probability `synonyms`, by another content word of the same
  label (the data's own word lists, read back from the rows);
- *word dropout*: each word dropped with probability `word_dropout` (never every content word).

A content word is one the training rows tie to one label: seen `min_count` times or more, at least `purity` of them
in rows of that label (a house's trait words, a spell's effect words; "the", "my", "door" are not). Everything is
learnt from the training rows alone, never from a validation split. Pure text: no tokenizer, no torch.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from potterverse.rules import POSITIVE, Checked, number, setting

PROBABILITY = number(0, 1)
_CORE = re.compile(r"^(\W*)([\w'-]+?)(\W*)$")  # a whitespace token: (leading punctuation, word, trailing)


@dataclass(frozen=True)
class AugmentConfig(Checked):
    """data.augment of configs/data/finetune.yaml: each lever a probability, 0 = off."""

    key_prefix: ClassVar[str] = "data.augment."
    frame_swap: float = setting(PROBABILITY, 0.0)  # probability that a draw takes another row's frame
    synonyms: float = setting(PROBABILITY, 0.0)  # per content word: probability of swapping it for a synonym
    word_dropout: float = setting(PROBABILITY, 0.0)  # per word: probability of dropping it
    min_count: int = setting(POSITIVE, 3)  # a content word is seen this often in the training rows ...
    purity: float = setting(PROBABILITY, 0.9)  # ... this share of it in one label's rows

    @property
    def active(self) -> bool:
        return bool(self.frame_swap or self.synonyms or self.word_dropout)


def _split(token: str) -> tuple[str, str, str]:
    match = _CORE.match(token)
    return (match.group(1), match.group(2), match.group(3)) if match else (token, "", "")


class Augmenter:
    """Re-words one task's prompts; built from that task's training (prompt, label) pairs."""

    def __init__(self, prompts: Sequence[str], labels: Sequence[str], config: AugmentConfig) -> None:
        self.config = config
        self.prompts: dict[str, list[str]] = defaultdict(list)  # label -> its rows' prompts
        seen: Counter[str] = Counter()
        by_label: dict[str, Counter[str]] = defaultdict(Counter)
        for prompt, label in zip(prompts, labels, strict=True):
            self.prompts[label].append(prompt)
            for token in prompt.split():
                word = _split(token)[1].lower()
                if word:
                    seen[word] += 1
                    by_label[label][word] += 1
        self.label_of: dict[str, str] = {}  # content word -> its label
        self.words_of: dict[str, list[str]] = defaultdict(list)  # label -> its content words, with repeats
        for label, counts in by_label.items():
            for word, n in counts.items():
                if seen[word] >= config.min_count and n >= config.purity * seen[word]:
                    self.label_of[word] = label
                    self.words_of[label] += [word] * n  # drawn as often as the rows use it

    def content_words(self, prompt: str, label: str) -> list[str]:
        """The words of `prompt` the training rows tie to `label`, in order."""
        return [w for w in (_split(t)[1].lower() for t in prompt.split()) if self.label_of.get(w) == label]

    def __call__(self, prompt: str, label: str, rng: random.Random) -> str:
        """A new wording of `prompt` for `label`; the prompt itself when nothing applies."""
        ours = self.content_words(prompt, label)
        tokens = prompt.split()
        if ours and self.config.frame_swap and rng.random() < self.config.frame_swap:
            other = rng.choice(self.prompts[label]).split()
            if any(_split(t)[1].lower() in self.label_of for t in other):
                tokens, fill = [], iter(ours * len(other))
                for token in other:
                    lead, word, trail = _split(token)
                    tokens.append(lead + _cased(next(fill), word) + trail if word.lower() in self.label_of else token)
        out = []
        for token in tokens:
            lead, word, trail = _split(token)
            if word.lower() in self.label_of and self.config.synonyms and rng.random() < self.config.synonyms:
                pool = self.words_of.get(label) or [word]
                token = lead + _cased(rng.choice(pool), word) + trail
            out.append(token)
        if self.config.word_dropout:
            kept = [t for t in out if rng.random() >= self.config.word_dropout]
            if kept and (not ours or self.content_words(" ".join(kept), label)):
                out = kept
        return " ".join(out)


def _cased(word: str, like: str) -> str:
    """`word` capitalised as `like` is (a sentence's first word stays capitalised)."""
    return word[:1].upper() + word[1:] if like[:1].isupper() else word

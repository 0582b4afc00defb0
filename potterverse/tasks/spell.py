"""The spell generator: what a spell should do -> its incantation. Answers compare case- and
punctuation-insensitively; the demo draws several and ranks them (`potterverse.demo.spell`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from potterverse.tasks.base import Task, first_line, strip_prefix


def normalize_incantation(text: str) -> str:
    """Case- and punctuation-insensitive form: 'Wingardium Leviosa!' -> 'wingardium leviosa'."""
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split())


@dataclass(frozen=True)
class Spell(Task):
    def build_prompt(self, text: str, character: str | None = None) -> str:
        text = strip_prefix(text, self.prefix)
        return text if text.lower().startswith("effect:") else f"Effect: {text}"

    def cue(self, canonical: str) -> str:
        return "Incantation:"

    def parse(self, generated: str) -> str:
        return first_line(generated).strip(" .!?\"'")

    def score(self, answer: str, expected: str) -> bool:
        return normalize_incantation(answer) == normalize_incantation(expected)

    def training_candidates(self, completion: str, answers: Sequence[str]) -> list[str]:
        """A training row's incantation, then every other incantation of the training rows (the ranking objective
        samples the wrong ones it trains against from these)."""
        own = self.parse(completion)
        others = {normalize_incantation(a): a for a in sorted(answers)}
        others.pop(normalize_incantation(own), None)
        return [own, *others.values()] if own else []


TASK = Spell(
    name="spell", prefix="[SPELL]", describe="what a spell should do -> its incantation",
    max_new_tokens=16, eval_tokens=16,  # an incantation is a few tokens
)  # fmt: skip

"""The Sorting Hat: a person's traits -> their Hogwarts house. Its verdict is the likeliest house (it
`RanksCandidates`: the four house names), which evaluation scores and the demo shows; the Hat's own words go
beneath it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from potterverse.tasks.base import Encode, Scorer, Task, first_line, rank

HOUSES = ("Gryffindor", "Hufflepuff", "Ravenclaw", "Slytherin")
_HOUSE_RE = re.compile("|".join(HOUSES), re.IGNORECASE)


def first_house(text: str) -> str | None:
    """The first house named in an answer (the Sorting Hat's words), or None."""
    match = _HOUSE_RE.search(text)
    return match.group(0).capitalize() if match else None


@dataclass(frozen=True)
class Sorting(Task):
    def cue(self, canonical: str) -> str:
        return "The Sorting Hat says:"

    def parse(self, generated: str) -> str:
        return first_house(generated) or first_line(generated)

    def score(self, answer: str, expected: str) -> bool:
        return first_house(answer) == first_house(expected) and first_house(answer) is not None

    def candidates(self, prompt: str) -> Sequence[str]:
        return HOUSES

    def training_candidates(self, completion: str, answers: Sequence[str] = ()) -> list[str]:
        """The four houses, the one a training row's completion names first."""
        house = first_house(completion)
        return [house, *(h for h in HOUSES if h != house)] if house else []


TASK = Sorting(
    name="sorting", prefix="[SORTING]", describe="a person's traits -> their Hogwarts house",
    max_new_tokens=32, eval_tokens=8,  # the house comes first
)  # fmt: skip


def house_probabilities(scorer: Scorer, encode: Encode, prompt: str) -> tuple[dict[str, float], int]:
    """The Sorting Hat's probability for each house (`rank`), and the prompt tokens cropped."""
    return rank(TASK, prompt, scorer, encode)

"""What every task is: text. A `Task` says how a prompt looks to the model and how its answer is read and scored, in
the spirit of litgpt's `PromptStyle`; it knows nothing of models, generation or the demo.

A training example is `prefix + prompt + cue + " " + completion + <|endoftext|>`, e.g.

    [SPELL] Effect: opens a locked door
    Incantation: Alohomora<|endoftext|>

The cue ("Incantation:", "The Sorting Hat says:", "Snape:") tells the model which answer comes next; generation
feeds everything up to the cue and stops at <|endoftext|>.

What only some tasks do is an ability, a small protocol a task class implements and callers check with isinstance:
`RanksCandidates` (the answer is the likeliest of a few candidates, scored through a `Scorer`), `TrainsByRanking`
(training may set a row's answer against wrong ones: the ranking objective, data.ranking), `Converses` (a
prompt carries the conversation so far, oldest turns dropped first), `RecordsTraining` (a run records something of
the rows it trained on, and a prompt outside it gets a note).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

# (model input text, continuations as token ids) -> each continuation's total log-likelihood, and how many tokens of
# the text were cropped so the longest fits. The model side of ranking: `Predictor.loglikelihoods` at answer time;
# training code can score the same token sequences with its own forward pass.
Scorer = Callable[[str, Sequence[Sequence[int]]], tuple[list[float], int]]
Encode = Callable[[str], list[int]]


def strip_prefix(text: str, prefix: str) -> str:
    """`text` on one line, without the task prefix a user may have typed."""
    text = " ".join(text.split())
    return text[len(prefix) :].strip() if text.upper().startswith(prefix) else text


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


@dataclass(frozen=True)
class Task:
    """A task as text. Subclasses override the methods whose default does not fit."""

    name: str
    prefix: str  # "[SPELL]": starts every prompt of the task
    describe: str  # one line for people: "what a spell should do -> its incantation"
    max_new_tokens: int  # the answer's budget
    # New tokens evaluation lets a scored answer have: enough to read the verdict; None: max_new_tokens.
    eval_tokens: int | None = None

    def build_prompt(self, text: str, character: str | None = None) -> str:
        """User text -> the canonical prompt (one line, without the prefix)."""
        return strip_prefix(text, self.prefix)

    def cue(self, canonical: str) -> str:
        """The line that introduces the answer."""
        return "Answer:"

    def parse(self, generated: str) -> str:
        """Generated text -> the answer that is scored (and shown)."""
        return first_line(generated)

    def score(self, answer: str, expected: str) -> bool:
        """Whether a parsed answer is right; a task that does not override it is free text, judged by its loss."""
        raise NotImplementedError(f"{self.name} is free text: its answers are judged by their loss")

    @property
    def scored(self) -> bool:
        return type(self).score is not Task.score

    def prompt_text(self, prompt: str, character: str | None = None) -> str:
        """Everything the model reads before it answers."""
        return self.wrap(self.build_prompt(prompt, character))

    def wrap(self, canonical: str) -> str:
        """A canonical prompt as the model reads it: prefix, prompt, cue."""
        return f"{self.prefix} {canonical}\n{self.cue(canonical)}"

    def answer_text(self, completion: str) -> str:
        """An answer as it follows the cue in training (the part that gets the loss, before <|endoftext|>)."""
        return " " + " ".join(completion.split())

    def example_text(self, prompt: str, completion: str, character: str | None = None) -> tuple[str, str]:
        """(prompt part, answer part) of a training example."""
        return self.prompt_text(prompt, character), self.answer_text(completion)

    def fit(self, prompt: str, fits: Callable[[str], bool], character: str | None = None) -> str | None:
        """The canonical prompt, with its oldest turns dropped (a task that `Converses`) until `fits(canonical)`
        holds; None if it never does."""
        canonical: str | None = self.build_prompt(prompt, character)
        while canonical is not None and not fits(canonical):
            canonical = self.drop_oldest(canonical) if isinstance(self, Converses) else None
        return canonical

    def metric(self, kind: str, suffix: str = "") -> str:
        """A validation metric's name: `val/<task>_acc`, `val/<task>_loss_styled`, ..."""
        return f"val/{self.name}_{kind}{suffix}"


# --- Abilities: what some tasks do, checked with isinstance where it matters ---


@runtime_checkable
class RanksCandidates(Protocol):
    """The answer is the likeliest of a few candidates (the Sorting Hat's four houses): each candidate's answer
    text, as it follows the cue in training, is scored by the model (`rank`)."""

    def candidates(self, prompt: str) -> Sequence[str]: ...


@runtime_checkable
class TrainsByRanking(Protocol):
    """Training may weigh a row's answer against wrong ones (the ranking objective, potterverse/training/ranking.py):
    the sorting rows' four houses, a spell's incantation against the others of the training rows."""

    def training_candidates(self, completion: str, answers: Sequence[str]) -> list[str]:
        """(a training row's completion, the parsed answers of all the task's training rows) -> candidate answers,
        the row's own first; [] for a row it cannot rank."""
        ...


@runtime_checkable
class Converses(Protocol):
    """A prompt may carry the conversation so far; when it does not fit, its oldest turns go first (`Task.fit`)."""

    def with_history(self, character: str, message: str, history: Sequence[tuple[str, str]]) -> str:
        """(character, message, earlier (message, reply) turns) -> the canonical prompt of a conversation."""
        ...

    def drop_oldest(self, canonical: str) -> str | None:
        """The canonical prompt minus its oldest turn; None when only the last message is left."""
        ...


@runtime_checkable
class RecordsTraining(Protocol):
    """A run records what this task trained on (chat: its characters), and a prompt outside that gets a note."""

    def summarize(self, rows: Sequence[Mapping[str, str]]) -> dict: ...

    def note(self, prompt: str, character: str | None, record: Mapping[str, Any] | None) -> str | None: ...


def candidate_tokens(task: Task, prompt: str, encode: Encode) -> tuple[str, list[str], list[list[int]]]:
    """(model input text, candidates, each candidate's answer tokens) of a task that `RanksCandidates`: what a
    ranking is computed on, at answer time and in training alike."""
    assert isinstance(task, RanksCandidates), f"{task.name} does not rank candidates"
    names = list(task.candidates(prompt))
    return task.prompt_text(prompt), names, [encode(task.answer_text(c)) for c in names]


def rank(task: Task, prompt: str, scorer: Scorer, encode: Encode) -> tuple[dict[str, float], int]:
    """Each candidate's probability (the likelihood of its full token sequence after the prompt, normalised over
    the candidates), in the task's order; and the prompt tokens cropped."""
    text, names, tokens = candidate_tokens(task, prompt, encode)
    loglik, cropped = scorer(text, tokens)
    top = max(loglik)
    weights = [math.exp(x - top) for x in loglik]
    return {n: w / sum(weights) for n, w in zip(names, weights, strict=True)}, cropped

"""What every task is: the `Task` record its module fills in, and the text helpers tasks share.

A training example is `prefix + prompt + cue + " " + completion + <|endoftext|>`, e.g.

    [SPELL] Effect: opens a locked door
    Incantation: Alohomora<|endoftext|>

The cue ("Incantation:", "The Sorting Hat says:", "Snape:") tells the model which answer comes next; generation
feeds everything up to the cue and stops at <|endoftext|>. When a prompt does not fit the context, a task that
holds turns (chat) drops its oldest first (`Task.fit`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # tasks are imported by training and data code, which need no Predictor
    from potterverse.inference import Predictor


def strip_prefix(text: str, prefix: str) -> str:
    """`text` on one line, without the task prefix a user may have typed."""
    text = " ".join(text.split())
    return text[len(prefix) :].strip() if text.upper().startswith(prefix) else text


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


@dataclass(frozen=True)
class DemoTab:
    """A task's tab in the demo: its title and the builder that lays it out (`build(app, run, sampling)`)."""

    title: str
    build: Callable[..., None]
    css: str = ""  # the tab's own styles, added to the page's


@dataclass(frozen=True)
class Task:
    name: str
    prefix: str
    max_new_tokens: int
    describe: str
    build_prompt: Callable[[str, str | None], str]  # (user text, character) -> the canonical prompt
    cue: Callable[[str], str]  # canonical prompt -> the line that introduces the answer
    parse_answer: Callable[[str], str]  # generated text -> the answer that is scored
    score: Callable[[str, str], bool] | None  # (parsed answer, expected) -> correct?
    # New tokens evaluation lets a scored answer have: enough to read the verdict; None: max_new_tokens.
    eval_tokens: int | None = None
    # (predictor, prompt) -> the answer by ranking the task's candidates, which a scored answer then is (the
    # Sorting Hat's verdict is its likeliest house, as the demo shows); None: the parsed greedy answer.
    rank: Callable[[Predictor, str], str] | None = None
    # The answers the ranking objective (data.ranking) weighs a training row's answer against: (the row's
    # completion, the parsed answers of all the task's training rows) -> candidate answers, the row's own first;
    # [] for a row it cannot rank. None: the task is trained by next-token loss alone.
    candidates: Callable[[str, Sequence[str]], list[str]] | None = None
    drop_oldest: Callable[[str], str | None] = lambda prompt: None  # canonical prompt minus its oldest turn
    # (character, message, earlier (message, reply) turns) -> the canonical prompt of a conversation
    with_history: Callable[[str, str, Sequence[tuple[str, str]]], str] | None = None
    # training rows -> what a run records of them in its checkpoints (the chat characters it was trained on)
    summarize: Callable[[Sequence[Mapping[str, str]]], dict] = lambda rows: {}
    # (prompt, character, what the run recorded of this task or None) -> a line to tell the user, or None
    note: Callable[[str, str | None, Mapping[str, Any] | None], str | None] = lambda prompt, character, rec: None
    demo: DemoTab | None = field(default=None, compare=False)

    def prompt_text(self, prompt: str, character: str | None = None) -> str:
        """Everything the model reads before it answers."""
        canonical = self.build_prompt(prompt, character)
        return f"{self.prefix} {canonical}\n{self.cue(canonical)}"

    def example_text(self, prompt: str, completion: str, character: str | None = None) -> tuple[str, str]:
        """(prompt part, answer part) of a training example; the answer part gets the loss."""
        return self.prompt_text(prompt, character), " " + " ".join(completion.split())

    def fit(self, prompt: str, fits: Callable[[str], bool], character: str | None = None) -> str | None:
        """The canonical prompt with its oldest turns dropped until `fits(canonical)` holds; None if it never does."""
        canonical: str | None = self.build_prompt(prompt, character)
        while canonical is not None and not fits(canonical):
            canonical = self.drop_oldest(canonical)
        return canonical

    def metric(self, kind: str, suffix: str = "") -> str:
        """A validation metric's name: `val/<task>_acc`, `val/<task>_loss_styled`, ..."""
        return f"val/{self.name}_{kind}{suffix}"

"""The task registry: every place that knows a task's prefix, prompt shape or answer format asks this module.

A training example is `prefix + prompt + cue + " " + completion + <|endoftext|>`, e.g.

    [SPELL] Effect: opens a locked door
    Incantation: Alohomora<|endoftext|>

The cue ("Incantation:", "The Sorting Hat says:", "Snape:") tells the model which answer comes next; generation
feeds everything up to the cue and stops at <|endoftext|>. A chat prompt may carry the conversation so far, oldest
turn first, one line per message (`chat_prompt`):

    [CHAT] User to Snape: Why did my potion turn green?
    Snape: Because you added the nettles before the heat was off.
    User to Snape: And what should I do next time?
    Snape: Read the instructions.<|endoftext|>

When a conversation does not fit the context, its oldest turns are dropped first (`Task.fit`).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from potterverse.errors import ConfigError

SHIPPED_CHAT = Path(__file__).resolve().parents[1] / "resources" / "tasks" / "chat_train.csv"
HOUSES = ("Gryffindor", "Hufflepuff", "Ravenclaw", "Slytherin")
_HOUSE_RE = re.compile("|".join(HOUSES), re.IGNORECASE)
_CHAT_RE = re.compile(r"^\s*User to ([^:]{1,40}):\s*(.*)$", re.DOTALL)
_USER_LINE = re.compile(r"^User to ([^:\n]{1,40}):")


def _strip_prefix(text: str, prefix: str) -> str:
    text = " ".join(text.split())
    return text[len(prefix) :].strip() if text.upper().startswith(prefix) else text


def normalize_incantation(text: str) -> str:
    """Case- and punctuation-insensitive form: 'Wingardium Leviosa!' -> 'wingardium leviosa'."""
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split())


def first_house(text: str) -> str | None:
    """The first house named in an answer (the Sorting Hat's verdict), or None."""
    match = _HOUSE_RE.search(text)
    return match.group(0).capitalize() if match else None


def chat_character(prompt: str) -> str | None:
    """Who a chat prompt ("User to Snape: ...") is addressed to, or None."""
    match = _CHAT_RE.match(prompt)
    return match.group(1).strip() if match else None


def chat_prompt(character: str, message: str, history: Sequence[tuple[str, str]] = ()) -> str:
    """The one chat prompt format: earlier (message, reply) turns, oldest first, then the new message.

    The training data, `potterverse-chat` and the demo build conversations here, so all three read the same.
    """
    turns = [f"User to {character}: {' '.join(m.split())}\n{character}: {' '.join(r.split())}" for m, r in history]
    return "\n".join([*turns, f"User to {character}: {' '.join(message.split())}"])


def chat_characters(prompts: Iterable[str]) -> list[str]:
    """The characters a set of chat prompts is addressed to, sorted."""
    return sorted({name for name in map(chat_character, prompts) if name})


@functools.cache
def shipped_chat_characters() -> tuple[str, ...]:
    """The characters of the shipped chat data, sorted."""
    with SHIPPED_CHAT.open(newline="", encoding="utf-8") as f:
        return tuple(chat_characters(row["prompt"] for row in csv.DictReader(f)))


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
    drop_oldest: Callable[[str], str | None] = lambda prompt: None  # canonical prompt minus its oldest turn
    # training rows -> what a run records of them in its checkpoints (the chat characters it was trained on)
    summarize: Callable[[Sequence[Mapping[str, str]]], dict] = lambda rows: {}

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


def _sorting_prompt(text: str, character: str | None) -> str:
    return _strip_prefix(text, "[SORTING]")


def _spell_prompt(text: str, character: str | None) -> str:
    text = _strip_prefix(text, "[SPELL]")
    return text if text.lower().startswith("effect:") else f"Effect: {text}"


def _chat_prompt(text: str, character: str | None) -> str:
    """One line per message: "User to X: ..." opens a user turn, "X: ..." X's reply; other lines continue the last.

    Text without a "User to" label is one message to `character`.
    """
    text = text.strip()
    text = text[len("[CHAT]") :] if text.upper().startswith("[CHAT]") else text
    lines = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    if not lines or not _USER_LINE.match(lines[0]):
        if not character:
            raise ConfigError('A chat prompt needs a character: write "User to Snape: ..." or pass character=Snape.')
        return f"User to {character}: {' '.join(lines)}"
    names = {m.group(1).strip() for m in map(_USER_LINE.match, lines) if m}
    turns: list[str] = []
    for line in lines:
        user = _CHAT_RE.match(line)
        speaker = next((n for n in names if line.startswith(f"{n}:")), None)
        if user:
            turns.append(f"User to {user.group(1).strip()}: {user.group(2).strip()}")
        elif speaker:
            turns.append(f"{speaker}: {line[len(speaker) + 1 :].strip()}")
        else:
            turns[-1] += " " + line
    if not _USER_LINE.match(turns[-1]):
        raise ConfigError('A chat prompt must end with the user\'s message (a "User to <Character>: ..." line).')
    return "\n".join(turns)


def _chat_drop_oldest(prompt: str) -> str | None:
    """The prompt without its first user turn and reply; None when only the last message is left."""
    starts = [i for i, line in enumerate(prompt.split("\n")) if _USER_LINE.match(line)]
    return None if len(starts) < 2 else "\n".join(prompt.split("\n")[starts[1] :])


def _chat_cue(prompt: str) -> str:
    match = _USER_LINE.match(prompt.split("\n")[-1])
    return f"{match.group(1).strip()}:" if match else "Reply:"


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


def _spell_answer(text: str) -> str:
    return _first_line(text).strip(" .!?\"'")


TASKS: dict[str, Task] = {
    "sorting": Task(
        name="sorting",
        prefix="[SORTING]",
        max_new_tokens=32,
        describe="a person's traits -> their Hogwarts house",
        build_prompt=_sorting_prompt,
        cue=lambda prompt: "The Sorting Hat says:",
        parse_answer=lambda text: first_house(text) or _first_line(text),
        score=lambda answer, expected: first_house(answer) == first_house(expected) and first_house(answer) is not None,
    ),
    "spell": Task(
        name="spell",
        prefix="[SPELL]",
        max_new_tokens=16,
        describe="what a spell should do -> its incantation",
        build_prompt=_spell_prompt,
        cue=lambda prompt: "Incantation:",
        parse_answer=_spell_answer,
        score=lambda answer, expected: normalize_incantation(answer) == normalize_incantation(expected),
    ),
    "chat": Task(
        name="chat",
        prefix="[CHAT]",
        max_new_tokens=80,
        describe="a message to a character -> their reply, in voice",
        build_prompt=_chat_prompt,
        cue=_chat_cue,
        parse_answer=_first_line,
        score=None,  # free text: judged by its loss, not exact match
        drop_oldest=_chat_drop_oldest,
        summarize=lambda rows: {"characters": chat_characters(row["prompt"] for row in rows)},
    ),
}


def get_task(name: str) -> Task:
    if name not in TASKS:
        raise ConfigError(f"Unknown task {name!r}; choose one of: {', '.join(TASKS)}.")
    return TASKS[name]


def registry_metadata(trained_rows: Mapping[str, Sequence[Mapping[str, str]]] | None = None) -> dict:
    """The registry as plain values, saved with checkpoints so a run folder says how its prompts look; with the
    rows a fine-tuning run trained on, also what each task records of them (`Task.summarize`)."""
    rows = trained_rows or {}
    return {
        t.name: {
            "prefix": t.prefix, "max_new_tokens": t.max_new_tokens, "describe": t.describe,
            **(t.summarize(rows[t.name]) if t.name in rows else {}),
        }
        for t in TASKS.values()
    }  # fmt: skip


def unknown_character_note(prompt: str, character: str | None, trained: Sequence[str] | None) -> str | None:
    """One line when a chat prompt speaks to a character the run was not trained on, naming those it was;
    `trained` None (a run that does not record them) compares with the shipped chat data's characters."""
    name = chat_character(_chat_prompt(prompt, character))
    known = shipped_chat_characters() if trained is None else list(trained)
    if name is None or name.lower() in {k.lower() for k in known}:
        return None
    if trained is None:
        return (f"note: this run does not record which characters it was trained on, and {name} is not one of the "
                f"shipped chat data's: {', '.join(known)}.")  # fmt: skip
    return f"note: this run was not trained to speak as {name}; its characters are {', '.join(known)}."

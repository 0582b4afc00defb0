"""Character chat: a message to a character -> their reply, in voice. A chat prompt may carry the conversation so
far, oldest turn first, one line per message (`chat_prompt`):

    [CHAT] User to Snape: Why did my potion turn green?
    Snape: Because you added the nettles before the heat was off.
    User to Snape: And what should I do next time?
    Snape: Read the instructions.<|endoftext|>

When a conversation does not fit the context, its oldest turns are dropped first (`Task.fit`). Replies are free
text: judged by their completion loss, not exact match. A run records the characters it was trained on.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from potterverse.errors import ConfigError
from potterverse.tasks.base import Task

SHIPPED_CHAT = Path(__file__).resolve().parents[1] / "resources" / "tasks" / "chat_train.csv"
_CHAT_RE = re.compile(r"^\s*User to ([^:]{1,40}):\s*(.*)$", re.DOTALL)
_USER_LINE = re.compile(r"^User to ([^:\n]{1,40}):")


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


def _prompt(text: str, character: str | None) -> str:
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


def unknown_character_note(prompt: str, character: str | None, trained: Sequence[str] | None) -> str | None:
    """One line when a chat prompt speaks to a character the run was not trained on, naming those it was;
    `trained` None (a run that does not record them) compares with the shipped chat data's characters."""
    name = chat_character(_prompt(prompt, character))
    known = shipped_chat_characters() if trained is None else list(trained)
    if name is None or name.lower() in {k.lower() for k in known}:
        return None
    if trained is None:
        return (f"note: this run does not record which characters it was trained on, and {name} is not one of the "
                f"shipped chat data's: {', '.join(known)}.")  # fmt: skip
    return f"note: this run was not trained to speak as {name}; its characters are {', '.join(known)}."


def run_characters(record: Mapping[str, Any] | None) -> list[str]:
    """The characters a run was trained on, from what it recorded of this task; runs that predate that record get
    the shipped chat data's characters (what every run was trained on before custom chat files existed)."""
    recorded = (record or {}).get("characters")
    return list(recorded) if recorded is not None else list(shipped_chat_characters())


@dataclass(frozen=True)
class Chat(Task):
    """Converses (a prompt carries the conversation so far) and RecordsTraining (the characters of its rows)."""

    def build_prompt(self, text: str, character: str | None = None) -> str:
        return _prompt(text, character)

    def cue(self, canonical: str) -> str:
        match = _USER_LINE.match(canonical.split("\n")[-1])
        return f"{match.group(1).strip()}:" if match else "Reply:"

    def with_history(self, character: str, message: str, history: Sequence[tuple[str, str]]) -> str:
        return chat_prompt(character, message, history)

    def drop_oldest(self, canonical: str) -> str | None:
        """The prompt without its first user turn and reply; None when only the last message is left."""
        lines = canonical.split("\n")
        starts = [i for i, line in enumerate(lines) if _USER_LINE.match(line)]
        return None if len(starts) < 2 else "\n".join(lines[starts[1] :])

    def summarize(self, rows: Sequence[Mapping[str, str]]) -> dict:
        return {"characters": chat_characters(row["prompt"] for row in rows)}

    def note(self, prompt: str, character: str | None, record: Mapping[str, Any] | None) -> str | None:
        return unknown_character_note(prompt, character, (record or {}).get("characters"))


# free text: judged by its loss, not exact match (no `score`)
TASK = Chat(name="chat", prefix="[CHAT]", describe="a message to a character -> their reply, in voice",
            max_new_tokens=80)  # fmt: skip

"""Build the [CHAT] fine-tuning dataset: role-play replies from Harry Potter characters.

One data file per character (data/chat/<name>.yaml) holds its replies per shared topic (whose message wordings are
in data/chat/_common.yaml), its opinions of other characters, its own topics, hand-written (message, reply) pairs
and multi-turn conversations. A single-turn prompt reads ``User to <Character>: <message>``; a conversation turn
carries the earlier turns first (`potterverse.tasks.chat.chat_prompt`). Messages are lightly varied with openers
and forms of address; replies are always taken verbatim.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass

from potterverse.tasks.chat import chat_prompt
from scripts.task_data import common
from scripts.task_data.common import Row

TASK = "chat"
ROWS_PER_CHARACTER = 128
OPENER_RATE = 0.18
VOCATIVE_RATE = 0.22
VAL_CONVERSATION_EVERY = 5  # every fifth conversation goes to validation whole, so no reply leaks into a prompt

Pair = tuple[str, str, str]  # (message, reply, topic)


@dataclass
class Voice:
    """The shared wording (_common.yaml) and one character's file."""

    common: dict
    persona: dict

    @property
    def name(self) -> str:
        return self.persona["name"]

    def keep_capital(self) -> set[str]:
        names = {word for refs in self.common["referents"].values() for ref in refs for word in ref.split()}
        return set(self.common["keep_capital"]) | names


def characters() -> list[dict]:
    return [common.load(f"chat/{path.name}") for path in sorted((common.DATA_DIR / "chat").glob("[!_]*.yaml"))]


def address(message: str, vocative: str, keep: set[str], rng: random.Random) -> str:
    """Put a form of address ("Professor", "mate", "Hagrid") into the message."""
    one_sentence = message[-1] in ".?!" and not any(c in ".?!" for c in message[:-1])
    named = any(w.strip(".,?!:;") in keep and not w.startswith("I") for w in message.split()[1:])
    if one_sentence and not named and rng.random() < 0.6:
        return f"{message[:-1]}, {vocative}{message[-1]}"
    body = message if message.split()[0].strip(".,?!:;") in keep else message[0].lower() + message[1:]
    return f"{vocative[0].upper()}{vocative[1:]}, {body}"


def decorate(message: str, topic: str, voice: Voice, rng: random.Random) -> str:
    """Vary a message with an optional opener and form of address."""
    vocative = rng.choice(voice.persona["vocatives"])
    if rng.random() < VOCATIVE_RATE and vocative.lower() not in message.lower():
        message = address(message, vocative, voice.keep_capital(), rng)
    wants_opener = message.endswith("?") and message[0].isupper() and topic not in voice.common["no_opener_topics"]
    if wants_opener and rng.random() < OPENER_RATE:
        message = rng.choice(voice.common["openers"]) + message
    return message


def pools(voice: Voice, rng: random.Random) -> list[deque[Pair]]:
    """One queue of (message, reply, topic) per topic, replies cycled over messages."""
    shared, persona = voice.common, voice.persona
    sources = [(topic, list(shared["messages"][topic]), replies) for topic, replies in persona["replies"].items()]
    for other, replies in persona["opinions"].items():
        # One referent per template, so a pool never holds "Ron" and "Ron Weasley" twins.
        messages = [t.format(o=rng.choice(shared["referents"][other])) for t in shared["opinion_templates"]]
        sources.append(("opinion", messages, replies))
    sources += [(topic, list(t["messages"]), t["replies"]) for topic, t in persona["topics"].items()]
    out: list[deque[Pair]] = []
    for topic, messages, replies in sources:
        rng.shuffle(messages)
        order = rng.sample(replies, len(replies))
        out.append(deque((m, order[i % len(order)], topic) for i, m in enumerate(messages)))
    rng.shuffle(out)
    return out


def single_turn_rows(voice: Voice, rng: random.Random) -> list[Row]:
    """All hand-written pairs, then topics round-robin until the character's quota is met."""
    rows: list[Row] = []
    seen: set[str] = set()

    def add(message: str, reply: str, topic: str) -> None:
        if message.lower() not in seen:
            seen.add(message.lower())
            rows.append((chat_prompt(voice.name, decorate(message, topic, voice, rng)), reply))

    for pair in voice.persona["handwritten"]:
        add(pair["user"], pair["reply"], "handwritten")
    queues = pools(voice, rng)
    while len(rows) < ROWS_PER_CHARACTER and any(queues):
        for queue in queues:
            if queue and len(rows) < ROWS_PER_CHARACTER:
                add(*queue.popleft())
    return rows


def conversation_rows(name: str, turns: list[dict]) -> list[Row]:
    """One row per turn: the turns before it in the prompt, its reply as the completion."""
    history = [(t["user"], t["reply"]) for t in turns]
    return [(chat_prompt(name, message, history[:i]), reply) for i, (message, reply) in enumerate(history)]


def group_of(row: Row) -> str:
    """The character's name, parsed from 'User to <Name>: ...'."""
    return row[0].split(":", 1)[0].removeprefix("User to ").strip()


def build_splits(seed: int = 0) -> tuple[list[Row], list[Row]]:
    rng = random.Random(seed)
    shared = common.load("chat/_common.yaml")
    single: list[Row] = []
    train_talks: list[Row] = []
    val_talks: list[Row] = []
    index = 0
    for persona in characters():
        single += single_turn_rows(Voice(shared, persona), rng)
        for turns in persona.get("conversations", []):
            index += 1
            (val_talks if index % VAL_CONVERSATION_EVERY == 0 else train_talks).extend(
                conversation_rows(persona["name"], turns)
            )
    train, val = common.split_rows(single, group_of, val_per_group=lambda n: n // 10, seed=seed)
    return train + train_talks, val + val_talks


def main() -> None:
    common.write_task(TASK, *build_splits(seed=0))


if __name__ == "__main__":
    main()

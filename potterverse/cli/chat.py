"""potterverse-chat: talk to a character in the terminal, replies streamed as they are written."""

from __future__ import annotations

from omegaconf import DictConfig

from potterverse.generation import Sampling
from potterverse.inference import Predictor
from potterverse.tasks.chat import TASK as CHAT


def say_if_unknown(predictor: Predictor, character: str) -> None:
    note = predictor.note(CHAT, "", character)
    if note:
        print(note)


def run(cfg: DictConfig) -> None:
    predictor = Predictor.load(cfg.ckpt, cfg.device, cfg.quantize)
    character = str(cfg.character)
    print(f"Talking to {character}. /character NAME switches, /new starts over, /quit leaves.")
    say_if_unknown(predictor, character)
    history: list[tuple[str, str]] = []  # (message, reply) so far: the character answers in the conversation
    while True:
        try:
            message = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if message in ("/quit", "/exit"):
            return
        if message.startswith("/character "):
            character = message.split(" ", 1)[1].strip() or character
            history = []
            print(f"Now talking to {character}.")
            say_if_unknown(predictor, character)
            continue
        if message == "/new":
            history = []
            print(f"A new conversation with {character}.")
            continue
        if not message:
            continue
        shown = 0
        print(f"{character}> ", end="", flush=True)
        for answer in predictor.stream_answer(CHAT, message, Sampling.from_settings(cfg), character, history=history):
            print(answer.text[shown:], end="", flush=True)
            shown = len(answer.text)
        print()
        history.append((message, answer.parsed))


if __name__ == "__main__":  # `python -m potterverse.cli.chat`: the table's command, as installed
    from potterverse.__main__ import chat

    chat()

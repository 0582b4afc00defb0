"""potterverse-chat: talk to a character in the terminal, replies streamed as they are written."""

from __future__ import annotations

import hydra
from omegaconf import DictConfig

from potterverse.cli.arguments import check_arguments
from potterverse.cli.common import CONFIG_DIR, register_resolvers, report_user_errors
from potterverse.cli.generate import sampling_from
from potterverse.inference import Predictor

register_resolvers()


def say_if_unknown(predictor: Predictor, character: str) -> None:
    note = predictor.note("chat", "", character)
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
        for answer in predictor.stream_answer("chat", message, sampling_from(cfg), character, history=history):
            print(answer.text[shown:], end="", flush=True)
            shown = len(answer.text)
        print()
        history.append((message, answer.parsed))


@hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name="chat")
def hydra_main(cfg: DictConfig) -> None:
    report_user_errors(lambda: run(cfg), debug=cfg.debug_errors)


def main() -> None:
    check_arguments("chat")
    hydra_main()


if __name__ == "__main__":
    main()

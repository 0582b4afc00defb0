"""potterverse-chat: talk to a character in the terminal, replies streamed as they are written."""

from __future__ import annotations

import hydra
from omegaconf import DictConfig

from potterverse.cli.common import CONFIG_DIR, register_resolvers, report_user_errors
from potterverse.cli.generate import sampling_from
from potterverse.inference import Predictor

register_resolvers()


def run(cfg: DictConfig) -> None:
    predictor = Predictor.load(cfg.ckpt, cfg.device, cfg.quantize)
    character = str(cfg.character)
    print(f"Talking to {character}. /character NAME switches, /quit leaves.")
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
            print(f"Now talking to {character}.")
            continue
        if not message:
            continue
        shown = 0
        print(f"{character}> ", end="", flush=True)
        for answer in predictor.stream_answer("chat", message, sampling_from(cfg), character):
            print(answer.text[shown:], end="", flush=True)
            shown = len(answer.text)
        print()


@hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name="chat")
def main(cfg: DictConfig) -> None:
    report_user_errors(lambda: run(cfg), debug=cfg.debug_errors)


if __name__ == "__main__":
    main()

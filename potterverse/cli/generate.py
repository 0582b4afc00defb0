"""potterverse-generate: one answer from a trained model (configs/generate.yaml)."""

from __future__ import annotations

import sys

from omegaconf import DictConfig

from potterverse.errors import ConfigError
from potterverse.generation import Sampling
from potterverse.inference import Predictor
from potterverse.tasks import get_task

FREE_TEXT_TOKENS = 100


def read_prompt(cfg: DictConfig) -> str:
    """prompt=... as given, or prompt=- to read it from standard input (handy for text with quotes or newlines)."""
    prompt = sys.stdin.read() if str(cfg.prompt) == "-" else str(cfg.prompt)
    if not prompt.strip():
        raise ConfigError('The prompt is empty; pass prompt="..." (or prompt=- and the text on standard input).')
    return prompt


def run(cfg: DictConfig) -> str:
    prompt = read_prompt(cfg)
    predictor = Predictor.load(cfg.ckpt, cfg.device, cfg.quantize)
    sampling = Sampling.from_settings(cfg)
    if cfg.task == "none":
        text, cropped = predictor.generate_text(prompt, sampling, FREE_TEXT_TOKENS)
    else:
        task = get_task(cfg.task)
        answer = predictor.answer(task, prompt, sampling, cfg.character)
        text, cropped = answer.text, answer.cropped
        if answer.parsed.casefold() not in text.casefold():  # a task that ranks its answers (the Hat's houses)
            print(f"note: by the model's ranking the answer is {answer.parsed}.", file=sys.stderr)
        if note := predictor.note(task, prompt, cfg.character):
            print(note, file=sys.stderr)
    if cropped:
        print(f"warning: the prompt was {cropped} tokens too long for the context window; cropped from the left.",
              file=sys.stderr)  # fmt: skip
    return text


def answer(cfg: DictConfig) -> None:
    """The command's function (potterverse/__main__.py): the answer printed."""
    print(run(cfg))


if __name__ == "__main__":  # `python -m potterverse.cli.generate`: the table's command, as installed
    from potterverse.__main__ import generate

    generate()

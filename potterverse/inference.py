"""A trained model ready to answer: tokenizer, device, prompt cropping and task-aware generation.

Every consumer of a trained model (generate/chat/eval CLIs, the demo) uses `Predictor.load(path)`, which reads
weights through `potterverse.checkpoints` only.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import torch

from potterverse.checkpoints import load_model
from potterverse.data.tasks import get_task
from potterverse.generation import stream_generate
from potterverse.model.gpt import GPT
from potterverse.tokenizer import Tokenizer, get_tokenizer

T = TypeVar("T")


@dataclass
class Sampling:
    temperature: float = 0.0
    top_k: int | None = None
    top_p: float | None = None
    max_new_tokens: int | None = None  # None: the task's default
    seed: int | None = None


@dataclass
class Answer:
    text: str  # what the model wrote
    parsed: str  # the task's reading of it (the house, the incantation, the reply's first line)
    cropped: int  # prompt tokens dropped from the left to fit the context window


class Predictor:
    def __init__(self, model: GPT, tokenizer: Tokenizer, metadata: dict | None = None) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.metadata = metadata or {}
        self.device = next(model.parameters()).device

    @classmethod
    def load(cls, path: str | Path, device: str | None = None) -> Predictor:
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        model, meta = load_model(path, map_location=device)
        return cls(model, get_tokenizer(meta.get("tokenizer", "gpt2")), meta)

    def encode(self, text: str, room: int) -> tuple[torch.Tensor, int]:
        """Prompt ids [1, T], cropped from the left so `room` new tokens fit the context; and how many were cropped."""
        ids = self.tokenizer.encode(text)
        keep = max(1, self.model.config.context_length - room)
        cropped = max(0, len(ids) - keep)
        return torch.tensor([ids[cropped:]], device=self.device), cropped

    def stream_text(
        self, text: str, sampling: Sampling, max_new_tokens: int, should_stop: Callable[[], bool] | None = None
    ) -> Iterator[tuple[str, int]]:
        """(text generated so far, prompt tokens cropped), growing token by token; stops at <|endoftext|>."""
        idx, cropped = self.encode(text, max_new_tokens)
        generator = None
        if sampling.seed is not None:
            generator = torch.Generator(device=self.device).manual_seed(int(sampling.seed))
        ids: list[int] = []
        steps = stream_generate(
            self.model, idx, max_new_tokens, sampling.temperature, sampling.top_k, sampling.top_p,
            eos_id=self.tokenizer.eot_id, generator=generator, should_stop=should_stop,
        )  # fmt: skip
        for token in steps:
            tid = int(token[0])
            if tid == self.tokenizer.eot_id:
                break
            ids.append(tid)
            yield self.tokenizer.decode(ids), cropped
        if not ids:
            yield "", cropped

    def stream_answer(
        self, task: str, prompt: str, sampling: Sampling | None = None, character: str | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Iterator[Answer]:  # fmt: skip
        spec = get_task(task)
        sampling = sampling or Sampling()
        budget = sampling.max_new_tokens or spec.max_new_tokens
        for text, cropped in self.stream_text(spec.prompt_text(prompt, character), sampling, budget, should_stop):
            yield Answer(text.strip(), spec.parse_answer(text), cropped)

    def answer(self, task: str, prompt: str, sampling: Sampling | None = None, character: str | None = None) -> Answer:
        return _last(self.stream_answer(task, prompt, sampling, character))

    def continue_text(self, prompt: str, sampling: Sampling, max_new_tokens: int = 100) -> str:
        return _last(self.stream_text(prompt, sampling, max_new_tokens))[0]


def _last(items: Iterator[T]) -> T:
    """The final value of a stream (each one extends the previous)."""
    return deque(items, maxlen=1)[0]

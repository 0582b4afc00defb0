"""A trained model ready to answer: tokenizer, device, prompt cropping and task-aware generation.

Every consumer of a trained model (generate/chat/eval CLIs, the demo) uses `Predictor.load(path)`, which reads
weights through `potterverse.checkpoints` only.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import torch

from potterverse.checkpoints import load_model
from potterverse.data.tasks import HOUSES, chat_prompt, get_task, unknown_character_note
from potterverse.generation import stream_generate
from potterverse.model.gpt import GPT
from potterverse.model.quantize import check_quantize, quantize_int8
from potterverse.runs import RunMetadata
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


@dataclass
class Candidate:
    text: str  # a parsed answer (an incantation)
    mean_logprob: float  # mean log-probability of its tokens, end-of-text included

    @property
    def likelihood(self) -> float:
        """The geometric mean of its token probabilities, in (0, 1]: comparable across answer lengths."""
        return math.exp(self.mean_logprob)


class Predictor:
    def __init__(self, model: GPT, tokenizer: Tokenizer, metadata: RunMetadata | None = None) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.metadata = metadata or RunMetadata()
        self.device = next(model.parameters()).device

    @classmethod
    def load(cls, path: str | Path, device: str | None = None, quantize: str | None = None) -> Predictor:
        """The model of a run folder or weights file, on `device`; `quantize="int8"` swaps its matmuls for int8
        ones (`potterverse.model.quantize`, CPU only)."""
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        quantize = check_quantize(quantize, device)
        model, meta = load_model(path, map_location=device)
        if quantize == "int8":
            model = quantize_int8(model)
        return cls(model, get_tokenizer(meta.tokenizer), meta)

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
        ids: list[int] = []
        steps = stream_generate(
            self.model, idx, max_new_tokens, sampling.temperature, sampling.top_k, sampling.top_p,
            eos_id=self.tokenizer.eot_id, generator=self._generator(sampling), should_stop=should_stop,
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
        should_stop: Callable[[], bool] | None = None, history: Sequence[tuple[str, str]] = (),
    ) -> Iterator[Answer]:  # fmt: skip
        """The answer, growing token by token. A chat with a `character` carries the conversation's earlier
        (message, reply) turns in its prompt, as many as fit the context (oldest dropped first), as in training."""
        spec = get_task(task)
        sampling = sampling or Sampling()
        budget = sampling.max_new_tokens or spec.max_new_tokens
        if task == "chat" and character and history:
            full_prompt = self.conversation_text(character, prompt, history, budget)
        else:
            full_prompt = spec.prompt_text(prompt, character)
        for text, cropped in self.stream_text(full_prompt, sampling, budget, should_stop):
            yield Answer(text.strip(), spec.parse_answer(text), cropped)

    def conversation_text(self, character: str, message: str, history: Sequence[tuple[str, str]], room: int) -> str:
        """The chat prompt of a conversation that leaves `room` new tokens in the context: its oldest turns are
        dropped first (`Task.fit`); if even the last message does not fit, it is cropped from the left."""
        spec = get_task("chat")
        context = self.model.config.context_length
        fits = lambda canonical: len(self.tokenizer.encode(spec.prompt_text(canonical))) + room <= context  # noqa: E731
        canonical = spec.fit(chat_prompt(character, message, history), fits) or chat_prompt(character, message)
        return spec.prompt_text(canonical)

    def answer(self, task: str, prompt: str, sampling: Sampling | None = None, character: str | None = None) -> Answer:
        return _last(self.stream_answer(task, prompt, sampling, character))

    def character_note(self, prompt: str, character: str | None) -> str | None:
        """One line when a chat message speaks to a character this run was not trained on, naming those it was."""
        chat = self.metadata.tasks.get("chat") or {}
        return unknown_character_note(prompt, character, chat.get("characters"))

    def generate_text(self, prompt: str, sampling: Sampling, max_new_tokens: int = 100) -> tuple[str, int]:
        """A free-text continuation, and how many prompt tokens were cropped to fit."""
        return _last(self.stream_text(prompt, sampling, max_new_tokens))

    @torch.inference_mode()
    def continuation_logprobs(
        self, text: str, continuations: Sequence[Sequence[int]]
    ) -> tuple[list[torch.Tensor], int]:
        """The log-probability of each token of each continuation (token ids) right after `text`, in one batched
        forward pass; and how many tokens of `text` were cropped so that the longest continuation fits."""
        longest = max(len(c) for c in continuations)
        prompt, cropped = self.encode(text, longest)
        n = prompt.size(1)
        batch = torch.zeros(len(continuations), n + longest, dtype=torch.long, device=self.device)
        batch[:, :n] = prompt
        for row, ids in zip(batch, continuations, strict=True):
            row[n : n + len(ids)] = torch.tensor(ids, device=self.device)
        # Right padding is harmless: attention is causal, so the pads never reach the positions that are scored.
        # Position n-1+j predicts continuation token j; the head runs on those positions only.
        logits = self.model.head(self.model.hidden(batch[:, :-1])[:, n - 1 :]).float()
        logp = logits.log_softmax(-1).gather(-1, batch[:, n:, None]).squeeze(-1)
        return [logp[i, : len(ids)] for i, ids in enumerate(continuations)], cropped

    def house_probabilities(self, prompt: str) -> tuple[dict[str, float], int]:
        """The Sorting Hat's probability for each house: the likelihood of each house name's full token sequence
        right after the task's prompt (as the answers start in training), normalised over the four houses."""
        names = [self.tokenizer.encode(" " + house) for house in HOUSES]
        logps, cropped = self.continuation_logprobs(get_task("sorting").prompt_text(prompt), names)
        probs = torch.stack([lp.sum() for lp in logps]).softmax(0)
        return dict(zip(HOUSES, probs.tolist(), strict=True)), cropped

    @torch.inference_mode()
    def spell_candidates(
        self, prompt: str, n: int = 5, sampling: Sampling | None = None
    ) -> tuple[list[Candidate], int]:
        """Up to `n` distinct incantations for an effect, best first: `n` answers sampled in one batch (they all
        coincide at temperature 0), each scored by the mean log-probability of " <incantation><|endoftext|>", the
        form answers take in training. Also returns the prompt tokens cropped."""
        spec = get_task("spell")
        sampling = sampling or Sampling(temperature=1.0)
        eot = self.tokenizer.eot_id
        budget = min(sampling.max_new_tokens or spec.max_new_tokens, self.model.config.context_length // 2)
        text = spec.prompt_text(prompt)
        idx, cropped = self.encode(text, budget)
        steps = stream_generate(
            self.model, idx.expand(n, -1), budget, sampling.temperature, sampling.top_k, sampling.top_p,
            eos_id=eot, generator=self._generator(sampling),
        )  # fmt: skip
        rows = torch.stack(list(steps), dim=1).tolist()
        written = {spec.parse_answer(self.tokenizer.decode(r[: r.index(eot)] if eot in r else r)) for r in rows}
        answers = sorted(written - {""})
        if not answers:
            return [], cropped
        logps, _ = self.continuation_logprobs(text, [self.tokenizer.encode(" " + a) + [eot] for a in answers])
        candidates = [Candidate(a, float(lp.mean())) for a, lp in zip(answers, logps, strict=True)]
        return sorted(candidates, key=lambda c: c.mean_logprob, reverse=True), cropped

    def _generator(self, sampling: Sampling) -> torch.Generator | None:
        if sampling.seed is None:
            return None
        return torch.Generator(device=self.device).manual_seed(int(sampling.seed))


def _last(items: Iterator[T]) -> T:
    """The final value of a stream (each one extends the previous)."""
    return deque(items, maxlen=1)[0]

"""A trained model ready to answer: tokenizer, device, prompt cropping and task-aware generation.

Every consumer of a trained model (generate/chat/eval CLIs, the demo) uses `Predictor.load(path)`, which reads
weights through `potterverse.checkpoints` only, and hands it a `Task` object it resolved once (`get_task`), never a
task's name.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import torch

from potterverse.checkpoints import load_model
from potterverse.generation import Sampling, stream_generate
from potterverse.model.gpt import GPT
from potterverse.model.kernels import for_decoding
from potterverse.model.quantize import check_quantize
from potterverse.runs import RunMetadata
from potterverse.tasks import Converses, RanksCandidates, RecordsTraining, Task, rank
from potterverse.tokenizer import Tokenizer, get_tokenizer

T = TypeVar("T")


@dataclass
class Answer:
    text: str  # what the model wrote
    parsed: str  # the task's reading of it (the house, the incantation, the reply's first line)
    cropped: int  # prompt tokens dropped from the left to fit the context window


class Predictor:
    def __init__(self, model: GPT, tokenizer: Tokenizer, metadata: RunMetadata | None = None,
                 quantize: str = "none") -> None:  # fmt: skip
        self.model = model.eval()
        self.quantize = quantize  # the quantisation `model` runs with: none or int8
        self.tokenizer = tokenizer
        self.metadata = metadata or RunMetadata()
        self.device = next(model.parameters()).device

    @classmethod
    def load(cls, path: str | Path, device: str | None = None, quantize: str | None = None) -> Predictor:
        """The model of a run folder or weights file, on `device`, with the decode kernels it gains from
        (`potterverse.model.kernels.for_decoding`): `quantize="int8"` swaps its matmuls for int8 ones (CPU only),
        `"auto"` does so on an x86 CPU (`check_quantize`)."""
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        quantize = check_quantize(quantize, device)
        model, meta = load_model(path, map_location=device)
        with ThreadPoolExecutor(max_workers=1) as pool:  # tiktoken reads its files while torch packs the weights
            tokenizer = pool.submit(get_tokenizer, meta.tokenizer)
            return cls(for_decoding(model, quantize), tokenizer.result(), meta, quantize)

    def encode(self, text: str, room: int) -> tuple[torch.Tensor, int]:
        """Prompt ids [1, T], cropped from the left so `room` new tokens fit the context; and how many were cropped."""
        ids = self.tokenizer.encode(text)
        keep = max(1, self.model.config.context_length - room)
        cropped = max(0, len(ids) - keep)
        return torch.tensor([ids[cropped:]], device=self.device), cropped

    def stream_text(
        self, text: str, sampling: Sampling, should_stop: Callable[[], bool] | None = None
    ) -> Iterator[tuple[str, int]]:
        """(text generated so far, prompt tokens cropped), growing token by token; stops at <|endoftext|>.
        `sampling.max_new_tokens` must be set (`Sampling.with_budget`)."""
        idx, cropped = self.encode(text, sampling.new_tokens)
        ids: list[int] = []
        steps = stream_generate(self.model, idx, sampling, eos_id=self.tokenizer.eot_id, should_stop=should_stop)
        for token in steps:
            tid = int(token[0])
            if tid == self.tokenizer.eot_id:
                break
            ids.append(tid)
            yield self.tokenizer.decode(ids), cropped
        if not ids:
            yield "", cropped

    def stream_answer(
        self, task: Task, prompt: str, sampling: Sampling | None = None, character: str | None = None,
        should_stop: Callable[[], bool] | None = None, history: Sequence[tuple[str, str]] = (),
    ) -> Iterator[Answer]:  # fmt: skip
        """The answer, growing token by token. A task that `Converses` (chat), given a `character` and `history`,
        carries the earlier (message, reply) turns in its prompt, as many as fit the context (oldest dropped
        first), as in training."""
        sampling = (sampling or Sampling()).with_budget(task.max_new_tokens)
        if isinstance(task, Converses) and character and history:
            full_prompt = self.conversation_text(task, character, prompt, history, sampling.max_new_tokens)
        else:
            full_prompt = task.prompt_text(prompt, character)
        for text, cropped in self.stream_text(full_prompt, sampling, should_stop):
            yield Answer(text.strip(), task.parse(text), cropped)

    def conversation_text(
        self, task: Task, character: str, message: str, history: Sequence[tuple[str, str]], room: int
    ) -> str:
        """The prompt of a conversation that leaves `room` new tokens in the context: its oldest turns are
        dropped first (`Task.fit`); if even the last message does not fit, it is cropped from the left."""
        assert isinstance(task, Converses), f"{task.name} holds no conversations"
        context = self.model.config.context_length
        fits = lambda canonical: len(self.tokenizer.encode(task.wrap(canonical))) + room <= context  # noqa: E731
        conversation = task.with_history(character, message, history)
        return task.wrap(task.fit(conversation, fits) or task.with_history(character, message, ()))

    def answer(self, task: Task, prompt: str, sampling: Sampling | None = None, character: str | None = None) -> Answer:
        """The whole answer; a task that `RanksCandidates` (sorting) parses it as its likeliest candidate, so the
        answer that is scored is the one the demo shows."""
        answer = _last(self.stream_answer(task, prompt, sampling, character))
        if isinstance(task, RanksCandidates):
            probs, _ = rank(task, prompt, self.loglikelihoods, self.tokenizer.encode)
            answer = replace(answer, parsed=max(probs, key=probs.__getitem__))
        return answer

    def task_record(self, task: Task) -> dict:
        """What this run recorded of a task when it was trained ({} for runs that record nothing)."""
        return dict(self.metadata.tasks.get(task.name) or {})

    def note(self, task: Task, prompt: str, character: str | None) -> str | None:
        """A line for the user about this prompt, e.g. a chat speaking to a character this run was not trained on."""
        return (
            task.note(prompt, character, self.task_record(task) or None) if isinstance(task, RecordsTraining) else None
        )

    def generate_text(self, prompt: str, sampling: Sampling, default_tokens: int = 100) -> tuple[str, int]:
        """A free-text continuation (`default_tokens` long when `sampling` sets no length), and how many prompt
        tokens were cropped to fit."""
        return _last(self.stream_text(prompt, sampling.with_budget(default_tokens)))

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
        # Position n-1+j predicts continuation token j; the head runs on those positions only. The model's own
        # forward keeps vocab_multiple's padding rows out of the log-softmax.
        logits = self.model(batch[:, :-1], positions=slice(n - 1, None)).float()
        logp = logits.log_softmax(-1).gather(-1, batch[:, n:, None]).squeeze(-1)
        return [logp[i, : len(ids)] for i, ids in enumerate(continuations)], cropped

    def loglikelihoods(self, text: str, continuations: Sequence[Sequence[int]]) -> tuple[list[float], int]:
        """Each continuation's total log-likelihood after `text`, and the tokens of `text` cropped: the `Scorer`
        that tasks rank their candidates with."""
        logps, cropped = self.continuation_logprobs(text, continuations)
        return [float(lp.sum()) for lp in logps], cropped

    @torch.inference_mode()
    def sample_batch(self, text: str, n: int, sampling: Sampling) -> tuple[list[str], int]:
        """`n` continuations of `text` sampled in one batch, each up to <|endoftext|>; and the prompt tokens
        cropped. `sampling.max_new_tokens` must be set (`Sampling.with_budget`)."""
        eot = self.tokenizer.eot_id
        idx, cropped = self.encode(text, sampling.new_tokens)
        steps = stream_generate(self.model, idx.expand(n, -1), sampling, eos_id=eot)
        rows = torch.stack(list(steps), dim=1).tolist()
        return [self.tokenizer.decode(r[: r.index(eot)] if eot in r else r) for r in rows], cropped


def _last(items: Iterator[T]) -> T:
    """The final value of a stream (each one extends the previous)."""
    return deque(items, maxlen=1)[0]

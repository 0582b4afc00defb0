"""Sampling from a GPT: greedy, temperature, top-k, nucleus (top-p), stop at end-of-text, streaming.

`Sampling` is the one settings object: the CLIs and the demo build it, and it travels unchanged to the sampling
loop. `stream_generate` is the engine: it yields one token per row per step and checks a cancel hook before each
step, so a caller (the demo's stop button) can end a decode loop server-side. `generate` collects its output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import torch

from potterverse.errors import ConfigError
from potterverse.model.gpt import GPT, KVCache
from potterverse.rules import POSITIVE, Checked, integer, nullable, number, setting


@dataclass(frozen=True)
class Sampling(Checked):
    """How each next token is picked, and how many are written. Checked when built, so a bad value is reported
    where it was given (a CLI argument, a demo control)."""

    temperature: float = setting(number(0, note="0 means greedy"), 0.0)
    top_k: int | None = setting(nullable(POSITIVE), None)
    top_p: float | None = setting(nullable(number(0, 1, lo_open=True)), None)
    max_new_tokens: int | None = setting(nullable(POSITIVE), None)  # None: the caller's default (a task's budget)
    seed: int | None = setting(nullable(integer()), None)  # a seeded generator: reproducible sampling

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Sampling:
        """The sampling settings under their names (`temperature`, `top_k`, `top_p`, `max_new_tokens`, `seed`) as
        a command's config (configs/generate.yaml, chat.yaml) or the demo's controls give them; other keys are
        ignored. A control cannot say "unset", so 0 (or null) leaves top-k and the token budget to their defaults,
        a top-p of 0 or 1 turns nucleus sampling off, and a negative (or null) seed samples unseeded."""
        top_k, top_p, budget, seed = (settings.get(k) for k in ("top_k", "top_p", "max_new_tokens", "seed"))
        return cls(
            temperature=float(settings.get("temperature") or 0.0),
            top_k=int(top_k) if top_k and top_k > 0 else None,
            top_p=float(top_p) if top_p and top_p < 1 else None,
            max_new_tokens=int(budget) if budget and budget > 0 else None,
            seed=None if seed is None or seed < 0 else int(seed),
        )

    def with_budget(self, default: int) -> Sampling:
        """These settings with `max_new_tokens` filled in: their own, or `default` when unset."""
        return replace(self, max_new_tokens=self.max_new_tokens or default)

    @property
    def new_tokens(self) -> int:
        """`max_new_tokens`, which decoding needs set: a ConfigError when it is not."""
        if self.max_new_tokens is None:
            raise ConfigError("Sampling.max_new_tokens must be set to generate (Sampling.with_budget fills it in).")
        return self.max_new_tokens

    def generator(self, device: torch.device | str) -> torch.Generator | None:
        """A generator seeded with `seed` on `device`, or None (the global one) without a seed."""
        return None if self.seed is None else torch.Generator(device=device).manual_seed(int(self.seed))


def sample_next(logits: torch.Tensor, sampling: Sampling, generator: torch.Generator | None = None) -> torch.Tensor:
    """Next token ids [B] from last-position logits [B, vocab]."""
    if sampling.temperature == 0:
        return logits.argmax(dim=-1)
    logits = logits.float() / sampling.temperature
    top_k, top_p = sampling.top_k, sampling.top_p
    if top_k is not None and top_k < logits.size(-1):
        kth = torch.topk(logits, top_k, dim=-1).values[:, -1:]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    if top_p is not None and top_p < 1.0:
        sorted_logits, order = logits.sort(dim=-1, descending=True)
        probs = sorted_logits.softmax(dim=-1)
        # drop a token when the tokens ranked above it already cover top_p (so the top token always stays)
        drop = probs.cumsum(dim=-1) - probs >= top_p
        logits = logits.masked_fill(drop.scatter(-1, order, drop), float("-inf"))
    probs = logits.softmax(dim=-1)
    return torch.multinomial(probs, num_samples=1, generator=generator).squeeze(-1)


@torch.inference_mode()
def stream_generate(
    model: GPT,
    idx: torch.Tensor,
    sampling: Sampling,
    eos_id: int | None = None,
    use_cache: bool = True,
    generator: torch.Generator | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[torch.Tensor]:
    """Yield next-token ids [B], step by step. Rows that reached `eos_id` keep yielding `eos_id`; the loop ends
    when every row has, after `sampling.max_new_tokens`, or when `should_stop()` turns true. `generator` (one that
    carries on across calls) replaces the one `sampling.seed` seeds."""
    steps = sampling.new_tokens
    if idx.dim() == 1:
        idx = idx.unsqueeze(0)
    if idx.size(1) == 0:
        raise ConfigError("The prompt must hold at least one token.")
    generator = generator or sampling.generator(idx.device)
    ctx = model.config.context_length
    seq = idx[:, -ctx:]  # prompts longer than the window are cropped from the left
    cache = None
    if use_cache:
        param = next(model.parameters())
        cache = KVCache(model.config, seq.size(0), ctx, param.device, param.dtype)
    finished = torch.zeros(seq.size(0), dtype=torch.bool, device=seq.device)
    last = slice(-1, None)  # the head runs on the last position only
    pos = 0  # how many positions of `seq` the cache holds
    for _ in range(steps):
        if should_stop is not None and should_stop():
            return
        if cache is None:
            logits = model(seq, positions=last)
        elif seq.size(1) > ctx:
            # The window slid: learned positions shift, so the cache no longer applies. Recompute, like the
            # uncached path does, so both paths give the same tokens.
            seq = seq[:, -ctx:]
            logits = model(seq, cache=cache, start=0, positions=last)
            pos = ctx
        else:
            logits = model(seq[:, pos:], cache=cache, start=pos, positions=last)
            pos = seq.size(1)
        nxt = sample_next(logits[:, -1], sampling, generator)
        if eos_id is not None:
            nxt = nxt.masked_fill(finished, eos_id)
            finished |= nxt == eos_id
        yield nxt
        seq = torch.cat([seq, nxt[:, None]], dim=1)
        if cache is None:
            seq = seq[:, -ctx:]
        if eos_id is not None and bool(finished.all()):
            return


def generate(model: GPT, idx: torch.Tensor, sampling: Sampling, **options: Any) -> torch.LongTensor:
    """The prompt ids [B, T] followed by up to `sampling.max_new_tokens` generated ids (fewer if every row hit
    eos_id): what `stream_generate(model, idx, sampling, **options)` yields, collected."""
    steps = list(stream_generate(model, idx, sampling, **options))
    prompt = idx if idx.dim() == 2 else idx.unsqueeze(0)
    if not steps:
        return prompt.clone()
    return torch.cat([prompt, torch.stack(steps, dim=1)], dim=1)

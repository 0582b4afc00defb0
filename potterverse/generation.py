"""Sampling from a GPT: greedy, temperature, top-k, nucleus (top-p), stop at end-of-text, streaming.

`stream_generate` is the engine: it yields one token per row per step and checks a cancel hook before each step,
so a caller (the demo's stop button) can end a decode loop server-side. `generate` collects its output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import torch

from potterverse.errors import ConfigError
from potterverse.model.gpt import GPT, KVCache


def validate_sampling(max_new_tokens: int, temperature: float, top_k: int | None, top_p: float | None) -> None:
    if max_new_tokens < 0:
        raise ConfigError(f"max_new_tokens must be >= 0, got {max_new_tokens}.")
    if temperature < 0:
        raise ConfigError(f"temperature must be >= 0 (0 means greedy), got {temperature}.")
    if top_k is not None and top_k < 1:
        raise ConfigError(f"top_k must be >= 1 (or None to disable), got {top_k}.")
    if top_p is not None and not 0.0 < top_p <= 1.0:
        raise ConfigError(f"top_p must be in (0, 1] (or None to disable), got {top_p}.")


def sample_next(
    logits: torch.Tensor,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Next token ids [B] from last-position logits [B, vocab]."""
    if temperature == 0:
        return logits.argmax(dim=-1)
    logits = logits.float() / temperature
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
    max_new_tokens: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    eos_id: int | None = None,
    use_cache: bool = True,
    generator: torch.Generator | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[torch.Tensor]:
    """Yield next-token ids [B], step by step. Rows that reached `eos_id` keep yielding `eos_id`; the loop ends
    when every row has, after `max_new_tokens`, or when `should_stop()` turns true."""
    validate_sampling(max_new_tokens, temperature, top_k, top_p)
    if idx.dim() == 1:
        idx = idx.unsqueeze(0)
    if idx.size(1) == 0:
        raise ConfigError("The prompt must hold at least one token.")
    ctx = model.config.context_length
    seq = idx[:, -ctx:]  # prompts longer than the window are cropped from the left
    cache = None
    if use_cache:
        param = next(model.parameters())
        cache = KVCache(model.config, seq.size(0), ctx, param.device, param.dtype)
    finished = torch.zeros(seq.size(0), dtype=torch.bool, device=seq.device)
    pos = 0  # how many positions of `seq` the cache holds
    for _ in range(max_new_tokens):
        if should_stop is not None and should_stop():
            return
        if cache is None:
            logits = model(seq, last_only=True)
        elif seq.size(1) > ctx:
            # The window slid: learned positions shift, so the cache no longer applies. Recompute, like the
            # uncached path does, so both paths give the same tokens.
            seq = seq[:, -ctx:]
            logits = model(seq, cache=cache, start=0, last_only=True)
            pos = ctx
        else:
            logits = model(seq[:, pos:], cache=cache, start=pos, last_only=True)
            pos = seq.size(1)
        nxt = sample_next(logits[:, -1], temperature, top_k, top_p, generator)
        if eos_id is not None:
            nxt = nxt.masked_fill(finished, eos_id)
            finished |= nxt == eos_id
        yield nxt
        seq = torch.cat([seq, nxt[:, None]], dim=1)
        if cache is None:
            seq = seq[:, -ctx:]
        if eos_id is not None and bool(finished.all()):
            return


def generate(
    model: GPT,
    idx: torch.Tensor,
    max_new_tokens: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    eos_id: int | None = None,
    use_cache: bool = True,
    generator: torch.Generator | None = None,
) -> torch.LongTensor:
    """The prompt ids [B, T] followed by up to `max_new_tokens` generated ids (fewer if every row hit eos_id).

    temperature 0 is greedy decoding; pass a seeded `torch.Generator` for reproducible sampling.
    """
    steps = list(stream_generate(model, idx, max_new_tokens, temperature, top_k, top_p, eos_id, use_cache, generator))
    prompt = idx if idx.dim() == 2 else idx.unsqueeze(0)
    if not steps:
        return prompt.clone()
    return torch.cat([prompt, torch.stack(steps, dim=1)], dim=1)

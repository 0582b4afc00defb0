"""The one tiny random GPT-2 the tests build with `transformers` (the peer implementation)."""

from __future__ import annotations

from pathlib import Path

GPT2_VOCAB = 50257  # the tokenizer's: any GPT-2 the tasks train has it


def save_tiny_gpt2(out: Path, seed: int = 0) -> Path:
    """A randomly initialised GPT-2 with GPT-2's whole vocabulary and a tiny body, saved as a Hugging Face folder
    (config.json + model.safetensors): `init=gpt2 init.path=<out>` stands in for OpenAI's weights, which cannot be
    downloaded here, and our loader is checked against `transformers` on it."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(seed)
    GPT2LMHeadModel(GPT2Config(vocab_size=GPT2_VOCAB, n_positions=128, n_embd=32, n_layer=2, n_head=2)).save_pretrained(
        out
    )
    return out

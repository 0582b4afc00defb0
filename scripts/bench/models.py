"""The models the sections set against each other: ours at a preset size, and twins of it (transformers' GPT-2 with
the same weights, nanoGPT's model in the same shape, ours with int8 weights), with the FLOPs a training step takes."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import torch


def our_model(size: str, device: torch.device, **overrides):
    from potterverse.model import GPT, preset_config

    torch.manual_seed(0)
    return GPT(preset_config(size, **overrides)).to(device)


def load_nanogpt(path: Path):
    """nanoGPT's `model.py` from a checkout of the user's (`--nanogpt`), imported as a module of its own."""
    spec = importlib.util.spec_from_file_location("nanogpt_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nanogpt_twin(nanogpt, config) -> torch.nn.Module:
    """nanoGPT's GPT in the shape of our `config`: layers, heads, width, context and the padded vocabulary (nanoGPT's
    own 50304), with biases and no dropout, initialised its own way."""
    torch.manual_seed(0)
    shape = nanogpt.GPTConfig(block_size=config.context_length, vocab_size=config.padded_vocab_size,
                              n_layer=config.n_layers, n_head=config.n_heads, n_embd=config.emb_dim, dropout=0.0,
                              bias=True)  # fmt: skip
    return nanogpt.GPT(shape)


def transformers_twin(model) -> torch.nn.Module:
    """transformers' GPT2LMHeadModel with our model's config (SDPA attention) and a copy of its weights."""
    from transformers import GPT2Config, GPT2LMHeadModel

    from potterverse.model.hf import hf_config, hf_state_dict

    twin = GPT2LMHeadModel._from_config(GPT2Config(**hf_config(model.config)), attn_implementation="sdpa")
    missing, unexpected = twin.load_state_dict(hf_state_dict(model), strict=False)
    assert missing == ["lm_head.weight"] and not unexpected, (missing, unexpected)  # lm_head is tied to wte
    assert twin.lm_head.weight is twin.transformer.wte.weight and twin.config._attn_implementation == "sdpa"
    return twin.to(next(model.parameters()).device)


def non_embedding_matmul_params(model) -> int:
    """N of the 6·N·tokens rule: every weight used in a matmul (the tied head counts), not the position table."""
    return model.num_params() - model.pos_emb.weight.numel()


def train_flops(model, batch: int, seq: int) -> float:
    """Model FLOPs of one training step: 6·N per token, plus attention's 12·layers·emb_dim·seq (PaLM's count)."""
    c = model.config
    return batch * seq * (6 * non_embedding_matmul_params(model) + 12 * c.n_layers * c.emb_dim * seq)


def our_model_context(size: str) -> int:
    from potterverse.model.presets import PRESETS

    return PRESETS[size]["context_length"]


def int8_twin(model: torch.nn.Module) -> torch.nn.Module:
    """A CPU copy of `model` with quantize=int8, as `potterverse-generate quantize=int8` answers with it."""
    from potterverse.model.kernels import for_decoding

    return for_decoding(copy.deepcopy(model).cpu(), "int8")


def greedy_agreement(fp32, int8, prompts: torch.Tensor, new_tokens: int) -> float:
    """The share of greedily generated tokens on which the int8 model and its fp32 original agree."""
    from potterverse.generation import Sampling, generate

    greedy = Sampling(max_new_tokens=new_tokens)
    a, b = (generate(m, prompts, greedy)[:, prompts.size(1) :] for m in (fp32, int8))
    return (a == b).float().mean().item()

"""PotterVerseAI's files as its users have them: .pth state dicts in its layout (random values), its forward pass
written from its description (separate query/key/value projections, a causal mask, exact GELU, LayerNorm as
scale/shift with eps 1e-5), independently of our model code, and its task CSVs (rows of our own wording)."""

from __future__ import annotations

import math
from pathlib import Path

import torch
import torch.nn.functional as F

from tests.helpers.models import GPT2_VOCAB

VOCAB, CONTEXT, D, LAYERS = 300, 32, 128, 2  # two 64-dimensional heads, as its models have


def seed_state(qkv_bias: bool, tied: bool = True, seed: int = 0, mask: bool = False, vocab: int = VOCAB,
               context: int = CONTEXT) -> dict[str, torch.Tensor]:  # fmt: skip
    """A state dict in PotterVerseAI's layout (its GPTModel.state_dict()), random values."""
    g = torch.Generator().manual_seed(seed)

    def rand(*shape: int, scale: float = 0.2) -> torch.Tensor:
        return torch.randn(*shape, generator=g) * scale

    state = {"tok_emb.weight": rand(vocab, D), "pos_emb.weight": rand(context, D)}
    for i in range(LAYERS):
        p = f"trf_blocks.{i}."
        for name in ("W_query", "W_key", "W_value"):
            state[f"{p}att.{name}.weight"] = rand(D, D)
            if qkv_bias:
                state[f"{p}att.{name}.bias"] = rand(D)
        if mask:
            state[f"{p}att.mask"] = torch.triu(torch.ones(context, context), diagonal=1)
        state |= {f"{p}att.out_proj.weight": rand(D, D), f"{p}att.out_proj.bias": rand(D),
                  f"{p}ff.layers.0.weight": rand(4 * D, D), f"{p}ff.layers.0.bias": rand(4 * D),
                  f"{p}ff.layers.2.weight": rand(D, 4 * D), f"{p}ff.layers.2.bias": rand(D)}  # fmt: skip
        for norm in ("norm1", "norm2"):
            state[f"{p}{norm}.scale"] = 1 + rand(D, scale=0.1)
            state[f"{p}{norm}.shift"] = rand(D, scale=0.1)
    state["final_norm.scale"], state["final_norm.shift"] = 1 + rand(D, scale=0.1), rand(D, scale=0.1)
    state["out_head.weight"] = state["tok_emb.weight"].clone() if tied else rand(vocab, D)
    return state


def original_forward(state: dict[str, torch.Tensor], idx: torch.Tensor, n_heads: int) -> torch.Tensor:
    """Logits of PotterVerseAI's GPTModel, computed from its own parameter names."""

    def layer_norm(x: torch.Tensor, prefix: str) -> torch.Tensor:
        mean = x.mean(-1, keepdim=True)
        var = x.var(-1, keepdim=True, unbiased=False)
        return state[f"{prefix}.scale"] * (x - mean) / torch.sqrt(var + 1e-5) + state[f"{prefix}.shift"]

    def linear(x: torch.Tensor, prefix: str) -> torch.Tensor:
        return F.linear(x, state[f"{prefix}.weight"], state.get(f"{prefix}.bias"))

    B, T = idx.shape
    x = state["tok_emb.weight"][idx] + state["pos_emb.weight"][:T]
    causal = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
    for i in range(LAYERS):
        p = f"trf_blocks.{i}"
        h = layer_norm(x, f"{p}.norm1")
        q, k, v = (linear(h, f"{p}.att.{n}").view(B, T, n_heads, -1).transpose(1, 2)
                   for n in ("W_query", "W_key", "W_value"))  # fmt: skip
        scores = (q @ k.transpose(2, 3)).masked_fill(causal, -math.inf)
        weights = torch.softmax(scores / k.shape[-1] ** 0.5, dim=-1)
        x = x + linear((weights @ v).transpose(1, 2).reshape(B, T, D), f"{p}.att.out_proj")
        h = layer_norm(x, f"{p}.norm2")
        x = x + linear(F.gelu(linear(h, f"{p}.ff.layers.0")), f"{p}.ff.layers.2")  # exact (erf) GELU
    return linear(layer_norm(x, "final_norm"), "out_head")


TASK_ROWS = {  # PotterVerseAI's file names and columns, our own rows
    "sorting_hat_dataset.csv": [
        ("I label every jar in the kitchen and read the manual twice", "Ravenclaw! Your curiosity has a plan."),
        ("I would walk into a storm to bring a friend home", "Gryffindor! Courage is your compass."),
        ("I keep promises even when nobody would notice", "Hufflepuff! Loyal to the last crumb."),
    ],
    "spell_generator_dataset.csv": [
        ("Effect: makes a teacup hum a tune", "Cantilla"),
        ("Effect: dries wet boots in a blink", "Siccatus"),
        ("Effect: lights a path of small stars", "Stellavia"),
    ],
    "character_chat_dataset.csv": [
        ("User to Hagrid: Can I feed the dragon?", "Only if yeh bring gloves, an' a bucket o' water."),
        ("User to Snape: Is my potion ready?", "It is ready to be poured away."),
    ],
}


def write_potterverse_ai_files(root: Path) -> None:
    """What a PotterVerseAI user has in their folder: its three CSVs (also in `old/`) and its .pth checkpoints."""
    for name, rows in TASK_ROWS.items():
        lines = ["prompt,completion", *(f'"{p}","{c}"' for p, c in rows)]
        (root / name).write_text("\n".join(lines) + "\n")
    (root / "old").mkdir()  # the same files in a folder of their own, mapped by path
    for name in TASK_ROWS:
        (root / "old" / name).write_bytes((root / name).read_bytes())
    # its file names -> whether the model has a QKV bias (its GPT-2-initialised ones do)
    files = {"harry_potter_scratch.pth": False, "multitask_potter_finetuned.pth": False,
             "harry_potter_GPT2_Finetuned.pth": True}  # fmt: skip
    for i, (name, bias) in enumerate(files.items()):
        torch.save(seed_state(bias, tied=False, seed=i, vocab=GPT2_VOCAB, context=128), root / name)

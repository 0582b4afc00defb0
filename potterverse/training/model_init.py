"""Where a run's weights start: a fresh model of a named size, OpenAI's GPT-2, or a previous run."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from potterverse.checkpoints import load_model
from potterverse.errors import ConfigError
from potterverse.model.gpt import GPT
from potterverse.model.hf import load_hf_gpt2
from potterverse.model.lora import apply_lora
from potterverse.model.presets import gpt_config

log = logging.getLogger(__name__)


def build_model(model: Mapping[str, Any], init: Mapping[str, Any], finetune: Mapping[str, Any] | None = None) -> GPT:
    """The GPT a run trains (configs/train.yaml's `module.model`, built by `_target_`). `model` is the model config
    group (configs/model/<size>.yaml), `init` the init group: scratch (shape from `model`), gpt2 or checkpoint
    (shape from the weights at `init.path`; for a PotterVerseAI .pth, `init.n_heads` and `init.gelu` say what its
    shapes do not). `finetune` says which of its weights train (see `apply_finetune_options`)."""
    net = start_model(model, init)
    finetune = finetune or {}
    apply_finetune_options(net, finetune.get("trainable_blocks"), finetune.get("lora"))
    return net


def start_model(model: Mapping[str, Any], init: Mapping[str, Any]) -> GPT:
    """The weights a run starts from: a fresh model of the `model` shape, OpenAI's GPT-2, or a previous run."""
    kind = init.get("name")  # scratch, gpt2 or checkpoint (potterverse/settings/train.py: Init)
    if kind == "scratch":
        return GPT(gpt_config(dict(model)))
    if not init.get("path"):
        raise ConfigError(f"init={kind} needs init.path=<{'HF folder or hub name' if kind == 'gpt2' else 'run'}>.")
    if kind == "gpt2":
        net = load_hf_gpt2(init["path"])
    else:
        seed_options = {k: init.get(k) for k in ("n_heads", "gelu")}
        net = load_model(init["path"], seed_options=seed_options)[0]
    if model.get("drop_rate") is not None:
        net.set_dropout(float(model["drop_rate"]))
    log.info(
        "Initialised from %s %s (%.1fM parameters; its shape, not the model group's)",
        kind,
        init["path"],
        net.num_params() / 1e6,
    )
    return net


def apply_finetune_options(
    model: GPT, trainable_blocks: int | None = None, lora: Mapping[str, Any] | None = None
) -> None:
    """Train less than the whole model: only the last `trainable_blocks` blocks (and the final LayerNorm), or LoRA
    adapters of rank `lora.rank` on every block (the base weights frozen)."""
    if lora and lora.get("rank"):
        apply_lora(model, int(lora["rank"]), float(lora["alpha"]), float(lora["dropout"]))
    elif trainable_blocks is not None:
        n = int(trainable_blocks)
        if not 0 <= n <= model.config.n_layers:
            raise ConfigError(f"finetune.trainable_blocks must be between 0 and {model.config.n_layers}, got {n}.")
        for p in model.parameters():
            p.requires_grad_(False)
        for module in [*model.blocks[len(model.blocks) - n :], model.ln_f]:
            for p in module.parameters():
                p.requires_grad_(True)
    else:
        return
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    log.info("Fine-tuning %.2fM of %.2fM parameters", trainable / 1e6, model.num_params() / 1e6)

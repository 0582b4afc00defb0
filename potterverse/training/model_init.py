"""Where a run's weights start: a fresh model of a named size, OpenAI's GPT-2, or a previous run."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from potterverse.checkpoints import load_model
from potterverse.model.gpt import GPT
from potterverse.model.hf import load_hf_gpt2
from potterverse.model.presets import preset_config

log = logging.getLogger(__name__)

SHAPE_FIELDS = ("vocab_size", "context_length", "emb_dim", "n_heads", "n_layers", "qkv_bias")
INIT_KINDS = ("scratch", "gpt2", "checkpoint")


def build_model(model: Mapping[str, Any], init: Mapping[str, Any]) -> GPT:
    """The GPT a run starts from. `model` is the model config group (preset + field overrides), `init` the init
    group: scratch (shape from `model`), gpt2 or checkpoint (shape from the weights at `init.path`)."""
    kind = init.get("name")
    if kind == "scratch":
        overrides = {k: model[k] for k in (*SHAPE_FIELDS, "drop_rate") if model.get(k) is not None}
        return GPT(preset_config(model["preset"], **overrides))
    if kind not in INIT_KINDS:
        raise ValueError(f"Unknown init {kind!r}; choose one of: {', '.join(INIT_KINDS)}.")
    if not init.get("path"):
        raise ValueError(f"init={kind} needs init.path=<{'HF folder or hub name' if kind == 'gpt2' else 'run'}>.")
    net = load_hf_gpt2(init["path"]) if kind == "gpt2" else load_model(init["path"])[0]
    ignored = [k for k in SHAPE_FIELDS if model.get(k) is not None and model[k] != getattr(net.config, k)]
    if ignored:
        log.warning("init=%s takes the model shape from %s; ignoring model.%s", kind, init["path"], ignored)
    if model.get("drop_rate") is not None:
        net.set_dropout(float(model["drop_rate"]))
    log.info("Initialised from %s %s (%.1fM parameters)", kind, init["path"], net.num_params() / 1e6)
    return net

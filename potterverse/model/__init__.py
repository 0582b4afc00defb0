"""The hand-built GPT-2, its named sizes and GPT-2 weight import."""

from potterverse.model.gpt import GPT, GPTConfig, KVCache
from potterverse.model.hf import load_hf_gpt2
from potterverse.model.presets import PRESETS, preset_config

__all__ = ["GPT", "GPTConfig", "KVCache", "PRESETS", "load_hf_gpt2", "preset_config"]

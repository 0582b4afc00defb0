"""Named model sizes: the shapes in configs/model/<name>.yaml, the model group's own files (the one place these
numbers live). `small`..`xl` are OpenAI's GPT-2 shapes; `tiny` trains on a laptop CPU in minutes."""

from __future__ import annotations

from dataclasses import fields

from omegaconf import OmegaConf

from potterverse.config_dir import config_dir
from potterverse.errors import ConfigError
from potterverse.model.gpt import GPTConfig

_FILES = {path.stem: OmegaConf.to_container(OmegaConf.load(path)) for path in (config_dir() / "model").glob("*.yaml")}
PRESETS: dict[str, dict] = dict(sorted(_FILES.items(), key=lambda kv: kv[1]["n_layers"] * kv[1]["emb_dim"] ** 2))
"""The model group's files by name, smallest first."""


def gpt_config(model: dict, **overrides) -> GPTConfig:
    """The GPTConfig of a model group's settings (its other keys, such as `compile`, and nulls left out)."""
    names = {f.name for f in fields(GPTConfig)}
    return GPTConfig(**{k: v for k, v in {**model, **overrides}.items() if k in names and v is not None})


def preset_config(name: str, **overrides) -> GPTConfig:
    """The GPTConfig of a named preset, with any field overridden. Its vocabulary is OpenAI's, unpadded
    (vocab_multiple=1: parameter counts as GPT-2's), unless overridden; a run from scratch pads it as the YAML says."""
    if name not in PRESETS:
        raise ConfigError(f"Unknown model preset {name!r}; choose one of: {', '.join(PRESETS)}.")
    return gpt_config(PRESETS[name], **{"vocab_multiple": 1, **overrides})

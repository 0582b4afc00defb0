"""Named model sizes, read from configs/model/_presets.yaml (the one place their shapes live): `small`..`xl` are
OpenAI's GPT-2 shapes; `tiny` trains on a laptop CPU in minutes."""

from __future__ import annotations

from omegaconf import OmegaConf

from potterverse.config_dir import config_dir
from potterverse.errors import ConfigError
from potterverse.model.gpt import GPTConfig

PRESETS: dict[str, dict] = OmegaConf.to_container(OmegaConf.load(config_dir() / "model" / "_presets.yaml"))


def preset_config(name: str, **overrides) -> GPTConfig:
    """The GPTConfig of a named preset, with any field overridden."""
    if name not in PRESETS:
        raise ConfigError(f"Unknown model preset {name!r}; choose one of: {', '.join(PRESETS)}.")
    return GPTConfig(**{**PRESETS[name], **overrides})

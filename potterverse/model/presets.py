"""Named model sizes. `small`..`xl` are OpenAI's GPT-2 shapes; `tiny` trains on a laptop CPU in minutes."""

from __future__ import annotations

from potterverse.errors import ConfigError
from potterverse.model.gpt import GPTConfig

PRESETS: dict[str, dict] = {
    "tiny": dict(context_length=256, emb_dim=192, n_heads=6, n_layers=6),  # ~12.4M params, mostly embedding
    "small": dict(context_length=1024, emb_dim=768, n_heads=12, n_layers=12),  # 124M, GPT-2
    "medium": dict(context_length=1024, emb_dim=1024, n_heads=16, n_layers=24),  # 355M, GPT-2 medium
    "large": dict(context_length=1024, emb_dim=1280, n_heads=20, n_layers=36),  # 774M, GPT-2 large
    "xl": dict(context_length=1024, emb_dim=1600, n_heads=25, n_layers=48),  # 1558M, GPT-2 XL
}


def preset_config(name: str, **overrides) -> GPTConfig:
    """The GPTConfig of a named preset, with any field overridden."""
    if name not in PRESETS:
        raise ConfigError(f"Unknown model preset {name!r}; choose one of: {', '.join(PRESETS)}.")
    return GPTConfig(**{**PRESETS[name], **overrides})

"""The commands' configs as their console scripts compose them, and the overrides of a tiny training run."""

from __future__ import annotations

from pathlib import Path

from omegaconf import DictConfig


def compose_config(config_name: str, *overrides: str) -> DictConfig:
    """A CLI's config (configs/<config_name>.yaml) as the CLI would compose it."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from potterverse.cli.common import CONFIG_DIR, register_resolvers

    register_resolvers()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        return compose(config_name=config_name, overrides=list(overrides))


def compose_train(*overrides: str) -> DictConfig:
    """The train config as the CLI would compose it, for in-process runs (paths.output_dir must be overridden)."""
    return compose_config("train", *overrides)


def tiny_run_overrides(out: Path, cache: Path, steps: int = 4) -> list[str]:
    """A few steps of a very small model on the sample corpus, writing only under tmp folders."""
    return [
        "experiment=quickstart",
        f"paths.output_dir={out}",
        f"paths.cache_dir={cache}",
        "model.n_layers=2",
        "model.emb_dim=64",
        "model.n_heads=2",
        "data.block_size=64",
        "data.batch_size=4",
        "data.val_windows=4",
        f"trainer.max_steps={steps}",
        f"trainer.val_check_interval={max(steps // 2, 1)}",
        "trainer.enable_progress_bar=false",
        "trainer.enable_model_summary=false",
        "trainer.log_every_n_steps=1",
        "callbacks.text_samples.max_new_tokens=8",
    ]

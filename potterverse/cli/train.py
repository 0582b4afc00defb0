"""potterverse-train: pre-train or fine-tune a GPT from a Hydra config (configs/train.yaml)."""

from __future__ import annotations

from omegaconf import DictConfig, OmegaConf

# PotterVerse's sweepers and launcher register their configs when imported. Hydra's own plugin scan finds them in an
# installed wheel, but not through the import hook of an editable install (pip install -e .): import them here.
import hydra_plugins.potterverse_plugins.grid_sweeper  # noqa: F401
import hydra_plugins.potterverse_plugins.optuna_sweeper  # noqa: F401
import hydra_plugins.potterverse_plugins.parallel_launcher  # noqa: F401
from potterverse.cli.run_folder import place_run
from potterverse.launch import spawned_rank_config
from potterverse.training.run import train  # the command's function (potterverse/__main__.py)

__all__ = ["prepare", "train"]


def prepare(argv: list[str]) -> list[str] | DictConfig:
    """The command line with the run folder placed (potterverse/cli/run_folder.py), or, in a process Lightning
    started for another local rank, the config the first process resolved: running Hydra again would give it a run
    folder of its own, or start the whole sweep again under -m."""
    run_config = spawned_rank_config()
    if run_config is not None:
        return OmegaConf.load(run_config)
    return place_run(argv)


if __name__ == "__main__":  # `python -m potterverse.cli.train`: the table's command, as installed
    from potterverse.__main__ import train as command

    command()

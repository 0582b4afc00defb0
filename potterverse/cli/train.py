"""potterverse-train: pre-train or fine-tune a GPT from a Hydra config (configs/train.yaml)."""

from __future__ import annotations

import sys

import hydra
from omegaconf import DictConfig, OmegaConf

from potterverse.cli.arguments import check_arguments
from potterverse.cli.common import CONFIG_DIR, register_resolvers, report_user_errors
from potterverse.cli.run_folder import place_run
from potterverse.launch import spawned_rank_config
from potterverse.training.run import train

register_resolvers()
# PotterVerse's sweeper and launcher register their configs when imported. Hydra's own plugin scan finds them in an
# installed wheel, but not through the import hook of an editable install (pip install -e .): import them here.
import hydra_plugins.potterverse_plugins.optuna_sweeper  # noqa: E402, F401
import hydra_plugins.potterverse_plugins.parallel_launcher  # noqa: E402, F401


@hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name="train")
def hydra_main(cfg: DictConfig) -> float | None:
    return report_user_errors(lambda: train(cfg), debug=cfg.debug_errors)


def main() -> float | None:
    # A process Lightning started for another local rank trains from the first process's resolved config: running
    # Hydra again would give it a run folder of its own, or start the whole sweep again under -m.
    run_config = spawned_rank_config()
    if run_config is not None:
        cfg = OmegaConf.load(run_config)
        return report_user_errors(lambda: train(cfg), debug=cfg.debug_errors)
    sys.argv[1:] = report_user_errors(lambda: place_run(sys.argv[1:]))
    check_arguments("train")
    return hydra_main()


if __name__ == "__main__":
    main()

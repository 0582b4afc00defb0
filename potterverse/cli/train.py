"""potterverse-train: pre-train or fine-tune a GPT from a Hydra config (configs/train.yaml)."""

from __future__ import annotations

import hydra
from omegaconf import DictConfig

from potterverse.cli.common import CONFIG_DIR, register_resolvers, report_user_errors
from potterverse.training.run import train

register_resolvers()


@hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name="train")
def main(cfg: DictConfig) -> float | None:
    return report_user_errors(lambda: train(cfg), debug=cfg.get("debug_errors", False))


if __name__ == "__main__":
    main()

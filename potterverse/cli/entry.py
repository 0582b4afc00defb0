"""The console script of an inference command, built once: check the command line, compose its config, run it,
and turn a user error into one line (`potterverse-train` has its own: it also places the run folder)."""

from __future__ import annotations

from collections.abc import Callable

import hydra
from omegaconf import DictConfig

from potterverse.cli.arguments import check_arguments
from potterverse.cli.common import CONFIG_DIR, register_resolvers, report_user_errors


def entry_point(config_name: str, run: Callable[[DictConfig], object]) -> Callable[[], None]:
    """`main` of the command whose config is configs/<config_name>.yaml; `run(cfg)` does the work and prints
    what it has to say (its return value is for callers in Python)."""
    register_resolvers()

    @hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name=config_name)
    def hydra_main(cfg: DictConfig) -> None:
        report_user_errors(lambda: run(cfg), debug=cfg.debug_errors)

    def main() -> None:
        check_arguments(config_name)
        hydra_main()

    return main

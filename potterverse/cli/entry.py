"""The console script of an inference command, built once: check the command line, compose its config, run it,
and turn a user error into one line (`potterverse-train` has its own: it also places the run folder)."""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Callable
from typing import NoReturn

import hydra
from omegaconf import DictConfig

from potterverse.cli.arguments import check_arguments
from potterverse.cli.common import CONFIG_DIR, register_resolvers, report_user_errors


def entry_point(config_name: str, run: Callable[[DictConfig], object],
                hydra_logging: bool = False) -> Callable[[], None]:  # fmt: skip
    """`main` of the command whose config is configs/<config_name>.yaml; `run(cfg)` does the work and prints
    what it has to say (its return value is for callers in Python). `hydra_logging`: the command logs through
    Hydra's job logging (the demo), so it always starts under Hydra's main."""
    register_resolvers()

    def run_checked(cfg: DictConfig) -> None:
        report_user_errors(lambda: run(cfg), debug=cfg.debug_errors)

    @hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name=config_name)
    def hydra_main(cfg: DictConfig) -> None:
        run_checked(cfg)

    def main() -> None:
        cfg = check_arguments(config_name)
        if cfg is None or hydra_logging:  # flags, sweeps, logging: what Hydra's main is for
            hydra_main()
        else:  # an inference command writes nothing of Hydra's: its main would compose the same config twice more,
            run_checked(cfg)  # a third of a second of every start

    return main


def exit_now() -> NoReturn:
    """End the process once its work is done and flushed, without the interpreter's teardown of the modules torch
    brings: that alone is ~0.4 s of a command's wall time on the README's CPU (`python -c "import torch"` takes
    1.41 s, 1.04 s ending with os._exit). atexit's handlers still run. For the end of a command's process only
    (potterverse/cli/console.py and `python -m`): called in-process it would end the caller too."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that has gone (`| head -1`): the status the interpreter's own exit gives
        os._exit(120)
    atexit._run_exitfuncs()
    os._exit(0)

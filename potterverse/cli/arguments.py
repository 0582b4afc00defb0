"""The command line checked before Hydra acts on it: a wrong value, an unknown key or group choice, or an argument
Hydra cannot parse is one line and exit status 2, and nothing (not even a run folder) has been written."""

from __future__ import annotations

import sys

from omegaconf import DictConfig

from potterverse.cli.common import CONFIG_DIR, check_group_choices, report_user_errors
from potterverse.config_checks import check_overrides


def check_arguments(config_name: str, argv: list[str] | None = None) -> DictConfig | None:
    """The config the command line composes, checked; None for what only Hydra's own main handles (flags such as
    `--cfg job` or `-m`, and sweeps)."""
    args = sys.argv[1:] if argv is None else argv

    def check() -> DictConfig | None:
        check_group_choices(args)
        return check_overrides(CONFIG_DIR, config_name, args)

    return report_user_errors(check, debug="debug_errors=true" in args)

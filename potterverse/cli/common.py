"""What every entry point shares: config resolvers, and user errors as one clear line instead of a traceback."""

from __future__ import annotations

import os
import sys
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hydra.errors import InstantiationException
from omegaconf import OmegaConf

from potterverse.config_dir import PACKAGE_DIR, config_dir
from potterverse.errors import ConfigError, UserError
from potterverse.launch import launch_stamp, on_rank_zero, rank_suffix

# Lightning 2.6 on torch 2.13 warns about its own use of a deprecated torch API at every step: noise to users.
warnings.filterwarnings("ignore", message=r".*isinstance\(treespec, LeafSpec\)", category=DeprecationWarning)
warnings.filterwarnings("ignore", message=r".*isinstance\(treespec, LeafSpec\)", category=FutureWarning)

RESOURCES_DIR = PACKAGE_DIR / "resources"
CONFIG_DIR = str(config_dir())
# Mistakes in what a user passed: shown as one line, not a traceback. (FileNotFoundError: a path that is not there.)
USER_ERRORS = (UserError, FileNotFoundError)

T = TypeVar("T")


def register_resolvers() -> None:
    resolvers = {
        "pv.cwd": os.getcwd,  # where the user started the command: runs go to its outputs/
        "pv.home": lambda: str(Path.home()),
        "pv.resources": lambda: str(RESOURCES_DIR),
        # the run folder's name and what each rank writes there (potterverse/launch.py)
        "pv.launch_stamp": launch_stamp,
        "pv.on_rank_zero": on_rank_zero,
        "pv.rank_suffix": rank_suffix,
        "pv.sweep_dir": _sweep_dir,  # the trackers tag a sweep's runs with it (configs/logger/)
    }
    for name, resolver in resolvers.items():
        if not OmegaConf.has_resolver(name):
            # cached: a sweep's job configs copy the cache, so they resolve the stamp as the sweep did
            OmegaConf.register_new_resolver(name, resolver, use_cache=True)


def _sweep_dir() -> str | None:
    """Hydra's sweep folder while Hydra runs the job; None for a config composed outside Hydra's main (tests, Python
    callers), where `${hydra:sweep.dir}` would fail to resolve."""
    from hydra.core.hydra_config import HydraConfig

    return str(HydraConfig.get().sweep.dir) if HydraConfig.initialized() else None


def in_sweep_job() -> bool:
    """Whether this is one job of a sweep that Hydra runs (`-m`, `hparams_search=...`)."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    return HydraConfig.initialized() and HydraConfig.get().mode == RunMode.MULTIRUN


def report_user_errors(fn: Callable[[], T], debug: bool = False, in_sweep: bool = False) -> T:
    """Run `fn`; a user error exits with status 2 and one line on stderr, unless debugging is asked for. In one job
    of a sweep (`in_sweep`) the line is printed and the error raised instead: it fails that job alone, and the
    sweeper records it and goes on."""
    try:
        return fn()
    except Exception as err:
        cause = _user_error(err)
        if cause is None or os.environ.get("HYDRA_FULL_ERROR") == "1":
            raise
        if debug:
            traceback.print_exception(err)
        print(f"error: {cause}", file=sys.stderr)
        if in_sweep:
            raise cause from None
        sys.exit(2)


def _user_error(err: BaseException | None) -> BaseException | None:
    """The user error behind `err`, looking through the wrapper Hydra's instantiate puts around it."""
    while err is not None and not isinstance(err, USER_ERRORS):
        err = err.__cause__ if isinstance(err, InstantiationException) else None
    return err


def _user_config_dirs(argv: list[str]) -> list[Path] | None:
    """The config folders a user adds on the command line (`--config-dir`/`-cd`, `hydra.searchpath=[file://...]`);
    None when a search path is not a plain folder (pkg://...): then only Hydra can tell what exists."""
    dirs: list[Path] = []
    for i, arg in enumerate(argv):
        if arg in ("--config-dir", "-cd") and i + 1 < len(argv):
            dirs.append(Path(argv[i + 1]))
        elif arg.startswith("--config-dir="):
            dirs.append(Path(arg.partition("=")[2]))
        elif arg.lstrip("+").startswith("hydra.searchpath="):
            for entry in arg.partition("=")[2].strip("[]").split(","):
                entry = entry.strip().strip("'\"")
                if not entry.startswith("file://"):
                    return None
                dirs.append(Path(entry.removeprefix("file://")))
    return dirs


def check_group_choices(overrides: list[str], config_dir: str = CONFIG_DIR) -> None:
    """Unknown config-group choices (model=huge, experiment=typo) as one line listing the valid ones; Hydra's own
    report of them spans several lines. Choices in the user's own config folders count too."""
    extra = _user_config_dirs(overrides)
    if extra is None:
        return
    roots = [Path(config_dir), *extra]
    for item in overrides:
        key, sep, value = item.lstrip("+~").partition("=")
        folders = [root / key for root in roots if (root / key).is_dir()]
        if not sep or "." in key or not folders or value in ("", "null"):
            continue
        valid = sorted({p.stem for f in folders for p in f.glob("*.yaml") if not p.stem.startswith("_")})
        for choice in value.split(","):  # a sweep lists several
            if choice and choice not in valid:
                valid = sorted({*valid, *_registered_choices(key)})
            if choice and choice not in valid:
                raise ConfigError(f"Unknown {key} {choice!r}; choose one of: {', '.join(valid)} (configs/{key}/).")


def _registered_choices(group: str) -> set[str]:
    """The options of `group` that Hydra and its plugins register in code, not as files (`hydra/launcher=basic`)."""
    from hydra.core.config_store import ConfigStore
    from hydra.core.plugins import Plugins

    Plugins.instance()  # its first call scans the plugins, which register their configs
    try:
        return {name.removesuffix(".yaml") for name in ConfigStore.instance().list(group)}
    except OSError:  # no such group there
        return set()

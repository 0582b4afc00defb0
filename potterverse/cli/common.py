"""What every entry point shares: config resolvers, and user errors as one clear line instead of a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from omegaconf import OmegaConf

from potterverse.checkpoints import CheckpointError
from potterverse.data.pdf import CorpusError
from potterverse.launch import launch_stamp, rank_suffix, rank_zero_only
from potterverse.tokenizer import TokenizerUnavailableError

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = str(REPO_ROOT / "configs")
# Mistakes in what a user passed: shown as one line, not a traceback.
USER_ERRORS = (CorpusError, CheckpointError, TokenizerUnavailableError, FileNotFoundError, FileExistsError, ValueError)

T = TypeVar("T")


def register_resolvers() -> None:
    resolvers = {
        "pv.root": lambda: str(REPO_ROOT),
        # the run folder's name and what each rank writes there (potterverse/launch.py)
        "pv.launch_stamp": launch_stamp,
        "pv.rank_zero_only": rank_zero_only,
        "pv.rank_suffix": rank_suffix,
    }
    for name, resolver in resolvers.items():
        if not OmegaConf.has_resolver(name):
            # cached: a sweep's job configs copy the cache, so they resolve the stamp as the sweep did
            OmegaConf.register_new_resolver(name, resolver, use_cache=True)


def report_user_errors(fn: Callable[[], T], debug: bool = False) -> T:
    """Run `fn`; a user error exits with status 2 and one line on stderr, unless debugging is asked for."""
    try:
        return fn()
    except USER_ERRORS as err:
        if debug or os.environ.get("HYDRA_FULL_ERROR") == "1":
            raise
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)

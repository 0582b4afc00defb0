"""How every command starts and ends (the commands themselves: the table in potterverse/__main__.py).

A command's start is most of the wait for a one-line answer, so the tricks that make it short live here, together:

- **The collector paused while importing.** Importing torch and its company makes nearly 200,000 objects that live
  until the process ends; the cyclic collector's full passes over them while they are made are ~0.2 s of a launch
  on the README's CPU. The installed script (`console`) imports with it off, then freezes what the imports made
  out of its sight (`gc.freeze`) and turns it back on. This module imports only the standard library at its top for
  that reason: everything else is imported by `console` with the collector paused.
- **One compose.** The command line is checked by composing the command's config (potterverse/cli/arguments.py),
  and that config is the one run. Hydra's main, which would compose it twice more (a third of a second), is entered
  only for what needs it: its flags (`--cfg job`, `--help`), sweeps (`-m`), and commands that write Hydra's run
  folder or log through it (`train`, `demo`: `Command.hydra_main`).
- **No teardown.** An inference command's process ends with os._exit once its output is flushed and atexit's
  handlers have run (`exit_now`): the interpreter's teardown of torch's modules is ~0.4 s more. Called in-process
  it would end the caller too, so only `console` does it; `Command.main` returns (a test fixture guards this).
- **A reader that went away** (`potterverse-generate ... | head -1`) ends the command quietly with status 120, the
  status of the interpreter's own failed flush, instead of a traceback.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from potterverse.__main__ import Command


def console(command: Command, argv: list[str]) -> None:
    """The installed script of `command`: imports with the collector paused, runs, and (for an inference command)
    ends the process at once."""
    gc.disable()
    try:
        command.load()
        import potterverse.cli.arguments  # noqa: F401  (and through it Hydra: all that `start` needs)
    finally:
        gc.freeze()
        gc.enable()
    try:
        start(command, argv)
    except BrokenPipeError:  # the reader went away: no traceback, the status of a failed flush
        os._exit(120)
    if command.fast_exit:
        exit_now()


def start(command: Command, argv: list[str]) -> object:
    """Run `command` on the arguments `argv`: checked, composed once (or under Hydra's main), user errors as one
    line and exit status 2. Returns what the command's function returns (None under Hydra's main)."""
    import hydra
    from omegaconf import DictConfig

    from potterverse.cli.arguments import check_arguments
    from potterverse.cli.common import CONFIG_DIR, in_sweep_job, register_resolvers, report_user_errors

    register_resolvers()
    fn = command.load()

    def run_checked(cfg: DictConfig) -> object:
        return report_user_errors(lambda: fn(cfg), debug=cfg.debug_errors, in_sweep=in_sweep_job())

    if command.prepare is not None:  # train: a rank Lightning started gets its config; the run folder is placed
        prepared = report_user_errors(lambda: command.load("prepare")(argv))
        if isinstance(prepared, DictConfig):
            return run_checked(prepared)
        argv = prepared
    cfg = check_arguments(command.config, argv)
    if cfg is not None and not command.hydra_main:
        return run_checked(cfg)
    sys.argv[1:] = argv  # Hydra's main reads the command line (and a rank Lightning starts re-runs it)
    # Hydra names the job (and its log file, train.log) after the module of the function it runs: the command's.
    run_checked.__module__ = command.function.partition(":")[0]
    hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name=command.config)(run_checked)()
    return None


def exit_now() -> NoReturn:
    """End the process once its work is done and flushed, without the interpreter's teardown of the modules torch
    brings (`python -c "import torch"` takes 1.41 s, 1.04 s ending with os._exit, on the README's CPU). atexit's
    handlers still run."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that has gone (`| head -1`): the status the interpreter's own exit gives
        os._exit(120)
    atexit._run_exitfuncs()
    os._exit(0)

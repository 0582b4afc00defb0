"""One run, one folder: the command-line overrides that place a run's whole folder (checkpoints, `.hydra/`,
train.log, TensorBoard) where the user asked, and that make a resumed run continue its own folder.

Hydra picks the run folder (`hydra.run.dir`) before the config exists, so these are settled on the command line:
- `paths.output_dir=X` also sets `hydra.run.dir=X` (refused under `-m`: a sweep's jobs each need a folder);
- `ckpt_path=<run folder>` (or a .ckpt inside it) continues that folder with the overrides it was started with;
  overrides given now are applied over them (`trainer.max_steps=4000` to train longer).
"""

from __future__ import annotations

import sys
from pathlib import Path

from potterverse.errors import ConfigError
from potterverse.runs import RunFolder

RUN_DIR_KEYS = ("hydra.run.dir", "paths.output_dir")


def _key(override: str) -> str:
    return override.lstrip("+~").partition("=")[0]


def _value(overrides: list[str], key: str) -> str | None:
    values = [o.partition("=")[2] for o in overrides if "=" in o and _key(o) == key]
    return values[-1] if values else None


def run_folder_of(ckpt_path: str) -> RunFolder | None:
    """The Hydra run a checkpoint belongs to: the folder itself, or <run>/checkpoints/<name>.ckpt's <run>."""
    run = RunFolder.of(ckpt_path)
    return RunFolder(run.root.resolve()) if run.is_hydra_run() else None


def place_run(argv: list[str]) -> list[str]:
    """`argv` (Hydra's arguments) with the run folder settled as above."""
    multirun = any(a in ("-m", "--multirun") for a in argv)
    output_dir, run_dir = _value(argv, "paths.output_dir"), _value(argv, "hydra.run.dir")
    if output_dir is not None:
        if multirun:
            raise ConfigError(
                f"paths.output_dir={output_dir} names one run's folder, but -m starts several runs; place the "
                "sweep with hydra.sweep.dir=<folder> instead (each job gets a numbered folder inside)."
            )
        if run_dir is not None and Path(run_dir) != Path(output_dir):
            raise ConfigError(
                f"paths.output_dir={output_dir} and hydra.run.dir={run_dir} name two folders for one run; give one."
            )
        return [*argv, f"hydra.run.dir={output_dir}"] if run_dir is None else argv
    ckpt = _value(argv, "ckpt_path")
    if multirun or run_dir is not None or ckpt in (None, "", "null"):
        return argv
    run = run_folder_of(ckpt)
    if run is None:
        return argv
    given = {_key(a) for a in argv if "=" in a}
    saved = [o for o in run.read_overrides() if _key(o) not in (*RUN_DIR_KEYS, "ckpt_path", *given)]
    print(
        f"[potterverse] resuming {run.root} in its own folder, with its overrides: {' '.join(saved) or 'none'}",
        file=sys.stderr,
    )
    return [*saved, *argv, f"hydra.run.dir={run.root}"]

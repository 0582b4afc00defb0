"""The README's ```bash blocks as the shell reads them: for tests/test_readme.py, which runs or composes every
command, and for tests/test_slurm.py, which runs the SLURM ones on its cluster (test_readme composes those)."""

from __future__ import annotations

import re
import shlex

from tests.helpers.paths import ROOT

README = ROOT / "README.md"


def bash_lines(text: str) -> list[tuple[int, str]]:
    """(line number, logical line) of every ```bash (or sh, shell) block, backslash continuations joined."""
    out, in_block, pending, start = [], False, "", 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("```"):
            in_block = line.strip() in ("```bash", "```sh", "```shell") and not in_block
            continue
        if not in_block:
            continue
        pending, start = (pending + " " + line.rstrip("\\").strip(), start or number)
        if not line.endswith("\\"):
            out.append((start, pending.strip()))
            pending, start = "", 0
    return out


def cpu_batch_script() -> str:
    """The README's `sbatch` script that needs no GPU (its `#SBATCH` lines ask for none): 1 node x 2 CPU tasks."""
    scripts = re.findall(r"```bash\n(#!/bin/bash\n#SBATCH.*?)```", README.read_text(), re.S)
    (script,) = [s for s in scripts if "--gpus" not in s]
    return script


def slurm_sweep_command() -> list[str]:
    """The words of the README's `-m hydra/launcher=slurm` sweep."""
    (words,) = [w for _, line in bash_lines(README.read_text())
                if "hydra/launcher=slurm" in (w := shlex.split(line, comments=True)) and "-m" in w]  # fmt: skip
    return words


def run_on_the_test_cluster() -> list[list[str]]:
    """The words of the README commands tests/test_slurm.py runs on its SLURM cluster: the CPU batch script's srun
    line and the SLURM sweep."""
    srun = next(line for line in cpu_batch_script().splitlines() if line.startswith("srun "))
    return [shlex.split(srun, comments=True), slurm_sweep_command()]

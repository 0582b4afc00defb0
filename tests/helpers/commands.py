"""The commands run as users run them: in a process of their own, or in-process through the command table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run a console entry point as a user would: `python -m potterverse.<module> ...`."""
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip


def run_main(command, argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys) -> tuple[int, str, str]:
    """A command of the table (potterverse/__main__.py) run in-process on `argv`: (exit status, stdout, stderr)."""
    from hydra.core.global_hydra import GlobalHydra

    GlobalHydra.instance().clear()
    # Hydra configures logging for a job; in-process, leave the test session's logging (and caplog) alone.
    quiet = ["hydra/job_logging=none", "hydra/hydra_logging=none"]
    monkeypatch.setattr(sys, "argv", ["potterverse", *argv, *quiet])
    code = 0
    try:
        command.main()
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under `root` with its size and modification time: equal snapshots mean nothing was written."""
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}

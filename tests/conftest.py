"""Test-wide settings (offline, tokenizer from the shared cache) and the fixtures several test files share.
What test files share besides fixtures is in tests/helpers/."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.helpers.commands import run_cli
from tests.helpers.configs import tiny_run_overrides
from tests.helpers.models import save_tiny_gpt2
from tests.helpers.paths import SHARED
from tests.helpers.slurm import slurm_cluster  # noqa: F401  (a session fixture: the one-node SLURM cluster)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# The token cache defaults to the user's cache folder: tests (and the processes they start) use a fresh one instead.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="potterverse-tests-")
if "TIKTOKEN_CACHE_DIR" not in os.environ and (SHARED / "tiktoken_cache").is_dir():
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED / "tiktoken_cache")


@pytest.fixture(autouse=True, scope="session")
def no_fast_exit_in_the_session():
    """An installed command's script ends its process with os._exit (`potterverse.cli.entry.exit_now`): in the
    test session that would end pytest itself with status 0, a silent pass. Here it fails instead."""
    from potterverse.cli import entry

    def refuse() -> None:
        raise AssertionError("a console script ran in-process: call the command's main(), which returns")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(entry, "exit_now", refuse)
        yield


@pytest.fixture(scope="session")
def hf_gpt2_dir(tmp_path_factory) -> Path:
    """The tiny random GPT-2 saved by `transformers` (tests/helpers/models.py), one per session."""
    return save_tiny_gpt2(tmp_path_factory.mktemp("hf_gpt2"))


@pytest.fixture(scope="session")
def tiny_sweep(tmp_path_factory) -> Path:
    """A 2 x 2 grid sweep (learning rate x layers) of 2-step tiny runs through the CLI on Hydra's basic launcher, in
    one sweep folder; swept too, a minimum learning-rate ratio, 0.1 (jobs 0-3) or 2, which is out of range: jobs 4-7
    fail at their start, are recorded, and the command exits 1 at the end, naming them."""
    tmp = tmp_path_factory.mktemp("sweep")
    base = tiny_run_overrides(tmp / "unused", tmp / "cache", steps=2)
    overrides = [o for o in base if not o.startswith(("paths.output_dir", "model.n_layers"))]
    result = run_cli("potterverse.train", "-m", *overrides, f"hydra.sweep.dir={tmp / 'sweep'}", "hydra/launcher=basic",
                     "scheduler.min_lr_ratio=0.1,2", "optimizer.lr=1e-3,3e-4", "model.n_layers=1,2")  # fmt: skip
    assert result.returncode == 1, result.stderr[-3000:]
    assert "error: 4 of 8 jobs of the sweep failed (run 4, 5, 6, 7)" in result.stderr, result.stderr[-3000:]
    return tmp / "sweep"

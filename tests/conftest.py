"""Test-wide settings: offline, tokenizer from the shared cache, tiny models only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from .helpers.slurm import slurm_cluster  # noqa: F401  (a session fixture: the one-node SLURM cluster)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# The token cache defaults to the user's cache folder: tests (and the processes they start) use a fresh one instead.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="potterverse-tests-")
if "TIKTOKEN_CACHE_DIR" not in os.environ and (SHARED / "tiktoken_cache").is_dir():
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED / "tiktoken_cache")


@pytest.fixture(autouse=True, scope="session")
def no_fast_exit_in_the_session():
    """An inference command's console script ends its process with os._exit (`potterverse.cli.entry.exit_now`):
    in the test session that would end pytest itself with status 0, a silent pass. Here it fails instead."""
    from potterverse.cli import entry

    def refuse() -> None:
        raise AssertionError("a console script ran in-process: call the CLI module's main(), which returns")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(entry, "exit_now", refuse)
        yield


@pytest.fixture(scope="session")
def hf_gpt2_dir(tmp_path_factory) -> Path:
    """A small randomly initialised GPT-2 built and saved by `transformers` (the peer implementation)."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    config = GPT2Config(vocab_size=1000, n_positions=128, n_embd=64, n_layer=3, n_head=4)
    model = GPT2LMHeadModel(config)
    out = tmp_path_factory.mktemp("hf_gpt2")
    model.save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def hf_gpt2_trainable_dir(tmp_path_factory) -> Path:
    """A small random GPT-2 saved by `transformers` with GPT-2's whole vocabulary, so our tokenizer can train it
    (`init=gpt2 init.path=<this folder>` stands in for OpenAI's weights, which cannot be downloaded here)."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(n_positions=128, n_embd=32, n_layer=2, n_head=2))
    out = tmp_path_factory.mktemp("hf_gpt2_trainable")
    model.save_pretrained(out)
    return out


def compose_config(config_name: str, *overrides: str):
    """A CLI's config (configs/<config_name>.yaml) as the CLI would compose it."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from potterverse.cli.common import CONFIG_DIR, register_resolvers

    register_resolvers()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        return compose(config_name=config_name, overrides=list(overrides))


def compose_train(*overrides: str):
    """The train config as the CLI would compose it, for in-process runs (paths.output_dir must be overridden)."""
    return compose_config("train", *overrides)


def tiny_run_overrides(out: Path, cache: Path, steps: int = 4) -> list[str]:
    """A few steps of a very small model on the sample corpus, writing only under tmp folders."""
    return [
        "experiment=quickstart",
        f"paths.output_dir={out}",
        f"paths.cache_dir={cache}",
        "model.n_layers=2",
        "model.emb_dim=64",
        "model.n_heads=2",
        "data.block_size=64",
        "data.batch_size=4",
        "data.val_windows=4",
        f"trainer.max_steps={steps}",
        f"trainer.val_check_interval={max(steps // 2, 1)}",
        "trainer.enable_progress_bar=false",
        "trainer.enable_model_summary=false",
        "trainer.log_every_n_steps=1",
        "callbacks.text_samples.max_new_tokens=8",
    ]


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 300):
    """Run a console entry point as a user would: `python -m potterverse.<module> ...`."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip


@pytest.fixture(scope="session")
def tiny_sweep(tmp_path_factory) -> Path:
    """A 2 x 2 grid sweep (learning rate x layers) of 2-step tiny runs through the CLI, in one sweep folder."""
    tmp = tmp_path_factory.mktemp("sweep")
    base = tiny_run_overrides(tmp / "unused", tmp / "cache", steps=2)
    overrides = [o for o in base if not o.startswith(("paths.output_dir", "model.n_layers"))]
    result = run_cli("potterverse.train", "-m", *overrides, f"hydra.sweep.dir={tmp / 'sweep'}",
                     "optimizer.lr=1e-3,3e-4", "model.n_layers=1,2")  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "sweep"

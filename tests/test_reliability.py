"""Crash and resume: SIGKILL mid-run then resume is exact; signals stop gracefully; saves are atomic; NaN stops."""

import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest
import torch

from potterverse.errors import NonFiniteLossError
from potterverse.model.gpt import GPT
from potterverse.training import module
from potterverse.training.run import train
from tests.helpers.configs import compose_train, tiny_run_overrides
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.slow

STEPS = 16


def run_overrides(out, cache, steps=STEPS):
    return [
        *tiny_run_overrides(out, cache, steps),
        "trainer=cpu",  # deterministic kernels
        "model.drop_rate=0.1",  # dropout: the RNG state must travel with the checkpoint too
        "trainer.val_check_interval=6",
        "callbacks.model_checkpoint.every_n_train_steps=3",
        "logger=csv",
    ]


def start_run(out, cache, *extra, steps=STEPS) -> subprocess.Popen:
    args = [sys.executable, "-m", "potterverse.train", *run_overrides(out, cache, steps), *extra]
    args = [a.replace("paths.output_dir=", "hydra.run.dir=") for a in args]
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONWARNINGS": "ignore"})  # fmt: skip


def checkpoint_step(path) -> int:
    return torch.load(path, weights_only=True)["global_step"]


def wait_for(predicate, proc, timeout=240.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert proc.poll() is None, f"the run ended early:\n{proc.stdout.read()[-3000:]}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def final_state(run) -> tuple[dict, list]:
    ckpt = torch.load(run / "checkpoints" / "last.ckpt", weights_only=True)
    return ckpt["state_dict"], ckpt["callbacks"]["RunArtifacts"]["train_history"]


def test_sigkill_then_resume_matches_an_uninterrupted_run(tmp_path):
    cache = tmp_path / "cache"
    train(compose_train(*run_overrides(tmp_path / "cache_warmup", cache, steps=1)))  # build the token cache once
    reference = tmp_path / "reference"
    assert start_run(reference, cache).wait(timeout=300) == 0

    crashed = tmp_path / "crashed"
    proc = start_run(crashed, cache)
    last = crashed / "checkpoints" / "last.ckpt"
    wait_for(lambda: last.is_file() and checkpoint_step(last) >= 6, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = checkpoint_step(last)
    assert killed_at < STEPS

    # the user's command: nothing but the run folder; the run continues there with the overrides it started with
    result = subprocess.run(
        [sys.executable, "-m", "potterverse.train", f"ckpt_path={crashed}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (tmp_path / "outputs").exists()  # no second run folder

    ref_state, ref_losses = final_state(reference)
    new_state, new_losses = final_state(crashed)
    for key, value in ref_state.items():
        assert torch.equal(value, new_state[key]), f"{key} differs after resuming from step {killed_at}"
    assert new_losses == ref_losses  # the same logged losses, step for step
    assert json.loads((crashed / "metrics.json").read_text())["global_step"] == STEPS
    assert (crashed / "train.log").read_text().count("Hardware:") == 2  # one log: the first start and the resume
    with open(crashed / "csv" / "metrics.csv") as file:  # the CSV log keeps its first part's rows (those flushed
        logged = {int(row["step"]) for row in csv.DictReader(file) if row.get("train/loss")}  # before the kill)
    assert {0, 1, 2} <= logged and set(range(killed_at, STEPS)) <= logged


def test_sigterm_stops_at_a_step_with_a_checkpoint_and_says_how_to_resume(tmp_path):
    run = tmp_path / "run"
    proc = start_run(run, tmp_path / "cache", steps=10_000)
    log = run / "train.log"
    wait_for(lambda: log.is_file() and "Corpus:" in log.read_text(), proc)
    time.sleep(2.0)  # a few steps in
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, output[-3000:]
    assert "SIGTERM received" in output and f"ckpt_path={run}" in output
    step = checkpoint_step(run / "checkpoints" / "last.ckpt")
    assert 0 < step < 10_000


def test_a_kill_during_a_save_leaves_the_previous_checkpoint(tmp_path):
    """Lightning writes into a temporary file and moves it into place: a kill before the move keeps the old one."""
    run = tmp_path / "run"
    hang_on_overwrite = (
        "import sys, time, fsspec.implementations.local as local\n"
        "commit = local.LocalFileOpener.commit\n"
        "def slow_commit(self):\n"
        "    if self.path.endswith('last.ckpt') and __import__('os').path.exists(self.path):\n"
        "        print('COMMITTING', flush=True); time.sleep(60)\n"
        "    commit(self)\n"
        "local.LocalFileOpener.commit = slow_commit\n"
        "from potterverse.__main__ import train as main\n"
        "sys.argv = sys.argv[:1] + sys.argv[2:]\n"
        "main()\n"
    )
    args = [a.replace("paths.output_dir=", "hydra.run.dir=") for a in run_overrides(run, tmp_path / "cache")]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, "-c", hang_on_overwrite, "x", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)  # fmt: skip
    for line in proc.stdout:
        if "COMMITTING" in line:
            break
    proc.kill()
    proc.wait()
    last = run / "checkpoints" / "last.ckpt"
    assert checkpoint_step(last) == 3  # the first save; the second never replaced it
    from potterverse.checkpoints import load_model

    model, _ = load_model(last)
    assert isinstance(model, GPT)


def test_nan_loss_stops_with_the_step_and_last_checkpoint(tmp_path, monkeypatch):
    real_loss = module.head_cross_entropy  # the training step's loss
    calls = {"n": 0}

    def flaky_loss(model, x, y):
        loss = real_loss(model, x, y)
        calls["n"] += 1
        return loss * float("nan") if calls["n"] == 5 else loss

    monkeypatch.setattr(module, "head_cross_entropy", flaky_loss)
    with pytest.raises(NonFiniteLossError, match=r"Loss became nan at step 4; the last good checkpoint is .*last.ckpt"):
        train(compose_train(*run_overrides(tmp_path / "stop", tmp_path / "cache"), "trainer.val_check_interval=100"))

    calls["n"] = 0
    train(compose_train(*run_overrides(tmp_path / "skip", tmp_path / "cache", steps=6), "on_nonfinite_loss=skip"))
    assert json.loads((tmp_path / "skip" / "metrics.json").read_text())["global_step"] == 6

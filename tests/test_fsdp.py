"""FSDP2 (`trainer=fsdp`) on 2 CPU processes over gloo: it trains as DDP does, writes sharded checkpoints that
resume exactly after a kill -9, and leaves whole weights that every reader loads. The GPU preset runs this code
(its bf16-mixed run on 2 CPU processes: scripts/gpu_check.py --dry, in tests/test_gpu_check.py)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from potterverse.checkpoints import load_model
from potterverse.formats import is_sharded_checkpoint, read_pickle_safely
from potterverse.training.run import train
from scripts.bench.scaling import ScalingProbe
from tests.helpers.commands import run_cli
from tests.helpers.configs import compose_train, tiny_run_overrides
from tests.helpers.paths import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.multiprocess]

STEPS = 12  # validations at 6 and 12, checkpoints every 3
FSDP = ["trainer=fsdp", "trainer.accelerator=cpu", "trainer.devices=2", "trainer.precision=32-true"]
LOSS_TOLERANCE = 1e-4  # the DDP test's: 2 processes x 4 against 1 x 8


def _overrides(tmp: Path, steps: int = STEPS) -> list[str]:
    base = tiny_run_overrides(tmp / "unused", tmp / "cache", steps=steps)
    return [o for o in base if not o.startswith("paths.output_dir")] + [
        f"paths.log_dir={tmp / 'outputs'}", "model.drop_rate=0", "trainer.deterministic=true",
        "trainer.val_check_interval=6", "callbacks.model_checkpoint.every_n_train_steps=3", "logger=csv",
    ]  # fmt: skip


def _the_run(tmp: Path) -> Path:
    (run,) = (tmp / "outputs" / "quickstart").iterdir()
    return run


def _step(ckpt: Path) -> int:
    return torch.load(ckpt / "meta.pt", weights_only=True)["global_step"]


def _final(run: Path) -> tuple[dict, list, list]:
    ckpt = read_pickle_safely(run / "checkpoints" / "last.ckpt")
    history = ckpt["callbacks"]["RunArtifacts"]
    return ckpt["state_dict"], history["train_history"], history["val_history"]


@pytest.fixture(scope="module")
def fsdp_run(tmp_path_factory) -> tuple[Path, float]:
    tmp = tmp_path_factory.mktemp("fsdp")
    start = time.perf_counter()
    # with the scaling benchmark's probe: each process's bytes of parameters and AdamW state at the last step
    probe = [f"+callbacks.probe._target_={ScalingProbe.__module__}.ScalingProbe",
             f"+callbacks.probe.out={tmp / 'probe'}", "+callbacks.probe.warmup=1",
             f"+callbacks.probe.steps={STEPS - 1}"]  # fmt: skip
    result = run_cli("potterverse.train", *_overrides(tmp), *FSDP, *probe)
    assert result.returncode == 0, result.stderr[-3000:]
    return _the_run(tmp), time.perf_counter() - start


def test_fsdp_trains_like_one_process_and_leaves_whole_weights(fsdp_run, tmp_path):
    run, wall = fsdp_run
    last = run / "checkpoints" / "last.ckpt"
    assert is_sharded_checkpoint(last) and len(list(last.glob("*.distcp"))) == 2  # one shard per process
    assert {p.name for p in (run / "checkpoints").iterdir()} == {"best.ckpt", "last.ckpt"}
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["global_step"] == STEPS and metrics["tokens_seen"] == STEPS * 8 * 64

    # the exported model is the whole best checkpoint, and every reader takes the run folder, the export or a shard
    exported, meta = load_model(run)
    best, _ = load_model(run / "checkpoints" / "best.ckpt")
    assert meta.model_config["n_layers"] == 2
    for key, value in best.state_dict().items():
        assert torch.equal(value, exported.state_dict()[key]), key
    # each process held half of the parameters, and AdamW's two moments of its half only
    probes = [json.loads((run.parents[2] / "probe" / f"rank{r}.json").read_text()) for r in (0, 1)]
    whole = sum(p.nbytes for p in exported.parameters())
    assert sum(p["parameter_bytes"] for p in probes) == whole
    for p in probes:
        assert abs(p["parameter_bytes"] / whole - 0.5) < 0.02
        assert 2 <= p["optimizer_bytes"] / p["parameter_bytes"] < 2.01
    generated = run_cli("potterverse.cli.generate", f"ckpt={run}", "task=none", "prompt=The castle", "max_new_tokens=4")
    assert generated.returncode == 0 and generated.stdout.strip(), generated.stderr[-2000:]

    # the same global batch in one process: FSDP2's loss curve follows it as DDP's does
    single = tmp_path / "single"
    train(compose_train(*tiny_run_overrides(single, tmp_path / "cache", steps=STEPS), "data.batch_size=8",
                        "model.drop_rate=0", "trainer.val_check_interval=6",
                        "callbacks.model_checkpoint.every_n_train_steps=3"))  # fmt: skip
    (_, train_fsdp, val_fsdp), (_, train_ref, val_ref) = _final(run), _final(single)
    assert len(train_fsdp) == len(train_ref) == STEPS and [s for s, _ in val_fsdp] == [s for s, _ in val_ref] == [6]
    val_fsdp.append((STEPS, metrics["final_val_loss"]))  # the last validation came after the last checkpoint
    val_ref.append((STEPS, json.loads((single / "metrics.json").read_text())["final_val_loss"]))
    # (the logged train loss is rank 0's own half batch, so only validation, over every window, compares)
    gap = max(abs(a - b) for (_, a), (_, b) in zip(val_fsdp, val_ref, strict=True))
    print(f"\nFSDP2 2x4 vs 1x8: val {val_fsdp} vs {val_ref}, max loss gap {gap:.2e}; FSDP2 CLI run {wall:.1f} s")
    assert gap < LOSS_TOLERANCE


def test_fsdp_kill9_then_resume_matches_an_uninterrupted_run(fsdp_run, tmp_path):
    reference, _ = fsdp_run
    args = [sys.executable, "-m", "potterverse.train", *_overrides(tmp_path), *FSDP,
            f"paths.cache_dir={reference.parents[2] / 'cache'}"]  # fmt: skip
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        last = lambda: next((tmp_path / "outputs").glob("quickstart/*/checkpoints/last.ckpt/meta.pt"), None)  # noqa: E731
        while not (last() and _step(last().parent) >= 3):
            assert proc.poll() is None, proc.stderr.read()[-3000:]
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # both processes: Lightning started rank 1 as rank 0's child
        proc.wait()
    run = _the_run(tmp_path)
    killed_at = _step(run / "checkpoints" / "last.ckpt")
    assert killed_at < STEPS

    result = run_cli("potterverse.train", f"ckpt_path={run}")
    assert result.returncode == 0, result.stderr[-3000:]
    ref_state, ref_losses, _ = _final(reference)
    state, losses, _ = _final(run)
    for key, value in ref_state.items():
        assert torch.equal(value, state[key]), f"{key} differs after resuming from step {killed_at}"
    assert losses == ref_losses
    print(f"\nFSDP2 killed at step {killed_at}, resumed: weights bit-equal")


def test_fsdp_refuses_muon(tmp_path):
    muon = run_cli("potterverse.train", *_overrides(tmp_path, steps=2), *FSDP, "optimizer=muon")
    assert muon.returncode != 0 and "optimizer=muon needs whole weight matrices" in muon.stderr

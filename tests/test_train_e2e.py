"""End to end: the training entry point on the sample corpus, tiny model, tmp folders only."""

import json

import pytest
import torch
from omegaconf import OmegaConf

from potterverse.checkpoints import load_model
from potterverse.errors import RunFolderInUseError
from potterverse.training.run import train
from tests.helpers.commands import run_cli
from tests.helpers.configs import compose_train, tiny_run_overrides

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("run")
    out = tmp / "run"
    cfg = compose_train(*tiny_run_overrides(out, tmp / "cache", steps=6))
    score = train(cfg)
    return out, score, tmp


def test_run_folder_holds_every_artefact(finished_run):
    out, score, _ = finished_run
    for name in ("config.yaml", "model.safetensors", "model_config.json", "metrics.json", "loss.png"):
        assert (out / name).is_file(), name
    assert (out / "checkpoints" / "last.ckpt").is_file() and (out / "checkpoints" / "best.ckpt").is_file()
    assert list((out / "tensorboard").glob("events.out.tfevents.*"))
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["global_step"] == 6 and metrics["tokens_seen"] == 6 * 4 * 64
    assert metrics["best_val_loss"] == pytest.approx(score)
    for key in ("final_val_loss", "final_train_loss", "wall_time_s", "tokens_per_sec"):
        assert metrics[key] > 0


def test_exported_model_is_the_best_checkpoint(finished_run):
    out, _, _ = finished_run
    exported, meta = load_model(out)
    from_ckpt, _ = load_model(out / "checkpoints" / "best.ckpt")
    assert meta.model_config["n_layers"] == 2 and meta.tokenizer == "gpt2"
    for (k, a), (_, b) in zip(exported.state_dict().items(), from_ckpt.state_dict().items(), strict=True):
        assert torch.equal(a, b), k


def test_tensorboard_has_scalars_and_text_samples(finished_run):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    out, _, _ = finished_run
    acc = EventAccumulator(str(out / "tensorboard"), size_guidance={"tensors": 0, "scalars": 0})
    acc.Reload()
    scalars = set(acc.Tags()["scalars"])
    for tag in ("train/loss", "val/loss", "val/ppl", "lr", "grad_norm", "tokens_per_sec", "tokens_seen"):
        assert tag in scalars, tag
    assert any("samples" in t for t in acc.Tags()["tensors"])


def test_same_folder_is_never_overwritten(finished_run):
    out, _, tmp = finished_run
    with pytest.raises(RunFolderInUseError, match="resume it with ckpt_path"):
        train(compose_train(*tiny_run_overrides(out, tmp / "cache", steps=2)))


def test_next_stage_starts_from_a_previous_run(finished_run, tmp_path):
    out, _, tmp = finished_run
    stage2 = tmp_path / "stage2"
    overrides = tiny_run_overrides(stage2, tmp / "cache", steps=2)
    cfg = compose_train(*overrides, "init=checkpoint", f"init.path={out}", "model.n_layers=5")
    train(cfg)
    model, meta = load_model(stage2)
    assert model.config.n_layers == 2  # the shape came from the previous run, not from model.n_layers
    assert (meta.init["name"], meta.init["path"]) == ("checkpoint", str(out))  # the init group, as composed


def test_resume_continues_from_last_checkpoint(finished_run, tmp_path):
    out, _, tmp = finished_run
    resumed = tmp_path / "resumed"
    train(compose_train(*tiny_run_overrides(resumed, tmp / "cache", steps=8), f"ckpt_path={out}"))
    metrics = json.loads((resumed / "metrics.json").read_text())
    assert metrics["global_step"] == 8 and metrics["tokens_seen"] == 8 * 4 * 64


def test_val_loss_decreases_over_30_steps(tmp_path):
    overrides = tiny_run_overrides(tmp_path / "run", tmp_path / "cache", steps=30)
    train(compose_train(*overrides, "trainer.val_check_interval=10", "optimizer.lr=3e-3", "logger=csv"))
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    history = [v for _, v in torch.load(tmp_path / "run" / "checkpoints" / "last.ckpt", weights_only=True)
               ["callbacks"]["RunArtifacts"]["val_history"]]  # fmt: skip
    assert len(history) == 3
    assert history[-1] < history[0] - 1.0, history
    assert metrics["best_val_loss"] == pytest.approx(min(history))


def test_cli_multirun_over_two_learning_rates(tmp_path):
    overrides = [
        o for o in tiny_run_overrides(tmp_path, tmp_path / "cache", steps=2) if not o.startswith("paths.output_dir")
    ]
    result = run_cli(
        "potterverse.train", "-m", *overrides, "optimizer.lr=1e-3,3e-4", f"hydra.sweep.dir={tmp_path / 'sweep'}",
        "logger=csv",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    runs = sorted(p for p in (tmp_path / "sweep").iterdir() if p.is_dir() and p.name.isdigit())
    assert [p.name for p in runs] == ["0", "1"]
    lrs = {OmegaConf.load(p / "config.yaml").optimizer.lr for p in runs}
    assert lrs == {1e-3, 3e-4}
    for p in runs:
        assert (p / "model.safetensors").is_file() and (p / "checkpoints" / "last.ckpt").is_file()
        assert (p / ".hydra" / "overrides.yaml").is_file()


def test_cli_user_error_is_one_line_without_traceback(tmp_path):
    result = run_cli("potterverse.train", f"data.corpus={tmp_path / 'nope.pdf'}", f"hydra.run.dir={tmp_path / 'run'}")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip().splitlines()[-1] == (
        "error: data.corpus must be an existing PDF, .txt/.md file or folder, or a non-empty list of them, "
        f"got '{tmp_path / 'nope.pdf'}'."
    )
    assert not (tmp_path / "run").exists()  # refused before Hydra made the run folder

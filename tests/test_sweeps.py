"""Sweeps: a grid over config groups with its summary tables, TensorBoard hparams, a grid run two jobs at once,
an Optuna search (pruning, a crashing trial, resuming), the SLURM launcher's config."""

import csv
import json
import os
import re

import pytest
import yaml
from omegaconf import OmegaConf

from potterverse.sweeps import write_sweep_summary
from tests.helpers.commands import run_cli
from tests.helpers.configs import compose_train, tiny_run_overrides

pytestmark = pytest.mark.slow


def test_grid_sweep_has_one_folder_per_run_and_a_summary(tiny_sweep):
    jobs = sorted(p.name for p in tiny_sweep.iterdir() if p.is_dir() and not p.is_symlink() and p.name.isdigit())
    assert jobs == [str(n) for n in range(8)]
    rows = list(csv.DictReader((tiny_sweep / "sweep_summary.csv").open()))
    assert [r["run"] for r in rows] == jobs
    complete, failed = rows[:4], rows[4:]
    assert {(float(r["optimizer.lr"]), int(r["model.n_layers"])) for r in complete} == {
        (1e-3, 1), (1e-3, 2), (3e-4, 1), (3e-4, 2)
    }  # fmt: skip
    for row in complete:
        assert row["state"] == "COMPLETE" and row["scheduler.min_lr_ratio"] == "0.1" and not row["error"]
        metrics = json.loads((tiny_sweep / row["run"] / "metrics.json").read_text())
        assert float(row["best_val_loss"]) == pytest.approx(metrics["best_val_loss"])
        assert int(row["global_step"]) == 2
        assert OmegaConf.load(tiny_sweep / row["run"] / "config.yaml").model.n_layers == int(row["model.n_layers"])
    # the out-of-range value failed its jobs alone: each recorded with its one error line, the others ran
    for row in failed:
        assert row["state"] == "FAILED" and row["scheduler.min_lr_ratio"] == "2" and not row["best_val_loss"]
        assert row["error"].startswith("ConfigError: scheduler.min_lr_ratio") and "\n" not in row["error"]
    md = (tiny_sweep / "sweep_summary.md").read_text()
    assert "| run | state | scheduler.min_lr_ratio | optimizer.lr | model.n_layers | best_val_loss |" in md
    assert "4 COMPLETE, 4 FAILED" in md and "- run 7: ConfigError: scheduler.min_lr_ratio" in md
    best = min(complete, key=lambda r: float(r["best_val_loss"]))
    assert f"Best: run {best['run']} " in md


def test_each_run_fills_tensorboards_hparams_tab(tiny_sweep):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.plugins.hparams import plugin_data_pb2

    seen = set()
    for run in sorted(p for p in tiny_sweep.iterdir() if (p / "tensorboard").is_dir() and p.name.isdigit()):
        acc = EventAccumulator(str(run / "tensorboard"), size_guidance={"scalars": 0})
        acc.Reload()
        content = acc.PluginTagToContent("hparams")
        start = plugin_data_pb2.HParamsPluginData.FromString(content["_hparams_/session_start_info"])
        hparams = start.session_start_info.hparams
        experiment = plugin_data_pb2.HParamsPluginData.FromString(content["_hparams_/experiment"]).experiment
        assert {m.name.tag for m in experiment.metric_infos} >= {"hp/best_val_loss", "hp/final_train_loss"}
        best = json.loads((run / "metrics.json").read_text())["best_val_loss"]
        assert acc.Scalars("hp/best_val_loss")[-1].value == pytest.approx(best)
        # a swept key outside callbacks.hparams' list joins it, by its whole name; those in it are not repeated
        assert hparams["scheduler.min_lr_ratio"].number_value == pytest.approx(0.1)
        assert "optimizer.lr" not in hparams and "model.n_layers" not in hparams
        seen.add((hparams["lr"].number_value, hparams["model/n_layers"].number_value))
    assert seen == {(1e-3, 1), (1e-3, 2), (3e-4, 1), (3e-4, 2)}


def test_tensorboard_lists_a_sweeps_runs_by_their_swept_overrides(tiny_sweep):
    from tensorboard.backend.event_processing.plugin_event_multiplexer import EventMultiplexer

    runs = EventMultiplexer().AddRunsFromDirectory(str(tiny_sweep / "tensorboard"))
    runs.Reload()
    labels = ("lr=0.001 n_layers=1", "lr=0.001 n_layers=2", "lr=0.0003 n_layers=1", "lr=0.0003 n_layers=2")
    assert set(runs.Runs()) == {f"min_lr_ratio=0.1 {label}" for label in labels}  # the failed jobs have no events
    for run in runs.Runs():  # each link leads to that run's events (scalars arrive as tensors here)
        tags = runs.GetAccumulator(run).Tags()
        assert "hp/best_val_loss" in {*tags.get("scalars", []), *tags.get("tensors", [])}


def test_summary_marks_a_run_that_did_not_finish(tmp_path):
    for job, lr, metrics in (("0", "1e-3", {"best_val_loss": 5.5, "global_step": 10}), ("1", "3e-4", None)):
        (tmp_path / job / ".hydra").mkdir(parents=True)
        (tmp_path / job / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump([f"optimizer.lr={lr}", "seed=1"]))
        if metrics:
            (tmp_path / job / "metrics.json").write_text(json.dumps(metrics))
    runs = write_sweep_summary(tmp_path)
    assert [r["metrics"] for r in runs] == [{"best_val_loss": 5.5, "global_step": 10}, {}]
    md = (tmp_path / "sweep_summary.md").read_text()
    assert "Every run: `seed=1`" in md and "| 1 | RUNNING | 3e-4 | — |" in md
    assert "Best: run 0 (best_val_loss 5.5)" in md


def _search(tmp_path, storage: str, *extra: str):
    """`hparams_search=optuna` through the CLI: 4-step tiny trials validated at steps 2 and 4, in tmp_path/sweep."""
    base = tiny_run_overrides(tmp_path / "unused", tmp_path / "cache", steps=4)
    overrides = [o for o in base if not o.startswith("paths.output_dir")]
    return run_cli("potterverse.train", "hparams_search=optuna", *overrides, f"hydra.sweep.dir={tmp_path / 'sweep'}",
                   f"hydra.sweeper.storage={storage}", "hydra.sweeper.study_name=test",
                   "hydra.sweeper.pruner.n_startup_trials=2", "data.block_size=choice(64,4096)", *extra)  # fmt: skip


def test_optuna_search_prunes_survives_a_crash_and_resumes(tmp_path):
    import optuna
    from optuna.trial import TrialState

    storage = f"sqlite:///{tmp_path / 'optuna.db'}"
    # The first four trials, fixed (the sampler picks the rest of their parameters): two learning rates that learn,
    # a context longer than the model's (the run refuses it: a crash), and one too small to learn anything, which
    # the median pruner stops at its first validation.
    study = optuna.create_study(study_name="test", storage=storage)
    for params in (
        {"optimizer.lr": 3e-3, "data.block_size": 64},
        {"optimizer.lr": 2e-3, "data.block_size": 64},
        {"optimizer.lr": 1e-3, "data.block_size": 4096},
        {"optimizer.lr": 1e-4, "data.block_size": 64},
    ):
        study.enqueue_trial({**params, "scheduler.warmup_steps": 10})
    result = _search(tmp_path, storage, "hydra.sweeper.n_trials=4")
    assert result.returncode == 0, result.stderr[-3000:]
    sweep = tmp_path / "sweep"
    trials = optuna.load_study(study_name="test", storage=storage).trials
    assert [t.state for t in trials] == [TrialState.COMPLETE, TrialState.COMPLETE, TrialState.FAIL,
                                         TrialState.PRUNED]  # fmt: skip
    assert "longer than the model's context length" in trials[2].user_attrs["error"]
    assert trials[3].intermediate_values.keys() == {2}  # reported at its first validation, then stopped
    for t in trials[:2]:
        best = json.loads((sweep / str(t.number) / "metrics.json").read_text())["best_val_loss"]
        assert t.value == pytest.approx(best) and t.intermediate_values.keys() == {2, 4}
    pruned = sweep / "3"  # ended early, but whole: checkpoint, export, metrics
    assert json.loads((pruned / "metrics.json").read_text())["global_step"] == 2
    assert (pruned / "checkpoints" / "last.ckpt").is_file() and (pruned / "model.safetensors").is_file()
    rows = {r["run"]: r for r in csv.DictReader((sweep / "sweep_summary.csv").open())}
    assert [rows[n]["state"] for n in "0123"] == ["COMPLETE", "COMPLETE", "FAILED", "PRUNED"]
    assert [rows[n]["global_step"] for n in "0123"] == ["4", "4", "", "2"]
    assert all(float(rows[n]["wall_time_s"]) > 0 for n in "0123")
    assert "context length" in rows["2"]["error"]
    md = (sweep / "sweep_summary.md").read_text()
    assert "2 COMPLETE, 1 FAILED, 1 PRUNED" in md and "- run 2: ConfigError: data.block_size=4096" in md
    assert (sweep / "sweep.png").stat().st_size > 10_000
    results = OmegaConf.load(sweep / "optimization_results.yaml")
    assert results.best_value == pytest.approx(min(t.value for t in trials[:2]))

    # The same command again with more trials: the study goes on, the four trials done are not run again.
    before = {p: p.stat().st_mtime for p in sweep.glob("[0-3]/metrics.json")}
    result = _search(tmp_path, storage, "hydra.sweeper.n_trials=5")
    assert result.returncode == 0, result.stderr[-3000:]
    trials = optuna.load_study(study_name="test", storage=storage).trials
    assert len(trials) == 5 and trials[4].state != TrialState.RUNNING
    assert {p: p.stat().st_mtime for p in sweep.glob("[0-3]/metrics.json")} == before
    assert json.loads((sweep / "4" / "job.json").read_text())["trial"] == 4


def test_grid_runs_two_jobs_at_once_each_on_its_own_cores(tmp_path):
    base = tiny_run_overrides(tmp_path / "unused", tmp_path / "cache", steps=2)
    overrides = [o for o in base if not o.startswith("paths.output_dir")]
    # the third job's learning rate is out of range: it fails alone, in its worker, and the grid ends non-zero
    result = run_cli("potterverse.train", "-m", *overrides, f"hydra.sweep.dir={tmp_path / 'sweep'}",
                     "optimizer.lr=1e-3,3e-4,-1", "hydra.launcher.n_jobs=2")  # fmt: skip
    assert result.returncode == 1 and "error: 1 of 3 jobs of the sweep failed (run 2)" in result.stderr, result.stderr
    sweep = tmp_path / "sweep"
    rows = list(csv.DictReader((sweep / "sweep_summary.csv").open()))
    assert [r["state"] for r in rows] == ["COMPLETE", "COMPLETE", "FAILED"]
    assert rows[2]["error"] == "ConfigError: optimizer.lr must be a number > 0 (e.g. 6e-4), got -1."
    cores = set()
    for job in ("0", "1"):
        log = (sweep / job / "train.log").read_text()
        share = re.search(r"Device share of this job: CPU cores \[([\d, ]+)\] \((\d+) threads\)", log)
        assert share, log[-2000:]
        cores.add(share[1])
        assert f", {share[2]} threads)" in log  # torch in the job uses its share, no more
    assert len(cores) == 2 or len(os.sched_getaffinity(0)) == 1  # disjoint shares


def test_slurm_launcher_and_optuna_configs_compose():
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from potterverse.cli.common import CONFIG_DIR

    compose_train()  # registers the resolvers
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        cfg = compose("train", ["hydra/launcher=slurm", "trainer=ddp", "trainer.num_nodes=2", "hparams_search=optuna"],
                      return_hydra_config=True)  # fmt: skip
    launcher = cfg.hydra.launcher
    assert launcher._target_ == "hydra_plugins.hydra_submitit_launcher.submitit_launcher.SlurmLauncher"
    assert launcher.nodes == 2 and launcher.tasks_per_node == launcher.gpus_per_node == 1
    assert cfg.hydra.sweeper._target_ == "hydra_plugins.potterverse_plugins.optuna_sweeper.OptunaSweeper"
    assert cfg.hydra.sweeper.direction == "minimize" and cfg.hydra.mode.name == "MULTIRUN"

"""Sweeps: a grid over config groups with its summary tables, TensorBoard hparams, Optuna, the SLURM launcher."""

import csv
import json

import pytest
import yaml
from omegaconf import OmegaConf

from potterverse.sweeps import write_sweep_summary
from tests.helpers.commands import run_cli
from tests.helpers.configs import compose_train, tiny_run_overrides

pytestmark = pytest.mark.slow


def test_grid_sweep_has_one_folder_per_run_and_a_summary(tiny_sweep):
    jobs = sorted(p.name for p in tiny_sweep.iterdir() if p.is_dir())
    assert jobs == ["0", "1", "2", "3"]
    rows = list(csv.DictReader((tiny_sweep / "sweep_summary.csv").open()))
    assert [r["run"] for r in rows] == jobs
    assert {(float(r["optimizer.lr"]), int(r["model.n_layers"])) for r in rows} == {
        (1e-3, 1), (1e-3, 2), (3e-4, 1), (3e-4, 2)
    }  # fmt: skip
    for row in rows:
        metrics = json.loads((tiny_sweep / row["run"] / "metrics.json").read_text())
        assert float(row["best_val_loss"]) == pytest.approx(metrics["best_val_loss"])
        assert int(row["global_step"]) == 2
        assert OmegaConf.load(tiny_sweep / row["run"] / "config.yaml").model.n_layers == int(row["model.n_layers"])
    md = (tiny_sweep / "sweep_summary.md").read_text()
    assert "| run | optimizer.lr | model.n_layers | best_val_loss |" in md  # only the swept overrides as columns
    best = min(rows, key=lambda r: float(r["best_val_loss"]))
    assert f"Best: run {best['run']} " in md


def test_each_run_fills_tensorboards_hparams_tab(tiny_sweep):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.plugins.hparams import plugin_data_pb2

    seen = set()
    for run in sorted(p for p in tiny_sweep.iterdir() if p.is_dir()):
        acc = EventAccumulator(str(run / "tensorboard"), size_guidance={"scalars": 0})
        acc.Reload()
        content = acc.PluginTagToContent("hparams")
        start = plugin_data_pb2.HParamsPluginData.FromString(content["_hparams_/session_start_info"])
        hparams = start.session_start_info.hparams
        experiment = plugin_data_pb2.HParamsPluginData.FromString(content["_hparams_/experiment"]).experiment
        assert {m.name.tag for m in experiment.metric_infos} >= {"hp/best_val_loss", "hp/final_train_loss"}
        best = json.loads((run / "metrics.json").read_text())["best_val_loss"]
        assert acc.Scalars("hp/best_val_loss")[-1].value == pytest.approx(best)
        seen.add((hparams["lr"].number_value, hparams["model/n_layers"].number_value))
    assert seen == {(1e-3, 1), (1e-3, 2), (3e-4, 1), (3e-4, 2)}


def test_summary_marks_a_run_that_did_not_finish(tmp_path):
    for job, lr, metrics in (("0", "1e-3", {"best_val_loss": 5.5, "global_step": 10}), ("1", "3e-4", None)):
        (tmp_path / job / ".hydra").mkdir(parents=True)
        (tmp_path / job / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump([f"optimizer.lr={lr}", "seed=1"]))
        if metrics:
            (tmp_path / job / "metrics.json").write_text(json.dumps(metrics))
    runs = write_sweep_summary(tmp_path)
    assert [r["metrics"] for r in runs] == [{"best_val_loss": 5.5, "global_step": 10}, {}]
    md = (tmp_path / "sweep_summary.md").read_text()
    assert "Every run: `seed=1`" in md and "| 1 | 3e-4 | — |" in md and "Best: run 0 (best_val_loss 5.5)" in md


def test_optuna_search_runs_three_trials_and_keeps_the_best(tmp_path):
    base = tiny_run_overrides(tmp_path / "unused", tmp_path / "cache", steps=2)
    overrides = [o for o in base if not o.startswith("paths.output_dir")]
    storage = f"sqlite:///{tmp_path / 'optuna.db'}"
    result = run_cli("potterverse.train", "hparams_search=optuna", *overrides, f"hydra.sweep.dir={tmp_path / 'sweep'}",
                     "hydra.sweeper.n_trials=3", "hydra.sweeper.sampler.n_startup_trials=2",
                     f"hydra.sweeper.storage={storage}", "hydra.sweeper.study_name=test")  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    sweep = tmp_path / "sweep"
    losses = [json.loads((sweep / j / "metrics.json").read_text())["best_val_loss"] for j in ("0", "1", "2")]
    best = OmegaConf.load(sweep / "optimization_results.yaml")
    assert best.best_value == pytest.approx(min(losses))  # Optuna minimised what train() returned
    assert set(best.best_params) == {"optimizer.lr", "optimizer.weight_decay", "scheduler.warmup_steps",
                                     "model.drop_rate"}  # fmt: skip
    assert len(list(csv.DictReader((sweep / "sweep_summary.csv").open()))) == 3
    import optuna

    study = optuna.load_study(study_name="test", storage=storage)  # the sqlite storage kept the trials
    assert sorted(t.value for t in study.trials) == pytest.approx(sorted(losses))


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
    assert cfg.hydra.sweeper._target_ == "hydra_plugins.hydra_optuna_sweeper.optuna_sweeper.OptunaSweeper"
    assert cfg.hydra.sweeper.direction == "minimize" and cfg.hydra.mode.name == "MULTIRUN"

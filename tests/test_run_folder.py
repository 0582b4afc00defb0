"""One run, one folder: paths.output_dir places the whole run; a resumed run continues its own folder."""

import json

import pytest

from potterverse.cli.run_folder import place_run
from potterverse.errors import ConfigError
from tests.helpers.commands import run_cli
from tests.helpers.configs import tiny_run_overrides


def test_output_dir_also_places_hydras_files():
    assert place_run(["paths.output_dir=/runs/a", "model=tiny"])[-1] == "hydra.run.dir=/runs/a"
    assert place_run(["paths.output_dir=/runs/a", "hydra.run.dir=/runs/a"]) == [
        "paths.output_dir=/runs/a", "hydra.run.dir=/runs/a"]  # fmt: skip
    with pytest.raises(ConfigError, match="hydra.sweep.dir"):
        place_run(["-m", "paths.output_dir=/runs/a", "optimizer.lr=1e-3,3e-4"])
    with pytest.raises(ConfigError, match="two folders"):
        place_run(["paths.output_dir=/runs/a", "hydra.run.dir=/runs/b"])


def test_resume_reapplies_the_runs_overrides_under_the_new_ones(tmp_path):
    run = tmp_path / "run"
    (run / ".hydra").mkdir(parents=True)
    (run / ".hydra" / "overrides.yaml").write_text(
        "- experiment=quickstart\n- hydra.run.dir=/elsewhere\n- trainer.max_steps=100\n- model.n_layers=2\n"
    )
    args = place_run([f"ckpt_path={run}", "trainer.max_steps=200"])
    assert args == ["experiment=quickstart", "model.n_layers=2", f"ckpt_path={run}", "trainer.max_steps=200",
                    f"hydra.run.dir={run}"]  # fmt: skip
    (run / "checkpoints").mkdir()
    (run / "checkpoints" / "last.ckpt").write_bytes(b"")
    assert place_run([f"ckpt_path={run}/checkpoints/last.ckpt"])[-1] == f"hydra.run.dir={run}"
    assert place_run([f"ckpt_path={run}", "hydra.run.dir=/fork"]) == [f"ckpt_path={run}", "hydra.run.dir=/fork"]


@pytest.mark.slow
def test_cli_run_with_output_dir_writes_one_folder(tmp_path):
    out = tmp_path / "my_run"
    result = run_cli("potterverse.train", *tiny_run_overrides(out, tmp_path / "cache", steps=2),
                     "trainer.enable_progress_bar=true", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    shown = result.stdout + result.stderr  # tqdm writes where the console is
    assert "step: 100%" in shown and "2/2" in shown and "Epoch" not in shown  # the bar counts the run's steps
    assert {".hydra", "train.log", "checkpoints", "tensorboard", "metrics.json"} <= {p.name for p in out.iterdir()}
    assert not (tmp_path / "outputs").exists()  # nothing under ./outputs: one run, one folder

    # resumed with nothing but its folder: it continues there, to the new number of steps
    result = run_cli("potterverse.train", f"ckpt_path={out}", "trainer.max_steps=4", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads((out / "metrics.json").read_text())["global_step"] == 4
    assert len(list((out / "tensorboard").glob("events.out.tfevents.*"))) == 2  # one TensorBoard folder, continued
    assert not (tmp_path / "outputs").exists()

"""On a real one-node SLURM cluster (tests/helpers/slurm.py): the README's multi-task batch script trains DDP through
Lightning's SLURM environment, a job warned of its end saves, requeues itself and finishes exactly as an
uninterrupted one, and the README's Optuna search over `hydra/launcher=slurm` runs each trial as a SLURM
job. Skipped where the cluster cannot start."""

import csv
import json
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from tests.helpers.commands import run_cli
from tests.helpers.configs import tiny_run_overrides
from tests.helpers.paths import ROOT
from tests.helpers.slurm import SlurmCluster, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.multiprocess, pytest.mark.slurm]

STEPS = 12  # checkpoints every 3 steps, validations at 6 and 12
WEIGHT_TOLERANCE = 1e-5  # SLURM-started vs Lightning-started DDP: the same ranks and batches, fp reduction order


def _overrides(tmp: Path, steps: int = STEPS) -> list[str]:
    base = tiny_run_overrides(tmp / "unused", tmp / "cache", steps=steps)
    return [o for o in base if not o.startswith("paths.output_dir")] + [
        f"paths.log_dir={tmp / 'outputs'}", "trainer.precision=32-true", "trainer.deterministic=true",
        "model.drop_rate=0.1", "trainer.val_check_interval=6", "callbacks.model_checkpoint.every_n_train_steps=3",
        "logger=csv",
    ]  # fmt: skip


def readme_batch_script(overrides: list[str]) -> str:
    """The README's `sbatch train.sbatch` script, shrunk to this machine: 1 node x 2 tasks, no GPUs, a tiny run."""
    text = (ROOT / "README.md").read_text()
    script = re.search(r"```bash\n(#!/bin/bash\n#SBATCH.*?)```", text, re.S).group(1)
    script = re.sub(r"--nodes=\d+", "--nodes=1", script)
    script = re.sub(r"--ntasks-per-node=\d+", "--ntasks-per-node=2", script)
    script = re.sub(r"--cpus-per-task=\d+", "--cpus-per-task=1", script)
    script = re.sub(r"#SBATCH --gpus-per-node=\d+\n", "", script)
    srun = next(line for line in script.splitlines() if line.startswith("srun "))
    assert "trainer=ddp" in srun and "--signal=USR1" in script and "--requeue" in script
    shrunk = re.sub(r"experiment=\S+ data.corpus=\S+ ", "", srun)
    shrunk = shrunk.replace("trainer.devices=8", "trainer.devices=2").replace("trainer.num_nodes=2", "")
    return script.replace(srun, f"{shrunk} {' '.join(overrides)}")


def _the_run(tmp: Path) -> Path:
    (run,) = (tmp / "outputs" / "quickstart").iterdir()
    return run


def _final(run: Path) -> tuple[dict, list]:
    ckpt = torch.load(run / "checkpoints" / "last.ckpt", weights_only=True)
    return ckpt["state_dict"], ckpt["callbacks"]["RunArtifacts"]["train_history"]


def _step(ckpt: Path) -> int:
    return torch.load(ckpt, weights_only=True)["global_step"]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """The token cache, built once before the jobs (two ranks would otherwise race to build it)."""
    tmp = tmp_path_factory.mktemp("slurm_cache")
    assert run_cli("potterverse.train", *_overrides(tmp, steps=1)).returncode == 0
    return tmp / "cache"


@pytest.fixture(scope="module")
def uninterrupted(slurm_cluster: SlurmCluster, cache, tmp_path_factory) -> tuple[Path, float]:
    """The README's batch script run to its end: the run folder and the job's wall time."""
    tmp = tmp_path_factory.mktemp("slurm_reference")
    overrides = [*_overrides(tmp), f"paths.cache_dir={cache}"]
    start = time.perf_counter()
    job = slurm_cluster.sbatch(readme_batch_script(overrides), ROOT, f"--output={tmp}/job.out")
    state = slurm_cluster.wait(job)
    assert state == "COMPLETED", (tmp / "job.out").read_text()[-3000:]
    return _the_run(tmp), time.perf_counter() - start


def test_readme_batch_script_trains_ddp_in_one_run_folder(uninterrupted, cache, tmp_path):
    run, wall = uninterrupted
    assert re.fullmatch(r"slurm-\d+\.0", run.name)
    assert {"train.log", "train.rank1.log", "model.safetensors", "metrics.json"} <= {p.name for p in run.iterdir()}
    assert "SLURMEnvironment" in (run / "train.log").read_text() or (run / "train.rank1.log").stat().st_size > 0
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["global_step"] == STEPS and metrics["tokens_seen"] == STEPS * 2 * 4 * 64  # both ranks counted

    # the same run, its processes started by Lightning instead of srun
    start = time.perf_counter()
    lightning = run_cli("potterverse.train", *_overrides(tmp_path), f"paths.cache_dir={cache}", "trainer=ddp",
                        "trainer.devices=2")  # fmt: skip
    assert lightning.returncode == 0, lightning.stderr[-3000:]
    print(f"\nsbatch job {wall:.1f} s; Lightning-launched DDP {time.perf_counter() - start:.1f} s")
    ours, ref = _final(run)[0], _final(_the_run(tmp_path))[0]
    gap = max((ours[k] - ref[k]).abs().max().item() for k in ref)
    assert gap < WEIGHT_TOLERANCE, f"weights differ by {gap:.2e}"


def test_a_warned_job_saves_requeues_and_finishes_as_if_uninterrupted(slurm_cluster, uninterrupted, cache, tmp_path):
    overrides = [*_overrides(tmp_path), f"paths.cache_dir={cache}"]
    start = time.perf_counter()
    log_to = f"--output={tmp_path}/job.out"
    job = slurm_cluster.sbatch(readme_batch_script(overrides), ROOT, log_to, "--open-mode=append")
    last = lambda: next((tmp_path / "outputs").glob("quickstart/*/checkpoints/last.ckpt"), None)  # noqa: E731
    wait_until(lambda: last() is not None or slurm_cluster.state(job) not in ("PENDING", "RUNNING"), 300,
               "the first checkpoint")  # fmt: skip
    assert last() is not None, (tmp_path / "job.out").read_text()[-3000:]
    slurm_cluster.run("scancel", "--signal=USR1", job)  # what `--signal=USR1@120` sends before the time limit
    wait_until(lambda: slurm_cluster.restarts(job) >= 1 and slurm_cluster.state(job) == "PENDING", 120, "the requeue")
    slurm_cluster.run("scontrol", "update", f"JobId={job}", "StartTime=now")  # SLURM holds a requeued job for 2 min
    state = slurm_cluster.wait(job)
    output = (tmp_path / "job.out").read_text()
    assert state == "COMPLETED", output[-3000:]
    stopped_at = int(re.search(r"Saved step (\d+) and requeued SLURM job", output).group(1))
    assert 3 <= stopped_at < STEPS, output[-3000:]

    run = _the_run(tmp_path)  # one folder: the requeued job continued in it
    assert {p.name for p in (run / "checkpoints").iterdir()} == {"best.ckpt", "last.ckpt"}  # no last-v1.ckpt
    assert "resuming from" in (run / "train.log").read_text()
    (ref_state, ref_losses), (state_dict, losses) = _final(uninterrupted[0]), _final(run)
    for key, value in ref_state.items():
        assert torch.equal(value, state_dict[key]), f"{key} differs after the requeue at step {stopped_at}"
    assert losses == ref_losses
    assert json.loads((run / "metrics.json").read_text())["global_step"] == STEPS
    print(f"\nrequeued at step {stopped_at}; weights bit-equal; job with requeue {time.perf_counter() - start:.1f} s")


def readme_slurm_search(overrides: list[str]) -> list[str]:
    """The README's Optuna search over `hydra/launcher=slurm` (Sweeps), shrunk to this cluster: 2 trials at once of
    a tiny run, its partition and a job's resources."""
    text = (ROOT / "README.md").read_text().replace("\\\n", " ")
    line = re.search(r"potterverse-train (hparams_search=optuna hydra/launcher=slurm [^#\n]*)", text).group(1)
    dropped = ("experiment=", "data.corpus=", "hydra.launcher.partition=", "hydra.sweeper.n_jobs=")
    kept = [a for a in shlex.split(line) if not a.startswith(dropped)]
    return [*kept, *overrides, "hydra.sweeper.n_jobs=2", "hydra.sweeper.n_trials=2", "hydra.launcher.partition=debug",
            "hydra.launcher.cpus_per_task=1", "hydra.launcher.mem_gb=1", "hydra.launcher.gpus_per_node=0",
            "hydra.launcher.timeout_min=10"]  # fmt: skip


def test_readme_optuna_search_over_the_slurm_launcher(slurm_cluster, cache, tmp_path):
    import optuna
    from optuna.trial import TrialState

    start = time.perf_counter()
    submitit = f"hydra.launcher.submitit_folder={tmp_path}/submitit/%j"
    args = readme_slurm_search(
        [*_overrides(tmp_path, steps=1), f"paths.cache_dir={cache}", "trainer.val_check_interval=1", submitit]
    )
    sweep = subprocess.run([sys.executable, "-m", "potterverse.train", *args], cwd=ROOT, env=slurm_cluster.env,
                           capture_output=True, text=True, timeout=600)  # fmt: skip
    assert sweep.returncode == 0, sweep.stderr[-3000:]
    (folder,) = (tmp_path / "outputs" / "quickstart" / "multirun").iterdir()
    assert len(list((tmp_path / "submitit").glob("*_*/*_result.pkl"))) == 2  # each trial a SLURM (array) job
    study = optuna.load_study(study_name="quickstart", storage=f"sqlite:///{folder / 'optuna.db'}")
    assert [t.state for t in study.trials] == [TrialState.COMPLETE, TrialState.COMPLETE]
    for trial in study.trials:  # the job reported its validation to the shared study, and returned its best loss
        metrics = json.loads((folder / str(trial.number) / "metrics.json").read_text())
        assert metrics["global_step"] == 1 and trial.value == pytest.approx(metrics["best_val_loss"])
        assert trial.intermediate_values.keys() == {1}
    rows = list(csv.DictReader((folder / "sweep_summary.csv").open()))
    assert [r["state"] for r in rows] == ["COMPLETE", "COMPLETE"]
    assert (folder / "optimization_results.yaml").is_file()
    print(f"\nOptuna search of 2 trials on SLURM {time.perf_counter() - start:.1f} s")

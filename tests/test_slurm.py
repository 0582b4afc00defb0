"""On a real one-node SLURM cluster (tests/helpers/slurm.py): the README's CPU batch script trains DDP through
Lightning's SLURM environment, a job warned of its end saves, requeues itself and finishes exactly as an
uninterrupted one; the README's `-m hydra/launcher=slurm` grid trains each job, submitit requeueing a warned one;
and the README's Optuna search over `hydra/launcher=slurm` runs each trial as a SLURM job. Skipped where the cluster
cannot start. (tests/test_readme.py composes these README commands.)"""

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
import yaml

from tests.helpers.commands import run_cli
from tests.helpers.configs import tiny_run_overrides
from tests.helpers.paths import ROOT
from tests.helpers.readme import cpu_batch_script, slurm_sweep_command
from tests.helpers.slurm import SlurmCluster, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.multiprocess, pytest.mark.slurm]

STEPS = 12  # checkpoints every 3 steps, validations at 6 and 12
SAMPLE_PDF = ROOT / "potterverse" / "resources" / "sample_corpus.pdf"  # the README's books/: the cached corpus
WEIGHT_TOLERANCE = 1e-5  # SLURM-started vs Lightning-started DDP: the same ranks and batches, fp reduction order


def _overrides(tmp: Path, steps: int = STEPS) -> list[str]:
    base = tiny_run_overrides(tmp / "unused", tmp / "cache", steps=steps)
    return [o for o in base if not o.startswith("paths.output_dir")] + [
        f"paths.log_dir={tmp / 'outputs'}", "trainer.precision=32-true", "trainer.deterministic=true",
        "model.drop_rate=0.1", "trainer.val_check_interval=6", "callbacks.model_checkpoint.every_n_train_steps=3",
        "logger=csv",
    ]  # fmt: skip


def readme_batch_script(overrides: list[str]) -> str:
    """The README's CPU batch script (1 node x 2 tasks), its srun line shrunk by appended overrides (a tiny run)."""
    script = cpu_batch_script()
    srun = next(line for line in script.splitlines() if line.startswith("srun "))
    assert "trainer=ddp" in srun and "--signal=USR1" in script and "--requeue" in script
    return script.replace(srun, f"{srun} {' '.join(o for o in overrides if not o.startswith('experiment='))}")


def _the_run(tmp: Path) -> Path:
    (run,) = (tmp / "outputs" / "quickstart").iterdir()
    return run


def _final(run: Path) -> tuple[dict, list]:
    ckpt = torch.load(run / "checkpoints" / "last.ckpt", weights_only=True)
    return ckpt["state_dict"], ckpt["callbacks"]["RunArtifacts"]["train_history"]


def _step(ckpt: Path) -> int:
    return torch.load(ckpt, weights_only=True)["global_step"]


def _stopped_at(log: str) -> int:
    return int(re.search(r"Saved step (\d+)(?: and requeued SLURM job|; submitit requeues)", log).group(1))


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
    stopped_at = _stopped_at(output)
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


def test_readme_slurm_sweep_trains_each_job_and_submitit_requeues_a_warned_one(slurm_cluster, cache, tmp_path):
    """The README's `-m hydra/launcher=slurm` sweep, tiny: both jobs train and the summary lists both. Job 0 gets
    submitit's warning signal (SIGUSR2) after its first checkpoint: it saves, submitit requeues it, and it finishes
    in its own run folder with the weights and losses of the same job run uninterrupted."""
    readme = [a if not a.startswith("data.corpus=") else f"data.corpus={SAMPLE_PDF}" for a in slurm_sweep_command()]
    assert readme[:2] == ["potterverse-train", "-m"] and "hydra.launcher.partition=gpu" in readme
    shrunk = [*(o for o in _overrides(tmp_path) if not o.startswith("experiment=")), f"paths.cache_dir={cache}",
              "trainer.accumulate_grad_batches=1", "hydra.launcher.cpus_per_task=1", "hydra.launcher.mem_gb=1",
              "hydra.launcher.gpus_per_node=0", "hydra.launcher.timeout_min=10",
              f"hydra.launcher.submitit_folder={tmp_path}/submitit/%j"]  # fmt: skip
    start = time.perf_counter()
    with (tmp_path / "sweep.log").open("w") as log:
        sweep = subprocess.Popen([sys.executable, "-m", "potterverse.train", *readme[1:], *shrunk], cwd=ROOT,
                                 env=slurm_cluster.env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        multirun = tmp_path / "outputs" / "pretrain_scratch" / "multirun"
        last = lambda: next(multirun.glob("*/0/checkpoints/last.ckpt"), None)  # noqa: E731
        wait_until(lambda: last() is not None or sweep.poll() is not None, 300, "job 0's first checkpoint")
        assert last() is not None, (tmp_path / "sweep.log").read_text()[-3000:]
        (job,) = [j for j in slurm_cluster.jobs() if j.endswith("_0")]  # the array task of job 0
        slurm_cluster.run("scancel", "--signal=USR2", job)  # what `signal_delay_s` sends before the time limit
        wait_until(lambda: slurm_cluster.restarts(job) >= 1 and slurm_cluster.state(job) == "PENDING", 120,
                   "submitit's requeue")  # fmt: skip
        slurm_cluster.run("scontrol", "update", f"JobId={job}", "StartTime=now")  # SLURM holds it for 2 min
        sweep.wait(timeout=400)
    finally:
        if sweep.poll() is None:
            sweep.kill()
    output = (tmp_path / "sweep.log").read_text()
    assert sweep.returncode == 0, output[-3000:]
    (folder,) = multirun.iterdir()
    for job_dir in (folder / "0", folder / "1"):
        assert json.loads((job_dir / "metrics.json").read_text())["global_step"] == STEPS
    rows = (folder / "sweep_summary.csv").read_text().splitlines()
    lr = rows[0].split(",").index("optimizer.lr")
    assert sorted(row.split(",")[lr] for row in rows[1:]) == ["0.0003", "0.0006"]

    requeued = folder / "0"
    log = (requeued / "train.log").read_text()
    stopped_at = _stopped_at(log)
    assert 3 <= stopped_at < STEPS and "resuming from" in log
    assert "submitit requeues this job" in log and re.search(r"\[submitit\].*Requeued job \d+_0", log)
    assert {p.name for p in (requeued / "checkpoints").iterdir()} == {"best.ckpt", "last.ckpt"}
    # the same job run to its end in one go, as a plain run with the job's own overrides
    overrides = yaml.safe_load((requeued / ".hydra" / "overrides.yaml").read_text())
    plain = run_cli("potterverse.train", *overrides, f"hydra.run.dir={tmp_path / 'plain'}")
    assert plain.returncode == 0, plain.stderr[-3000:]
    (ref_state, ref_losses), (state_dict, losses) = _final(tmp_path / "plain"), _final(requeued)
    for key, value in ref_state.items():
        assert torch.equal(value, state_dict[key]), f"{key} differs after submitit's requeue at step {stopped_at}"
    assert losses == ref_losses
    print(
        f"\nSLURM sweep of 2 jobs, job 0 requeued by submitit at step {stopped_at}, weights bit-equal: "
        f"{time.perf_counter() - start:.1f} s"
    )

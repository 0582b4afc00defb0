"""Several processes: data sharding per rank, run folder naming, and real 2-process DDP runs on CPU (gloo)."""

import json
import subprocess
import sys
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

from potterverse.data.pretrain import PretrainDataModule
from potterverse.errors import CorpusError
from potterverse.launch import launch_stamp, on_rank_zero, rank_suffix
from potterverse.training.run import train
from tests.helpers.commands import run_cli
from tests.helpers.configs import compose_train, tiny_run_overrides
from tests.helpers.net import free_port
from tests.helpers.paths import ROOT

STORY = "The lantern burned blue over the lake, and the children watched the water. " * 60


@pytest.fixture
def datamodule(tmp_path):
    (tmp_path / "book.txt").write_text(STORY)
    dm = PretrainDataModule(str(tmp_path / "book.txt"), str(tmp_path / "cache"), block_size=16, batch_size=4,
                            val_fraction=0.2, val_windows=5, seed=7)  # fmt: skip
    dm.setup("fit")
    return dm


def _on_rank(dm: PretrainDataModule, rank: int, world: int, batches_done: int = 0) -> PretrainDataModule:
    """Attach the parts of a trainer the DataModule reads: its rank, and how far into the epoch a resumed run is."""
    progress = SimpleNamespace(current=SimpleNamespace(ready=batches_done))
    fit_loop = SimpleNamespace(epoch_loop=SimpleNamespace(batch_progress=progress))
    dm.trainer = SimpleNamespace(global_rank=rank, world_size=world, training=True, fit_loop=fit_loop)
    return dm


def _batches(loader, epoch: int) -> list[list[int]]:
    loader.batch_sampler.set_epoch(epoch)  # as Lightning does at each epoch
    return list(loader.batch_sampler)  # the window offsets of each batch


def test_ranks_draw_disjoint_windows_that_make_up_the_single_process_batch(datamodule):
    datamodule.batch_size = 8
    single = _batches(_on_rank(datamodule, 0, 1).train_dataloader(), epoch=0)
    datamodule.batch_size = 4
    rank0, rank1 = (_batches(_on_rank(datamodule, r, 2).train_dataloader(), epoch=0) for r in (0, 1))
    assert len(single) == len(rank0) == len(rank1) >= 3
    for step, batch in enumerate(single):
        # every other batch of the epoch's list goes to each rank: together they are the single-process batch
        assert rank0[step] == batch[:4] and rank1[step] == batch[4:]
    assert _batches(_on_rank(datamodule, 0, 2).train_dataloader(), epoch=1) != rank0  # set_epoch reaches the sampler


def test_a_resumed_epoch_continues_each_ranks_windows(datamodule):
    uninterrupted = [_batches(_on_rank(datamodule, r, 2).train_dataloader(), epoch=0) for r in (0, 1)]
    resumed = [_batches(_on_rank(datamodule, r, 2, batches_done=2).train_dataloader(), epoch=0) for r in (0, 1)]
    assert [len(b) for b in uninterrupted] == [5, 5]
    assert resumed == [batches[2:] for batches in uninterrupted]


def test_validation_is_sharded_without_duplicates(datamodule):
    def windows(rank: int, world: int) -> list[tuple]:
        return [tuple(row.tolist()) for x, _ in _on_rank(datamodule, rank, world).val_dataloader() for row in x]

    everything = windows(0, 1)
    assert len(everything) == 5
    shards = [windows(r, 2) for r in (0, 1)]
    assert [len(s) for s in shards] == [3, 2]  # 5 windows on 2 ranks: no padding duplicate
    assert sorted(shards[0] + shards[1]) == sorted(everything)
    with pytest.raises(CorpusError, match="cannot be shared by 8 processes"):
        _on_rank(datamodule, 0, 8).val_dataloader()


@pytest.mark.parametrize(
    "env, stamp",
    [
        ({"SLURM_NTASKS": "16", "SLURM_JOB_ID": "4242", "SLURM_STEP_ID": "0", "SLURM_PROCID": "5"}, "slurm-4242.0"),
        ({"WORLD_SIZE": "8", "RANK": "3", "TORCHELASTIC_RUN_ID": "9f1c2b7e-aaaa-bbbb"}, "torchrun-9f1c2b7e"),
    ],
)
def test_every_rank_of_a_launch_names_the_same_folder(monkeypatch, env, stamp):
    for var in ("SLURM_NTASKS", "SLURM_JOB_ID", "SLURM_PROCID", "WORLD_SIZE", "RANK", "TORCHELASTIC_RUN_ID"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    launch_stamp.cache_clear()
    try:
        assert launch_stamp() == stamp
        assert on_rank_zero(".hydra") is None and rank_suffix() in (".rank5", ".rank3")
    finally:
        launch_stamp.cache_clear()


def test_a_requeued_slurm_job_resumes_where_a_rerun_by_hand_is_refused(tmp_path, monkeypatch):
    from potterverse.errors import RunFolderInUseError
    from potterverse.runs import RunFolder
    from potterverse.training.run import guard_output_dir, requeued_resume

    run = RunFolder(tmp_path)
    run.checkpoints_dir.mkdir()
    run.last.write_bytes(b"a checkpoint")
    monkeypatch.delenv("SLURM_RESTART_COUNT", raising=False)
    assert requeued_resume(run) is None
    with pytest.raises(RunFolderInUseError, match="already holds checkpoints"):
        guard_output_dir(tmp_path, resuming=False)
    monkeypatch.setenv("SLURM_RESTART_COUNT", "1")  # what SLURM sets in a job it requeued
    assert requeued_resume(run) == run.last


def test_fsdp_config_is_fsdp2_over_every_process():
    from hydra.utils import instantiate

    from potterverse.training.strategies import ShardedDataParallel

    cfg = compose_train("trainer=fsdp", "trainer.strategy.activation_checkpointing=true", "paths.output_dir=/unused")
    strategy = instantiate(cfg.trainer.strategy)
    assert isinstance(strategy, ShardedDataParallel) and strategy.activation_checkpointing
    assert strategy._tensor_parallel_size == 1 and strategy._save_distributed_checkpoint
    assert cfg.trainer.precision == "auto" and cfg.trainer.accelerator == "auto"  # bf16-mixed where there is bf16
    default = instantiate(compose_train("trainer=fsdp", "paths.output_dir=/unused").trainer.strategy)
    assert not default.activation_checkpointing


def test_callbacks_that_generate_on_rank_zero_turn_off_under_fsdp():
    from lightning.pytorch.strategies import DDPStrategy

    from potterverse.training.callbacks import TextSamples
    from potterverse.training.strategies import ShardedDataParallel
    from potterverse.training.task_eval import TaskAccuracy

    for strategy, runs in ((ShardedDataParallel(), False), (DDPStrategy(), True)):
        trainer = SimpleNamespace(strategy=strategy)
        samples, accuracy = TextSamples(["Once"]), TaskAccuracy()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            samples.setup(trainer, None, "fit")
            accuracy.setup(trainer, None, "fit")
        assert (samples.prompts == ["Once"], accuracy.enabled) == (runs, runs)
        assert len([w for w in caught if "is off under FSDP" in str(w.message)]) == (0 if runs else 2)


# --- real multi-process runs: the console entry point, 2 processes on CPU ---

DDP = ["trainer=ddp", "trainer.devices=2"]  # as a user types it: the accelerator and precision are trainer=ddp's auto
STEPS = 6  # validations at steps 3 and 6
LOSS_TOLERANCE = 1e-4  # measured 2e-6; windows dealt out differently from the single run gave 2e-3


def _cli_overrides(tmp: Path, batch_size: int) -> list[str]:
    base = tiny_run_overrides(tmp / "unused", tmp / "cache", steps=STEPS)
    return [o for o in base if not o.startswith("paths.output_dir")] + [
        f"paths.log_dir={tmp / 'outputs'}", f"data.batch_size={batch_size}", "model.drop_rate=0",
    ]  # fmt: skip


def _val_history(run: Path) -> list[tuple[int, float]]:
    ckpt = torch.load(run / "checkpoints" / "last.ckpt", weights_only=True)
    return [tuple(v) for v in ckpt["callbacks"]["RunArtifacts"]["val_history"]]


def _the_one_run_folder(tmp: Path) -> Path:
    runs = list((tmp / "outputs" / "quickstart").iterdir())
    assert len(runs) == 1, runs
    return runs[0]


def _assert_one_set_of_artefacts(run: Path, logs: set[str]) -> None:
    names = {p.name for p in run.iterdir()}
    expected = {".hydra", "checkpoints", "tensorboard", "config.yaml", "model.safetensors", "model_config.json",
                "metrics.json", "loss.png"} | logs  # fmt: skip
    assert names == expected
    assert len(list((run / "tensorboard").glob("events.out.tfevents.*"))) == 1
    assert {p.name for p in (run / "checkpoints").iterdir()} == {"best.ckpt", "last.ckpt"}


@pytest.fixture(scope="module")
def ddp_run(tmp_path_factory) -> tuple[Path, float]:
    """2 processes x batch 4 started by Lightning, 32-true: the run folder and its wall time (one run for the tests
    that compare against it)."""
    tmp = tmp_path_factory.mktemp("ddp")
    start = time.perf_counter()
    result = run_cli("potterverse.train", *_cli_overrides(tmp, batch_size=4), *DDP, "trainer.precision=32-true")
    assert result.returncode == 0, result.stderr[-3000:]
    return _the_one_run_folder(tmp), time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.multiprocess
def test_ddp_on_two_processes_matches_one_process_with_the_same_global_batch(ddp_run, tmp_path):
    single = tmp_path / "single"
    train(compose_train(*tiny_run_overrides(single, tmp_path / "cache", steps=STEPS), "data.batch_size=8",
                        "model.drop_rate=0"))  # fmt: skip
    run, elapsed = ddp_run
    _assert_one_set_of_artefacts(run, logs={"train.log"})
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["global_step"] == STEPS and metrics["tokens_seen"] == STEPS * 8 * 64  # both ranks counted
    ddp, ref = _val_history(run), _val_history(single)
    assert [s for s, _ in ddp] == [s for s, _ in ref] == [3, 6]
    gaps = [abs(a - b) for (_, a), (_, b) in zip(ddp, ref, strict=True)]
    print(f"\nDDP 2x4 vs 1x8 val loss: {ddp} vs {ref}; max gap {max(gaps):.2e}; DDP CLI run {elapsed:.1f} s")
    assert max(gaps) < LOSS_TOLERANCE


@pytest.mark.slow
@pytest.mark.multiprocess
def test_ddp_sweep_gives_each_job_one_folder_in_one_sweep_folder(tmp_path):
    # Lightning re-runs the entry point for rank 1: it must not start the sweep again (a second sweep folder).
    result = run_cli("potterverse.train", "-m", *_cli_overrides(tmp_path, batch_size=4), *DDP,
                     "trainer.max_steps=2", "trainer.val_check_interval=2", "optimizer.lr=1e-3,3e-4")  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    sweeps = list((tmp_path / "outputs" / "quickstart" / "multirun").iterdir())
    assert len(sweeps) == 1, sweeps
    jobs = sorted(p.name for p in sweeps[0].iterdir() if p.is_dir() and p.name.isdigit())  # not the tensorboard/ links
    assert jobs == ["0", "1"]
    for job in jobs:
        _assert_one_set_of_artefacts(sweeps[0] / job, logs={"train.log"})
    assert (sweeps[0] / "sweep_summary.csv").read_text().count("\n") == 3


@pytest.mark.slow
@pytest.mark.multiprocess
def test_torchrun_launch_writes_one_run_folder(tmp_path):
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node=2", "-m",
           "potterverse.train", *_cli_overrides(tmp_path, batch_size=4), *DDP, "trainer.max_steps=2",
           "trainer.val_check_interval=2"]  # fmt: skip
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    run = _the_one_run_folder(tmp_path)
    assert run.name.startswith("torchrun-")
    _assert_one_set_of_artefacts(run, logs={"train.log", "train.rank1.log"})
    assert list((run / ".hydra").iterdir())  # written once, by rank 0


@pytest.mark.slow
@pytest.mark.multiprocess
def test_ddp_fine_tuning_deals_task_batches_to_both_processes(tmp_path):
    pretrained = tmp_path / "pretrained"
    train(compose_train(*tiny_run_overrides(pretrained, tmp_path / "cache", steps=1)))
    result = run_cli(
        "potterverse.train", "experiment=finetune_scratch", f"init.path={pretrained}", f"paths.log_dir={tmp_path}",
        "trainer.max_steps=2", "trainer.val_check_interval=2", "trainer.limit_val_batches=2", "data.batch_size=4",
        "callbacks.task_accuracy.max_examples=2", "trainer.enable_progress_bar=false", "logger=csv", *DDP,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    (run,) = (tmp_path / "finetune_scratch").iterdir()
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["global_step"] == 2 and "val/spell_acc" in metrics


@pytest.mark.slow
@pytest.mark.multiprocess
def test_two_nodes_started_seconds_apart_train_one_run(ddp_run, tmp_path):
    """torchrun's static rendezvous (--master-addr, no run id) on two "nodes" of this machine, the second started
    3 s after the first: one run folder, rank 0 alone writes the shared files, and the weights are those of the
    same 2 processes on one node."""
    port = free_port()
    overrides = [*_cli_overrides(tmp_path / "nodes", batch_size=4), "trainer=ddp", "trainer.precision=32-true"]

    def node(rank: int) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "torch.distributed.run", "--nnodes=2", "--nproc-per-node=1", f"--node-rank={rank}",
               "--master-addr=127.0.0.1", f"--master-port={port}", "-m", "potterverse.train", *overrides,
               "trainer.devices=1", "trainer.num_nodes=2"]  # fmt: skip
        return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    first = node(0)
    time.sleep(3.0)
    second = node(1)
    for proc in (first, second):
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
    run = _the_one_run_folder(tmp_path / "nodes")
    _assert_one_set_of_artefacts(run, logs={"train.log", "train.rank1.log"})

    ours = torch.load(run / "checkpoints" / "last.ckpt", weights_only=True)["state_dict"]
    ref = torch.load(ddp_run[0] / "checkpoints" / "last.ckpt", weights_only=True)["state_dict"]  # one node, 2 processes
    gap = max((value - ours[key]).abs().max().item() for key, value in ref.items())
    assert gap < 1e-5, f"weights differ by {gap:.1e}"  # measured 4.7e-7: torchrun runs each process on 1 thread

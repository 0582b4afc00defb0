"""How the processes of one run find each other's run folder and config, whoever started them.

Three things start PotterVerse's processes: Lightning itself (`trainer=ddp` on one machine: the first process starts
the others when fitting begins), `torchrun` and SLURM's `srun` (they start every process). Hydra names the run folder
in each process separately, so the folder name must come from something all the processes of a run share (the
launcher's job id), and the processes Lightning starts must not run Hydra again: it would start a new sweep under
`-m`. They rebuild the run from the config the first process resolved instead (`spawned_rank_config`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import torch

if TYPE_CHECKING:  # the inference CLIs share this module's resolvers and must not pay for importing Lightning
    import lightning as L

RUN_CONFIG_ENV = "POTTERVERSE_RUN_CONFIG"  # set by the first process while it fits, inherited by those it starts
# What Lightning's process launcher leaves in the environment of the first process.
_LAUNCHER_ENV = ("MASTER_ADDR", "MASTER_PORT", "NODE_RANK", "LOCAL_RANK", "WORLD_SIZE")


def launcher_rank() -> int:
    """This process's global rank as its launcher announced it (torchrun: RANK, srun: SLURM_PROCID); else 0."""
    for var in ("RANK", "SLURM_PROCID"):
        if var in os.environ:
            return int(os.environ[var])
    return 0


@cache
def launch_stamp() -> str:
    """The run folder's name, the same in every process of the run: the launcher's job id under srun or
    torchrun, else the start time (computed once per process, so a sweep's jobs all agree with it). Under srun the
    name is the job and step id, also with one task: a requeued job starts again with the same ids, in its folder."""
    if "SLURM_JOB_ID" in os.environ and "SLURM_STEP_ID" in os.environ:  # srun (a batch script's own shell: no step)
        return f"slurm-{os.environ['SLURM_JOB_ID']}.{os.environ.get('SLURM_STEP_ID', '0')}"
    run_id = os.environ.get("TORCHELASTIC_RUN_ID", "none")  # torchrun: a random id, or --rdzv-id on several nodes
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        if run_id != "none":
            return f"torchrun-{run_id[:8]}"
        if "MASTER_ADDR" in os.environ and "MASTER_PORT" in os.environ:
            return _shared_start_time()
    return _start_time()


def _start_time() -> str:
    return datetime.now().strftime("%Y-%m-%d_%H-%M-%S")


def _shared_start_time() -> str:
    """torchrun without a run id (static rendezvous, `--master-addr`): the start time of the first process to ask,
    shared through the launcher's own store at MASTER_ADDR:MASTER_PORT, which every process of the run reaches
    (nodes start seconds apart, so each node's clock would name another folder). The first value stays for the
    launch: workers that torchrun restarts continue in the same folder."""
    from torch.distributed import TCPStore

    store = TCPStore(os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"]), is_master=False,
                     timeout=timedelta(minutes=5))  # fmt: skip
    return store.compare_set("potterverse/launch_stamp", "", _start_time()).decode()


def slurm_restarts() -> int:
    """How many times SLURM has requeued this job (0 outside SLURM and on its first start)."""
    return int(os.environ.get("SLURM_RESTART_COUNT") or 0)


def on_rank_zero(value: str) -> str | None:
    """`value` on global rank 0, None on the other ranks (for Hydra's output_subdir: one copy of the config)."""
    return value if launcher_rank() == 0 else None


def rank_suffix() -> str:
    """'' on global rank 0, '.rank<N>' elsewhere: each process logs to its own file in the shared run folder."""
    rank = launcher_rank()
    return f".rank{rank}" if rank else ""


def spawned_rank_config() -> Path | None:
    """The resolved config to train from, when Lightning started this process for another local rank."""
    config = os.environ.get(RUN_CONFIG_ENV)
    return Path(config) if config and int(os.environ.get("LOCAL_RANK", "0")) > 0 else None


@contextmanager
def lightning_launch(trainer: L.Trainer, run_config: Path) -> Iterator[None]:
    """Around `trainer.fit`: the processes Lightning starts for the other local ranks train from `run_config`, and
    afterwards this process is as it was, so the next job of a sweep starts its own processes (instead of joining a
    process group whose other members have exited)."""
    spawns = trainer.world_size > 1 and not trainer.strategy.cluster_environment.creates_processes_externally
    saved = {var: os.environ.get(var) for var in (*_LAUNCHER_ENV, RUN_CONFIG_ENV)}
    os.environ[RUN_CONFIG_ENV] = str(run_config)
    try:
        yield
    finally:
        if spawns and torch.distributed.is_initialized():
            torch.distributed.destroy_process_group()
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value

"""`hydra/launcher=parallel` (PotterVerse's default launcher): a sweep's jobs `n_jobs` at once on this machine.

With `n_jobs: 1` it is Hydra's basic launcher: every job in this process, one after another. With N > 1 each job
runs in one of N worker processes, and each worker owns a share of the machine for its whole life: GPU i (or its
block of GPUs) through CUDA_VISIBLE_DEVICES when there are GPUs, and in any case its own slice of the CPU cores
(pinned with sched_setaffinity; OMP/MKL threads and torch.set_num_threads sized to it), so N jobs never
oversubscribe the cores. Workers are started with `spawn` (safe with CUDA); the task function travels to them
through cloudpickle. Why not hydra-joblib-launcher: its last release is from 2022, and its workers know nothing of
devices.
"""

import functools
import logging
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore
from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, configure_log, filter_overrides, run_job, setup_globals
from hydra.plugins.launcher import Launcher
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf, open_dict

log = logging.getLogger(__name__)


@dataclass
class ParallelLauncherConf:
    _target_: str = "hydra_plugins.potterverse_plugins.parallel_launcher.ParallelLauncher"
    # jobs at once; an Optuna search's hydra.sweeper.n_jobs by default
    n_jobs: Any = "${oc.select:hydra.sweeper.n_jobs,1}"


ConfigStore.instance().store(group="hydra/launcher", name="parallel", node=ParallelLauncherConf, provider="potterverse")


@dataclass
class DeviceShare:
    """One worker's part of the machine."""

    cpus: list[int]
    gpus: list[str] | None = None  # CUDA device ids, None: the machine has none

    def describe(self) -> str:
        gpus = f"GPU {','.join(self.gpus)}, " if self.gpus else ""
        return f"{gpus}CPU cores {self.cpus} ({len(self.cpus)} threads)"

    def apply(self) -> None:
        """In the worker, before torch is imported: only this share is visible and used."""
        os.sched_setaffinity(0, self.cpus)
        for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(len(self.cpus))
        if self.gpus is not None:
            os.environ["CUDA_VISIBLE_DEVICES"] = ",".join(self.gpus)


def visible_gpus() -> list[str]:
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None:
        return [g for g in visible.split(",") if g.strip()]
    import torch

    return [str(i) for i in range(torch.cuda.device_count())]  # counts through NVML, no CUDA context here


def device_shares(n: int) -> list[DeviceShare]:
    """N disjoint shares: the cores split evenly, and the GPUs (a block each; shared round-robin, with a warning,
    when there are fewer GPUs than jobs)."""
    cores = sorted(os.sched_getaffinity(0))
    per_job = max(1, len(cores) // n)
    gpus = visible_gpus()
    if gpus and len(gpus) < n:
        log.warning("%d jobs at once on %d GPUs: some jobs share a GPU", n, len(gpus))
    shares = []
    for i in range(n):
        cpus = cores[i * per_job : (i + 1) * per_job] or [cores[i % len(cores)]]
        block = max(1, len(gpus) // n)
        gpu = (gpus[i * block : (i + 1) * block] if len(gpus) >= n else [gpus[i % len(gpus)]]) if gpus else None
        shares.append(DeviceShare(cpus=cpus, gpus=gpu))
    return shares


def _exit_as_error(task_function: TaskFunction, share: DeviceShare | None) -> TaskFunction:
    """The task function, its device share logged in the job's own log. A `sys.exit` with an error status in a job
    (a task function's clean exit on a user error) becomes an exception: it fails that job alone, the sweep goes on
    (PotterVerse's own commands raise in a sweep's job instead: potterverse/cli/entry.py)."""

    @functools.wraps(task_function)
    def run(cfg: DictConfig) -> Any:
        if share is not None:
            log.info("Device share of this job: %s", share.describe())
        try:
            return task_function(cfg)
        except SystemExit as exit_:
            if not exit_.code:
                raise
            cause = exit_.__context__
            raise RuntimeError(str(cause) if cause else f"the job exited with status {exit_.code}") from None

    return run


def _run(hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig,
         share: DeviceShare | None = None) -> JobReturn:  # fmt: skip
    return run_job(hydra_context=hydra_context, task_function=_exit_as_error(task_function, share), config=config,
                   job_dir_key="hydra.sweep.dir", job_subdir_key="hydra.sweep.subdir")  # fmt: skip


def _start_worker(shares: list[DeviceShare], slots: Any) -> None:
    """A worker claims one share for its life, before the task's modules import torch."""
    share = shares[slots.get()]
    share.apply()
    import torch

    torch.set_num_threads(len(share.cpus))


def _run_in_worker(payload: bytes, config: DictConfig) -> JobReturn:
    # Everything travels with each job (no module state: Hydra's plugin scan may load this module afresh).
    import importlib

    import cloudpickle

    task_function, hydra_context, state = cloudpickle.loads(payload)
    importlib.import_module(task_function.__module__)  # its config resolvers, registered at import
    setup_globals()
    Singleton.set_state(state)
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    share = DeviceShare(cpus=sorted(os.sched_getaffinity(0)), gpus=visible.split(",") if visible else None)
    ret = _run(hydra_context, task_function, config, share)
    # Plain containers back: the plugins' config classes may exist twice here (Hydra's plugin scan loads its own
    # copy of each plugin module), and pickle refuses a class that is not the one its module name gives.
    ret.hydra_cfg = OmegaConf.create(OmegaConf.to_container(ret.hydra_cfg)) if ret.hydra_cfg is not None else None
    return ret


class ParallelLauncher(Launcher):
    def __init__(self, n_jobs: int = 1) -> None:
        self.n_jobs = int(n_jobs)
        self._pool: ProcessPoolExecutor | None = None

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig) -> None:
        self.hydra_context, self.task_function, self.config = hydra_context, task_function, config

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
        setup_globals()
        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        Path(str(self.config.hydra.sweep.dir)).mkdir(parents=True, exist_ok=True)
        configs = []
        for idx, overrides in enumerate(job_overrides, initial_job_idx):
            log.info("\t#%d : %s", idx, " ".join(filter_overrides(overrides)))
            config = self.hydra_context.config_loader.load_sweep_config(self.config, list(overrides))
            with open_dict(config):
                config.hydra.job.id = config.hydra.job.num = idx
            configs.append(config)
        if self.n_jobs <= 1:  # Hydra's basic launcher
            log.info("Launching %d jobs locally, one at a time", len(configs))
            returns = []
            for config in configs:
                returns.append(_run(self.hydra_context, self.task_function, config))
                configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
            return returns
        import cloudpickle

        pool = self._workers()
        log.info("Launching %d jobs, %d at once", len(configs), self.n_jobs)
        payload = cloudpickle.dumps((self.task_function, self.hydra_context, Singleton.get_state()))
        return list(pool.map(functools.partial(_run_in_worker, payload), configs))

    def _workers(self) -> ProcessPoolExecutor:
        """N worker processes, each holding one device share; kept for the next batch (an Optuna search's)."""
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            slots = context.Queue()
            for i in range(self.n_jobs):
                slots.put(i)
            shares = device_shares(self.n_jobs)
            for i, share in enumerate(shares):
                log.info("Worker %d: %s", i, share.describe())
            self._pool = ProcessPoolExecutor(self.n_jobs, mp_context=context, initializer=_start_worker,
                                             initargs=(shares, slots))  # fmt: skip
        return self._pool

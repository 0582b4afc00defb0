"""What keeps a long run safe: signals stop it at a step boundary with a checkpoint, and the RNG state travels
with every checkpoint so a resumed run continues exactly as an uninterrupted one would.

(Checkpoint files themselves are written atomically by Lightning: into a temporary file, then moved into place.)
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import lightning as L
import torch
from lightning.fabric.plugins.environments import SLURMEnvironment
from lightning.pytorch.callbacks import Callback, Checkpoint, ModelCheckpoint

from potterverse.runs import LAST, RunFolder

log = logging.getLogger(__name__)


class RngState(Callback):
    """Saves and restores the global torch RNG (dropout masks) with each checkpoint."""

    def state_dict(self) -> dict[str, Any]:
        state = {"torch": torch.get_rng_state()}
        if torch.cuda.is_available():
            state["cuda"] = torch.cuda.get_rng_state_all()
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        torch.set_rng_state(state_dict["torch"])
        if "cuda" in state_dict and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(state_dict["cuda"])


class GracefulStop(Checkpoint):
    """SIGINT (Ctrl-C) or SIGTERM (pre-emption, `kill`) finish the current step, write checkpoints/last.ckpt and
    end the run; the message says how to resume. A second signal stops at once. (A `Checkpoint`, so Lightning runs
    it after every other callback: the checkpoint holds their state of this step, the step's logged loss included.)

    In a SLURM job, the requeue signal (Lightning's SLURMEnvironment.requeue_signal, SIGUSR1: `sbatch
    --signal=USR1@60`, `scancel --signal=USR1`) does the same, then requeues the job (`scontrol requeue`): it starts
    again in the same run folder and resumes from last.ckpt (training/run.py). In a sweep job of
    `hydra/launcher=slurm`, submitit's signal (SIGUSR2) saves the same way, then hands over to submitit's own
    handler, which requeues the job while its `max_num_timeout` allows. Lightning's auto-requeue handler saves
    inside the signal handler, mid-step, which a resumed run cannot continue exactly; this one waits for the
    step's end. The ranks of a run receive a signal at different steps, so they agree on the step to stop at (one
    all-reduce of an int per step)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, checkpoint_dir: str) -> None:
        self.checkpoint_dir = Path(checkpoint_dir)
        self.received: int | None = None
        self.requeue_signals: set[int] = set()
        self.requeued = False  # the job was requeued: its next start finishes the run (RunArtifacts waits for it)
        self._previous: dict[int, Any] = {}

    def on_train_start(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if not _in_main_thread():
            return
        # the trainer's cluster environment, also where the strategy has none (one process: a sweep job of one task)
        environment = trainer._accelerator_connector.cluster_environment
        if isinstance(environment, SLURMEnvironment) and environment.requeue_signal is not None:
            self.requeue_signals = {int(environment.requeue_signal)}
        if _submitit_signal():
            self.requeue_signals.add(_submitit_signal())
        for sig in (*self.SIGNALS, *sorted(self.requeue_signals)):
            self._previous[sig] = signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requeued:  # the TERM `scontrol requeue` sends once the checkpoint is safe: let the job end
            return
        if self.received is not None:  # asked twice: the user wants out now
            raise KeyboardInterrupt
        self.received = signum
        print(f"\n{signal.Signals(signum).name} received: stopping after this step (again to stop at once).",
              file=sys.stderr, flush=True)  # fmt: skip

    def _agreed_signal(self, trainer: L.Trainer) -> int:
        """The signal every rank stops for at this step (0: none): the largest any rank has received so far."""
        received = self.received or 0
        if trainer.world_size == 1 or not torch.distributed.is_initialized():
            return received
        flag = torch.tensor([received], dtype=torch.int32, device=trainer.strategy.root_device)
        torch.distributed.all_reduce(flag, op=torch.distributed.ReduceOp.MAX)
        return int(flag.item())

    def on_train_batch_end(self, trainer: L.Trainer, *args: Any) -> None:
        signum = self._agreed_signal(trainer)
        if not signum:
            return
        self.received = self.received or signum
        self.requeued = signum in self.requeue_signals  # before the save: rank 0 requeues as soon as it is done
        path = self.checkpoint_dir / LAST
        trainer.save_checkpoint(path)
        trainer.should_stop = True
        if self.requeued:
            submitit = self._previous.get(signum) if signum == _submitit_signal() else None
            if callable(submitit):  # submitit requeues on rank 0 (counting timeouts) and ends the process
                if trainer.is_global_zero:
                    log.warning("Saved step %d; submitit requeues this job: it resumes in this run folder.",
                                trainer.global_step)  # fmt: skip
                submitit(signum, None)
            elif trainer.is_global_zero:
                _requeue_slurm_job(trainer.global_step)
            return
        if trainer.is_global_zero:
            run = RunFolder.of(path).root
            log.warning("Stopped at step %d; resume with: potterverse-train ... ckpt_path=%s", trainer.global_step, run)

    def on_train_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()


def _submitit_signal() -> int | None:
    """The signal submitit's SLURM jobs are warned with before their end (`signal_delay_s`), in such a job."""
    if os.environ.get("SUBMITIT_EXECUTOR") != "slurm":
        return None
    return int(getattr(signal, "SIG" + os.environ.get("SUBMITIT_PREEMPT_SIGNAL", "USR2")))


def _requeue_slurm_job(step: int) -> None:
    """`scontrol requeue` this SLURM job (an array job's own task): SLURM ends it and queues it again."""
    array_job = os.environ.get("SLURM_ARRAY_JOB_ID")
    job = f"{array_job}_{os.environ['SLURM_ARRAY_TASK_ID']}" if array_job else os.environ["SLURM_JOB_ID"]
    done = subprocess.run(["scontrol", "requeue", job], capture_output=True, text=True)
    if done.returncode:
        log.error("Saved step %d but could not requeue SLURM job %s: %s", step, job, done.stderr.strip())
    else:
        log.warning("Saved step %d and requeued SLURM job %s: it resumes in this run folder when it starts again.",
                    step, job)  # fmt: skip


def best_checkpoint_callback(trainer: L.Trainer) -> ModelCheckpoint | None:
    """The checkpoint callback that keeps the best model by a monitored metric."""
    return next((cb for cb in trainer.checkpoint_callbacks if isinstance(cb, ModelCheckpoint) and cb.monitor), None)


def last_checkpoint_path(trainer: L.Trainer) -> str | None:
    """The newest last.ckpt any checkpoint callback wrote, if any."""
    paths = [cb.last_model_path for cb in trainer.checkpoint_callbacks if getattr(cb, "last_model_path", "")]
    return paths[0] if paths else None


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()

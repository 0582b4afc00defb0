"""What keeps a long run safe: signals stop it at a step boundary with a checkpoint, and the RNG state travels
with every checkpoint so a resumed run continues exactly as an uninterrupted one would.

(Checkpoint files themselves are written atomically by Lightning: into a temporary file, then moved into place.)
"""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import lightning as L
import torch
from lightning.pytorch.callbacks import Callback, ModelCheckpoint

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


class GracefulStop(Callback):
    """SIGINT (Ctrl-C) or SIGTERM (pre-emption, `kill`) finish the current step, write checkpoints/last.ckpt and
    end the run; the message says how to resume. A second signal stops at once."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, checkpoint_dir: str) -> None:
        self.checkpoint_dir = Path(checkpoint_dir)
        self.received: int | None = None
        self._previous: dict[int, Any] = {}

    def on_train_start(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if not _in_main_thread():
            return
        for sig in self.SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is not None:  # asked twice: the user wants out now
            raise KeyboardInterrupt
        self.received = signum
        print(f"\n{signal.Signals(signum).name} received: stopping after this step (again to stop at once).",
              file=sys.stderr, flush=True)  # fmt: skip

    def on_train_batch_end(self, trainer: L.Trainer, *args: Any) -> None:
        if self.received is None:
            return
        path = self.checkpoint_dir / LAST
        trainer.save_checkpoint(path)
        trainer.should_stop = True
        if trainer.is_global_zero:
            run = RunFolder.of(path).root
            log.warning("Stopped at step %d; resume with: potterverse-train ... ckpt_path=%s", trainer.global_step, run)

    def on_train_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()


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

"""A trial of an Optuna search reports its validation loss to the study at every validation, and stops early when the
study's pruner says the trial is hopeless. Outside a search (`trial` unset) the callback does nothing.

A pruned run ends like a finished one, only sooner: the checkpoint of its last validation, metrics.json, the export
and loss.png are written as usual; then `raise_if_pruned` tells the sweeper (optuna.TrialPruned), which records the
trial PRUNED.
"""

from __future__ import annotations

import logging

import lightning as L
from lightning.pytorch.callbacks import Callback

log = logging.getLogger(__name__)


class OptunaPruning(Callback):
    def __init__(self, trial: str | None = None, monitor: str = "val/loss") -> None:
        self.trial_ref, self.monitor = trial, monitor  # trial: set by the sweeper (potterverse.study.TRIAL_ENV)
        self._trial = None
        self.pruned_at: int | None = None

    def setup(self, trainer: L.Trainer, pl_module: L.LightningModule, stage: str) -> None:
        if self.trial_ref and trainer.is_global_zero:
            from potterverse.study import open_trial

            self._trial = open_trial(self.trial_ref)

    def on_validation_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if not self.trial_ref or trainer.sanity_checking:
            return
        prune = False
        if self._trial is not None:
            value = trainer.callback_metrics.get(self.monitor)
            if value is not None:
                self._trial.report(float(value), step=trainer.global_step)
                prune = self._trial.should_prune()
        if trainer.strategy.broadcast(prune, src=0):  # every process stops together
            self.pruned_at = trainer.global_step
            trainer.should_stop = True
            value = trainer.callback_metrics.get(self.monitor)
            log.info("Optuna's pruner stops this trial at step %d (%s %.4g)", trainer.global_step, self.monitor,
                     float("nan") if value is None else float(value))  # fmt: skip


def raise_if_pruned(trainer: L.Trainer) -> None:
    """After fitting: optuna.TrialPruned if the pruner stopped this run, so the sweeper records it PRUNED."""
    for callback in trainer.callbacks:
        if isinstance(callback, OptunaPruning) and callback.pruned_at is not None:
            import optuna

            raise optuna.TrialPruned(f"pruned at step {callback.pruned_at}")

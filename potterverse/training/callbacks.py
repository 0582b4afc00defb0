"""Callbacks that make a run folder useful: sample generations in TensorBoard, and at the end the exported best
model, metrics.json and a loss-curve PNG."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import lightning as L
import torch
from lightning.pytorch.callbacks import Callback
from lightning.pytorch.loggers import TensorBoardLogger
from lightning.pytorch.utilities import rank_zero_only, rank_zero_warn

from potterverse.checkpoints import export_model, load_model
from potterverse.generation import Sampling, generate
from potterverse.runs import RunFolder
from potterverse.tokenizer import get_tokenizer
from potterverse.training.reliability import best_checkpoint_callback, last_checkpoint_path
from potterverse.training.strategies import ShardedDataParallel, is_sharded

log = logging.getLogger(__name__)


def log_text(trainer: L.Trainer, tag: str, text: str) -> None:
    """Text into every logger that takes text (TensorBoard), else into the console log."""
    written = False
    for logger in trainer.loggers:
        add_text = getattr(logger.experiment, "add_text", None)
        if add_text is not None:
            add_text(tag, text, global_step=trainer.global_step)
            written = True
    if not written:
        log.info("%s at step %d:\n%s", tag, trainer.global_step, text)


def generates_on_rank_zero(trainer: L.Trainer, callback: str) -> bool:
    """Whether a callback that generates on rank 0 alone can run: not under FSDP, where every forward pass gathers
    the sharded weights from all processes and rank 0 would wait for the others forever (it warns once)."""
    if isinstance(trainer.strategy, ShardedDataParallel):
        rank_zero_warn(f"{callback} is off under FSDP: the sharded model cannot generate on rank 0 alone.")
        return False
    return True


class TextSamples(Callback):
    """After each validation, continue a few prompts and log them as text."""

    def __init__(self, prompts: Sequence[str], max_new_tokens: int = 48, temperature: float = 0.8, top_k: int = 50,
                 seed: int = 0) -> None:  # fmt: skip
        self.prompts = list(prompts)
        self.max_new_tokens, self.temperature, self.top_k, self.seed = max_new_tokens, temperature, top_k, seed

    def setup(self, trainer: L.Trainer, pl_module: L.LightningModule, stage: str) -> None:
        if self.prompts and not generates_on_rank_zero(trainer, "TextSamples"):
            self.prompts = []

    @rank_zero_only
    def on_validation_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if trainer.sanity_checking or not self.prompts:
            return
        tok = get_tokenizer(pl_module.tokenizer_name)
        rows = ["| prompt | continuation |", "|---|---|"]
        sampling = Sampling(self.temperature, self.top_k, max_new_tokens=self.max_new_tokens)
        gen = torch.Generator(device=pl_module.device).manual_seed(self.seed)  # one stream across the prompts
        for prompt in self.prompts:
            idx = torch.tensor([tok.encode(prompt)], device=pl_module.device)
            out = generate(pl_module.model, idx, sampling, eos_id=tok.eot_id, generator=gen)
            text = tok.decode(out[0, idx.size(1) :].tolist()).replace("|", "\\|").replace("\n", " ")
            rows.append(f"| {prompt} | {text} |")
        log_text(trainer, "samples", "\n".join(rows))


class RunArtifacts(Callback):
    """Keeps the loss history, and when fitting ends writes the best model (model.safetensors +
    model_config.json), metrics.json and loss.png into the run folder."""

    def __init__(self, output_dir: str, experiment: str = "train") -> None:
        self.run = RunFolder(Path(output_dir))
        self.experiment = experiment
        self.train_history: list[tuple[int, float]] = []
        self.val_history: list[tuple[int, float]] = []
        self._start = time.perf_counter()
        self._tokens_at_start = 0

    def state_dict(self) -> dict[str, Any]:
        return {"train_history": self.train_history, "val_history": self.val_history}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        self.train_history = [tuple(x) for x in state_dict.get("train_history", [])]
        self.val_history = [tuple(x) for x in state_dict.get("val_history", [])]

    def on_fit_start(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        self._start = time.perf_counter()

    def on_train_start(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        self._tokens_at_start = pl_module.tokens_seen  # after a resume restored it

    def on_train_batch_end(self, trainer: L.Trainer, pl_module: L.LightningModule, *args: Any) -> None:
        loss = trainer.callback_metrics.get("train/loss")
        if loss is not None:
            self.train_history.append((trainer.global_step, float(loss)))

    def on_validation_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        loss = trainer.callback_metrics.get("val/loss")
        if loss is not None and not trainer.sanity_checking:
            self.val_history.append((trainer.global_step, float(loss)))

    @rank_zero_only
    def on_fit_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if any(getattr(cb, "requeued", False) for cb in trainer.callbacks):
            return  # a SLURM job that stopped to be requeued: its next start finishes the run and writes these
        self.run.root.mkdir(parents=True, exist_ok=True)
        best = self._best_checkpoint(trainer)
        if best is None and is_sharded(pl_module.model):  # the whole weights are on disk, not on this process
            best = Path(last_checkpoint_path(trainer) or self.run.last)
        # the best checkpoint's own metadata goes with its weights: its metrics, not the last validation's
        model, metadata = load_model(best) if best else (pl_module.model, pl_module.checkpoint_metadata())
        export_model(model, self.run.export_dir, metadata)
        wall = time.perf_counter() - self._start
        metrics = {
            "experiment": self.experiment,
            "global_step": trainer.global_step,
            "params": pl_module.model.num_params(),
            "tokens_seen": pl_module.tokens_seen,
            "wall_time_s": round(wall, 2),
            "tokens_per_sec": round((pl_module.tokens_seen - self._tokens_at_start) / max(wall, 1e-9), 1),
            "final_train_loss": self.train_history[-1][1] if self.train_history else None,
            "final_val_loss": self.val_history[-1][1] if self.val_history else None,
            "best_val_loss": min((v for _, v in self.val_history), default=None),
            "best_checkpoint": str(best) if best else None,
        }
        for key, value in trainer.callback_metrics.items():  # task accuracies and per-task losses, if any
            if key.startswith("val/") and key not in ("val/loss",):
                metrics[key] = float(value)
        self.run.write_metrics(metrics)
        self._plot(self.run.loss_plot)
        for logger in trainer.loggers:  # trackers that keep files (MLflow, W&B): the run's config, metrics and curve
            upload = getattr(logger, "log_run_files", None)
            if upload is not None:
                upload([self.run.config, self.run.metrics, self.run.loss_plot])
        log.info("Run folder: %s (best val loss %s)", self.run.root, metrics["best_val_loss"])

    @staticmethod
    def _best_checkpoint(trainer: L.Trainer) -> Path | None:
        cb = best_checkpoint_callback(trainer)
        return Path(cb.best_model_path) if cb and cb.best_model_path and Path(cb.best_model_path).exists() else None

    def _plot(self, path: Path) -> None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
        if self.train_history:
            steps, losses = zip(*self.train_history, strict=True)
            ax.plot(steps, losses, label="train", alpha=0.6, linewidth=1)
        if self.val_history:
            steps, losses = zip(*self.val_history, strict=True)
            ax.plot(steps, losses, label="validation", marker="o", linewidth=2)
        ax.set(xlabel="step", ylabel="loss", title=f"{self.experiment}: loss")
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        fig.savefig(path)
        plt.close(fig)


class HparamsSummary(Callback):
    """When fitting ends, hand the run's hyperparameters (the model's shape, `hparams` from the config, and in a
    sweep every key it varies) and its final metrics to every logger: in TensorBoard they fill the HPARAMS tab, where
    a sweep's runs compare."""

    def __init__(self, hparams: Mapping[str, Any] | None = None, run_dir: str | None = None,
                 sweep_dir: str | None = None) -> None:  # fmt: skip
        self.hparams = {k: v for k, v in (hparams or {}).items() if v is not None}
        self.run_dir, self.sweep_dir = run_dir, sweep_dir

    @rank_zero_only
    def on_fit_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        model = pl_module.model.config.to_dict()
        params = {"model": model, **self.hparams}
        if self.run_dir and self.sweep_dir:
            params.update(swept_hparams({**model, **params}, Path(self.run_dir), Path(self.sweep_dir)))
        metrics = final_metrics(trainer)
        for logger in trainer.loggers:
            if isinstance(logger, TensorBoardLogger):  # the HPARAMS tab needs both in one summary
                logger.log_hyperparams(params, metrics=metrics, step=trainer.global_step)
            else:
                logger.log_hyperparams(params)
                logger.log_metrics(metrics, step=trainer.global_step)


def swept_hparams(shown: Mapping[str, Any], run_dir: Path, sweep_dir: Path) -> dict[str, Any]:
    """The keys this run's sweep varies that `shown` lacks, by their whole name (`data.val_windows: 8`); a key shown
    under its last part with the same value (`lr` for `optimizer.lr`, the model's `n_layers`) is there already, and
    so is `model` (a swept model preset: its shape is shown)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from potterverse.sweeps import swept_values

    values = swept_values(run_dir, sweep_dir) or {}
    parsed = OverridesParser.create().parse_overrides([f"{k}={v}" for k, v in values.items()])
    typed = {o.key_or_group: o.value() for o in parsed}  # "0.1" -> 0.1, as the tab sorts and plots it
    return {k: v for k, v in typed.items() if k not in shown and shown.get(k.rsplit(".", 1)[-1], object()) != v}


def final_metrics(trainer: L.Trainer) -> dict[str, float]:
    """hp/best_val_loss, hp/final_val_loss, hp/final_train_loss and the other validation metrics (task accuracies),
    under names of their own so they do not add points to the training curves."""
    best_cb = best_checkpoint_callback(trainer)
    best = best_cb.best_model_score if best_cb else None
    found = trainer.callback_metrics
    metrics = {f"hp/{k.removeprefix('val/')}": v for k, v in found.items() if k.startswith("val/") and k != "val/loss"}
    metrics.update({"hp/best_val_loss": best, "hp/final_val_loss": found.get("val/loss"),
                    "hp/final_train_loss": found.get("train/loss")})  # fmt: skip
    return {k: float(v) for k, v in metrics.items() if v is not None}

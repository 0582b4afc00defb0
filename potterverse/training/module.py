"""The LightningModule around our GPT: next-token cross-entropy (fused when training), AdamW + warmup/cosine,
training telemetry.

Batches are (x, y) token tensors; y is -100 where no loss is wanted (fine-tuning masks prompts and padding), so
pre-training and fine-tuning share this module. Checkpoints carry a `RunMetadata` (model shape, tokenizer, the
validation metrics of their weights, ...) as plain values under the "potterverse" key, so
`potterverse.checkpoints.load_model` rebuilds the model from the file alone.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import lightning as L
import torch
from torch.optim.lr_scheduler import LambdaLR

from potterverse.checkpoints import CHECKPOINT_META_KEY
from potterverse.errors import ConfigError, NonFiniteLossError
from potterverse.model.gpt import GPT
from potterverse.model.kernels import compile_blocks, head_cross_entropy
from potterverse.runs import RunMetadata
from potterverse.tasks import get_task
from potterverse.training.optim import MuonAdamW, warmup_cosine
from potterverse.training.ranking import ranking_loss
from potterverse.training.reliability import last_checkpoint_path
from potterverse.training.strategies import ShardedDataParallel, is_sharded, shard_gpt

log = logging.getLogger(__name__)


class GPTModule(L.LightningModule):
    def __init__(
        self,
        model: GPT,
        optimizer: Callable[[GPT], torch.optim.Optimizer],
        scheduler: Mapping[str, Any],
        compile: bool = False,
        tokenizer: str = "gpt2",
        metadata: RunMetadata | None = None,
        on_nonfinite_loss: str = "stop",
    ) -> None:
        super().__init__()
        self.model = model
        self.build_optimizer = optimizer  # the optimizer group's partial (_target_, _partial_: true)
        self.scheduler_cfg = dict(scheduler)  # the scheduler group: warmup_steps, min_lr_ratio, decay_steps
        self.tokenizer_name = tokenizer
        self.metadata = metadata or RunMetadata()  # saved with every checkpoint (task registry, init, ...)
        if compile:
            compile_blocks(self.model)
        self.on_nonfinite_loss = on_nonfinite_loss
        self.tokens_seen = 0
        self._validated_at: int | None = None  # the step of the last validation (its metrics go into checkpoints)
        self._last_batch_end: float | None = None
        self._val_totals = torch.zeros(1, 2, dtype=torch.float64)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        return self.model(idx)

    def training_step(self, batch: tuple[torch.Tensor, ...], batch_idx: int) -> torch.Tensor:
        x, y = batch[0], batch[1]  # fine-tuning batches add each row's task index
        loss = head_cross_entropy(self.model, x, y)  # model.loss's value, fused: far less memory
        self.log("train/loss", loss, prog_bar=True)  # the next-token loss alone, whatever else is trained
        if len(batch) == 6:  # candidate rows of the ranking objective (data.ranking, training/ranking.py)
            rank = ranking_loss(self.model, *batch[3:])
            self.log("train/rank_loss", rank)
            loss = loss + self.trainer.datamodule.ranking.weight * rank
        if not torch.isfinite(loss):
            return self._nonfinite(loss)
        self.tokens_seen += x.numel() * self.trainer.world_size
        return loss

    def _nonfinite(self, loss: torch.Tensor) -> None:
        """A NaN/inf loss: stop with where to restart from, or (on_nonfinite_loss=skip) skip this batch."""
        step = self.trainer.global_step
        if self.on_nonfinite_loss == "skip":
            log.warning("Loss is %s at step %d: skipping this batch (on_nonfinite_loss=skip).", loss.item(), step)
            return None  # Lightning skips backward and the optimizer step
        last = last_checkpoint_path(self.trainer) or "none yet"
        raise NonFiniteLossError(
            f"Loss became {loss.item()} at step {step}; the last good checkpoint is {last}. Lower optimizer.lr, "
            "check the data, or set on_nonfinite_loss=skip to skip such batches."
        )

    def on_train_batch_end(self, outputs: Any, batch: Any, batch_idx: int) -> None:
        now = time.perf_counter()
        if self._last_batch_end is not None:
            tokens = batch[0].numel() * self.trainer.world_size
            self.log("tokens_per_sec", tokens / (now - self._last_batch_end), prog_bar=True)
        self._last_batch_end = now
        self.log("tokens_seen", float(self.tokens_seen))
        self.log("lr", self.optimizers().param_groups[0]["lr"])

    def configure_model(self) -> None:
        """Under trainer=fsdp, shard the GPT over every process before the optimizer is built (strategies.py)."""
        strategy = self.trainer.strategy
        if isinstance(strategy, ShardedDataParallel) and not is_sharded(self.model):
            shard_gpt(self.model, self.device_mesh["data_parallel"], strategy.activation_checkpointing,
                      strategy.reshard_after_forward)  # fmt: skip

    def on_before_optimizer_step(self, optimizer: torch.optim.Optimizer) -> None:
        self._unscale_gradients(optimizer)
        grads = [p.grad.detach() for p in self.model.parameters() if p.grad is not None]
        if not grads:
            return
        if is_sharded(self.model):  # DTensor shards: one norm over all of them, reduced across the processes
            self.log("grad_norm", torch.nn.utils.get_total_norm(grads).full_tensor())
        else:  # before clipping: the raw size of the step
            self.log("grad_norm", torch.stack([g.norm() for g in grads]).norm())

    def _unscale_gradients(self, optimizer: torch.optim.Optimizer) -> None:
        """Under 16-mixed, bring the gradients back to their true size before they are measured and clipped.
        Lightning unscales them itself, except for optimizers that unscale inside their step (fused AdamW): for
        those we do it here, and the loss scaler then hands the fused step no scale to divide by (and skips the
        step when it found inf/NaN), so clipping and the fused kernel work together."""
        scaler = getattr(self.trainer.precision_plugin, "scaler", None)
        if scaler is not None and getattr(optimizer, "_step_supports_amp_scaling", False):
            scaler.unscale_(optimizer)

    def configure_gradient_clipping(
        self, optimizer: torch.optim.Optimizer, gradient_clip_val: float | None = None,
        gradient_clip_algorithm: str | None = None,
    ) -> None:  # fmt: skip
        """Clip the true gradients ourselves. Lightning's mixed-precision plugin refuses to clip for any optimizer
        that can unscale internally, even under bf16-mixed, which has no loss scale at all; `_unscale_gradients`
        has made 16-mixed's gradients true ones by now."""
        if not gradient_clip_val:
            return
        params = [p for group in optimizer.param_groups for p in group["params"] if p.grad is not None]
        if gradient_clip_algorithm == "value":
            torch.nn.utils.clip_grad_value_(params, gradient_clip_val)
        else:
            torch.nn.utils.clip_grad_norm_(params, gradient_clip_val)

    def on_validation_epoch_start(self) -> None:
        # loss sum and target count, overall (row 0) and per task (rows 1..) when batches carry a task index
        self._val_totals = torch.zeros(1 + len(self._task_names()), 2, dtype=torch.float64, device=self.device)

    def _task_names(self) -> list[str]:
        datamodule = getattr(self.trainer, "datamodule", None)
        return list(getattr(datamodule, "task_names", []))

    def validation_step(self, batch: tuple[torch.Tensor, ...], batch_idx: int) -> None:
        x, y = batch[0], batch[1]
        token_loss = self.model.loss(x, y, reduction="none")
        self._val_totals[0, 0] += token_loss.sum().double()
        self._val_totals[0, 1] += token_loss.numel()
        if len(batch) == 3:  # fine-tuning batches carry each row's task: sum the loss per task too
            task_of = batch[2][:, None].expand_as(y)[y != -100] + 1
            self._val_totals[:, 0].index_add_(0, task_of, token_loss.double())
            self._val_totals[:, 1].index_add_(0, task_of, torch.ones_like(token_loss, dtype=torch.float64))
        self._last_batch_end = None  # validation time is not training throughput

    def on_validation_epoch_end(self) -> None:
        totals = self.all_gather(self._val_totals)
        totals = totals.reshape(-1, *self._val_totals.shape).sum(0)
        mean = (totals[:, 0] / totals[:, 1].clamp(min=1)).tolist()
        self.log("val/loss", mean[0], prog_bar=True)
        self.log("val/ppl", math.exp(min(mean[0], 50.0)))
        for name, loss in zip(self._task_names(), mean[1:], strict=True):
            self.log(get_task(name).metric("loss"), loss)
        if not self.trainer.sanity_checking:
            self._validated_at = self.trainer.global_step

    def check_strategy(self, strategy: Any) -> None:
        """Refuse what this module cannot train under `strategy` (train() asks before any process starts)."""
        builds_muon = getattr(self.build_optimizer, "func", None) is MuonAdamW  # a partial, as Hydra makes it
        if builds_muon and isinstance(strategy, ShardedDataParallel):
            raise ConfigError("optimizer=muon needs whole weight matrices and FSDP shards them; use optimizer=adamw.")

    def configure_optimizers(self):
        self.check_strategy(self.trainer.strategy)
        optimizer = self.build_optimizer(self.model)
        total = self.scheduler_cfg.get("decay_steps") or int(self.trainer.estimated_stepping_batches)
        warmup = min(int(self.scheduler_cfg["warmup_steps"]), max(total - 1, 0))
        floor = float(self.scheduler_cfg["min_lr_ratio"])
        schedule = LambdaLR(optimizer, lambda step: warmup_cosine(step, warmup, total, floor))
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": schedule, "interval": "step"}}

    def setup(self, stage: str) -> None:
        # What the data records of itself (the chat characters a fine-tuning run trains on) travels with every
        # checkpoint and export; Lightning sets the DataModule up first.
        describe = getattr(self.trainer.datamodule, "run_metadata", None)
        if describe is not None:
            self.metadata = RunMetadata.from_dict({**self.metadata.to_dict(), **describe()})

    def checkpoint_metadata(self) -> RunMetadata:
        """What a checkpoint of the weights as they are now records: with the metrics of the validation at this
        step (a checkpoint written between validations has none), so a model card shows these weights' scores."""
        return replace(
            self.metadata,
            model_config=self.model.config.to_dict(),
            tokenizer=self.tokenizer_name,
            tokens_seen=self.tokens_seen,
            metrics=self._validation_metrics() if self._validated_at == self.trainer.global_step else {},
        )

    def _validation_metrics(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.trainer.callback_metrics.items() if k.startswith("val/")}

    def on_save_checkpoint(self, checkpoint: dict[str, Any]) -> None:
        checkpoint[CHECKPOINT_META_KEY] = self.checkpoint_metadata().to_dict()

    def on_load_checkpoint(self, checkpoint: dict[str, Any]) -> None:
        self.tokens_seen = RunMetadata.from_dict(checkpoint.get(CHECKPOINT_META_KEY, {})).tokens_seen

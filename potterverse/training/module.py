"""The LightningModule around our GPT: next-token cross-entropy, AdamW + warmup/cosine, training telemetry.

Batches are (x, y) token tensors; y is -100 where no loss is wanted (fine-tuning masks prompts and padding), so
pre-training and fine-tuning share this module. Checkpoints carry the model shape and tokenizer as plain values
under the "potterverse" key, so `potterverse.checkpoints.load_model` rebuilds the model from the file alone.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.strategies import FSDPStrategy
from torch.optim.lr_scheduler import LambdaLR

from potterverse.checkpoints import CHECKPOINT_META_KEY
from potterverse.model.gpt import GPT
from potterverse.training.optim import build_adamw, warmup_cosine


def lm_loss(model: GPT, x: torch.Tensor, y: torch.Tensor, reduction: str = "mean") -> torch.Tensor:
    """Next-token cross-entropy over the positions whose target is not -100.

    The vocabulary-sized head runs only on those positions: fine-tuning masks the prompt, so this skips most of
    the costliest matmul there (and costs nothing extra in pre-training, where every position counts).
    """
    keep = y != -100
    h = model.hidden(x)
    if not keep.all():
        h, y = h[keep], y[keep]
    logits = model.head(h).reshape(-1, model.config.vocab_size)
    return F.cross_entropy(logits.float(), y.reshape(-1), reduction=reduction)


class GPTModule(L.LightningModule):
    def __init__(
        self,
        model: GPT,
        optimizer: Mapping[str, Any],
        compile: bool = False,
        tokenizer: str = "gpt2",
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.model = model
        self.optimizer_cfg = dict(optimizer)
        self.tokenizer_name = tokenizer
        self.metadata = dict(metadata or {})  # plain values saved with every checkpoint (task registry, init, ...)
        if compile:
            # Compile the transformer body (the loss calls `hidden` directly); as a plain attribute, so parameter
            # names keep no `_orig_mod.` prefix.
            self.model.hidden = torch.compile(self.model.hidden)
        self.tokens_seen = 0
        self._last_batch_end: float | None = None
        self._val_sum = self._val_count = 0.0

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        return self.model(idx)

    def training_step(self, batch: tuple[torch.Tensor, torch.Tensor], batch_idx: int) -> torch.Tensor:
        x, y = batch
        loss = lm_loss(self.model, x, y)
        self.log("train/loss", loss, prog_bar=True)
        self.tokens_seen += x.numel() * self.trainer.world_size
        return loss

    def on_train_batch_end(self, outputs: Any, batch: Any, batch_idx: int) -> None:
        now = time.perf_counter()
        if self._last_batch_end is not None:
            tokens = batch[0].numel() * self.trainer.world_size
            self.log("tokens_per_sec", tokens / (now - self._last_batch_end), prog_bar=True)
        self._last_batch_end = now
        self.log("tokens_seen", float(self.tokens_seen))
        self.log("lr", self.optimizers().param_groups[0]["lr"])

    def on_before_optimizer_step(self, optimizer: torch.optim.Optimizer) -> None:
        grads = [p.grad.detach().norm() for p in self.model.parameters() if p.grad is not None]
        if grads:  # before clipping: the raw size of the step
            self.log("grad_norm", torch.stack(grads).norm())

    def configure_gradient_clipping(
        self, optimizer: torch.optim.Optimizer, gradient_clip_val: float | None = None,
        gradient_clip_algorithm: str | None = None,
    ) -> None:  # fmt: skip
        if gradient_clip_val and isinstance(self.trainer.strategy, FSDPStrategy):
            # FSDP shards the gradients: only the wrapped root module can compute their global norm.
            self.trainer.model.clip_grad_norm_(gradient_clip_val)
        else:
            self.clip_gradients(optimizer, gradient_clip_val, gradient_clip_algorithm)

    def on_validation_epoch_start(self) -> None:
        self._val_sum = self._val_count = 0.0

    def validation_step(self, batch: tuple[torch.Tensor, torch.Tensor], batch_idx: int) -> None:
        x, y = batch
        self._val_sum += lm_loss(self.model, x, y, reduction="sum").item()
        self._val_count += (y != -100).sum().item()
        self._last_batch_end = None  # validation time is not training throughput

    def on_validation_epoch_end(self) -> None:
        totals = self.all_gather(torch.tensor([self._val_sum, self._val_count], dtype=torch.float64))
        loss_sum, count = totals.reshape(-1, 2).sum(0).tolist()
        loss = loss_sum / max(count, 1.0)
        self.log("val/loss", loss, prog_bar=True)
        self.log("val/ppl", math.exp(min(loss, 50.0)))

    def configure_optimizers(self):
        cfg = self.optimizer_cfg
        optimizer = build_adamw(
            self.model, cfg["lr"], cfg.get("weight_decay", 0.1), cfg.get("betas", (0.9, 0.95)),
            cfg.get("eps", 1e-8), cfg.get("fused"),
        )  # fmt: skip
        sched = cfg.get("scheduler") or {}
        total = int(self.trainer.estimated_stepping_batches)
        warmup = min(int(sched.get("warmup_steps", 0)), max(total - 1, 0))
        floor = float(sched.get("min_lr_ratio", 0.1))
        schedule = LambdaLR(optimizer, lambda step: warmup_cosine(step, warmup, total, floor))
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": schedule, "interval": "step"}}

    def on_save_checkpoint(self, checkpoint: dict[str, Any]) -> None:
        checkpoint[CHECKPOINT_META_KEY] = {
            "model_config": self.model.config.to_dict(),
            "tokenizer": self.tokenizer_name,
            "tokens_seen": self.tokens_seen,
            **self.metadata,
        }

    def on_load_checkpoint(self, checkpoint: dict[str, Any]) -> None:
        self.tokens_seen = int(checkpoint.get(CHECKPOINT_META_KEY, {}).get("tokens_seen", 0))

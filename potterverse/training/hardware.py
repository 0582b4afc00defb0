"""The Trainer every trainer config builds (`_target_` of configs/trainer/default.yaml): the hardware the config asks
for, checked against the machine, and `auto` settled from what the machine has.

`accelerator: auto` takes the GPUs when there are any; `devices: auto` takes all of them (one process each, DDP) or
one CPU process; `precision: auto` is bf16-mixed where bf16 is supported and fast (a CUDA GPU with bf16, a CPU with
AVX-512 bf16 or AMX units), else 32-true. The choice is logged in one line, so a run's log says what it ran on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import lightning as L
import torch
from lightning.pytorch.callbacks import Callback

from potterverse.errors import ConfigError
from potterverse.training.progress import StepProgressBar

log = logging.getLogger(__name__)

GPU_ACCELERATORS = ("gpu", "cuda")


def cpu_has_fast_bf16() -> bool:
    """Whether this CPU multiplies bf16 in hardware (AVX-512 bf16 or AMX); elsewhere bf16 is emulated and slower
    than fp32."""
    return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())


def _gpu_has_fast_bf16() -> bool:
    return torch.cuda.is_available() and torch.cuda.is_bf16_supported(including_emulation=False)


def resolve_hardware(accelerator: str, devices: int | str, precision: str) -> tuple[str, int | str, str]:
    """Settle `auto` in accelerator, devices and precision for this machine; refuse a GPU-only choice on a machine
    without one, naming the fix."""
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if accelerator in GPU_ACCELERATORS and gpus == 0:
        raise ConfigError(
            f"trainer.accelerator={accelerator} needs a CUDA GPU and this machine has none (torch "
            f"{torch.__version__}); use trainer=auto, which trains on what the machine has, or trainer=cpu."
        )
    if accelerator == "auto":
        accelerator = "gpu" if gpus else "cpu"
    if devices == "auto":
        devices = gpus if accelerator in GPU_ACCELERATORS else 1
    if precision == "auto":
        fast_bf16 = _gpu_has_fast_bf16() if accelerator in GPU_ACCELERATORS else cpu_has_fast_bf16()
        precision = "bf16-mixed" if fast_bf16 else "32-true"
    return accelerator, devices, precision


def _describe(accelerator: str) -> str:
    if accelerator in GPU_ACCELERATORS:
        return torch.cuda.get_device_name(0)
    bf16 = "bf16 units" if cpu_has_fast_bf16() else "no bf16 units"
    return f"CPU ({torch.backends.cpu.get_cpu_capability()}, {bf16}, {torch.get_num_threads()} threads)"


def build_trainer(
    accelerator: str = "auto",
    devices: int | str = "auto",
    precision: str = "auto",
    callbacks: Sequence[Callback] = (),
    enable_progress_bar: bool = True,
    **kwargs: Any,
) -> L.Trainer:
    """A Lightning Trainer on the hardware settled by `resolve_hardware`, with a progress bar that counts the run's
    optimizer steps (Lightning's counts epochs, which read "Epoch 9/-2" for a run bounded by max_steps)."""
    asked = (accelerator, devices, precision)
    accelerator, devices, precision = resolve_hardware(accelerator, devices, precision)
    callbacks = list(callbacks)
    if enable_progress_bar:
        callbacks.append(StepProgressBar())
    trainer = L.Trainer(
        accelerator=accelerator, devices=devices, precision=precision, callbacks=callbacks,
        enable_progress_bar=enable_progress_bar, **kwargs,
    )  # fmt: skip
    if trainer.is_global_zero:
        chosen = f"accelerator={accelerator} devices={devices} precision={precision}"
        asked_for = " ".join(f"{k}={v}" for k, v in zip(("accelerator", "devices", "precision"), asked, strict=True))
        source = "as configured" if asked == (accelerator, devices, precision) else f"from {asked_for}"
        log.info("Hardware: %s on %s (%s; trainer.<key>= to change)", chosen, _describe(accelerator), source)
    return trainer

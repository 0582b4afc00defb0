"""The optimizers: AdamW with GPT-2's weight-decay split, or Muon for the blocks' weight matrices with AdamW for the
rest; and a linear-warmup + cosine learning-rate schedule."""

from __future__ import annotations

import math

import torch
from torch import nn

from potterverse.errors import ConfigError
from potterverse.training.hardware import cpu_has_fast_bf16


def param_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    """Decay the weight matrices of linear layers only; biases, LayerNorms and embeddings are left undecayed."""
    decay, no_decay = [], []
    seen: set[int] = set()
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            if not p.requires_grad or id(p) in seen:  # the tied head shares the embedding's tensor
                continue
            seen.add(id(p))
            # by layer type, not p.dim(): FSDP flattens parameters to 1-D shards before the optimizer is built
            is_matrix = isinstance(module, nn.Linear) and name == "weight"
            (decay if is_matrix else no_decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def build_adamw(
    model: nn.Module,
    lr: float,
    weight_decay: float = 0.1,
    betas: tuple[float, float] = (0.9, 0.95),
    eps: float = 1e-8,
    fused: bool | None = None,
) -> torch.optim.AdamW:
    """AdamW, fused on CUDA and CPUs unless told otherwise."""
    return build_adamw_groups(param_groups(model, weight_decay), lr, betas, eps, fused)


def build_adamw_groups(groups: list[dict], lr: float, betas: tuple[float, float], eps: float,
                       fused: bool | None) -> torch.optim.AdamW:  # fmt: skip
    if fused is None:  # torch's fused kernel: on this project's 2-core CPU, 5x faster than its default loop at small
        fused = all(p.device.type in ("cuda", "cpu") for g in groups for p in g["params"])
    return torch.optim.AdamW(groups, lr=lr, betas=tuple(betas), eps=eps, fused=fused)


def block_matrices(model: nn.Module) -> list[nn.Parameter]:
    """The 2-D weight matrices of the transformer blocks' linear layers: what Muon orthogonalises. Embeddings, the
    (tied) head, LayerNorms and biases are not matrices of a linear map between hidden states, and stay with AdamW."""
    blocks = getattr(model, "blocks", [])
    return [module.weight for block in blocks for module in block.modules()
            if isinstance(module, nn.Linear) and module.weight.requires_grad and module.weight.dim() == 2]  # fmt: skip


def _closure_loss(closure) -> torch.Tensor | None:
    """The loss an optimizer step's closure recomputes (None without one), with gradients on, as torch's do."""
    if closure is None:
        return None
    with torch.enable_grad():
        return closure()


def orthogonalisation_dtype(device: torch.device) -> torch.dtype:
    """bf16 where the hardware multiplies it (a GPU, a CPU with AVX-512 bf16 or AMX), as torch.optim.Muon always does;
    fp32 elsewhere: on an AVX2-only CPU torch's bf16 Newton-Schulz step took 7.6 s against AdamW's whole step's
    0.03 s (emulated bf16), while fp32 costs a few percent of a training step."""
    return torch.bfloat16 if device.type == "cuda" or (device.type == "cpu" and cpu_has_fast_bf16()) else torch.float32


class Muon(torch.optim.Muon):
    """torch.optim.Muon, its step unchanged (momentum, Nesterov, the quintic Newton-Schulz iteration, the learning-rate
    adjustment, decoupled weight decay) except that it orthogonalises in `orthogonalisation_dtype`: torch hard-codes
    bf16, which makes Muon ~250x dearer than AdamW per step on CPUs that emulate bf16. Its state dict is torch's."""

    @torch.no_grad()
    def step(self, closure=None):
        loss = _closure_loss(closure)
        for group in self.param_groups:
            lr, momentum = float(group["lr"]), group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = torch.zeros_like(p.grad, memory_format=torch.preserve_format)
                buf = state["momentum_buffer"]
                buf.lerp_(p.grad, 1 - momentum)
                update = p.grad.lerp(buf, momentum) if group["nesterov"] else buf
                update = newton_schulz(update, group["ns_coefficients"], group["ns_steps"], group["eps"])
                p.mul_(1 - lr * group["weight_decay"])
                p.add_(update.to(p.dtype), alpha=-_muon_lr(lr, group["adjust_lr_fn"], p.shape))
        return loss


def newton_schulz(grad: torch.Tensor, coefficients: tuple[float, float, float], steps: int, eps: float) -> torch.Tensor:
    """An approximately orthogonal matrix of `grad`'s singular vectors (US'V^T, S' near 1): torch's quintic iteration,
    in the dtype the hardware multiplies fast."""
    a, b, c = coefficients
    x = grad.to(orthogonalisation_dtype(grad.device))
    tall = grad.size(0) > grad.size(1)
    if tall:  # iterate on the wide side: the Gram matrix is the smaller one
        x = x.T
    x = x / x.norm().clamp(min=eps)  # spectral norm at most 1
    for _ in range(steps):
        gram = x @ x.T
        x = torch.addmm(x, torch.addmm(gram, gram, gram, beta=b, alpha=c), x, beta=a)
    return x.T if tall else x


def _muon_lr(lr: float, adjust_lr_fn: str | None, shape: torch.Size) -> float:
    """torch.optim.Muon's learning-rate adjustment: "match_rms_adamw" scales the update to AdamW's RMS."""
    rows, cols = shape[:2]
    if adjust_lr_fn == "match_rms_adamw":
        return lr * 0.2 * math.sqrt(max(rows, cols))
    return lr * (math.sqrt(max(1, rows / cols)) if adjust_lr_fn in (None, "original") else 1.0)


class MuonAdamW(torch.optim.Optimizer):
    """Muon (torch's step, orthogonalising in fp32 where bf16 is emulated) for the blocks' weight matrices and AdamW
    (fused where it can be) for every other parameter, presented as one optimizer: one learning-rate schedule moves both
    (their param groups are this optimizer's), one state dict holds both, so a checkpoint resumes exactly. Muon's
    update is scaled to AdamW's RMS (`adjust_lr_fn="match_rms_adamw"`), so both take the same learning rate."""

    def __init__(self, model: nn.Module, lr: float, weight_decay: float = 0.1, betas: tuple[float, float] = (0.9, 0.95),
                 eps: float = 1e-8, fused: bool | None = None, momentum: float = 0.95, nesterov: bool = True,
                 ns_steps: int = 5, adjust_lr_fn: str = "match_rms_adamw") -> None:  # fmt: skip
        matrices = block_matrices(model)
        if not matrices:
            raise ConfigError("optimizer=muon needs a model with transformer blocks; use optimizer=adamw.")
        taken = {id(p) for p in matrices}
        groups = param_groups(model, weight_decay)
        rest = [{**g, "params": [p for p in g["params"] if id(p) not in taken]} for g in groups]
        rest = [g for g in rest if g["params"]]
        self.muon = Muon(matrices, lr=lr, weight_decay=weight_decay, momentum=momentum, nesterov=nesterov,
                         ns_steps=ns_steps, adjust_lr_fn=adjust_lr_fn)  # fmt: skip
        self.adamw = build_adamw_groups(rest, lr, betas, eps, fused)
        # the same group dicts as the two optimizers': a scheduler setting "lr" here sets it there
        super().__init__([*self.muon.param_groups, *self.adamw.param_groups], {"lr": lr})

    @torch.no_grad()
    def step(self, closure=None):
        loss = _closure_loss(closure)
        self.muon.step()
        self.adamw.step()
        return loss

    def state_dict(self) -> dict:
        return {"muon": self.muon.state_dict(), "adamw": self.adamw.state_dict()}

    def load_state_dict(self, state_dict: dict) -> None:
        self.muon.load_state_dict(state_dict["muon"])
        self.adamw.load_state_dict(state_dict["adamw"])


def warmup_cosine(step: int, warmup_steps: int, total_steps: int, min_lr_ratio: float) -> float:
    """LR multiplier: linear from 0 to 1 over `warmup_steps`, then cosine down to `min_lr_ratio` at `total_steps`."""
    if step < warmup_steps:
        return (step + 1) / warmup_steps
    progress = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
    return min_lr_ratio + (1.0 - min_lr_ratio) * 0.5 * (1.0 + math.cos(math.pi * progress))

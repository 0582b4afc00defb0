"""Int8 weights for answering on a CPU (`quantize=int8`, what `auto` picks on x86): inference only, never training.

Decoding one token at a time reads every weight once per token, so its speed is memory bandwidth over weight
bytes: int8 weights read a quarter of fp32's. `potterverse.model.kernels.quantize_int8` makes the block matmuls
and the head `Int8Linear`s: weights
quantised symmetrically per output channel (one scale per row), run by PyTorch's own FBGEMM kernel
(`quantized::linear_dynamic`). Inputs and outputs stay fp32; inside the kernel each call's input is quantised to
8 bits on the fly (one scale for the call), which is where the small error beside fp32 comes from. The token
embedding (a lookup, one row per token) stays fp32, so a tied head keeps its fp32 copy there.

Measured on the README's CPU, one thread, batch 1 (under a load average of ~3.5 on its 2 cores): small's head
4.3 ms per token against fp32's 18.8; `torch.ops.aten._weight_int8pack_mm` (int8 weights, fp32 activations) took
55 ms there and dequantising inside the matmul 142 ms, so neither is used. torch 2.13 marks its quantized tensors
deprecated in favour of torchao; this module is where a torchao kernel would go.
"""

from __future__ import annotations

import platform
import warnings

import torch
from torch import nn

from potterverse.errors import ConfigError

QUANTIZE_CHOICES = ("auto", "none", "int8")
INT8_ENGINES = ("x86", "fbgemm")  # the x86 engines that run `quantized::linear_dynamic` with per-channel weights


def int8_runs_here() -> bool:
    """Whether this PyTorch has an x86 engine for int8 matmuls (an ARM build has QNNPACK only)."""
    return torch.backends.quantized.engine in INT8_ENGINES


def check_quantize(quantize: str | None, device: torch.device | str) -> str:
    """The quantisation to run with on `device`, or a ConfigError that says what is valid. `auto` (the CLIs' and the
    demo's default) is int8 on an x86 CPU, where it decodes 2-3x faster at the same task accuracy (the README's
    Performance), and none elsewhere; None, the API's default, is none."""
    choice = "none" if quantize is None else str(quantize)
    if choice not in QUANTIZE_CHOICES:
        raise ConfigError(f"quantize={choice} is not known; choose one of: {', '.join(QUANTIZE_CHOICES)}.")
    on_cpu = torch.device(device).type == "cpu"
    if choice == "auto":
        return "int8" if on_cpu and int8_runs_here() else "none"
    if choice == "int8" and not on_cpu:
        raise ConfigError(f"quantize=int8 runs on the CPU only; pass device=cpu (or quantize=none for {device}).")
    if choice == "int8" and not int8_runs_here():
        raise ConfigError(f"quantize=int8 needs PyTorch's x86 int8 kernels, which this {platform.machine()} build "
                          "lacks; use quantize=none.")  # fmt: skip
    return choice


class Int8Linear(nn.Module):
    """y = x @ W.T + b with W held as int8, one scale per output channel, packed for FBGEMM. Inference only."""

    def __init__(self, linear: nn.Linear) -> None:
        super().__init__()
        weight = linear.weight.detach().float()
        scale = (weight.abs().amax(dim=1) / 127.0).clamp_min(1e-12).double()  # a zero row (vocab padding) stays 0
        zero = torch.zeros(weight.size(0), dtype=torch.long)
        with warnings.catch_warnings():  # torch 2.13 marks quantized tensors deprecated (torchao's successor)
            warnings.filterwarnings("ignore", message=".*quantized tensor creation functions", category=UserWarning)
            qweight = torch.quantize_per_channel(weight, scale, zero, axis=0, dtype=torch.qint8)
        bias = None if linear.bias is None else linear.bias.detach().float()
        self.packed = torch.ops.quantized.linear_prepack(qweight, bias)
        self.in_features, self.out_features = linear.in_features, linear.out_features

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # reduce_range: 7-bit inputs, so FBGEMM's 16-bit accumulation of pairs of products cannot saturate
        out = torch.ops.quantized.linear_dynamic(x.reshape(-1, self.in_features), self.packed, True)
        return out.view(*x.shape[:-1], self.out_features)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, int8 per channel"

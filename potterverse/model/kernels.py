"""Opt-in speed paths beside the reference model (`potterverse.model.gpt`), each switched on by the code path
that wants it, so the model itself stays plain PyTorch:

- training (`GPTModule`): `head_cross_entropy`, the head and its cross-entropy fused into one autograd step, and
  `compile_blocks` for `model.compile=true`;
- answering (`Predictor.load`): `for_decoding`, which swaps the model's matmuls for decode-time ones: int8
  weights (`quantize=int8`, `potterverse.model.quantize`) or, for fp32 on a CPU, `DecodeLinear`'s weight layout.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial

import torch
from torch import nn

from potterverse.model.gpt import GPT
from potterverse.model.quantize import Int8Linear

# The linear layers of a block that hold its weights: (attention | MLP) . (input | output) projection.
BLOCK_LINEARS = ("attn.qkv", "attn.proj", "mlp.fc", "mlp.proj")
HEAD_DECODE_ROWS = 16  # rows up to which the vocabulary-sized head still gains from its decode copy


def head_cross_entropy(model: GPT, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """`model.loss(x, y)` (mean next-token cross-entropy, targets of -100 skipped) through `HeadCrossEntropy`:
    the same value and gradients in far less memory. Runs in autocast's dtype when autocast is on."""
    keep = y != -100
    h = model.hidden(x)[keep]
    dtype = torch.get_autocast_dtype(h.device.type) if torch.is_autocast_enabled(h.device.type) else h.dtype
    return HeadCrossEntropy.apply(h.to(dtype), model.head.weight.to(dtype), y[keep], model.config.vocab_size)


def compile_blocks(model: GPT) -> GPT:
    """Compile each block in place (`nn.Module.compile`): the training loss, validation and generation all run
    through them, parameter names keep no `_orig_mod.` prefix, and FSDP still finds its `Block`s to wrap."""
    for block in model.blocks:
        block.compile()
    return model


class HeadCrossEntropy(torch.autograd.Function):
    """Mean cross-entropy of `h @ weight.T` [N, rows] against targets [N], for training.

    The forward pass turns its log-probabilities into the logits' gradient (softmax - one-hot) in place while they
    are at hand, so the step keeps one [N, rows] buffer where autograd's path writes four (logits, log-softmax,
    a zero-filled gradient and its backward): most of a small model's step is this vocabulary-sized head. Rows past
    `vocab_size` (the padding of `vocab_multiple`, which is how the head gets aligned rows) are masked out. Runs in
    the dtype of its inputs, autocast or not.
    """

    @staticmethod
    def forward(ctx, h: torch.Tensor, weight: torch.Tensor, y: torch.Tensor, vocab_size: int) -> torch.Tensor:
        with torch.autocast(h.device.type, enabled=False):
            logits = h @ weight.t()
            if logits.size(1) > vocab_size:
                logits[:, vocab_size:] = float("-inf")
            grad = torch.log_softmax(logits.float(), dim=-1)
            del logits
            loss = -grad.gather(1, y[:, None]).mean()
            grad.exp_()
            grad[torch.arange(len(y), device=y.device), y] -= 1.0
        ctx.save_for_backward(h, weight, grad.to(h.dtype))
        return loss

    @staticmethod
    def backward(ctx, grad_loss: torch.Tensor):
        h, weight, grad = ctx.saved_tensors
        scale = grad_loss / len(grad)  # the mean's 1/N, applied to [N, emb_dim] tensors, not the [N, rows] one
        grad_h = grad_weight = None
        with torch.autocast(h.device.type, enabled=False):
            if ctx.needs_input_grad[0]:
                grad_h = (grad @ weight).mul_(scale)
            if ctx.needs_input_grad[1]:
                grad_weight = grad.t() @ (h * scale)
        return grad_h, grad_weight, None, None


class DecodeLinear(nn.Linear):
    """nn.Linear that, decoding fp32 on a CPU without gradients, multiplies up to `decode_rows` rows by a cached
    [in, out] copy of its weight. For one row that matrix-vector product streams the copy from memory faster than
    PyTorch's [out, in] product (1.8x for small's head, 3.4x for tiny's 192-wide one, 1.1x for a block's weights on
    the README's CPU); for a few rows it stays faster for the vocabulary-sized head only (decode_rows=16 there).
    The copy follows the weight (rebuilt after a load or a new tensor), is never saved or pickled, and holds the
    weight's memory once more while decoding."""

    _decode_copy: tuple[weakref.ref, tuple[int, int], torch.Tensor] | None = None

    def __init__(self, in_features: int, out_features: int, bias: bool = True, decode_rows: int = 1) -> None:
        super().__init__(in_features, out_features, bias=bias)
        self.decode_rows = decode_rows

    @classmethod
    def wrap(cls, linear: nn.Linear, decode_rows: int = 1) -> DecodeLinear:
        """A DecodeLinear holding `linear`'s own parameters (a tied head stays tied)."""
        with torch.device("meta"):  # no weights of its own to allocate
            layer = cls(linear.in_features, linear.out_features, linear.bias is not None, decode_rows)
        layer.weight, layer.bias = linear.weight, linear.bias
        return layer

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if (x.numel() > self.decode_rows * x.size(-1) or torch.is_grad_enabled() or not x.is_cpu
                or x.dtype != torch.float32 or torch.is_autocast_enabled("cpu")):  # fmt: skip
            return super().forward(x)
        rows = x.reshape(-1, x.size(-1))
        weight = self.decode_weight()
        out = rows @ weight if self.bias is None else torch.addmm(self.bias, rows, weight)
        return out.view(*x.shape[:-1], -1)

    def decode_weight(self) -> torch.Tensor:
        weight, cached = self.weight, self._decode_copy
        state = (weight.data_ptr(), weight._version)  # in-place changes bump the version
        if cached is None or cached[0]() is not weight or cached[1] != state:
            self._decode_copy = cached = (weakref.ref(weight), state, weight.detach().t().contiguous())
        return cached[2]

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_decode_copy": None}


Swap = Callable[[nn.Linear], nn.Module]


def swap_linears(model: GPT, swap: Swap, head_swap: Swap | None = None) -> GPT:
    """Replace every block matmul with `swap(linear)` and the head with `head_swap(head)` (default: `swap`), in
    place: the one walk over the model's matmuls that every decode kernel shares."""
    for block in model.blocks:
        for name in BLOCK_LINEARS:
            parent, attr = name.split(".")
            owner = getattr(block, parent)
            setattr(owner, attr, swap(getattr(owner, attr)))
    model.head = (head_swap or swap)(model.head)
    return model


def quantize_int8(model: GPT) -> GPT:
    """Swap the block matmuls and the head of a GPT for `Int8Linear`, in place; the model is then for answering
    only (no gradients, no saving: export the fp32 model instead). The token embedding stays fp32."""
    return swap_linears(model.eval(), Int8Linear)


def use_decode_weights(model: GPT) -> GPT:
    """Swap the block matmuls and the head of a CPU fp32 GPT for `DecodeLinear`s sharing their weights, in place."""
    return swap_linears(model, DecodeLinear.wrap, partial(DecodeLinear.wrap, decode_rows=HEAD_DECODE_ROWS))


def for_decoding(model: GPT, quantize: str = "none") -> GPT:
    """The model in eval mode with the decode kernels its device and dtype gain from, for answering only: int8
    matmuls when asked for (`check_quantize` keeps that to the CPU), else `DecodeLinear` for fp32 on a CPU; other
    models (a GPU's, bf16) stay plain."""
    model.eval()
    if quantize == "int8":
        return quantize_int8(model)
    weight = model.head.weight
    return use_decode_weights(model) if weight.is_cpu and weight.dtype == torch.float32 else model

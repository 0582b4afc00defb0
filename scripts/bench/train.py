"""Sections 1 and 2: a training step (forward + backward + AdamW) of ours against transformers' GPT-2 (and
nanoGPT's model with --nanogpt) at the same shapes, weights and thread count; tokens/s and MFU against the matmul
peak measured in the same run."""

from __future__ import annotations

import contextlib
import copy
import statistics
from collections.abc import Callable
from typing import TypedDict

import torch

from scripts.bench.models import load_nanogpt, nanogpt_twin, our_model, train_flops, transformers_twin
from scripts.bench.targets import Target
from scripts.bench.timing import Stats, fmt, interleaved, machine_peaks, rate, speedup, spread


class Contender(TypedDict):
    dtype: str
    tokens_per_s: Stats
    step_s: Stats
    model_flops_per_step: float
    mfu: float


class TrainResult(TypedDict):
    batch: int
    seq: int
    contenders: dict[str, Contender]
    ratios: dict[str, float]


TARGETS = (
    Target("train fp32 eager, ours / transformers, {size}", ">= 1.2",
           lambda r: r["ratios"]["ours_vs_transformers_fp32"], per_size=True),
    Target("train fp32 eager MFU, {size}", ">= 0.80", lambda r: r["contenders"]["ours"]["mfu"], per_size=True,
           sizes=("small",)),
    Target("train bf16 autocast / fp32, {size}", ">= 1.5", lambda r: r["ratios"]["ours_bf16_vs_ours_fp32"],
           per_size=True, sizes=("small",)),
    Target("train fp32 eager, ours / nanoGPT, {size}", ">= 1.0", lambda r: r["ratios"].get("ours_vs_nanogpt_fp32"),
           per_size=True),
)  # fmt: skip


def add_arguments(p) -> None:
    p.add_argument("--reps", type=int, default=5, help="timed repetitions of each training step")
    p.add_argument("--warmup", type=int, default=2, help="untimed training steps first (compiles, allocates)")
    p.add_argument("--seq", type=int, default=256, help="training sequence length")
    p.add_argument("--train-batch", nargs="+", default=["tiny=8", "small=4"], help="SIZE=BATCH for training")
    p.add_argument("--no-compile", dest="compile", action="store_false", help="skip the torch.compile contender")
    p.add_argument("--peak-size", type=int, default=2048, help="n of the n x n matmuls that measure the peak")


def train_contenders(size: str, batch: int, seq: int, args, device: torch.device) -> tuple[dict, dict]:
    """Step functions (forward + backward + AdamW) of each contender, and the facts the table needs about them."""
    from potterverse.model.kernels import compile_blocks, head_cross_entropy
    from potterverse.training.optim import build_adamw

    ours = our_model(size, device).train()
    theirs = transformers_twin(ours).train()
    padded = our_model(size, device, vocab_multiple=64).train()
    ids = torch.randint(0, ours.config.vocab_size, (batch, seq + 1), generator=torch.Generator().manual_seed(1))
    x, y = ids[:, :-1].contiguous().to(device), ids[:, 1:].contiguous().to(device)  # nanoGPT .view()s them
    # Both with AdamW as their trainers build it: ours from potterverse.training.optim, transformers' Trainer defaults
    # to torch's fused AdamW; same learning rate, betas and weight decay.
    opt_ours, opt_padded = build_adamw(ours, lr=1e-4), build_adamw(padded, lr=1e-4)
    opt_theirs = torch.optim.AdamW(theirs.parameters(), lr=1e-4, betas=(0.9, 0.95), weight_decay=0.1, fused=True)
    bf16 = torch.autocast(device.type, dtype=torch.bfloat16)
    fp32 = contextlib.nullcontext()

    def step(loss_fn: Callable[[], torch.Tensor], opt: torch.optim.Optimizer, precision) -> Callable[[], None]:
        def run() -> None:
            with precision:
                loss = loss_fn()
            loss.backward()
            opt.step()
            opt.zero_grad(set_to_none=True)

        return run

    # transformers shifts the labels itself: labels=x scores the same logits (its last position has no target).
    their_loss = lambda: theirs(input_ids=x, labels=x).loss  # noqa: E731

    def fused_loss(model) -> Callable[[], torch.Tensor]:  # ours trains with the fused loss, as GPTModule does
        return lambda: head_cross_entropy(model, x, y)

    contenders = {
        "ours": step(fused_loss(ours), opt_ours, fp32),
        "transformers": step(their_loss, opt_theirs, fp32),
        "ours, vocab_multiple=64": step(fused_loss(padded), opt_padded, fp32),
        "ours, bf16 autocast": step(fused_loss(ours), opt_ours, bf16),
        "transformers, bf16 autocast": step(their_loss, opt_theirs, bf16),
    }
    if args.nanogpt:  # nanoGPT's model on its own paths: its loss, its AdamW groups (fused only on CUDA)
        nano = nanogpt_twin(load_nanogpt(args.nanogpt), padded.config).to(device).train()
        opt_nano = nano.configure_optimizers(0.1, 1e-4, (0.9, 0.95), device.type)
        nano_loss = lambda: nano(x, y)[1]  # noqa: E731
        contenders["nanoGPT"] = step(nano_loss, opt_nano, fp32)
        contenders["nanoGPT, bf16 autocast"] = step(nano_loss, opt_nano, bf16)
    if args.compile:  # a compiled twin (blocks compiled in place, as model.compile=true does) with its own AdamW
        compiled = compile_blocks(copy.deepcopy(ours))
        opt_compiled = build_adamw(compiled, lr=1e-4)
        contenders["ours, torch.compile"] = step(fused_loss(compiled), opt_compiled, fp32)
    facts = {
        name: {
            "dtype": "bf16" if "bf16" in name else "fp32",
            "flops": train_flops(padded if "vocab" in name or "nanoGPT" in name else ours, batch, seq),
        }
        for name in contenders
    }
    return contenders, facts


def run(args, device: torch.device, results: dict) -> dict[str, TrainResult]:
    """Per model size: tokens/s and MFU of each contender's training step, and the ratios between them."""
    results["peak"] = peaks = machine_peaks(args.peak_size, 5, device)
    results = {}
    for size in args.sizes:
        batch, seq = args.train_batch[size], args.seq
        contenders, facts = train_contenders(size, batch, seq, args, device)
        seconds = interleaved(contenders, args.reps, args.warmup, device)
        rows = {}
        for name, s in seconds.items():
            flops, dtype = facts[name]["flops"], facts[name]["dtype"]
            rows[name] = {
                "dtype": dtype,
                "tokens_per_s": rate(batch * seq, s),
                "step_s": spread(s),
                "model_flops_per_step": flops,
                "mfu": flops / statistics.median(s) / peaks[dtype]["flops"],
            }
        ratios = {
            "ours_vs_transformers_fp32": speedup(seconds, "ours", "transformers"),
            "ours_vs_transformers_bf16": speedup(seconds, "ours, bf16 autocast", "transformers, bf16 autocast"),
            "ours_bf16_vs_ours_fp32": speedup(seconds, "ours, bf16 autocast", "ours"),
            "vocab_multiple_64_vs_ours": speedup(seconds, "ours, vocab_multiple=64", "ours"),
        }
        if "nanoGPT" in seconds:  # the same padded vocabulary on both sides
            ratios["ours_vs_nanogpt_fp32"] = speedup(seconds, "ours, vocab_multiple=64", "nanoGPT")
            ratios["ours_vs_nanogpt_bf16"] = speedup(seconds, "ours, bf16 autocast", "nanoGPT, bf16 autocast")
        if "ours, torch.compile" in seconds:
            ratios["compile_vs_eager"] = speedup(seconds, "ours, torch.compile", "ours")
        results[size] = TrainResult(batch=batch, seq=seq, contenders=rows, ratios=ratios)
        del contenders
    return results


def markdown(result: dict[str, TrainResult], results: dict) -> list[str]:
    lines = []
    for size, r in result.items():
        lines += [f"\n**Training step, {size}** (batch {r['batch']} x {r['seq']}, forward + backward + AdamW)\n",
                  "| contender | tokens/s median (min-max) | MFU |", "|---|---:|---:|"]  # fmt: skip
        lines += [f"| {name} | {fmt(c['tokens_per_s'])} | {c['mfu']:.0%} of {c['dtype']} peak |"
                  for name, c in r["contenders"].items()]  # fmt: skip
    return lines


def check_arguments(args, p) -> None:
    args.train_batch = {k: int(v) for k, v in (item.split("=") for item in args.train_batch)}
    missing = [s for s in args.sizes if s not in args.train_batch]
    if missing:
        p.error(f"--train-batch has no batch size for {', '.join(missing)}")

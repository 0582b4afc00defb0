"""Section 6: bf16 autocast against fp32: tiny trained twice from the same weights on the same batches, the loss
curves and validation losses compared; and the fp32 model with int8 weights (quantize=int8) scored beside them."""

from __future__ import annotations

import contextlib
import copy
import statistics
import tempfile
import time
from typing import TypedDict

import numpy as np
import torch

from scripts.bench import SAMPLE_PDF
from scripts.bench.models import greedy_agreement, int8_twin, our_model
from scripts.bench.targets import Target


class LossResult(TypedDict):
    steps: int
    batch: int
    seq: int
    window: int  # steps averaged in each point of the curves
    curve_fp32: list[float]
    curve_bf16: list[float]
    max_relative_gap: float
    final_relative_gap: float
    val_loss: dict[str, float]  # fp32, bf16, int8
    int8_val_loss_relative_gap: float
    int8_greedy_tokens_equal_to_fp32: float
    bf16_step_speedup: float


TARGETS = (
    Target("bf16 loss curve vs fp32 ({steps} tiny steps)", "<= 0.02", lambda r: r["max_relative_gap"]),
    Target("int8 validation loss vs fp32 (tiny, relative)", "<= 0.01", lambda r: r["int8_val_loss_relative_gap"]),
)


def add_arguments(p) -> None:
    p.add_argument("--loss-steps", type=int, default=200, help="steps of the bf16-vs-fp32 loss-curve run")
    p.add_argument("--loss-batch", type=int, default=8, help="its batch (default: the quickstart's)")
    p.add_argument("--loss-seq", type=int, default=128, help="its sequence length (default: the quickstart's)")


def run(args, device: torch.device, results: dict) -> LossResult:
    """Train tiny twice from the same weights on the same batches of the sample corpus, fp32 and bf16 autocast,
    steps interleaved; compare the loss curves (means over windows of 20 steps) and the final validation loss."""
    from torch.optim.lr_scheduler import LambdaLR

    from potterverse.data.corpus import build_corpus
    from potterverse.model.kernels import head_cross_entropy
    from potterverse.training.optim import build_adamw, warmup_cosine

    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(SAMPLE_PDF, tmp, {SAMPLE_PDF.name: [3, 59]})
        train_tokens, val_tokens = np.array(corpus.train, dtype=np.int64), np.array(corpus.val, dtype=np.int64)
    batch, seq, steps = args.loss_batch, args.loss_seq, args.loss_steps  # the quickstart's shape and schedule
    rng = np.random.default_rng(0)

    def window(tokens: np.ndarray, offsets: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        rows = np.stack([tokens[o : o + seq + 1] for o in offsets])
        return torch.from_numpy(rows[:, :-1]).to(device), torch.from_numpy(rows[:, 1:]).to(device)

    batches = [window(train_tokens, rng.integers(0, len(train_tokens) - seq - 1, batch)) for _ in range(steps)]
    base = our_model("tiny", device).train()
    runs = {}
    for name, precision in (("fp32", contextlib.nullcontext()), ("bf16", torch.autocast(device.type, torch.bfloat16))):
        model = copy.deepcopy(base)
        opt = build_adamw(model, lr=1e-3)
        sched = LambdaLR(opt, lambda s: warmup_cosine(s, min(20, steps - 1), steps, 0.1))
        runs[name] = {"model": model, "opt": opt, "sched": sched, "precision": precision, "losses": []}

    def train_step(run: dict, x: torch.Tensor, y: torch.Tensor) -> None:
        with run["precision"]:
            loss = head_cross_entropy(run["model"], x, y)  # the trainer's loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(run["model"].parameters(), 1.0)
        run["opt"].step()
        run["opt"].zero_grad(set_to_none=True)
        run["sched"].step()
        run["losses"].append(loss.item())

    step_s = {name: [] for name in runs}
    for x, y in batches:
        for name, run in runs.items():
            start = time.perf_counter()
            train_step(run, x, y)
            step_s[name].append(time.perf_counter() - start)
    val_offsets = np.linspace(0, len(val_tokens) - seq - 2, 16).astype(int)
    vx, vy = window(val_tokens, val_offsets)
    with torch.no_grad():
        val = {name: run["model"].loss(vx, vy).item() for name, run in runs.items()}  # both scored in fp32
        int8 = int8_twin(runs["fp32"]["model"])
        val["int8"] = int8.loss(vx.cpu(), vy.cpu()).item()
        agreement = greedy_agreement(runs["fp32"]["model"].cpu().eval(), int8, vx[:, :32].cpu(), 32)
    window_size = max(1, min(20, steps // 4))
    curves = {name: [float(np.mean(run["losses"][i : i + window_size])) for i in range(0, steps, window_size)]
              for name, run in runs.items()}  # fmt: skip
    rel = [abs(b - a) / a for a, b in zip(curves["fp32"], curves["bf16"], strict=True)]
    return {  # a LossResult
        "steps": steps,
        "batch": batch,
        "seq": seq,
        "window": window_size,
        "curve_fp32": curves["fp32"],
        "curve_bf16": curves["bf16"],
        "max_relative_gap": max(rel),
        "final_relative_gap": rel[-1],
        "val_loss": val,
        "int8_val_loss_relative_gap": abs(val["int8"] - val["fp32"]) / val["fp32"],
        "int8_greedy_tokens_equal_to_fp32": agreement,
        "bf16_step_speedup": statistics.median(a / b for a, b in zip(step_s["fp32"], step_s["bf16"], strict=True)),
    }


def markdown(lo: LossResult, results: dict) -> list[str]:
    lines = [f"\n**bf16 autocast vs fp32**, {lo['steps']} tiny steps: loss curves within "
             f"{lo['max_relative_gap']:.2%} (means over {lo['window']} steps), validation loss "
             f"{lo['val_loss']['fp32']:.3f} / {lo['val_loss']['bf16']:.3f}"]  # fmt: skip
    if "int8" in lo["val_loss"]:
        lines += [f"\n**int8 weights vs fp32** (the fp32 model above, quantize=int8): validation loss "
                  f"{lo['val_loss']['int8']:.3f} ({lo['int8_val_loss_relative_gap']:.2%} from fp32), greedy tokens "
                  f"equal to fp32's {lo['int8_greedy_tokens_equal_to_fp32']:.0%}"]  # fmt: skip
    return lines

"""Section 7: pre-training against nanoGPT's model: nanoGPT's model trained for the minutes a pre-training run of
ours took, on its tokens, both scored on a book left out (scripts/benchmark_tasks.sh runs it)."""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

import numpy as np
import torch

from scripts.bench.models import int8_twin, load_nanogpt, nanogpt_twin
from scripts.bench.targets import Target


class PretrainResult(TypedDict):
    run: str
    heldout_book: str
    heldout_tokens_scored: int
    seconds: float
    steps: dict[str, int]  # ours, nanoGPT
    max_steps: int
    heldout_loss: dict[str, float]  # ours, nanoGPT (and "ours, int8" on a CPU)
    val_loss: dict[str, float]


HELDOUT_WINDOWS = 512  # windows of the held-out book scored (64K tokens at 128 a window), spread over all of it


def int8_gap(r: PretrainResult) -> float | None:
    val = r["val_loss"]
    return abs(val["ours, int8"] - val["ours"]) / val["ours"] if "ours, int8" in val else None


TARGETS = (
    Target("pre-training, held-out book loss, nanoGPT - ours (same minutes)", ">= 0",
           lambda r: r["heldout_loss"]["nanoGPT"] - r["heldout_loss"]["ours"]),
    Target("pre-trained run, int8 / fp32 validation loss, relative gap", "<= 0.01", int8_gap),
)  # fmt: skip


def add_arguments(p) -> None:
    p.add_argument("--pretrained", type=Path, default=None, help="pretrain: the run folder nanoGPT is set against")
    p.add_argument("--heldout", type=Path, default=None, help="pretrain: a book left out of that run's corpus")
    p.add_argument("--seconds", type=float, default=None, help="pretrain: the minutes that run took, in seconds")


def check_arguments(args, p) -> None:
    needs = {"--nanogpt": args.nanogpt, "--pretrained": args.pretrained, "--heldout": args.heldout,
             "--seconds": args.seconds}  # fmt: skip
    if not all(needs.values()):
        p.error(f"--sections pretrain needs {', '.join(k for k, v in needs.items() if not v)}: a run of yours, the "
                "book its corpus left out, the seconds it took and a nanoGPT model.py")  # fmt: skip


def spread_windows(tokens: np.ndarray, seq: int, count: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Up to `count` inputs and targets of `seq` tokens spread evenly over `tokens` (validation's own windows)."""
    from potterverse.data.pretrain import validation_offsets

    tokens = torch.from_numpy(np.asarray(tokens).astype(np.int64))
    offsets = validation_offsets(len(tokens), seq, count)
    inputs = torch.stack([tokens[o : o + seq] for o in offsets])
    return inputs, torch.stack([tokens[o + 1 : o + seq + 1] for o in offsets])


def book_tokens(path: Path, data_cfg) -> np.ndarray:
    """The whole of a book, read, cleaned and tokenised as the run read its corpus."""
    from potterverse.data.corpus import CleanOptions, build_corpus

    with tempfile.TemporaryDirectory() as tmp:
        book = build_corpus(path, tmp, None, CleanOptions(**data_cfg.clean), data_cfg.tokenizer, data_cfg.val_fraction)
        return np.concatenate([book.train, book.val])


def mean_loss(loss: Callable[[torch.Tensor, torch.Tensor], torch.Tensor], x: torch.Tensor, y: torch.Tensor,
              batch: int = 16) -> float:  # fmt: skip
    """Mean next-token loss over every window, in fp32, batch by batch."""
    with torch.no_grad():
        return float(sum(loss(x[i : i + batch], y[i : i + batch]).item() * len(x[i : i + batch])
                         for i in range(0, len(x), batch)) / len(x))  # fmt: skip


def train_nanogpt_for(nano, cfg, tokens: np.ndarray, seconds: float, device: torch.device) -> int:
    """Train nanoGPT's model with the run's batch, window, AdamW settings, warm-up + cosine schedule, clipping and
    precision until the run's step count or `seconds` is reached; the steps it took."""
    from potterverse.training.hardware import resolve_hardware
    from potterverse.training.optim import warmup_cosine

    o, seq, batch = cfg.optimizer, cfg.data.block_size, cfg.data.batch_size
    opt = nano.configure_optimizers(o.weight_decay, o.lr, tuple(o.betas), device.type)  # its own AdamW groups
    bf16 = resolve_hardware(device.type, 1, cfg.trainer.precision)[2].startswith("bf16")
    precision = torch.autocast(device.type, torch.bfloat16) if bf16 else contextlib.nullcontext()
    total, rng, step = cfg.trainer.max_steps, np.random.default_rng(cfg.seed), 0
    start = time.perf_counter()
    while step < total and time.perf_counter() - start < seconds:
        for group in opt.param_groups:
            group["lr"] = o.lr * warmup_cosine(step, cfg.scheduler.warmup_steps, total, cfg.scheduler.min_lr_ratio)
        rows = np.stack([tokens[i : i + seq + 1] for i in rng.integers(0, len(tokens) - seq - 1, batch)])
        x, y = (torch.from_numpy(r.astype(np.int64)).to(device) for r in (rows[:, :-1], rows[:, 1:]))
        with precision:
            loss = nano(x, y)[1]
        loss.backward()
        torch.nn.utils.clip_grad_norm_(nano.parameters(), cfg.trainer.gradient_clip_val)
        opt.step()
        opt.zero_grad(set_to_none=True)
        step += 1
    return step


def run(args, device: torch.device, results: dict) -> PretrainResult:
    """nanoGPT's model pre-trained for the minutes our run took (`--pretrained`, `--seconds`: the whole stage, start
    and validation included), on the run's training tokens with its shape, batch, schedule and precision; then both
    scored on a book left out of training (`--heldout`) and on the run's own validation split; on a CPU our run
    as quantize=int8 answers with it is scored beside them."""
    from hydra.utils import instantiate
    from omegaconf import OmegaConf

    from potterverse.checkpoints import load_model
    from potterverse.runs import RunFolder

    run = RunFolder(args.pretrained)
    cfg = OmegaConf.load(run.config)
    ours, meta = load_model(run.root)
    data = instantiate(cfg.data)
    data.setup()  # the run's own token cache
    seq = cfg.data.block_size
    nano = nanogpt_twin(load_nanogpt(args.nanogpt), ours.config).to(device).train()
    steps = train_nanogpt_for(nano, cfg, np.asarray(data.data.train), args.seconds, device)
    ours, nano = ours.to(device).eval(), nano.eval()
    book = spread_windows(book_tokens(args.heldout, cfg.data), seq, HELDOUT_WINDOWS)
    split = spread_windows(data.data.val, seq, cfg.data.val_windows)
    losses = {"ours": ours.loss, "nanoGPT": lambda x, y: nano(x, y)[1]}
    if device.type == "cpu":  # the trained run as quantize=int8 answers with it
        losses["ours, int8"] = int8_twin(ours).loss
    scored = {
        split_name: {name: mean_loss(f, *(t.to(device) for t in windows)) for name, f in losses.items()}
        for split_name, windows in (("heldout_loss", book), ("val_loss", split))
    }
    return {  # a PretrainResult
        "run": str(run.root),
        "heldout_book": Path(args.heldout).name,
        "heldout_tokens_scored": book[0].numel(),
        "seconds": args.seconds,
        "steps": {"ours": meta.tokens_seen // (cfg.data.batch_size * seq), "nanoGPT": steps},
        "max_steps": cfg.trainer.max_steps,
        **scored,
    }


def markdown(pr: PretrainResult, results: dict) -> list[str]:
    lines = [f"\n**Pre-training against nanoGPT's model** ({pr['seconds']:.0f} s each; held out: "
             f"{pr['heldout_book']}, {pr['heldout_tokens_scored']:,} of its tokens scored)\n",
             "| model | steps | held-out book loss | validation loss |", "|---|---:|---:|---:|"]  # fmt: skip
    lines += [f"| {name} | {pr['steps'][name.split(',')[0]]} of {pr['max_steps']} | "
              f"{pr['heldout_loss'][name]:.3f} | {pr['val_loss'][name]:.3f} |"
              for name in pr["val_loss"]]  # fmt: skip
    return lines

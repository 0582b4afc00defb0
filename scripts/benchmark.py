"""How fast PotterVerse trains and answers, next to transformers' GPT-2, measured in one process on this machine.

    python scripts/benchmark.py --threads 1 --json docs/benchmark_cpu.json   # the README's table (~30 min, 2 cores)
    python scripts/benchmark.py --sizes tiny --reps 3 --sections train generate

Sections: `train` (tokens/s of forward + backward + AdamW, and MFU against the matmul peak measured in the same run),
`generate` (tokens/s, greedy, with and without the KV cache, against transformers' `generate`), `data` (PDF pages/s,
tokenizer tokens/s, the start of a pre-training run on a cached corpus), `finetune` (padding with length bucketing),
`loss` (the loss curve of bf16 autocast against fp32) and `pretrain` (nanoGPT's model trained for the minutes a
pre-training run of ours took, on its tokens, both scored on a book left out, ours with int8 weights too on a
CPU: scripts/benchmark_tasks.sh runs it).
With `--nanogpt PATH` (the model.py of a nanoGPT checkout) `train` also times nanoGPT's model. Contenders share
shapes, dtype, thread count and weights; they run interleaved, each figure is the median of --reps timed repetitions
after warm-up (min and max beside it), and a ratio is the median of the per-repetition ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import importlib.util
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import lightning as L
import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
OZ_PDF = ROOT.parent / "shared" / "corpus" / "oz_books_1-3.pdf"
SAMPLE_PDF = ROOT / "potterverse" / "resources" / "sample_corpus.pdf"
SECTIONS = ("train", "generate", "start", "data", "finetune", "loss", "pretrain")
DEFAULT_SECTIONS = SECTIONS[:-1]  # pretrain needs a run of yours and a nanoGPT checkout
HELDOUT_WINDOWS = 512  # windows of the held-out book scored (64K tokens at 128 a window), spread over all of it

# Dense bf16 tensor-core peaks (TFLOP/s, without sparsity) from the vendors' data sheets, matched against
# torch.cuda.get_device_name(); the longest matching key wins. Other cards use the bf16 matmul peak measured here.
GPU_BF16_PEAK_TFLOPS = {
    "H200": 989.0,
    "H100 80GB HBM3": 989.0,  # SXM
    "H100 PCIe": 756.0,
    "H100 NVL": 835.0,
    "A100": 312.0,
    "L40S": 362.0,
    "L4": 121.0,
    "RTX 4090": 165.2,
}


# --- timing -------------------------------------------------------------------------------------------------------


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def interleaved(
    contenders: dict[str, Callable[[], object]], reps: int, warmup: int, device: torch.device
) -> dict[str, list[float]]:
    """Seconds per call of each contender: `warmup` untimed rounds, then `reps` rounds, contenders one after the
    other within a round (the order alternates between rounds, so a drift in machine load hits all alike)."""
    names = list(contenders)
    for _ in range(warmup):
        for name in names:
            contenders[name]()
    synchronize(device)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for rep in range(reps):
        for name in names if rep % 2 == 0 else names[::-1]:
            start = time.perf_counter()
            contenders[name]()
            synchronize(device)
            seconds[name].append(time.perf_counter() - start)
    return seconds


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def rate(work: float, seconds: list[float]) -> dict[str, float]:
    """Work per second: the median, min and max over the repetitions."""
    return spread([work / s for s in seconds])


def speedup(seconds: dict[str, list[float]], fast: str, slow: str) -> float:
    """How many times faster `fast` ran than `slow`: the median of the ratios within each round."""
    return statistics.median(b / a for a, b in zip(seconds[fast], seconds[slow], strict=True))


# --- machine peak -------------------------------------------------------------------------------------------------


def best_seconds(call: Callable[[], object], reps: int, device: torch.device) -> float:
    """The fastest of `reps` timed calls, after one warm-up call."""
    best = math.inf
    for _ in range(reps + 1):
        synchronize(device)
        start = time.perf_counter()
        call()
        synchronize(device)
        best = min(best, time.perf_counter() - start)
    return best


def matmul_peak(dtype: torch.dtype, n: int, reps: int, device: torch.device) -> float:
    """The best FLOP/s of `reps` n x n matmuls in `dtype`."""
    a, b = (torch.randn(n, n, device=device).to(dtype) for _ in range(2))
    return 2 * n**3 / best_seconds(lambda: a @ b, reps, device)


def memory_bandwidth(megabytes: int, reps: int, device: torch.device) -> float:
    """The best bytes/s of `reps` sums over a tensor far larger than the caches: the rate at which decoding can
    stream weights, as the matmul peak is the rate at which training can multiply."""
    data = torch.ones(megabytes * 2**20 // 4, device=device)
    return data.nbytes / best_seconds(data.sum, reps, device)


def machine_peaks(n: int, reps: int, device: torch.device) -> dict[str, dict]:
    """The peak each dtype's MFU is measured against: measured here, or on a known GPU its bf16 data-sheet value."""
    peaks = {}
    for name, dtype in (("fp32", torch.float32), ("bf16", torch.bfloat16)):
        measured = matmul_peak(dtype, n, reps, device)
        peaks[name] = {"flops": measured, "measured_flops": measured, "source": f"best of {reps} {n}x{n} matmuls"}
    if device.type == "cuda":
        card = torch.cuda.get_device_name(device)
        known = [key for key in GPU_BF16_PEAK_TFLOPS if key in card]
        if known:
            key = max(known, key=len)
            peaks["bf16"].update(flops=GPU_BF16_PEAK_TFLOPS[key] * 1e12, source=f"data sheet: {key} dense bf16")
    return peaks


# --- models -------------------------------------------------------------------------------------------------------


def our_model(size: str, device: torch.device, **overrides):
    from potterverse.model import GPT, preset_config

    torch.manual_seed(0)
    return GPT(preset_config(size, **overrides)).to(device)


def load_nanogpt(path: Path):
    """nanoGPT's `model.py` from a checkout of the user's (`--nanogpt`), imported as a module of its own."""
    spec = importlib.util.spec_from_file_location("nanogpt_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nanogpt_twin(nanogpt, config) -> torch.nn.Module:
    """nanoGPT's GPT in the shape of our `config`: layers, heads, width, context and the padded vocabulary (nanoGPT's
    own 50304), with biases and no dropout, initialised its own way."""
    torch.manual_seed(0)
    shape = nanogpt.GPTConfig(block_size=config.context_length, vocab_size=config.padded_vocab_size,
                              n_layer=config.n_layers, n_head=config.n_heads, n_embd=config.emb_dim, dropout=0.0,
                              bias=True)  # fmt: skip
    return nanogpt.GPT(shape)


def transformers_twin(model) -> torch.nn.Module:
    """transformers' GPT2LMHeadModel with our model's config (SDPA attention) and a copy of its weights."""
    from transformers import GPT2Config, GPT2LMHeadModel

    from potterverse.model.hf import hf_config, hf_state_dict

    twin = GPT2LMHeadModel._from_config(GPT2Config(**hf_config(model.config)), attn_implementation="sdpa")
    missing, unexpected = twin.load_state_dict(hf_state_dict(model), strict=False)
    assert missing == ["lm_head.weight"] and not unexpected, (missing, unexpected)  # lm_head is tied to wte
    assert twin.lm_head.weight is twin.transformer.wte.weight and twin.config._attn_implementation == "sdpa"
    return twin.to(next(model.parameters()).device)


def non_embedding_matmul_params(model) -> int:
    """N of the 6·N·tokens rule: every weight used in a matmul (the tied head counts), not the position table."""
    return model.num_params() - model.pos_emb.weight.numel()


def train_flops(model, batch: int, seq: int) -> float:
    """Model FLOPs of one training step: 6·N per token, plus attention's 12·layers·emb_dim·seq (PaLM's count)."""
    c = model.config
    return batch * seq * (6 * non_embedding_matmul_params(model) + 12 * c.n_layers * c.emb_dim * seq)


# --- 1, 2: training step ------------------------------------------------------------------------------------------


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


def bench_train(args, device: torch.device, peaks: dict) -> dict:
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
        results[size] = {"batch": batch, "seq": seq, "contenders": rows, "ratios": ratios}
        del contenders
    return results


# --- 3: generation ------------------------------------------------------------------------------------------------


def generation_contenders(ours, theirs, variants: dict, prompt: torch.Tensor, new_tokens: int, uncached: bool,
                          outputs: dict) -> dict:  # fmt: skip
    """Greedy generation of `new_tokens` tokens by each contender; each keeps its last output in `outputs`.
    `variants`: other forms of ours by contender name (int8 weights, bf16 weights), where the machine has them."""
    from potterverse.generation import Sampling, generate

    mask = torch.ones_like(prompt)
    greedy = Sampling(max_new_tokens=new_tokens)
    calls = {
        "ours, KV cache": lambda: generate(ours, prompt, greedy),
        **{name: (lambda m=model: generate(m, prompt, greedy)) for name, model in variants.items()},
        "transformers generate": lambda: theirs.generate(
            prompt, attention_mask=mask, max_new_tokens=new_tokens, do_sample=False, pad_token_id=0
        ),
    }
    if uncached:
        calls["ours, no cache"] = lambda: generate(ours, prompt, greedy, use_cache=False)
    return {name: (lambda name=name, call=call: outputs.__setitem__(name, call())) for name, call in calls.items()}


def weight_bytes_per_token(model) -> int:
    """Bytes of weights one decoding step reads: every parameter (the tied head once) but the position table, of
    which it reads one row."""
    return sum(p.numel() * p.element_size() for p in model.parameters()) - model.pos_emb.weight.nbytes


def decode_profile(call: Callable[[], object], device: torch.device, top: int) -> list[dict]:
    """The ops that take the most time in one call, with their share of it (torch.profiler, self time)."""
    from torch.profiler import ProfilerActivity, profile

    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device.type == "cuda" else [])
    with profile(activities=activities) as prof:
        call()
        synchronize(device)
    attr = "self_device_time_total" if device.type == "cuda" else "self_cpu_time_total"
    events = [e for e in prof.key_averages() if getattr(e, attr) > 0]
    total = sum(getattr(e, attr) for e in events)
    events.sort(key=lambda e: getattr(e, attr), reverse=True)
    return [{"op": e.key, "share": getattr(e, attr) / total, "calls": e.count} for e in events[:top]]


# The weight formats set against ours in fp32: contender name -> the key of its ratios
VARIANTS = {"ours, KV cache, int8": "int8", "ours, KV cache, bf16 weights": "bf16"}


def decoding_variants(ours, device: torch.device) -> dict:
    """Ours with int8 weights (quantize=int8: CPU only) and with bf16 weights (a GPU, or a CPU with bf16 units)."""
    from potterverse.model.kernels import for_decoding
    from potterverse.training.hardware import cpu_has_fast_bf16

    variants = {}
    if device.type == "cpu":
        variants["ours, KV cache, int8"] = for_decoding(copy.deepcopy(ours), "int8")
    if device.type == "cuda" or cpu_has_fast_bf16():
        variants["ours, KV cache, bf16 weights"] = for_decoding(copy.deepcopy(ours).to(torch.bfloat16))
    return variants


def bench_generate(args, device: torch.device, bandwidth: float) -> dict:
    from potterverse.model.kernels import for_decoding

    results = {}
    for size in args.sizes:
        # the window must hold prompt + answer (tiny's preset context of 256 does not hold 64 + 256)
        context = max(our_model_context(size), args.prompt + args.new_tokens)
        ours = our_model(size, device, context_length=context).eval()
        theirs = transformers_twin(ours).eval()
        theirs.generation_config.eos_token_id = None  # always `new_tokens` tokens, as ours without eos_id
        variants = decoding_variants(ours, device)
        ours = for_decoding(ours)  # the decode kernels Predictor.load gives it (a CPU's fp32 weight copies)
        per_batch = {}
        for batch in args.gen_batch:
            ids = torch.randint(
                0, ours.config.vocab_size, (batch, args.prompt), generator=torch.Generator().manual_seed(2)
            )
            outputs: dict[str, torch.Tensor] = {}
            contenders = generation_contenders(
                ours, theirs, variants, ids.to(device), args.new_tokens, batch in args.uncached_batch, outputs
            )
            with torch.inference_mode():
                seconds = interleaved(contenders, args.gen_reps, 1, device)
            ratios = {"cache_vs_transformers": speedup(seconds, "ours, KV cache", "transformers generate")}
            agreement = {}
            for name in variants:
                key = VARIANTS[name]
                ratios[f"{key}_vs_transformers"] = speedup(seconds, name, "transformers generate")
                ratios[f"{key}_vs_fp32"] = speedup(seconds, name, "ours, KV cache")
                agree = outputs[name][:, args.prompt :] == outputs["ours, KV cache"][:, args.prompt :]
                agreement[f"greedy_tokens_equal_{key}_to_fp32"] = agree.float().mean().item()
            if "ours, no cache" in seconds:
                ratios["cache_vs_no_cache"] = speedup(seconds, "ours, KV cache", "ours, no cache")
            same = outputs["ours, KV cache"] == outputs["transformers generate"]
            per_batch[str(batch)] = {
                "contenders": {
                    name: {"tokens_per_s": rate(batch * args.new_tokens, s), "call_s": spread(s)}
                    for name, s in seconds.items()
                },
                "ratios": ratios,
                "greedy_tokens_equal_to_transformers": same.float().mean().item(),
                **agreement,
            }
            if batch == 1:
                with torch.inference_mode():
                    per_batch["1"]["profile_ours_kv_cache"] = decode_profile(contenders["ours, KV cache"], device, 6)
        weight_bytes = weight_bytes_per_token(ours)
        results[size] = {
            "prompt": args.prompt,
            "new_tokens": args.new_tokens,
            "context": context,
            "batches": per_batch,
            "weight_bytes_per_token": weight_bytes,
            # batch 1 reads every weight once per token: no contender can beat memory bandwidth / weight bytes
            "bandwidth_bound_tokens_per_s": bandwidth / weight_bytes,
        }
    return results


def our_model_context(size: str) -> int:
    from potterverse.model.presets import PRESETS

    return PRESETS[size]["context_length"]


# --- 3: start of an answer ----------------------------------------------------------------------------------------


def launch_env() -> dict[str, str]:
    """The environment of a timed launch: this checkout importable, and bytecode written as on a user's machine
    (a sandbox's PYTHONDONTWRITEBYTECODE would recompile every module at every launch)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


GENERATE_SCRIPT = "from potterverse.cli.console import generate; generate()"  # what `potterverse-generate` runs


def launch_to_first_token(run: Path, quantize: str) -> None:
    """Launch `potterverse-generate` on `run` and wait for its exit after one new token: interpreter start, imports,
    config, reading the weights, the prompt's forward pass and the token printed."""
    argv = [f"ckpt={run}", "prompt=Hello", "max_new_tokens=1", "device=cpu", f"quantize={quantize}"]
    done = subprocess.run([sys.executable, "-c", GENERATE_SCRIPT, *argv], cwd=ROOT, env=launch_env(),
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"potterverse-generate failed (exit {done.returncode}):\n{done.stderr[-4000:]}")


def bench_start(args) -> dict:
    """Whole-process start of `potterverse-generate` on a tiny exported run (its default, quantize=auto, and fp32),
    beside the floor under it, a bare `import torch` ending as the command ends (os._exit, no teardown); interleaved,
    so a drift in machine load hits all three."""
    from potterverse.checkpoints import export_model
    from potterverse.runs import RunMetadata

    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "tiny"
        export_model(our_model("tiny", torch.device("cpu")), run, RunMetadata(tokenizer="gpt2"))
        launches = {f"generate_{q}_launch_to_first_token_s": partial(launch_to_first_token, run, q)
                    for q in ("auto", "none")}  # fmt: skip
        contenders = {**launches, "import_torch_s": partial(import_seconds, "torch", teardown=False)}
        # the warm-up round puts the weights and the bytecode in the OS's file cache
        seconds = interleaved(contenders, args.start_reps, 1, torch.device("cpu"))
    return {name: spread(values) for name, values in seconds.items()}


# --- 4: data ------------------------------------------------------------------------------------------------------


class FirstStepProbe(L.Callback):
    """Writes the wall-clock time at which the first training batch starts to `path` (added to a timed run)."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def on_train_batch_start(self, trainer, pl_module, batch, batch_idx: int) -> None:
        if trainer.global_step == 0:
            self.path.write_text(f"{time.time():.6f}")


def run_overrides(pdf: Path, pages: tuple[int, int], cache: Path, mark: Path) -> list[str]:
    """A default pre-training run of one step on the (cached) corpus, with the first-step probe."""
    probe = f"{'scripts.benchmark' if __name__ == '__main__' else __name__}.FirstStepProbe"
    return [
        f"data.corpus={pdf}", f"data.page_range=[{pages[0]},{pages[1]}]",
        f"paths.cache_dir={cache}", "trainer.max_steps=1", "trainer.enable_progress_bar=false",
        f"+callbacks.first_step._target_={probe}", f"+callbacks.first_step.path={mark}",
    ]  # fmt: skip


def launch_to_first_step(overrides: list[str], out: Path) -> float:
    """Seconds from launching `python -m potterverse.train` to its first training step: interpreter start, imports,
    config, model, trainer and data setup."""
    launched = time.time()
    done = subprocess.run([sys.executable, "-m", "potterverse.train", *overrides, f"hydra.run.dir={out}"],
                          cwd=ROOT, env=launch_env(), capture_output=True, text=True)  # fmt: skip
    log = done.stdout + done.stderr
    mark = out / "first_step"
    if done.returncode != 0 or not mark.is_file() or "cache hit" not in log:
        raise RuntimeError(
            f"potterverse-train did not start from the cached corpus (exit {done.returncode}):\n{log[-4000:]}"
        )
    return float(mark.read_text()) - launched


def call_to_first_step(overrides: list[str], out: Path) -> float:
    """Seconds from calling `train(cfg)` in this process (imports done) to the run's first training step."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from potterverse.cli.common import CONFIG_DIR, register_resolvers
    from potterverse.training.run import train

    register_resolvers()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        cfg = compose(config_name="train", overrides=[*overrides, f"paths.output_dir={out}"])
    called = time.time()
    train(cfg)
    return float((out / "first_step").read_text()) - called


def import_seconds(modules: str = "torch, lightning", teardown: bool = True) -> float:
    """Seconds a fresh interpreter takes to import `modules` (torch and Lightning: the floor under a training run's
    launch) and exit; `teardown=False` ends it with os._exit, as the inference commands do."""
    end = "" if teardown else "; import os; os._exit(0)"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {modules}{end}"], check=True)
    return time.perf_counter() - start


def bench_data(args) -> dict:
    from potterverse.data.corpus import build_corpus, tokenize_documents
    from potterverse.data.pdf import CleanOptions, clean_pages, extract_pages
    from potterverse.data.pretrain import PretrainDataModule
    from potterverse.tokenizer import get_tokenizer

    pdf = args.pdf
    n_pages = len(__import__("pypdf").PdfReader(pdf).pages)
    pages = (1, min(n_pages, args.pdf_pages or n_pages))
    texts: list[str] = []

    def extract_and_clean() -> None:
        texts[:] = [clean_pages(extract_pages(pdf, pages), CleanOptions())]

    cpu = torch.device("cpu")
    pdf_s = interleaved({"pdf": extract_and_clean}, args.data_reps, 0, cpu)["pdf"]
    get_tokenizer("gpt2")  # loaded once, outside the timing
    n_tokens = len(tokenize_documents(texts, "gpt2")[0])
    tok_s = interleaved({"tok": lambda: tokenize_documents(texts, "gpt2")}, args.data_reps, 1, cpu)["tok"]
    result = {
        "pdf": str(pdf),
        "pages": pages[1] - pages[0] + 1,
        "pdf_pages_per_s": rate(pages[1] - pages[0] + 1, pdf_s),
        "tokens": n_tokens,
        "tokenize_tokens_per_s": rate(n_tokens, tok_s),
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        page_range = {pdf.name: list(pages)}
        start = time.perf_counter()
        build_corpus(pdf, tmp / "cache", page_range)
        result["cache_build_s"] = time.perf_counter() - start

        def setup_and_first_batch() -> None:
            data = PretrainDataModule(str(pdf), str(tmp / "cache"), block_size=256, batch_size=8, page_range=page_range)
            data.setup("fit")
            next(iter(data.train_dataloader()))

        hit = interleaved({"hit": setup_and_first_batch}, args.data_reps, 1, cpu)["hit"]
        result["cache_hit_setup_and_first_batch_s"] = spread(hit)
        cache, n = tmp / "cache", args.data_reps
        calls = [tmp / f"call{i}" for i in range(n)]
        result["cache_hit_train_call_to_first_step_s"] = spread(
            [call_to_first_step(run_overrides(pdf, pages, cache, run / "first_step"), run) for run in calls]
        )
        if args.process_start:
            launches = [tmp / f"launch{i}" for i in range(n)]
            result["cache_hit_launch_to_first_step_s"] = spread(
                [launch_to_first_step(run_overrides(pdf, pages, cache, run / "first_step"), run) for run in launches]
            )
            result["import_torch_lightning_s"] = spread([import_seconds() for _ in range(n)])
    return result


# --- 5: fine-tuning batches ---------------------------------------------------------------------------------------


def padding_fraction(batches: list[list[int]], lengths: np.ndarray) -> float:
    """Padding tokens over all tokens of batches padded to their longest example."""
    padded = sum(len(b) * int(lengths[b].max()) for b in batches)
    return 1.0 - sum(int(lengths[b].sum()) for b in batches) / padded


def bench_finetune(args) -> dict:
    from potterverse.data.finetune import BucketBatchSampler, FinetuneDataModule
    from potterverse.data.task_csv import TASKS_DIR

    names = sorted(p.name.removesuffix("_train.csv") for p in TASKS_DIR.glob("*_train.csv"))
    data = FinetuneDataModule({n: {"train": str(TASKS_DIR / f"{n}_train.csv")} for n in names}, block_size=1024,
                              batch_size=args.ft_batch)  # fmt: skip
    data.setup("fit")
    lengths = np.array([len(e.x) for e in data.train_examples])
    tasks = [e.task for e in data.train_examples]
    bucketed = BucketBatchSampler(lengths, tasks, [1.0] * len(names), args.ft_batch, seed=0).batches()
    order = np.random.default_rng(0).permutation(len(lengths))
    shuffled = [order[i : i + args.ft_batch].tolist() for i in range(0, len(order), args.ft_batch)]
    return {
        "tasks": names,
        "examples": len(lengths),
        "batch_size": args.ft_batch,
        "padding_fraction_bucketed": padding_fraction(bucketed, lengths),
        "padding_fraction_shuffled": padding_fraction(shuffled, lengths),
    }


# --- bf16 against fp32: the loss curve ------------------------------------------------------------------------------


def bench_loss_curve(args, device: torch.device) -> dict:
    """Train tiny twice from the same weights on the same batches of the sample corpus, fp32 and bf16 autocast,
    steps interleaved; compare the loss curves (means over windows of 20 steps) and the final validation loss."""
    from torch.optim.lr_scheduler import LambdaLR

    from potterverse.data.corpus import build_corpus
    from potterverse.model.kernels import head_cross_entropy
    from potterverse.training.optim import build_adamw, warmup_cosine

    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(SAMPLE_PDF, tmp, {SAMPLE_PDF.name: [3, 59]})
        train_tokens, val_tokens = np.array(corpus.train, dtype=np.int64), np.array(corpus.val, dtype=np.int64)
    batch, seq, steps = 8, 128, args.loss_steps  # the quickstart's shape and schedule
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
    return {
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


def int8_twin(model: torch.nn.Module) -> torch.nn.Module:
    """A CPU copy of `model` with quantize=int8, as `potterverse-generate quantize=int8` answers with it."""
    from potterverse.model.kernels import for_decoding

    return for_decoding(copy.deepcopy(model).cpu(), "int8")


def greedy_agreement(fp32, int8, prompts: torch.Tensor, new_tokens: int) -> float:
    """The share of greedily generated tokens on which the int8 model and its fp32 original agree."""
    from potterverse.generation import Sampling, generate

    greedy = Sampling(max_new_tokens=new_tokens)
    a, b = (generate(m, prompts, greedy)[:, prompts.size(1) :] for m in (fp32, int8))
    return (a == b).float().mean().item()


# --- 7: pre-training against nanoGPT's model ----------------------------------------------------------------------


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


def bench_pretrain(args, device: torch.device) -> dict:
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
    return {
        "run": str(run.root),
        "heldout_book": Path(args.heldout).name,
        "heldout_tokens_scored": book[0].numel(),
        "seconds": args.seconds,
        "steps": {"ours": meta.tokens_seen // (cfg.data.batch_size * seq), "nanoGPT": steps},
        "max_steps": cfg.trainer.max_steps,
        **scored,
    }


# --- report -------------------------------------------------------------------------------------------------------


def targets(results: dict) -> list[dict]:
    """The issue's targets, each with the measured value and whether it is met."""
    out = []

    def add(name: str, value: float | None, goal: str, met: bool | None) -> None:
        out.append({"target": name, "value": value, "goal": goal, "met": met})

    for size, r in results.get("train", {}).items():
        add(f"train fp32 eager, ours / transformers, {size}", r["ratios"]["ours_vs_transformers_fp32"], ">= 1.2",
            r["ratios"]["ours_vs_transformers_fp32"] >= 1.2)  # fmt: skip
        if size == "small":
            mfu = r["contenders"]["ours"]["mfu"]
            add("train fp32 eager MFU, small", mfu, ">= 0.80", mfu >= 0.8)
            gain = r["ratios"]["ours_bf16_vs_ours_fp32"]
            add("train bf16 autocast / fp32, small", gain, ">= 1.5", gain >= 1.5)
    if "loss" in results:
        gap = results["loss"]["max_relative_gap"]
        add(f"bf16 loss curve vs fp32 ({results['loss']['steps']} tiny steps)", gap, "<= 0.02", gap <= 0.02)
    for size, r in results.get("generate", {}).items():
        one = r["batches"].get("1")
        if one:
            v = one["ratios"]["cache_vs_transformers"]
            add(f"generate batch 1, ours (cache) / transformers, {size}", v, ">= 2", v >= 2)
            fp32 = one["contenders"]["ours, KV cache"]["tokens_per_s"]["median"] / r["bandwidth_bound_tokens_per_s"]
            add(f"generate batch 1, ours fp32, share of the bandwidth bound, {size}", fp32, ">= 0.80", fp32 >= 0.8)
            for key, goal in (("int8", 2.5 if size == "tiny" else 2.0), ("bf16", 2.0)):
                if f"{key}_vs_transformers" in one["ratios"]:
                    v = one["ratios"][f"{key}_vs_transformers"]
                    add(f"generate batch 1, ours {key} / transformers fp32, {size}", v, f">= {goal}", v >= goal)
            if "cache_vs_no_cache" in one["ratios"]:
                v = one["ratios"]["cache_vs_no_cache"]
                add(f"generate batch 1, cache / no cache, {size}", v, ">= 10", v >= 10)
        eight = r["batches"].get("8")
        if eight:  # the fastest of our weight formats
            best = max((k for k in eight["ratios"] if k.endswith("_vs_transformers")), key=eight["ratios"].get)
            v, form = eight["ratios"][best], {"cache": "fp32"}.get(best.split("_")[0], best.split("_")[0])
            add(f"generate batch 8, ours ({form}) / transformers fp32, {size}", v, ">= 1.5", v >= 1.5)
    if "start" in results:
        v = results["start"]["generate_auto_launch_to_first_token_s"]["median"]
        add("potterverse-generate tiny, launch to first token (s)", v, "< 2", v < 2)
    if "int8_val_loss_relative_gap" in results.get("loss", {}):
        v = results["loss"]["int8_val_loss_relative_gap"]
        add("int8 validation loss vs fp32 (tiny, relative)", v, "<= 0.01", v <= 0.01)
    data = results.get("data", {})
    if "cache_hit_train_call_to_first_step_s" in data:
        v = data["cache_hit_train_call_to_first_step_s"]["median"]
        add("cache-hit start: train(cfg) to first step (s)", v, "< 2", v < 2)
    if "cache_hit_launch_to_first_step_s" in data:
        v = data["cache_hit_launch_to_first_step_s"]["median"]
        add("cache-hit start: process launch to first step (s)", v, "< 2", v < 2)
    for size, r in results.get("train", {}).items():
        if "ours_vs_nanogpt_fp32" in r["ratios"]:
            v = r["ratios"]["ours_vs_nanogpt_fp32"]
            add(f"train fp32 eager, ours / nanoGPT, {size}", v, ">= 1.0", v >= 1.0)
    if "pretrain" in results:
        h = results["pretrain"]["heldout_loss"]
        add("pre-training, held-out book loss, nanoGPT - ours (same minutes)", h["nanoGPT"] - h["ours"], ">= 0",
            h["ours"] <= h["nanoGPT"])  # fmt: skip
        val = results["pretrain"]["val_loss"]
        if "ours, int8" in val:
            v = abs(val["ours, int8"] - val["ours"]) / val["ours"]
            add("pre-trained run, int8 / fp32 validation loss, relative gap", v, "<= 0.01", v <= 0.01)
    if "finetune" in results:
        v = results["finetune"]["padding_fraction_bucketed"]
        add("fine-tuning padding with bucketing", v, "< 0.10", v < 0.1)
    return out


def fmt(stats: dict, digits: int = 0) -> str:
    return f"{stats['median']:,.{digits}f} ({stats['min']:,.{digits}f}-{stats['max']:,.{digits}f})"


def markdown(results: dict) -> str:
    lines = []
    for size, r in results.get("train", {}).items():
        lines += [f"\n**Training step, {size}** (batch {r['batch']} x {r['seq']}, forward + backward + AdamW)\n",
                  "| contender | tokens/s median (min-max) | MFU |", "|---|---:|---:|"]  # fmt: skip
        lines += [f"| {name} | {fmt(c['tokens_per_s'])} | {c['mfu']:.0%} of {c['dtype']} peak |"
                  for name, c in r["contenders"].items()]  # fmt: skip
    for size, r in results.get("generate", {}).items():
        for batch, b in r["batches"].items():
            title = f"**Generation, {size}, batch {batch}** (greedy, {r['prompt']}-token prompt, {r['new_tokens']} new)"
            lines += [f"\n{title}\n", "| contender | tokens/s median (min-max) | of the bandwidth bound |",
                      "|---|---:|---:|"]  # fmt: skip
            bound = r["bandwidth_bound_tokens_per_s"] * int(batch)  # a batch reads the weights once per step
            lines += [f"| {name} | {fmt(c['tokens_per_s'], 1)} | {c['tokens_per_s']['median'] / bound:.0%} |"
                      for name, c in b["contenders"].items()]  # fmt: skip
            if "profile_ours_kv_cache" in b:
                ops = ", ".join(f"{o['op']} {o['share']:.0%}" for o in b["profile_ours_kv_cache"])
                lines.append(f"\nProfile of ours, KV cache (torch.profiler, self time): {ops}")
        lines.append(
            f"\nBandwidth bound, {size}: a decoding step reads {r['weight_bytes_per_token'] / 1e6:.1f} MB of weights; "
            f"at the {results['memory_bytes_per_s'] / 1e9:.1f} GB/s measured here that is at most "
            f"{r['bandwidth_bound_tokens_per_s']:.1f} steps/s."
        )
    if "start" in results:
        s = results["start"]
        lines += ["\n**Start of an answer** (whole process, tiny exported run, one new token)\n",
                  "| measure | seconds median (min-max) |", "|---|---:|",
                  f"| `potterverse-generate`, launch to first token (quantize=auto, the default) | "
                  f"{fmt(s['generate_auto_launch_to_first_token_s'], 2)} |",
                  f"| the same, quantize=none | {fmt(s['generate_none_launch_to_first_token_s'], 2)} |",
                  f"| of which a bare `import torch`, ended with `os._exit` as the command ends | "
                  f"{fmt(s['import_torch_s'], 2)} |"]  # fmt: skip
    if "data" in results:
        d = results["data"]
        lines += ["\n**Data**\n", "| measure | median (min-max) |", "|---|---:|",
                  f"| PDF pages/s, extracted + cleaned ({d['pages']} pages) | {fmt(d['pdf_pages_per_s'], 1)} |",
                  f"| tokens/s, tokenised ({d['tokens']:,} tokens) | {fmt(d['tokenize_tokens_per_s'])} |",
                  f"| cache-hit DataModule setup + first batch (s) | "
                  f"{fmt(d['cache_hit_setup_and_first_batch_s'], 3)} |"]  # fmt: skip
        lines.append(
            f"| cache-hit run, `train(cfg)` to first step (s) | {fmt(d['cache_hit_train_call_to_first_step_s'], 2)} |"
        )
        if "cache_hit_launch_to_first_step_s" in d:
            lines += [f"| cache-hit `python -m potterverse.train`, launch to first step (s) | "
                      f"{fmt(d['cache_hit_launch_to_first_step_s'], 2)} |",
                      f"| of which a bare `python -c 'import torch, lightning'` (s) | "
                      f"{fmt(d['import_torch_lightning_s'], 2)} |"]  # fmt: skip
    if "finetune" in results:
        f = results["finetune"]
        lines += [f"\n**Fine-tuning batches** ({f['examples']:,} shipped examples, batch {f['batch_size']}): padding "
                  f"{f['padding_fraction_bucketed']:.1%} of tokens bucketed, {f['padding_fraction_shuffled']:.1%} "
                  "shuffled"]  # fmt: skip
    if "loss" in results:
        lo = results["loss"]
        lines += [f"\n**bf16 autocast vs fp32**, {lo['steps']} tiny steps: loss curves within "
                  f"{lo['max_relative_gap']:.2%} (means over {lo['window']} steps), validation loss "
                  f"{lo['val_loss']['fp32']:.3f} / {lo['val_loss']['bf16']:.3f}"]  # fmt: skip
        if "int8" in lo["val_loss"]:
            lines += [f"\n**int8 weights vs fp32** (the fp32 model above, quantize=int8): validation loss "
                      f"{lo['val_loss']['int8']:.3f} ({lo['int8_val_loss_relative_gap']:.2%} from fp32), greedy tokens "
                      f"equal to fp32's {lo['int8_greedy_tokens_equal_to_fp32']:.0%}"]  # fmt: skip
    if "pretrain" in results:
        pr = results["pretrain"]
        lines += [f"\n**Pre-training against nanoGPT's model** ({pr['seconds']:.0f} s each; held out: "
                  f"{pr['heldout_book']}, {pr['heldout_tokens_scored']:,} of its tokens scored)\n",
                  "| model | steps | held-out book loss | validation loss |", "|---|---:|---:|---:|"]  # fmt: skip
        lines += [f"| {name} | {pr['steps'][name.split(',')[0]]} of {pr['max_steps']} | "
                  f"{pr['heldout_loss'][name]:.3f} | {pr['val_loss'][name]:.3f} |"
                  for name in pr["val_loss"]]  # fmt: skip
    lines += ["\n**Targets**\n", "| target | measured | goal | met |", "|---|---:|---:|:---:|"]
    lines += [f"| {t['target']} | {t['value']:.3g} | {t['goal']} | {'yes' if t['met'] else 'no'} |"
              for t in results["targets"]]  # fmt: skip
    return "\n".join(lines)


def machine(device: torch.device) -> dict:
    info = {
        "device": str(device),
        "threads": torch.get_num_threads(),
        "cpu": platform.processor() or platform.machine(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_average_at_start": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    with contextlib.suppress(ImportError):
        import transformers

        info["transformers"] = transformers.__version__
    if device.type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(device)
    with contextlib.suppress(OSError):
        names = [ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                 if ln.startswith("model name")]  # fmt: skip
        info["cpu"] = names[0] if names else info["cpu"]
    return info


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sections", nargs="+", default=list(DEFAULT_SECTIONS), choices=SECTIONS)
    p.add_argument("--sizes", nargs="+", default=["tiny", "small"], help="model presets")
    p.add_argument("--device", default="auto", help="auto (cuda when there is one), cpu or cuda")
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's, one per core)")
    p.add_argument("--reps", type=int, default=5, help="timed repetitions of each training step")
    p.add_argument("--warmup", type=int, default=2, help="untimed training steps first (compiles, allocates)")
    p.add_argument("--seq", type=int, default=256, help="training sequence length")
    p.add_argument("--train-batch", nargs="+", default=["tiny=8", "small=4"], help="SIZE=BATCH for training")
    p.add_argument("--no-compile", dest="compile", action="store_false", help="skip the torch.compile contender")
    p.add_argument("--peak-size", type=int, default=2048, help="n of the n x n matmuls that measure the peak")
    p.add_argument("--prompt", type=int, default=64, help="prompt tokens for generation")
    p.add_argument("--new-tokens", type=int, default=256)
    p.add_argument("--gen-batch", nargs="+", type=int, default=[1, 8])
    p.add_argument("--uncached-batch", nargs="+", type=int, default=[1], help="batches that also run without cache")
    p.add_argument("--gen-reps", type=int, default=3)
    p.add_argument("--bandwidth-mb", type=int, default=1024, help="MiB summed to measure memory bandwidth")
    p.add_argument("--pdf", type=Path, default=OZ_PDF if OZ_PDF.is_file() else SAMPLE_PDF)
    p.add_argument("--pdf-pages", type=int, default=None, help="read only the first N pages")
    p.add_argument("--data-reps", type=int, default=3)
    p.add_argument("--start-reps", type=int, default=7, help="launches of each start contender")
    p.add_argument("--no-process-start", dest="process_start", action="store_false",
                   help="skip timing a real potterverse-train launch")  # fmt: skip
    p.add_argument("--ft-batch", type=int, default=16, help="fine-tuning batch size (configs/data/finetune.yaml)")
    p.add_argument("--loss-steps", type=int, default=200, help="steps of the bf16-vs-fp32 loss-curve run")
    p.add_argument("--nanogpt", type=Path, default=None, help="model.py of a nanoGPT checkout: a contender")
    p.add_argument("--pretrained", type=Path, default=None, help="pretrain: the run folder nanoGPT is set against")
    p.add_argument("--heldout", type=Path, default=None, help="pretrain: a book left out of that run's corpus")
    p.add_argument("--seconds", type=float, default=None, help="pretrain: the minutes that run took, in seconds")
    p.add_argument("--json", type=Path, default=ROOT / "outputs" / "benchmark" / "benchmark.json",
                   help="where the results go (and the tables, as markdown, beside it with .md)")  # fmt: skip
    args = p.parse_args(argv)
    args.train_batch = {k: int(v) for k, v in (item.split("=") for item in args.train_batch)}
    if args.bandwidth_mb < 1:
        p.error(f"--bandwidth-mb must be at least 1 (MiB summed to measure memory bandwidth), got {args.bandwidth_mb}")
    if args.nanogpt and not args.nanogpt.is_file():
        p.error(f"--nanogpt {args.nanogpt} is not a file: give the model.py of a nanoGPT checkout "
                "(git clone https://github.com/karpathy/nanoGPT)")  # fmt: skip
    needs = {"--nanogpt": args.nanogpt, "--pretrained": args.pretrained, "--heldout": args.heldout,
             "--seconds": args.seconds}  # fmt: skip
    if "pretrain" in args.sections and not all(needs.values()):
        p.error(f"--sections pretrain needs {', '.join(k for k, v in needs.items() if not v)}: a run of yours, the "
                "book its corpus left out, the seconds it took and a nanoGPT model.py")  # fmt: skip
    missing = [s for s in args.sizes if s not in args.train_batch]
    if missing:
        p.error(f"--train-batch has no batch size for {', '.join(missing)}")
    return args


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))  # the first-step probe is found as scripts.benchmark.FirstStepProbe
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(ROOT.parent / "shared" / "tiktoken_cache"))
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          "cpu" if args.device == "auto" else args.device)  # fmt: skip
    results: dict = {"machine": machine(device), "settings": {k: str(v) for k, v in vars(args).items()}}
    if "train" in args.sections:
        results["peak"] = machine_peaks(args.peak_size, 5, device)
        results["train"] = bench_train(args, device, results["peak"])
    if "generate" in args.sections:
        results["memory_bytes_per_s"] = memory_bandwidth(args.bandwidth_mb, 5, device)
        results["generate"] = bench_generate(args, device, results["memory_bytes_per_s"])
    if "start" in args.sections:
        results["start"] = bench_start(args)
    if "data" in args.sections:
        results["data"] = bench_data(args)
    if "finetune" in args.sections:
        results["finetune"] = bench_finetune(args)
    if "loss" in args.sections:
        results["loss"] = bench_loss_curve(args, device)
    if "pretrain" in args.sections:
        results["pretrain"] = bench_pretrain(args, device)
    results["targets"] = targets(results)
    results["machine"]["load_average_at_end"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    table = markdown(results)
    print(table)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))
    args.json.with_suffix(".md").write_text(table.lstrip() + "\n")
    print(f"\nwrote {args.json} and {args.json.with_suffix('.md').name}")
    return results


if __name__ == "__main__":
    main()

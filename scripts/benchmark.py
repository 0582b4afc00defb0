"""How fast PotterVerse trains and answers, next to transformers' GPT-2, measured in one process on this machine.

    python scripts/benchmark.py --threads 1 --json docs/benchmark_cpu.json   # the README's table (~30 min, 2 cores)
    python scripts/benchmark.py --sizes tiny --reps 3 --sections train generate

Sections (one module each under scripts/bench/, with its result type and its targets): `train` (tokens/s of
forward + backward + AdamW, and MFU against the matmul peak measured in the same run), `generate` (tokens/s, greedy,
with and without the KV cache, against transformers' `generate`), `start` (launch to first token of
`potterverse-generate`), `data` (PDF pages/s, tokenizer tokens/s, the start of a pre-training run on a cached
corpus), `finetune` (padding with length bucketing), `loss` (the loss curve of bf16 autocast against fp32) and
`pretrain` (nanoGPT's model trained for the minutes a pre-training run of ours took, on its tokens, both scored on a
book left out, ours with int8 weights too on a CPU: scripts/benchmark_tasks.sh runs it), `sweeps` (one search space
as a grid, the grid two jobs at once, Optuna's TPE and TPE with median pruning: best validation loss, training steps,
wall time) and `scaling` (tokens/s of `potterverse-train` on 1 and 2 CPU processes under DDP and FSDP2, and the
memory each process holds).
With `--nanogpt PATH` (the model.py of a nanoGPT checkout) `train` also times nanoGPT's model. Contenders share
shapes, dtype, thread count and weights; they run interleaved, each figure is the median of the timed repetitions
after warm-up (min and max beside it), and a ratio is the median of the per-repetition ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from types import ModuleType

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `scripts.bench`, also for the processes it starts

from scripts.bench import ROOT, data, finetune, generate, loss, pretrain, scaling, start, sweeps, train  # noqa: E402
from scripts.bench.targets import check  # noqa: E402
from scripts.bench.timing import machine  # noqa: E402

# name -> (module, in the default run); the report follows this order. A new section: its module and one row here.
SECTIONS: dict[str, tuple[ModuleType, bool]] = {
    "train": (train, True),
    "generate": (generate, True),
    "start": (start, True),
    "data": (data, True),
    "finetune": (finetune, True),
    "loss": (loss, True),
    "pretrain": (pretrain, False),  # needs a run of yours and a nanoGPT checkout
    "sweeps": (sweeps, False),  # ~12 minutes of potterverse-train processes
    "scaling": (scaling, False),  # starts 8 training runs, half of them on 2 processes
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sections", nargs="+", default=[n for n, (_, default) in SECTIONS.items() if default],
                   choices=list(SECTIONS))  # fmt: skip
    p.add_argument("--sizes", nargs="+", default=["tiny", "small"], help="model presets")
    p.add_argument("--device", default="auto", help="auto (cuda when there is one), cpu or cuda")
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's, one per core)")
    p.add_argument("--nanogpt", type=Path, default=None, help="model.py of a nanoGPT checkout: a contender")
    p.add_argument("--json", type=Path, default=ROOT / "outputs" / "benchmark" / "benchmark.json",
                   help="where the results go (and the tables, as markdown, beside it with .md)")  # fmt: skip
    for module, _ in SECTIONS.values():
        if hasattr(module, "add_arguments"):
            module.add_arguments(p)
    args = p.parse_args(argv)
    if args.nanogpt and not args.nanogpt.is_file():
        p.error(f"--nanogpt {args.nanogpt} is not a file: give the model.py of a nanoGPT checkout "
                "(git clone https://github.com/karpathy/nanoGPT)")  # fmt: skip
    for name in args.sections:
        if hasattr(SECTIONS[name][0], "check_arguments"):
            SECTIONS[name][0].check_arguments(args, p)
    return args


def markdown(results: dict) -> str:
    lines = []
    for name, (module, _) in SECTIONS.items():
        if name in results:
            lines += module.markdown(results[name], results)
    lines += ["\n**Targets**\n", "| target | measured | goal | met |", "|---|---:|---:|:---:|"]
    lines += [f"| {t['target']} | {t['value']:.3g} | {t['goal']} | {'yes' if t['met'] else 'no'} |"
              for t in results["targets"]]  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(ROOT.parent / "shared" / "tiktoken_cache"))
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          "cpu" if args.device == "auto" else args.device)  # fmt: skip
    results: dict = {"machine": machine(device), "settings": {k: str(v) for k, v in vars(args).items()}}
    results["section_seconds"] = {}  # each section's own wall time: what a rerun of one section will cost
    for name, (module, _) in SECTIONS.items():
        if name in args.sections:
            start = time.perf_counter()
            results[name] = module.run(args, device, results)
            results["section_seconds"][name] = round(time.perf_counter() - start, 1)
            print(f"[benchmark] section {name}: {results['section_seconds'][name]} s", flush=True)
    results["targets"] = [checked for name, (module, _) in SECTIONS.items() if name in results
                          for checked in check(module.TARGETS, results[name])]  # fmt: skip
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

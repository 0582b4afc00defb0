"""Section 3b: the start of an answer: the whole process of `potterverse-generate` on a tiny exported run, launch
to first token, beside the floor under it (a bare `import torch` ending as the command ends)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TypedDict

import torch

from scripts.bench import ROOT
from scripts.bench.models import our_model
from scripts.bench.targets import Target
from scripts.bench.timing import Stats, fmt, interleaved, spread


class StartResult(TypedDict):
    generate_auto_launch_to_first_token_s: Stats
    generate_none_launch_to_first_token_s: Stats
    import_torch_s: Stats


TARGETS = (
    Target("potterverse-generate tiny, launch to first token (s)", "< 2",
           lambda r: r["generate_auto_launch_to_first_token_s"]["median"]),
)  # fmt: skip


def add_arguments(p) -> None:
    p.add_argument("--start-reps", type=int, default=7, help="launches of each start contender")


def launch_env() -> dict[str, str]:
    """The environment of a timed launch: this checkout importable, and bytecode written as on a user's machine
    (a sandbox's PYTHONDONTWRITEBYTECODE would recompile every module at every launch)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


GENERATE_SCRIPT = "from potterverse.__main__ import generate; generate()"  # what `potterverse-generate` runs


def launch_to_first_token(run: Path, quantize: str) -> None:
    """Launch `potterverse-generate` on `run` and wait for its exit after one new token: interpreter start, imports,
    config, reading the weights, the prompt's forward pass and the token printed."""
    argv = [f"ckpt={run}", "prompt=Hello", "max_new_tokens=1", "device=cpu", f"quantize={quantize}"]
    done = subprocess.run([sys.executable, "-c", GENERATE_SCRIPT, *argv], cwd=ROOT, env=launch_env(),
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"potterverse-generate failed (exit {done.returncode}):\n{done.stderr[-4000:]}")


def run(args, device: torch.device, results: dict) -> StartResult:
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
    return StartResult(**{name: spread(values) for name, values in seconds.items()})


def import_seconds(modules: str = "torch, lightning", teardown: bool = True) -> float:
    """Seconds a fresh interpreter takes to import `modules` (torch and Lightning: the floor under a training run's
    launch) and exit; `teardown=False` ends it with os._exit, as the inference commands do."""
    end = "" if teardown else "; import os; os._exit(0)"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {modules}{end}"], check=True)
    return time.perf_counter() - start


def markdown(s: StartResult, results: dict) -> list[str]:
    return ["\n**Start of an answer** (whole process, tiny exported run, one new token)\n",
            "| measure | seconds median (min-max) |", "|---|---:|",
            f"| `potterverse-generate`, launch to first token (quantize=auto, the default) | "
            f"{fmt(s['generate_auto_launch_to_first_token_s'], 2)} |",
            f"| the same, quantize=none | {fmt(s['generate_none_launch_to_first_token_s'], 2)} |",
            f"| of which a bare `import torch`, ended with `os._exit` as the command ends | "
            f"{fmt(s['import_torch_s'], 2)} |"]  # fmt: skip

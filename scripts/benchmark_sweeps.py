"""The same search four ways on this machine: a grid, Optuna's TPE, TPE with the median pruner, and TPE with the
pruner two trials at once. Each sweep gets the same number of trials of the same steps on the tiny model; the table
gives the best validation loss reached, the training steps spent (pruned trials stop early) and the wall time.

    python scripts/benchmark_sweeps.py --trials 8 --steps 60 --out docs/benchmark_sweeps.md
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The search space: learning rate and width on a grid of 4 x 2, or the same ranges for Optuna (plus warm-up and
# weight decay, which the grid holds fixed).
GRID = ["optimizer.lr=5e-4,1e-3,2e-3,4e-3", "model.emb_dim=32,64"]
SPACE = ["optimizer.lr=tag(log,interval(5e-4,4e-3))", "model.emb_dim=choice(32,64)",
         "scheduler.warmup_steps=choice(0,10)", "optimizer.weight_decay=interval(0.0,0.1)"]  # fmt: skip


def tiny(steps: int, cache: Path) -> list[str]:
    return ["experiment=quickstart", f"paths.cache_dir={cache}", "model.n_layers=2", "model.n_heads=2",
            "data.block_size=64", "data.batch_size=8", "data.val_windows=16", f"trainer.max_steps={steps}",
            f"trainer.val_check_interval={max(steps // 6, 1)}", "trainer.enable_progress_bar=false",
            "trainer.enable_model_summary=false", "callbacks.text_samples.prompts=[]",
            "scheduler.warmup_steps=10", "optimizer.weight_decay=0.1"]  # fmt: skip


def modes(trials: int) -> dict[str, list[str]]:
    optuna = ["hparams_search=optuna", "~hydra.sweeper.params", f"hydra.sweeper.n_trials={trials}",
              "hydra.sweeper.sampler.n_startup_trials=3", *SPACE]  # fmt: skip
    return {
        "grid": ["-m", *GRID],
        "TPE": [*optuna, "hydra/sweeper/pruner=none"],
        "TPE + pruning": [*optuna, "hydra.sweeper.pruner.n_startup_trials=3"],
        "TPE + pruning, 2 jobs": [*optuna, "hydra.sweeper.pruner.n_startup_trials=3", "hydra.sweeper.n_jobs=2"],
    }


def run(name: str, args: list[str], steps: int, tmp: Path) -> dict:
    sweep = tmp / name.replace(" ", "_").replace(",", "").replace("+", "p")
    cmd = [sys.executable, "-m", "potterverse.train", *tiny(steps, tmp / "cache"), *args, f"hydra.sweep.dir={sweep}"]
    start = time.perf_counter()
    result = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"}
    )
    wall = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"{name} failed:\n{result.stderr[-3000:]}")
    rows = list(csv.DictReader((sweep / "sweep_summary.csv").open()))
    losses = [float(r["best_val_loss"]) for r in rows if r["state"] == "COMPLETE" and r["best_val_loss"]]
    return {"sweep": name, "trials": len(rows), "pruned": sum(r["state"] == "PRUNED" for r in rows),
            "best_val_loss": min(losses), "steps": sum(int(r["global_step"] or 0) for r in rows),
            "wall_s": round(wall, 1)}  # fmt: skip


def table(results: list[dict]) -> str:
    grid = next(r for r in results if r["sweep"] == "grid")
    lines = ["| sweep | trials | pruned | best val loss | vs grid | steps | vs grid | wall (s) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for r in results:
        lines.append(f"| {r['sweep']} | {r['trials']} | {r['pruned']} | {r['best_val_loss']:.4f} | "
                     f"{r['best_val_loss'] / grid['best_val_loss'] - 1:+.1%} | {r['steps']} | "
                     f"{r['steps'] / grid['steps']:.2f}x | {r['wall_s']} |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--only", nargs="*", help="run these sweeps only (names as in the table)")
    parser.add_argument("--out", type=Path, help="write the table (Markdown) and the figures (JSON beside it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="benchmark-sweeps-") as tmp:
        results = []
        for name, mode in modes(args.trials).items():
            if args.only and name not in args.only:
                continue
            results.append(run(name, mode, args.steps, Path(tmp)))
            print(json.dumps(results[-1]), flush=True)
    text = table(results) if any(r["sweep"] == "grid" for r in results) else json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
        args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

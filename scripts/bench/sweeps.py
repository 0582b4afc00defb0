"""Section 8: one search space swept four ways, each a `potterverse-train` process on the CPU: a grid one job at a time,
the same grid two jobs at once (the parallel launcher, each job on half the cores), Optuna's TPE, and TPE with each
pruner (median, the default, and Hyperband). Every sweep runs as many trials as the grid has points, each of the same
steps on a tiny model; the table gives the best validation loss reached, the training steps spent (the sweep
summary's `global_step` column: a pruned trial stops early), the steps spent until a trial came within 1% of the
grid's best (in trial order: what a user who stops the search there pays), and the wall time.

Sizes: `--sweep-keys` (how many of the space's keys are swept, two values each on the grid: 4 keys = 16 trials a
sweep), `--sweep-steps` (steps per trial) and `--sweep-rows` (which sweeps; the grid always runs: it is what the
others are measured against). The defaults should take about 12 minutes on 2 quiet cores (an estimate
from the training step's speed in the `train` section and a few seconds of start and export per trial).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TypedDict

import torch

from potterverse.sweeps import JOB_FILE
from scripts.bench import ROOT
from scripts.bench.start import launch_env
from scripts.bench.targets import Target

# The search space, key: the grid's two points, which are also the ends of the range Optuna samples.
SPACE = {
    "optimizer.lr": ("1e-3", "4e-3"),
    "model.emb_dim": ("32", "64"),
    "optimizer.weight_decay": ("0.0", "0.1"),
    "scheduler.warmup_steps": ("0", "{warmup}"),  # a tenth of the steps
}
CATEGORICAL = {"model.emb_dim", "scheduler.warmup_steps"}  # Optuna: choice(); the others interval()
LOG_SCALE = "optimizer.lr"  # sampled on a log scale
GRID, GRID_2_JOBS, TPE = "grid", "grid, 2 jobs at once", "TPE"
TPE_PRUNING, TPE_HYPERBAND = "TPE + median pruning", "TPE + Hyperband pruning"
VALIDATIONS = 5  # per trial: what the pruner judges
NEAR = 0.01  # "within 1% of the grid's best loss"


class TrialRow(TypedDict):
    state: str
    steps: int
    best_val_loss: float | None


class SweepRow(TypedDict):
    trials: int
    complete: int
    pruned: int
    failed: int
    best_val_loss: float
    steps: int  # training steps of all its trials
    wall_s: float
    trials_log: list[TrialRow]  # in trial order
    steps_to_near_grid: int | None  # steps spent until a trial's best loss was within NEAR of the grid's best


class SweepsResult(TypedDict):
    keys: list[str]
    trials: int
    steps_per_trial: int
    sweeps: dict[str, SweepRow]
    pruning_loss_vs_grid: dict[str, float]  # per pruning sweep, relative: its best / the grid's best - 1
    pruning_steps_vs_grid: dict[str, float]
    two_jobs_wall_vs_one: float | None


TARGETS = (
    *(target for name in (TPE_PRUNING, TPE_HYPERBAND) for target in (
        Target(f"sweeps: {name} best val loss vs the grid's (relative)", "<= 0.01",
               lambda r, name=name: r["pruning_loss_vs_grid"].get(name)),
        Target(f"sweeps: {name} training steps / the grid's", "<= 0.5",
               lambda r, name=name: r["pruning_steps_vs_grid"].get(name)))),
    Target("sweeps: grid wall time, 2 jobs at once / 1 at a time", "<= 0.6", lambda r: r["two_jobs_wall_vs_one"]),
)  # fmt: skip
ROWS = (GRID, GRID_2_JOBS, TPE, TPE_PRUNING, TPE_HYPERBAND)


def add_arguments(p) -> None:
    p.add_argument("--sweep-keys", type=int, default=len(SPACE), choices=range(1, len(SPACE) + 1),
                   help=f"keys of the space swept ({', '.join(SPACE)}): 2^N trials a sweep")  # fmt: skip
    p.add_argument("--sweep-steps", type=int, default=80, help="training steps of each trial")
    p.add_argument("--sweep-rows", nargs="+", default=list(ROWS), choices=ROWS, metavar="SWEEP",
                   help=f"the sweeps to run, of: {'; '.join(ROWS)} (the grid runs whatever this says)")  # fmt: skip


def tiny_run(steps: int, tmp: Path, keys: list[str]) -> list[str]:
    """The overrides every trial shares: the tiny model shrunk further, short blocks, validated VALIDATIONS times;
    the space's keys not swept at their low point."""
    return ["experiment=quickstart", f"paths.log_dir={tmp}", f"paths.cache_dir={tmp / 'cache'}", "model.n_layers=2",
            "model.n_heads=2", "model.drop_rate=0.0", "data.block_size=64", "data.batch_size=8",
            "data.val_windows=16", "trainer.accelerator=cpu", f"trainer.max_steps={steps}",
            f"trainer.val_check_interval={max(steps // VALIDATIONS, 1)}", "trainer.enable_progress_bar=false",
            "trainer.enable_model_summary=false", "callbacks.text_samples.prompts=[]",
            *(f"{k}={lo}" for k, (lo, _) in SPACE.items() if k not in keys)]  # fmt: skip


def sweeps(keys: list[str], steps: int) -> dict[str, list[str]]:
    """The overrides of each sweep (the grid's `-m` first: Hydra's flags go before the overrides)."""
    points = {k: [v.format(warmup=max(steps // 10, 1)) for v in SPACE[k]] for k in keys}
    grid = ["-m", *(f"{k}={','.join(v)}" for k, v in points.items())]
    ranges = [optuna_range(k, *v) for k, v in points.items()]
    trials = 2 ** len(keys)
    startup = max(1, trials // 4)  # random trials before TPE models the results; trials the pruner waits for
    # hparams_search=optuna's own space (lr, weight decay, warm-up, dropout) is all set on the command line, swept
    # or fixed, and the command line wins: the search covers the keys swept here only (checked in `summarise`)
    optuna = ["hparams_search=optuna", f"hydra.sweeper.n_trials={trials}",
              f"hydra.sweeper.sampler.n_startup_trials={startup}", *ranges]  # fmt: skip
    interval = max(steps // VALIDATIONS, 1)
    return {
        GRID: grid,
        GRID_2_JOBS: [*grid, "hydra.launcher.n_jobs=2"],
        TPE: [*optuna, "hydra/sweeper/pruner=none"],
        TPE_PRUNING: [*optuna, f"hydra.sweeper.pruner.n_startup_trials={startup}"],
        # Hyperband's first rung at the first validation (its resource is the step a trial reports at)
        TPE_HYPERBAND: [*optuna, "hydra/sweeper/pruner=hyperband", f"hydra.sweeper.pruner.min_resource={interval}"],
    }


def optuna_range(key: str, low: str, high: str) -> str:
    """The override Optuna samples `key` by, between the grid's two points."""
    if key in CATEGORICAL:
        return f"{key}=choice({low},{high})"
    interval = f"interval({low},{high})"
    return f"{key}=tag(log,{interval})" if key == LOG_SCALE else f"{key}={interval}"


def train(args: list[str]) -> float:
    """Run `python -m potterverse.train` with `args`; its wall time."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "potterverse.train", *args], cwd=ROOT, env=launch_env(),
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode:
        command = f"potterverse-train {' '.join(args)}"
        raise RuntimeError(f"{command} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def summarise(sweep_dir: Path, wall: float, keys: list[str]) -> SweepRow:
    """A sweep's row, from the sweep_summary.csv it wrote."""
    rows = list(csv.DictReader((sweep_dir / "sweep_summary.csv").open()))
    for trial in sweep_dir.glob(f"*/{JOB_FILE}"):  # an Optuna trial's parameters: the space swept, no more
        if set(json.loads(trial.read_text()).get("params", keys)) != set(keys):
            raise RuntimeError(f"{trial}: the search sampled other keys than {keys}")
    log = [TrialRow(state=r["state"], steps=int(r["global_step"] or 0),
                    best_val_loss=float(r["best_val_loss"]) if r["best_val_loss"] else None) for r in rows]  # fmt: skip
    states = [t["state"] for t in log]
    losses = [t["best_val_loss"] for t in log if t["state"] == "COMPLETE" and t["best_val_loss"] is not None]
    return SweepRow(trials=len(rows), complete=states.count("COMPLETE"), pruned=states.count("PRUNED"),
                    failed=states.count("FAILED"), best_val_loss=min(losses, default=float("nan")),
                    steps=sum(t["steps"] for t in log), wall_s=round(wall, 1), trials_log=log,
                    steps_to_near_grid=None)  # fmt: skip


def steps_to_near(log: list[TrialRow], target: float) -> int | None:
    """Training steps spent, in trial order, until a complete trial's best loss was at most `target` (None: never)."""
    spent = 0
    for t in log:
        spent += t["steps"]
        if t["state"] == "COMPLETE" and t["best_val_loss"] is not None and t["best_val_loss"] <= target:
            return spent
    return None


def run(args, device: torch.device, results: dict) -> SweepsResult:
    """The four sweeps one after another, after an untimed run that builds the token cache they all read."""
    keys = list(SPACE)[: args.sweep_keys]
    with tempfile.TemporaryDirectory(prefix="bench-sweeps-") as tmp:
        shared = tiny_run(args.sweep_steps, Path(tmp), keys)
        train([*tiny_run(1, Path(tmp), keys), f"hydra.run.dir={tmp}/warmup"])
        rows = {}
        chosen = {GRID, *args.sweep_rows}
        for name, overrides in sweeps(keys, args.sweep_steps).items():
            if name not in chosen:
                continue
            sweep_dir = Path(tmp) / name.replace(" ", "_").replace(",", "").replace("+", "and")
            flags = [o for o in overrides if o.startswith("-")]
            rest = [o for o in overrides if not o.startswith("-")]
            wall = train([*flags, *shared, *rest, f"hydra.sweep.dir={sweep_dir}"])
            rows[name] = summarise(sweep_dir, wall, keys)
            print(f"sweeps: {name}: {rows[name]}", flush=True)
    grid = rows[GRID]
    for row in rows.values():
        row["steps_to_near_grid"] = steps_to_near(row["trials_log"], grid["best_val_loss"] * (1 + NEAR))
    pruning = [name for name in (TPE_PRUNING, TPE_HYPERBAND) if name in rows]
    return SweepsResult(
        keys=keys,
        trials=2 ** len(keys),
        steps_per_trial=args.sweep_steps,
        sweeps=rows,
        pruning_loss_vs_grid={name: rows[name]["best_val_loss"] / grid["best_val_loss"] - 1 for name in pruning},
        pruning_steps_vs_grid={name: rows[name]["steps"] / grid["steps"] for name in pruning},
        two_jobs_wall_vs_one=rows[GRID_2_JOBS]["wall_s"] / grid["wall_s"] if GRID_2_JOBS in rows else None,
    )


def markdown(s: SweepsResult, results: dict) -> list[str]:
    grid = s["sweeps"][GRID]
    lines = [f"\n**Sweeps** ({s['trials']} trials of {s['steps_per_trial']} steps a sweep, tiny model on the CPU; "
             f"swept: {', '.join(s['keys'])})\n",
             "| sweep | trials (complete / pruned / failed) | best val loss | vs grid | training steps | vs grid | "
             f"steps until within {NEAR:.0%} of the grid's best | wall (s) | vs grid |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for name, r in s["sweeps"].items():
        near = "never" if r["steps_to_near_grid"] is None else f"{r['steps_to_near_grid']:,}"
        lines.append(f"| {name} | {r['trials']} ({r['complete']} / {r['pruned']} / {r['failed']}) | "
                     f"{r['best_val_loss']:.4f} | {r['best_val_loss'] / grid['best_val_loss'] - 1:+.2%} | "
                     f"{r['steps']:,} | {r['steps'] / grid['steps']:.2f}x | {near} | "
                     f"{r['wall_s']} | {r['wall_s'] / grid['wall_s']:.2f}x |")  # fmt: skip
    return lines

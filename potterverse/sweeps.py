"""A sweep's results in one table: each run's overrides and final metrics, as sweep_summary.csv and .md.

Written by a Hydra callback when a `--multirun` sweep ends (grid, Optuna or SLURM launcher alike), from what each
run left in its folder: `.hydra/overrides.yaml` and `metrics.json`.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from potterverse.launch import launcher_rank
from potterverse.runs import RunFolder

log = logging.getLogger(__name__)

# metrics.json fields shown for every run, best first; task metrics (val/...) follow when runs have them
METRICS = ("best_val_loss", "final_val_loss", "final_train_loss", "global_step", "tokens_per_sec", "wall_time_s")


def read_run(run_dir: Path) -> dict[str, Any]:
    """One sweep job: its folder name, overrides {key: value} and metrics (empty if it did not finish)."""
    run = RunFolder(run_dir)
    overrides = dict(item.partition("=")[::2] for item in run.read_overrides())
    return {"run": run_dir.name, "overrides": overrides, "metrics": run.read_metrics()}


def read_sweep(sweep_dir: Path) -> list[dict[str, Any]]:
    """Every job of a sweep, in job order."""
    jobs = [p for p in sweep_dir.iterdir() if RunFolder(p).is_hydra_run()]
    jobs.sort(key=lambda p: (not p.name.isdigit(), int(p.name) if p.name.isdigit() else 0, p.name))
    return [read_run(p) for p in jobs]


def _columns(runs: list[dict]) -> tuple[list[str], list[str]]:
    keys = list(dict.fromkeys(k for r in runs for k in r["overrides"]))
    task_metrics = sorted({k for r in runs for k in r["metrics"] if k.startswith("val/")})
    return keys, [*METRICS, *task_metrics]


def write_sweep_summary(sweep_dir: str | Path) -> list[dict[str, Any]]:
    """Write sweep_summary.csv (every override and metric) and sweep_summary.md (the overrides that vary, the
    metrics, the best run) into the sweep folder; returns the runs read."""
    sweep_dir = Path(sweep_dir)
    runs = read_sweep(sweep_dir)
    keys, metrics = _columns(runs)
    with (sweep_dir / "sweep_summary.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["run", *keys, *metrics])
        for r in runs:
            overrides, values = r["overrides"], r["metrics"]
            writer.writerow([r["run"], *(overrides.get(k, "") for k in keys), *(values.get(m, "") for m in metrics)])
    (sweep_dir / "sweep_summary.md").write_text(_markdown(sweep_dir, runs, keys, metrics))
    return runs


def _markdown(sweep_dir: Path, runs: list[dict], keys: list[str], metrics: list[str]) -> str:
    varying = [k for k in keys if len({r["overrides"].get(k) for r in runs}) > 1]
    fixed = [f"`{k}={runs[0]['overrides'][k]}`" for k in keys if k not in varying and k in runs[0]["overrides"]]
    lines = [f"# Sweep {sweep_dir.name}: {len(runs)} runs", ""]
    if fixed:
        lines += [f"Every run: {' '.join(fixed)}", ""]
    finished = [r for r in runs if r["metrics"].get("best_val_loss") is not None]
    if finished:
        best = min(finished, key=lambda r: r["metrics"]["best_val_loss"])
        lines += [f"Best: run {best['run']} (best_val_loss {_fmt(best['metrics']['best_val_loss'])})", ""]
    lines += ["| " + " | ".join(["run", *varying, *metrics]) + " |", "|" + "---|" * (1 + len(varying) + len(metrics))]
    for r in runs:
        cells = [r["run"], *(r["overrides"].get(k, "") for k in varying), *(_fmt(r["metrics"].get(m)) for m in metrics)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


class SweepSummary(Callback):
    """Hydra callback (configs/hydra/default.yaml): the summary tables when a sweep ends."""

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        if launcher_rank() != 0:  # under torchrun / srun every rank runs the sweep; one writes the summary
            return
        sweep_dir = Path(config.hydra.sweep.dir)
        if sweep_dir.is_dir():
            runs = write_sweep_summary(sweep_dir)
            log.info("Sweep summary of %d runs: %s", len(runs), sweep_dir / "sweep_summary.md")

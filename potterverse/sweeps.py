"""A sweep's results in one table and one plot: each run's overrides, state and final metrics, as
sweep_summary.csv and .md, and sweep.png (the objective against each swept parameter and over the runs).

Written by a Hydra callback when a `--multirun` sweep ends (grid, Optuna or SLURM launcher alike), from what each
run left in its folder: `.hydra/overrides.yaml`, `metrics.json`, and `job.json`, which the sweeper writes for a
job that failed (its error line) and for every trial of an Optuna search (its state COMPLETE / PRUNED / FAILED, value
and error line). A grid whose jobs failed ends non-zero once its summary is written, naming how many; a search's
failed trials are part of the search (the study learns from them), and it ends as usual.
"""

from __future__ import annotations

import csv
import json
import logging
import os
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from potterverse.launch import launcher_rank
from potterverse.runs import RunFolder

log = logging.getLogger(__name__)

JOB_FILE = "job.json"  # in a sweep job's folder: how it ended (state, error line; a trial's number and value)

# metrics.json fields shown for every run, best first; task metrics (val/...) follow when runs have them
METRICS = ("best_val_loss", "final_val_loss", "final_train_loss", "global_step", "tokens_per_sec", "wall_time_s")
STATES = {"COMPLETE": "COMPLETE", "PRUNED": "PRUNED", "FAIL": "FAILED"}  # Optuna's names -> the summary's


def swept_keys(sweep_dir: Path) -> list[str]:
    """The keys a sweep varies, from the multirun.yaml its sweeper saved: the command line's sweep overrides
    (`a=1,2`, `choice(...)`, `interval(...)`) and an Optuna search's `hydra.sweeper.params`."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from omegaconf import OmegaConf

    try:
        hydra = OmegaConf.load(Path(sweep_dir) / "multirun.yaml").hydra
        overrides = list(hydra.overrides.task)
        params = list((OmegaConf.select(hydra, "sweeper.params") or {}).keys())
    except (OSError, ValueError, AttributeError):
        return []
    parser = OverridesParser.create()
    keys = [o.key_or_group for o in parser.parse_overrides(overrides) if o.is_sweep_override()]
    return list(dict.fromkeys([*params, *keys]))


def swept_values(run_dir: Path, sweep_dir: Path) -> dict[str, str] | None:
    """This job's values of the keys its sweep varies ({"optimizer.lr": "0.0003"}, as its command line gave them),
    or None when `run_dir` is not a job of `sweep_dir`."""
    run_dir, sweep_dir = Path(run_dir).resolve(), Path(sweep_dir).resolve()
    if run_dir.parent != sweep_dir:
        return None
    keys = swept_keys(sweep_dir)
    values = dict(o.partition("=")[::2] for o in RunFolder(run_dir).read_overrides()) if keys else {}
    return {k: values[k] for k in keys if k in values}


def run_label(run_dir: Path, sweep_dir: Path) -> str | None:
    """What sets a sweep's run apart, for trackers' run lists: its swept overrides (`lr=0.0003 n_layers=4`), or None
    when `run_dir` is not a job of `sweep_dir`."""
    values = swept_values(run_dir, sweep_dir)
    if values is None:
        return None
    short = {k: k.rsplit(".", 1)[-1] for k in values}
    if len(set(short.values())) < len(values):  # two keys end alike: keep them whole
        short = {k: k for k in values}
    return " ".join(f"{short[k]}={_short_value(v)}" for k, v in values.items()) or f"job {Path(run_dir).name}"


def _short_value(value: str) -> str:
    """0.00024380478036384822 -> 0.0002438 (a sampled float); other values as given."""
    try:
        number = float(value)
    except ValueError:
        return value
    return value if len(value) <= 8 or number.is_integer() else f"{number:.4g}"


def error_line(err: BaseException) -> str:
    """A job's failure in one line: `ConfigError: optimizer.lr=-1 ...` (an error's last line: Python's summary)."""
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[-1] if text else ''}".rstrip(": ")


def write_job_record(ret: Any, record: dict[str, Any]) -> None:
    """`job.json` in the folder of the job a Hydra JobReturn `ret` comes from (when the job made one)."""
    run_dir = Path(str(ret.hydra_cfg.hydra.runtime.output_dir)) if ret.hydra_cfg else None
    if run_dir is not None and run_dir.is_dir():
        (run_dir / JOB_FILE).write_text(json.dumps(record, indent=2))


def read_run(run_dir: Path) -> dict[str, Any]:
    """One sweep job: its folder name, overrides {key: value}, metrics (empty if it did not finish), state
    (COMPLETE, PRUNED, FAILED; RUNNING for a grid job without metrics), error line and trial number (None: a grid's
    job)."""
    run = RunFolder(run_dir)
    overrides = dict(item.partition("=")[::2] for item in run.read_overrides())
    overrides = {k: v for k, v in overrides.items() if not k.lstrip("+").startswith("hydra.")}
    metrics = run.read_metrics()
    try:
        trial = json.loads((run_dir / JOB_FILE).read_text())
    except (OSError, ValueError):
        trial = {}
    state = STATES.get(trial.get("state"), trial.get("state")) or ("COMPLETE" if metrics else "RUNNING")
    if trial.get("wall_time_s") is not None and "wall_time_s" not in metrics:
        metrics = {**metrics, "wall_time_s": round(trial["wall_time_s"], 2)}
    return {"run": run_dir.name, "overrides": overrides, "metrics": metrics, "state": state,
            "error": trial.get("error") or "", "value": trial.get("value"), "trial": trial.get("trial")}  # fmt: skip


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
        writer.writerow(["run", "state", *keys, *metrics, "error"])
        for r in runs:
            overrides, values = r["overrides"], r["metrics"]
            writer.writerow([r["run"], r["state"], *(overrides.get(k, "") for k in keys),
                             *(values.get(m, "") for m in metrics), r["error"]])  # fmt: skip
    (sweep_dir / "sweep_summary.md").write_text(_markdown(sweep_dir, runs, keys, metrics))
    if runs:
        plot_sweep(runs, [k for k in keys if _varies(runs, k)], sweep_dir / "sweep.png")
    return runs


def _varies(runs: list[dict], key: str) -> bool:
    return len({r["overrides"].get(key) for r in runs}) > 1


def _markdown(sweep_dir: Path, runs: list[dict], keys: list[str], metrics: list[str]) -> str:
    varying = [k for k in keys if _varies(runs, k)]
    fixed = [f"`{k}={runs[0]['overrides'][k]}`" for k in keys if k not in varying and k in runs[0]["overrides"]]
    lines = [f"# Sweep {sweep_dir.name}: {len(runs)} runs", ""]
    if fixed:
        lines += [f"Every run: {' '.join(fixed)}", ""]
    best = best_run(runs)
    if best is not None:
        lines += [f"Best: run {best['run']} (best_val_loss {_fmt(best['metrics']['best_val_loss'])})", ""]
    states = [r["state"] for r in runs]
    if any(s != "COMPLETE" for s in states):
        lines += [", ".join(f"{states.count(s)} {s}" for s in dict.fromkeys(states)), ""]
    header = ["run", "state", *varying, *metrics]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in runs:
        cells = [r["run"], r["state"], *(r["overrides"].get(k, "") for k in varying),
                 *(_fmt(r["metrics"].get(m)) for m in metrics)]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    failed = [r for r in runs if r["error"]]
    if failed:
        lines += ["", "Errors:", *(f"- run {r['run']}: {r['error']}" for r in failed)]
    return "\n".join(lines) + "\n"


def objective(run: dict[str, Any]) -> float | None:
    """What the sweep minimised for this run: its best validation loss (a pruned run's too), else the trial's value."""
    value = run["metrics"].get("best_val_loss")
    return value if value is not None else run.get("value")


def best_run(runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The completed run with the lowest best validation loss (a pruned run's loss is from fewer steps)."""
    finished = [r for r in runs if r["metrics"].get("best_val_loss") is not None]
    complete = [r for r in finished if r["state"] == "COMPLETE"] or finished
    return min(complete, key=lambda r: r["metrics"]["best_val_loss"], default=None)


def _numbers(values: list[str]) -> list[float] | None:
    try:
        return [float(v) for v in values]
    except ValueError:
        return None


def plot_sweep(runs: list[dict[str, Any]], varying: list[str], path: Path) -> None:
    """sweep.png: the objective against each swept parameter and over the runs (with the best so far), the best
    run starred; pruned runs drawn apart from completed ones, failed runs left out."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scored = [(r, objective(r)) for r in runs]
    scored = [(r, v) for r, v in scored if v is not None]
    if not scored:
        return
    best = best_run([r for r, _ in scored]) or min(scored, key=lambda p: p[1])[0]
    panels = [*varying, "run"]
    fig, axes = plt.subplots(1, len(panels), figsize=(3.4 * len(panels) + 0.6, 3.4), dpi=110, squeeze=False)
    for ax, key in zip(axes[0], panels, strict=True):
        if key == "run":
            xs = list(range(len(scored)))
            ax.set_xticks(xs, [r["run"] for r, _ in scored], fontsize=7)
            running = [min(v for _, v in scored[: i + 1]) for i in xs]
            ax.step(xs, running, where="post", color="tab:green", label="best so far")
        else:
            labels = [r["overrides"].get(key, "") for r, _ in scored]
            xs = _numbers(labels)
            if xs is None:  # categories
                names = list(dict.fromkeys(labels))
                xs = [names.index(v) for v in labels]
                ax.set_xticks(range(len(names)), names, fontsize=7)
            elif min(xs) > 0 and max(xs) / min(xs) > 20:
                ax.set_xscale("log")
        for state, marker, color in (("COMPLETE", "o", "tab:blue"), ("PRUNED", "v", "tab:orange")):
            pts = [(x, v) for x, (r, v) in zip(xs, scored, strict=True) if r["state"] == state]
            if pts:
                ax.scatter(*zip(*pts, strict=True), marker=marker, color=color, label=state.lower())
        i = next(i for i, (r, _) in enumerate(scored) if r is best)
        ax.scatter([xs[i]], [scored[i][1]], marker="*", s=220, color="tab:red", zorder=3, label=f"best: {best['run']}")
        ax.set(xlabel=key.rsplit(".", 1)[-1] if key != "run" else "run (over time)")
        ax.tick_params(axis="x", labelrotation=30, labelsize=7)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("best validation loss")
    axes[0][-1].legend(fontsize=7)
    fig.suptitle(f"Sweep {path.parent.name}: {len(scored)} of {len(runs)} runs scored")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def link_tensorboard_runs(sweep_dir: Path, runs: list[dict[str, Any]]) -> Path | None:
    """<sweep>/tensorboard/<label> -> ../<job>/tensorboard for every run that logged to TensorBoard, so that
    `tensorboard --logdir <sweep>/tensorboard` lists the runs by their swept overrides (`lr=0.0003 n_layers=4`)
    instead of `0/tensorboard`. The events stay in each run's own folder."""
    links = Path(sweep_dir) / "tensorboard"
    made = 0
    for r in runs:
        target = Path(sweep_dir) / r["run"] / "tensorboard"
        label = run_label(Path(sweep_dir) / r["run"], Path(sweep_dir))
        if not target.is_dir() or not label:
            continue
        name, relative = label.replace("/", "_"), Path("..") / r["run"] / "tensorboard"
        link = links / name
        if link.is_symlink() and Path(os.readlink(link)) != relative:  # two runs alike (a search's repeats)
            link = links / f"{name} (run {r['run']})"
        links.mkdir(exist_ok=True)
        if not link.is_symlink():
            link.symlink_to(relative, target_is_directory=True)
        made += 1
    return links if made else None


class SweepSummary(Callback):
    """Hydra callback (configs/hydra/default.yaml): the summary tables when a sweep ends."""

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        if launcher_rank() != 0:  # under torchrun / srun every rank runs the sweep; one writes the summary
            return
        sweep_dir = Path(config.hydra.sweep.dir)
        if sweep_dir.is_dir():
            runs = write_sweep_summary(sweep_dir)
            link_tensorboard_runs(sweep_dir, runs)
            log.info("Sweep summary of %d runs: %s and sweep.png", len(runs), sweep_dir / "sweep_summary.md")
            failed = [r for r in runs if r["state"] == "FAILED" and r["trial"] is None]  # a grid's, not a search's
            if failed:
                raise SystemExit(f"error: {len(failed)} of {len(runs)} jobs of the sweep failed (run "
                                 f"{', '.join(r['run'] for r in failed)}); their error lines are in "
                                 f"{sweep_dir / 'sweep_summary.md'}.")  # fmt: skip

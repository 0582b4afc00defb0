"""Which trained models the demo may load, what each one is, and a small cache of loaded ones.

Only runs found under `runs_dir` (plus the one checkpoint named on the command line) can be picked: a client
sends a run's key, never a path, so no request can make the server read another file.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from potterverse.checkpoints import EXPORT_CONFIG, EXPORT_WEIGHTS, SEED_NAME, resolve_checkpoint
from potterverse.errors import CheckpointError
from potterverse.inference import Predictor
from potterverse.tasks import accuracy_metrics

ACCURACY_KEYS = accuracy_metrics()  # metric name -> task, from the tasks that are scored


@dataclass(frozen=True)
class RunInfo:
    key: str  # what the picker sends: the run folder relative to runs_dir, or the checkpoint given on the command line
    folder: Path  # where metrics.json, loss.png, ... live
    weights: Path  # the file that is loaded
    date: datetime
    experiment: str = "?"
    init: str = "?"
    model_config: Mapping[str, Any] = field(default_factory=dict)
    metrics: Mapping[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> str:
        params = self.metrics.get("params")
        if params:
            return f"{params / 1e6:.1f}M params"
        cfg = self.model_config
        return f"{cfg['n_layers']} layers x {cfg['emb_dim']}" if "n_layers" in cfg else "size unknown"

    @property
    def accuracies(self) -> dict[str, float]:
        return {name: float(self.metrics[k]) for k, name in ACCURACY_KEYS.items() if self.metrics.get(k) is not None}

    @property
    def label(self) -> str:
        parts = [self.date.strftime("%Y-%m-%d %H:%M"), self.experiment, self.size, f"init {self.init}"]
        if self.metrics.get("best_val_loss") is not None:
            parts.append(f"val loss {self.metrics['best_val_loss']:.3f}")
        parts += [f"{name} {acc:.0%}" for name, acc in self.accuracies.items()]
        return " · ".join(parts) + f"  ({self.key})"


def _read_json(path: Path) -> dict:
    """A JSON object from a run folder, or {} when it is missing or unreadable (a run still being written)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def describe_run(key: str, folder: Path, weights: Path) -> RunInfo:
    """What a run folder says about itself: exported config, metrics, else the composed Hydra config."""
    exported = _read_json(folder / EXPORT_CONFIG)
    composed = _read_yaml(folder / "config.yaml")
    init = exported.get("init") or composed.get("init") or {}
    return RunInfo(
        key=key,
        folder=folder,
        weights=weights,
        date=datetime.fromtimestamp(weights.stat().st_mtime),
        experiment=str(exported.get("experiment") or composed.get("run_name") or "?"),
        init=str(init.get("name", "?")) if isinstance(init, dict) else "?",
        model_config=exported.get("model_config") or {},
        metrics=_read_json(folder / "metrics.json"),
    )


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def find_runs(runs_dir: Path) -> list[RunInfo]:
    """Every run folder under `runs_dir` (it holds model.safetensors or checkpoints/last.ckpt), newest first.
    Links that lead out of `runs_dir` are skipped."""
    root = runs_dir.resolve()
    if not root.is_dir():
        return []
    folders = {p.parent for p in root.rglob(EXPORT_WEIGHTS)}
    folders |= {p.parent.parent for p in root.rglob("last.ckpt") if p.parent.name == "checkpoints"}
    runs = []
    for folder in folders:
        weights = resolve_checkpoint(folder)
        if _inside(folder, root) and _inside(weights, root):
            runs.append(describe_run(folder.relative_to(root).as_posix(), folder, weights))
    return sorted(runs, key=lambda r: r.date, reverse=True)


def describe_checkpoint(ckpt: Path) -> RunInfo:
    """The checkpoint given on the command line: a run folder, a file inside one, or a PotterVerseAI .pth."""
    weights = resolve_checkpoint(ckpt)
    if weights.suffix == ".pth":  # PotterVerseAI's: no run folder beside it, so nothing else to read about it
        date = datetime.fromtimestamp(weights.stat().st_mtime)
        return RunInfo(str(ckpt), weights.parent, weights, date, experiment=SEED_NAME, init="PotterVerseAI")
    folder = ckpt if ckpt.is_dir() else weights.parent
    if folder.name == "checkpoints":
        folder = folder.parent
    return describe_run(str(ckpt), folder, weights)


class RunIndex:
    """The runs the demo may load, by key. Anything else a client sends is refused."""

    def __init__(self, runs_dir: str | Path, ckpt: str | Path | None = None) -> None:
        self.runs_dir = Path(runs_dir).expanduser()
        self.pinned = describe_checkpoint(Path(ckpt).expanduser()) if ckpt else None
        self._runs: dict[str, RunInfo] = {}
        self.refresh()

    def refresh(self) -> list[RunInfo]:
        runs = ([self.pinned] if self.pinned else []) + find_runs(self.runs_dir)
        self._runs = {r.key: r for r in runs}
        return runs

    @property
    def runs(self) -> list[RunInfo]:
        return list(self._runs.values())

    def get(self, key: str | None) -> RunInfo:
        if not key:
            raise CheckpointError("Pick a run first (train one with `potterverse-train experiment=quickstart`).")
        if key not in self._runs:
            self.refresh()  # it may have finished since the page was loaded
        if key not in self._runs:
            raise CheckpointError(f"{key!r} is not one of the runs under {self.runs_dir}; pick one from the list.")
        return self._runs[key]


class PredictorCache:
    """The last few loaded models, so switching back to a run is instant. Keyed by file and modification time:
    a run re-exported since is loaded again."""

    def __init__(self, size: int = 3, quantize: str = "none") -> None:
        self._lock = threading.Lock()  # one load at a time: two clicks must not load the same model twice
        self._load = lru_cache(maxsize=size)(self._load_uncached)
        self.quantize = quantize

    def _load_uncached(self, path: str, mtime_ns: int) -> Predictor:
        # int8 matmuls run on the CPU only, so quantize=int8 keeps the model there even beside a GPU
        return Predictor.load(path, "cpu" if self.quantize == "int8" else None, self.quantize)

    def get(self, run: RunInfo) -> Predictor:
        try:
            mtime = run.weights.stat().st_mtime_ns
        except OSError as err:
            raise CheckpointError(f"{run.weights} is gone: was the run deleted? ({err})") from err
        with self._lock:
            return self._load(str(run.weights), mtime)

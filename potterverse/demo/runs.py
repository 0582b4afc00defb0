"""Which trained models the demo may load, what each one is, and a small cache of loaded ones.

Only runs found under `runs_dir` (plus the one checkpoint named on the command line) can be picked: a client
sends a run's key, never a path, so no request can make the server read another file.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from potterverse.checkpoints import SEED_NAME, read_metadata, resolve_checkpoint
from potterverse.errors import CheckpointError
from potterverse.inference import Predictor
from potterverse.runs import RunFolder, RunMetadata, find_run_folders
from potterverse.tasks import accuracy_metrics


@dataclass(frozen=True)
class RunInfo:
    key: str  # what the picker sends: the run folder relative to runs_dir, or the checkpoint given on the command line
    folder: Path  # the run folder: where metrics.json, loss.png, ... live
    weights: Path  # the file that is loaded
    date: datetime
    experiment: str = "?"
    init: str = "?"
    model_config: Mapping[str, Any] = field(default_factory=dict)
    metrics: Mapping[str, Any] = field(default_factory=dict)  # metrics.json, val/... those of `weights`

    @property
    def size(self) -> str:
        params = self.metrics.get("params")
        if params:
            return f"{params / 1e6:.1f}M params"
        cfg = self.model_config
        return f"{cfg['n_layers']} layers x {cfg['emb_dim']}" if "n_layers" in cfg else "size unknown"

    @property
    def accuracies(self) -> dict[str, float]:
        return {
            name: float(self.metrics[k]) for k, name in accuracy_metrics().items() if self.metrics.get(k) is not None
        }

    @property
    def label(self) -> str:
        parts = [self.date.strftime("%Y-%m-%d %H:%M"), self.experiment, self.size, f"init {self.init}"]
        if self.metrics.get("best_val_loss") is not None:
            parts.append(f"val loss {self.metrics['best_val_loss']:.3f}")
        parts += [f"{name} {acc:.0%}" for name, acc in self.accuracies.items()]
        return " · ".join(parts) + f"  ({self.key})"


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _weights_metadata(weights: Path) -> RunMetadata:
    """What the weights record of themselves; nothing for a file that cannot be read (loading it says why)."""
    try:
        return read_metadata(weights)
    except CheckpointError:
        return RunMetadata()


def weights_metrics(summary: Mapping[str, Any], meta: RunMetadata) -> dict[str, Any]:
    """The run's metrics.json with the validation metrics of the loaded weights: metrics.json's val/... are the
    last validation's, which the best checkpoint need not be. Weights that carry no metrics (exports of older
    versions) keep metrics.json's."""
    if not meta.metrics:
        return dict(summary)
    run_level = {k: v for k, v in summary.items() if not k.startswith("val/")}
    return {**run_level, **meta.metrics, "tokens_seen": meta.tokens_seen}


def describe_run(key: str, folder: Path, weights: Path) -> RunInfo:
    """What a run folder says about itself: its weights' metadata, metrics, else the composed Hydra config."""
    run = RunFolder(folder)
    meta = _weights_metadata(weights)
    composed = _read_yaml(run.config)
    init = meta.init or composed.get("init") or {}
    return RunInfo(
        key=key,
        folder=folder,
        weights=weights,
        date=datetime.fromtimestamp(weights.stat().st_mtime),
        experiment=str(meta.experiment or composed.get("run_name") or "?"),
        init=str(init.get("name", "?")) if isinstance(init, dict) else "?",
        model_config=meta.model_config,
        metrics=weights_metrics(run.read_metrics(), meta),
    )


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def find_runs(runs_dir: Path) -> list[RunInfo]:
    """Every run folder under `runs_dir` (it holds model.safetensors or checkpoints/last.ckpt), newest first.
    Links that lead out of `runs_dir` are skipped."""
    root = runs_dir.resolve()
    if not root.is_dir():
        return []
    runs = []
    for run in find_run_folders(root):
        weights = run.weights()
        if weights is not None and _inside(run.root, root) and _inside(weights, root):
            runs.append(describe_run(run.root.relative_to(root).as_posix(), run.root, weights))
    return sorted(runs, key=lambda r: r.date, reverse=True)


def describe_checkpoint(ckpt: Path) -> RunInfo:
    """The checkpoint given on the command line: a run folder, a file inside one, or a PotterVerseAI .pth."""
    weights = resolve_checkpoint(ckpt)
    if weights.suffix == ".pth":  # PotterVerseAI's: no run folder beside it, so nothing else to read about it
        date = datetime.fromtimestamp(weights.stat().st_mtime)
        return RunInfo(str(ckpt), weights.parent, weights, date, experiment=SEED_NAME, init="PotterVerseAI")
    return describe_run(str(ckpt), RunFolder.of(weights).root, weights)


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

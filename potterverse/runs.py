"""The run-folder type: where each artefact of a training run lives, and the metadata its weights carry.

One run, one folder (`RunFolder`):
    config.yaml · .hydra/overrides.yaml · checkpoints/{last,best}.ckpt · model.safetensors + model_config.json
    · metrics.json · csv/metrics.csv · tensorboard/ · loss.png
Every reader and writer of a run (training, callbacks, checkpoint loading, export, sweeps, the demo) names these
paths through it. `RunMetadata` is what a checkpoint or export records of its model beside the weights.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

EXPORT_WEIGHTS = "model.safetensors"
EXPORT_CONFIG = "model_config.json"
CHECKPOINTS = "checkpoints"
LAST = "last.ckpt"
BEST = "best.ckpt"


@dataclass
class RunFolder:
    """One run's folder: each attribute is the path of one artefact."""

    root: Path

    def __post_init__(self) -> None:
        root = self.root = Path(self.root)
        self.config = root / "config.yaml"  # the composed config, resolved
        self.overrides = root / ".hydra" / "overrides.yaml"  # the command line: what a resume or a sweep reads
        self.checkpoints_dir = root / CHECKPOINTS
        self.last = self.checkpoints_dir / LAST
        self.best = self.checkpoints_dir / BEST
        self.export_dir = root  # the best model, loadable without Lightning, sits at the top of the run
        self.export_weights = root / EXPORT_WEIGHTS
        self.export_config = root / EXPORT_CONFIG
        self.metrics = root / "metrics.json"  # the run's summary, written when fitting ends
        self.metrics_csv = root / "csv" / "metrics.csv"  # every logged step (ResumableCSVLogger)
        self.tensorboard_dir = root / "tensorboard"
        self.loss_plot = root / "loss.png"

    @classmethod
    def of(cls, path: str | Path) -> RunFolder:
        """The run a path stands for: the folder itself, <run> of <run>/checkpoints/<name>.ckpt, else the folder
        holding the file (an export)."""
        path = Path(path).expanduser()
        if path.suffix == ".ckpt" and path.parent.name == CHECKPOINTS:
            return cls(path.parent.parent)
        return cls(path.parent if path.is_file() else path)

    def checkpoints(self) -> list[Path]:
        return sorted(self.checkpoints_dir.glob("*.ckpt"))

    def weights(self) -> Path | None:
        """What a consumer loads: the exported best model, else the newest checkpoint (a run still training)."""
        legacy_last = self.root / LAST  # a bare folder of checkpoints
        return next((p for p in (self.export_weights, self.last, legacy_last) if p.exists()), None)  # sharded: a folder

    def is_hydra_run(self) -> bool:
        return self.overrides.is_file()

    def read_overrides(self) -> list[str]:
        from omegaconf import OmegaConf

        return [str(o) for o in OmegaConf.load(self.overrides)]

    def read_metrics(self) -> dict[str, Any]:
        """metrics.json, or {} while it is missing or half written (a run still training)."""
        try:
            data = json.loads(self.metrics.read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def write_metrics(self, metrics: Mapping[str, Any]) -> None:
        self.metrics.write_text(json.dumps(dict(metrics), indent=2))


def find_run_folders(root: Path) -> Iterator[RunFolder]:
    """Every run folder under `root`: one holding an exported model or checkpoints/last.ckpt."""
    found = {p.parent for p in root.rglob(EXPORT_WEIGHTS)}
    found |= {p.parent.parent for p in root.rglob(LAST) if p.parent.name == CHECKPOINTS}
    return (RunFolder(f) for f in sorted(found))


@dataclass
class RunMetadata:
    """What a checkpoint or export records beside its weights. Stored as a plain dict (`to_dict`) so files stay
    readable without this class; `from_dict` reads what every earlier version wrote, and keeps keys it does not
    know in `extra` so they survive a re-export."""

    model_config: dict[str, Any] = field(default_factory=dict)
    tokenizer: str = "gpt2"
    tokens_seen: int = 0
    experiment: str | None = None
    init: dict[str, Any] = field(default_factory=dict)
    finetune: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, Any] = field(default_factory=dict)  # the task registry the run trained with
    metrics: dict[str, float] = field(default_factory=dict)  # the validation metrics of these very weights
    imported_from: str | None = None  # set on a model imported from another project's file
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        known = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        return {**self.extra, **{k: v for k, v in known.items() if v not in (None, {})}}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> RunMetadata:
        names = {f.name for f in fields(cls)} - {"extra"}
        known = {k: v for k, v in raw.items() if k in names and v is not None}
        return cls(**known, extra={k: v for k, v in raw.items() if k not in names})

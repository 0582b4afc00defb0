"""The loggers of configs/logger/: the CSV logger that carries on in a resumed run's folder (TensorBoard appends an
event file of its own; Lightning's CSVLogger deletes the metrics.csv it finds, so a resumed run would lose the rows
of its first part), and the trackers MLflow and W&B, which name a sweep's runs by what sets them apart and never
fail a run when their server goes away."""

from __future__ import annotations

import csv
import functools
import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lightning.fabric.loggers.logger import rank_zero_experiment
from lightning.pytorch.loggers import CSVLogger, MLFlowLogger
from lightning.pytorch.loggers import WandbLogger as _WandbLogger
from lightning.pytorch.loggers.csv_logs import ExperimentWriter

log = logging.getLogger(__name__)


class _AppendingWriter(ExperimentWriter):
    def _check_log_dir_exists(self) -> None:
        """Keep the rows already written and continue with their columns (new columns rewrite the header)."""
        if os.path.isfile(self.metrics_file_path):
            with open(self.metrics_file_path, newline="") as file:
                self.metrics_keys = list(csv.DictReader(file).fieldnames or [])


class ResumableCSVLogger(CSVLogger):
    @property
    @rank_zero_experiment
    def experiment(self) -> ExperimentWriter:
        if self._experiment is None:
            os.makedirs(self.root_dir, exist_ok=True)
            self._experiment = _AppendingWriter(log_dir=self.log_dir)
        return self._experiment


def sweep_tags(save_dir: str | Path, sweep_dir: str | Path | None) -> dict[str, str]:
    """{sweep, trial, label} of a sweep's job (the sweep folder, the job's number, its swept overrides); {} else."""
    from potterverse.sweeps import run_label

    label = run_label(Path(save_dir), Path(sweep_dir)) if sweep_dir else None
    if label is None:
        return {}
    return {"sweep": str(Path(sweep_dir).resolve()), "trial": Path(save_dir).name, "label": label}


def _resilient(method: Callable[..., Any]) -> Callable[..., Any]:
    """A tracker call that cannot fail the run: the first error (the server went away) is one warning line, and
    the tracker is off for the rest of the run; every metric is still in the run folder (csv/, tensorboard/)."""
    if getattr(method, "_resilient", False):
        return method

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self._gone:
            return None
        try:
            return method(self, *args, **kwargs)
        except Exception as err:
            self._gone = True
            first = (str(err).strip().splitlines() or [""])[0][:200]
            log.warning("%s stopped answering (%s: %s); training goes on, the run folder keeps every metric",
                        self._where, type(err).__name__, first)  # fmt: skip
            return None

    call._resilient = True  # type: ignore[attr-defined]
    return call


class _Tracker:
    """What the MLflow and W&B loggers share: every call to the tracker is `_resilient`, and `log_run_files` (called
    by RunArtifacts when fitting ends) uploads the run's files through the subclass's `_upload`."""

    _gone = False
    _where = "the tracker"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in ("log_hyperparams", "log_metrics", "after_save_checkpoint", "finalize", "log_run_files"):
            setattr(cls, name, _resilient(getattr(cls, name)))

    def log_run_files(self, paths: list[Path]) -> None:
        for path in paths:
            if Path(path).is_file():
                self._upload(Path(path))

    def _upload(self, path: Path) -> None:
        raise NotImplementedError


class MLflowLogger(_Tracker, MLFlowLogger):
    """logger=mlflow (pip install 'potterverse[mlflow]'): MLflow 3 tracking, in `<run>/mlflow.db` unless
    `tracking_uri` names a server (http://host:5000) or another store. A sweep's run is named by its swept
    overrides and tagged with its sweep and trial. At the end the run's config, metrics.json and loss.png go up as
    artefacts (`log_run_files`, called by RunArtifacts). A tracking server that goes away costs the run nothing."""

    def __init__(self, save_dir: str, experiment_name: str, tracking_uri: str | None = None,
                 run_name: str | None = None, sweep_dir: str | None = None, http_timeout_s: int = 10,
                 http_retries: int = 0, **kwargs: Any) -> None:  # fmt: skip
        # read by MLflow at each request; the user's own settings win
        os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", str(http_timeout_s))
        os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", str(http_retries))
        local = tracking_uri is None
        tracking_uri = tracking_uri or f"sqlite:///{Path(save_dir).resolve() / 'mlflow.db'}"
        tags = sweep_tags(save_dir, sweep_dir)
        super().__init__(
            experiment_name=experiment_name, run_name=tags.get("label") or run_name, tracking_uri=tracking_uri,
            tags=tags or None, artifact_location=(Path(save_dir).resolve() / "mlartifacts").as_uri() if local else None,
            **kwargs,
        )  # fmt: skip
        self._where = f"MLflow tracking at {tracking_uri}"

    def _upload(self, path: Path) -> None:
        self.experiment.log_artifact(self.run_id, str(path))


class WandbLogger(_Tracker, _WandbLogger):
    """logger=wandb (pip install 'potterverse[wandb]'): Weights & Biases, offline (a run folder under
    `<run>/wandb/`, `wandb sync` it later) unless an API key is set (WANDB_API_KEY or `wandb login`). The W&B run id
    is kept in `<run>/wandb/run_id`, so a resumed run continues the same W&B run. A sweep's runs are grouped by
    sweep, named by their swept overrides and tagged with their trial."""

    def __init__(self, save_dir: str, project: str, name: str | None = None, sweep_dir: str | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        id_file = Path(save_dir) / "wandb" / "run_id"
        if id_file.is_file():
            run_id = id_file.read_text().strip()
        else:
            run_id = uuid.uuid4().hex[:8]  # W&B's own ids look alike: lowercase letters and digits
            id_file.parent.mkdir(parents=True, exist_ok=True)
            id_file.write_text(run_id)
        tags = sweep_tags(save_dir, sweep_dir)
        if tags:
            trial = {"sweep": tags["sweep"], "trial": tags["trial"]}
            kwargs.update(group=tags["sweep"], tags=[f"trial={tags['trial']}"], config=trial)
        super().__init__(save_dir=save_dir, project=project, name=tags.get("label") or name, id=run_id,
                         resume="allow", offline=not _wandb_online(), **kwargs)  # fmt: skip
        self._where = "W&B"

    def _upload(self, path: Path) -> None:
        self.experiment.save(str(path), base_path=str(path.parent), policy="now")


def _wandb_online() -> bool:
    """Online only with an API key (or WANDB_MODE=online); WANDB_MODE=offline/disabled as the user set it."""
    mode = os.environ.get("WANDB_MODE")
    if mode:
        return mode == "online"
    if os.environ.get("WANDB_API_KEY"):
        return True
    netrc = Path.home() / ".netrc"
    return netrc.is_file() and "api.wandb.ai" in netrc.read_text(errors="ignore")

"""The Optuna study of a `hparams_search=optuna` search, as the sweeper and each trial's training process see it.

The sweeper (hydra_plugins/potterverse_plugins/optuna_sweeper.py) keeps the study in a storage the user names, or
`optuna.db` in the sweep folder, and writes `optuna_study.json` beside it: where the study is and which pruner judges
it. Each trial's process is told that file and its trial's id through the environment (`TRIAL_ENV`, set per job by
Hydra's `hydra.job.env_set`, so it reaches a SLURM job too), and reports its validation loss to the same study
(potterverse/training/pruning.py). Optuna is imported here only when a study is opened: `pip install
'potterverse[sweeps]'`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import optuna

TRIAL_ENV = "POTTERVERSE_OPTUNA_TRIAL"  # "<optuna_study.json path>#<trial id>"
STUDY_FILE = "optuna_study.json"
DEFAULT_STORAGE = "optuna.db"


def open_storage(url: str) -> optuna.storages.BaseStorage | str:
    """A storage URL (`sqlite:///...`, `postgresql://...`) as Optuna takes it, or a journal file (any path without
    `://`, e.g. `search.log`): Optuna's file journal, which needs no database and suits a shared file system."""
    import optuna

    if "://" in url:
        return (
            optuna.storages.RDBStorage(url, engine_kwargs={"connect_args": {"timeout": 60}})
            if url.startswith("sqlite")
            else url
        )
    from optuna.storages.journal import JournalFileBackend

    return optuna.storages.JournalStorage(JournalFileBackend(str(Path(url).expanduser())))


@dataclass
class StudyRef:
    """Where a search's study lives and what prunes its trials: `optuna_study.json` in the sweep folder."""

    storage: str
    study_name: str
    direction: str = "minimize"
    pruner: dict[str, Any] | None = field(default=None)  # a `_target_` config (hydra.sweeper.pruner), None: none

    def save(self, sweep_dir: Path) -> Path:
        path = Path(sweep_dir) / STUDY_FILE
        path.write_text(json.dumps(asdict(self), indent=2))
        return path.resolve()

    @classmethod
    def load(cls, path: str | Path) -> StudyRef:
        return cls(**json.loads(Path(path).read_text()))

    def make_pruner(self) -> optuna.pruners.BasePruner:
        import optuna
        from hydra.utils import instantiate

        return instantiate(self.pruner) if self.pruner else optuna.pruners.NopPruner()

    def open(self, sampler: optuna.samplers.BaseSampler | None = None, create: bool = False) -> optuna.Study:
        import optuna

        kwargs = {"study_name": self.study_name, "storage": open_storage(self.storage), "sampler": sampler,
                  "pruner": self.make_pruner()}  # fmt: skip
        if create:
            return optuna.create_study(direction=self.direction, load_if_exists=True, **kwargs)
        return optuna.load_study(**kwargs)


def trial_env_value(study_file: Path, trial_id: int) -> str:
    return f"{study_file}#{trial_id}"


def open_trial(value: str) -> optuna.Trial:
    """The running trial a `TRIAL_ENV` value names, to report to and ask whether to stop."""
    import optuna

    path, _, trial_id = value.rpartition("#")
    return optuna.Trial(StudyRef.load(path).open(), int(trial_id))

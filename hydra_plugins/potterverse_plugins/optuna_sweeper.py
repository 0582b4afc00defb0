"""`hydra/sweeper=potterverse_optuna`: an Optuna search through Hydra's launcher, on Optuna's ask-and-tell API.

Why our own: hydra-optuna-sweeper 1.3 (its last release) requires optuna<3. This one is small and runs the
current Optuna. Each round asks the study for `n_jobs` trials, hands their overrides to Hydra's configured launcher
(so `hydra/launcher=parallel` runs them side by side, `hydra/launcher=slurm` as SLURM jobs) and tells the study how
each ended: COMPLETE with the value the task returned, PRUNED when the trial's pruner stopped it
(optuna.TrialPruned), FAIL with its error line when it crashed, and the search goes on. The study lives in a storage
(default: optuna.db in the sweep folder), so a search started again with the same storage continues: `n_trials`
counts the trials the study already holds, and a trial left RUNNING by an interrupted search is recorded FAIL and
asked again with the same parameters.

The search space: `params` ({key: sweep expression}) and the command line's sweep overrides, in Hydra's syntax:
`choice(a, b)` (categorical), `range(1, 5)` (integers), `interval(0.0, 0.2)` (uniform, integer if both ends are
integers), `tag(log, interval(1e-4, 1e-2))` (log-uniform). Plain overrides on the command line go to every trial.
"""

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import ChoiceSweep, IntervalSweep, Override, RangeSweep
from hydra.core.utils import JobReturn, JobStatus
from hydra.errors import HydraException
from hydra.plugins.sweeper import Sweeper
from hydra.types import HydraContext, TaskFunction
from hydra.utils import instantiate
from omegaconf import DictConfig, OmegaConf

from potterverse.study import DEFAULT_STORAGE, TRIAL_ENV, StudyRef, trial_env_value
from potterverse.sweeps import error_line, write_job_record

log = logging.getLogger(__name__)


@dataclass
class PotterverseOptunaSweeperConf:
    _target_: str = "hydra_plugins.potterverse_plugins.optuna_sweeper.OptunaSweeper"
    _recursive_: bool = False  # the sweeper builds the sampler (the grid's needs the search space) and the pruner
    defaults: list[Any] = field(default_factory=lambda: ["_self_", {"sampler": "tpe"}, {"pruner": "median"}])
    direction: str = "minimize"  # or maximize: what the task function returns
    study_name: str = "search"
    storage: Any = None  # sqlite:///path.db, a journal file (search.log), ...; null: optuna.db in the sweep
    n_trials: int = 20  # in the study, counting those an earlier start of the same search ran
    n_jobs: int = 1  # trials asked and launched together (hydra/launcher=parallel runs them side by side)
    sampler: Any = None
    pruner: Any = None
    params: dict[str, str] = field(default_factory=dict)


# Samplers and pruners: hydra/sweeper/sampler=tpe|random|grid|cmaes, hydra/sweeper/pruner=median|hyperband|none.
_SAMPLERS = {
    "tpe": {"_target_": "optuna.samplers.TPESampler", "seed": None, "n_startup_trials": 5},  # random ones first
    "random": {"_target_": "optuna.samplers.RandomSampler", "seed": None},
    "grid": {"_target_": "optuna.samplers.GridSampler", "seed": None},  # every combination of choice()/range()
    "cmaes": {"_target_": "optuna.samplers.CmaEsSampler", "seed": None, "n_startup_trials": 1},  # needs cmaes
}
_PRUNERS = {
    # stop a trial whose value at a validation is worse than the median of earlier trials' at the same step
    "median": {"_target_": "optuna.pruners.MedianPruner", "n_startup_trials": 3, "n_warmup_steps": 0},
    "hyperband": {"_target_": "optuna.pruners.HyperbandPruner", "min_resource": 1, "reduction_factor": 3},
    "none": {"_target_": "optuna.pruners.NopPruner"},
}
_store = ConfigStore.instance()
_store.store(
    group="hydra/sweeper", name="potterverse_optuna", node=PotterverseOptunaSweeperConf, provider="potterverse"
)
for _name, _node in _SAMPLERS.items():
    _store.store(group="hydra/sweeper/sampler", name=_name, node=_node, provider="potterverse")
for _name, _node in _PRUNERS.items():
    _store.store(group="hydra/sweeper/pruner", name=_name, node=_node, provider="potterverse")


def _distribution(override: Override) -> Any:
    """The Optuna distribution of one sweep override."""
    import optuna.distributions as d

    sweep = override.value()
    if isinstance(sweep, ChoiceSweep):
        return d.CategoricalDistribution(list(sweep.list))
    if isinstance(sweep, RangeSweep):
        values = list(sweep.range())
        if all(isinstance(v, int) for v in (sweep.start, sweep.stop, sweep.step)):
            return d.IntDistribution(values[0], values[-1], step=int(sweep.step))
        return d.CategoricalDistribution(values)
    if isinstance(sweep, IntervalSweep):
        log_scale = "log" in sweep.tags
        if isinstance(sweep.start, int) and isinstance(sweep.end, int):
            return d.IntDistribution(sweep.start, sweep.end, log=log_scale)
        return d.FloatDistribution(float(sweep.start), float(sweep.end), log=log_scale)
    raise HydraException(f"{override.input_line}: the Optuna sweeper takes choice(), range() or interval().")


def _values(dist: Any) -> list[Any]:
    """Every value of a distribution, for the grid sampler: choice() and range() only."""
    if hasattr(dist, "choices"):
        return list(dist.choices)
    if getattr(dist, "step", None):
        return list(range(dist.low, dist.high + 1, dist.step))
    raise HydraException("hydra/sweeper/sampler=grid takes choice() and range() only, not interval().")


class OptunaSweeper(Sweeper):
    def __init__(self, direction: str, study_name: str, storage: str | None, n_trials: int, n_jobs: int,
                 sampler: DictConfig, pruner: DictConfig, params: DictConfig) -> None:  # fmt: skip
        self.direction, self.study_name, self.storage = direction, study_name, storage
        self.n_trials, self.n_jobs = n_trials, max(1, n_jobs)
        self.sampler_config, self.pruner_config = sampler, pruner
        self.params = dict(params or {})

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig) -> None:
        import importlib.util

        from hydra.core.plugins import Plugins

        if importlib.util.find_spec("hydra_plugins.hydra_optuna_sweeper"):
            raise HydraException(
                "hydra-optuna-sweeper is installed: it registers the same sampler names for optuna<3, and "
                "PotterVerse's sweeper runs the current Optuna; remove it with pip uninstall hydra-optuna-sweeper."
            )

        self.hydra_context, self.config = hydra_context, config
        self.launcher = Plugins.instance().instantiate_launcher(
            hydra_context=hydra_context, task_function=task_function, config=config
        )

    def _search_space(self, arguments: list[str]) -> tuple[dict[str, Any], list[str]]:
        """({key: distribution}, the fixed overrides every trial gets)."""
        parser = OverridesParser.create(config_loader=self.hydra_context.config_loader)
        lines = [f"{k}={v}" for k, v in self.params.items()] + list(arguments)
        space: dict[str, Any] = {}
        fixed: dict[str, str] = {}
        for override in parser.parse_overrides(lines):  # the command line's word on a key wins over params'
            key = override.get_key_element()
            space.pop(key, None)
            fixed.pop(key, None)
            if override.is_sweep_override():
                space[key] = _distribution(override)
            else:
                fixed[key] = f"{key}={override.get_value_element_as_str()}"
        return space, list(fixed.values())

    def sweep(self, arguments: list[str]) -> None:
        space, fixed = self._search_space(arguments)
        sweep_dir = Path(str(self.config.hydra.sweep.dir)).resolve()
        sweep_dir.mkdir(parents=True, exist_ok=True)
        OmegaConf.save(self.config, sweep_dir / "multirun.yaml")
        n_trials = self.n_trials
        kwargs = {}
        if self.sampler_config["_target_"].endswith("GridSampler"):
            grid = {k: _values(dist) for k, dist in space.items()}
            kwargs["search_space"] = grid
            n_trials = min(n_trials, math.prod(len(v) for v in grid.values()))
        ref = StudyRef(
            storage=self.storage or f"sqlite:///{sweep_dir / DEFAULT_STORAGE}",
            study_name=self.study_name,
            direction=self.direction,
            pruner=OmegaConf.to_container(self.pruner_config, resolve=True) if self.pruner_config else None,
        )
        study_file = ref.save(sweep_dir)
        study = ref.open(sampler=instantiate(self.sampler_config, **kwargs), create=True)
        _requeue_interrupted(study)
        log.info("Optuna study %r in %s: %d trials held, %d to run, %d at once", ref.study_name, ref.storage,
                 len(_finished(study)), max(0, n_trials - len(_finished(study))), self.n_jobs)  # fmt: skip
        while (left := n_trials - len(_finished(study))) > 0:
            trials = [study.ask(space) for _ in range(min(self.n_jobs, left))]
            batch = [
                [*fixed, *(f"{k}={v}" for k, v in t.params.items()),
                 f"++hydra.job.env_set.{TRIAL_ENV}='{trial_env_value(study_file, t._trial_id)}'"]
                for t in trials
            ]  # fmt: skip
            numbers = [t.number for t in trials]
            if numbers != list(range(numbers[0], numbers[0] + len(numbers))):  # another process asked in between
                returns = [r for t, b in zip(trials, batch, strict=True) for r in self.launcher.launch([b], t.number)]
            else:
                returns = self.launcher.launch(batch, initial_job_idx=numbers[0])
            for trial, ret in zip(trials, returns, strict=True):
                _tell(study, trial, ret)
        _write_results(study, sweep_dir)


def _finished(study: Any) -> list[Any]:
    from optuna.trial import TrialState

    return study.get_trials(deepcopy=False, states=(TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL))


def _requeue_interrupted(study: Any) -> None:
    """Trials an earlier, interrupted start of this search left RUNNING: recorded FAIL, their parameters asked again."""
    from optuna.trial import TrialState

    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        study._storage.set_trial_user_attr(trial._trial_id, "error", "interrupted: the search stopped during it")
        study._storage.set_trial_state_values(trial._trial_id, TrialState.FAIL)
        study.enqueue_trial(trial.params, skip_if_exists=False)
        log.warning("Trial %d was left running by an interrupted search: asked again", trial.number)


def _tell(study: Any, trial: Any, ret: JobReturn) -> None:
    import optuna
    from optuna.trial import TrialState

    error, value = None, ret._return_value  # (not .return_value: it logs a failure as an error, pruning too)
    if ret.status == JobStatus.FAILED and isinstance(value, optuna.TrialPruned):
        frozen = study.tell(trial, state=TrialState.PRUNED)
        log.info("Trial %d pruned: %s", trial.number, value)
    else:
        if ret.status == JobStatus.FAILED:  # a crashing trial ends itself, not the search
            error = error_line(value)
        elif value is None or not math.isfinite(float(value)):
            error = f"the run returned no finite value ({value})"
        if error:
            trial.set_user_attr("error", error)
            frozen = study.tell(trial, state=TrialState.FAIL)
            log.warning("Trial %d failed: %s", trial.number, error)
        else:
            frozen = study.tell(trial, float(value))
    duration = frozen.duration.total_seconds() if frozen.duration else None
    write_job_record(ret, {"trial": trial.number, "state": frozen.state.name, "value": frozen.value, "error": error,
                           "params": frozen.params, "wall_time_s": duration})  # fmt: skip


def _write_results(study: Any, sweep_dir: Path) -> None:
    """optimization_results.yaml: the best trial's parameters and value."""
    try:
        best = study.best_trial
    except ValueError:
        log.warning("No trial of the search completed: no best parameters to write.")
        return
    results = {"name": "optuna", "best_trial": best.number, "best_params": best.params, "best_value": best.value}
    OmegaConf.save(OmegaConf.create(results), sweep_dir / "optimization_results.yaml")
    log.info("Best trial %d: %s = %s", best.number, best.params, best.value)

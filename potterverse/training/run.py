"""`train(cfg)`: one run from a composed config — build the model, data, callbacks and trainer, fit, and return
the best validation loss (what a sweeper minimises). Called by the Hydra entry point; reads no global state."""

from __future__ import annotations

import logging
from pathlib import Path

import lightning as L
from hydra.utils import instantiate
from omegaconf import DictConfig, OmegaConf

from potterverse.checkpoints import resolve_resume_checkpoint
from potterverse.config_checks import check_config
from potterverse.errors import ConfigError, RunFolderInUseError
from potterverse.launch import lightning_launch, slurm_restarts
from potterverse.runs import RunFolder, RunMetadata
from potterverse.tasks import registry_metadata
from potterverse.tokenizer import get_tokenizer
from potterverse.training.module import GPTModule
from potterverse.training.pruning import raise_if_pruned
from potterverse.training.reliability import best_checkpoint_callback

log = logging.getLogger(__name__)


def guard_output_dir(output_dir: Path, resuming: bool) -> None:
    """Never write over a previous run's checkpoints silently (a requeued SLURM job resumes them: `requeued_resume`)."""
    ckpts = RunFolder(output_dir).checkpoints()
    if ckpts and not resuming:
        raise RunFolderInUseError(
            f"{output_dir} already holds checkpoints of a run ({ckpts[0].name}); resume it with "
            f"ckpt_path={output_dir}, or choose another folder (paths.output_dir / hydra.run.dir)."
        )


def requeued_resume(run: RunFolder) -> Path | None:
    """The checkpoint a SLURM job requeued after a stop (preemption, time limit, node failure) continues from: its
    run folder's last.ckpt. The job starts again with the same command and job id, so in the same run folder."""
    restarts = slurm_restarts()
    if not restarts or not run.last.exists():  # a folder when sharded
        return None
    log.info("SLURM restart %d of this job: resuming from %s", restarts, run.last)
    return run.last


def train(cfg: DictConfig) -> float | None:
    check_config(cfg, "train")
    output_dir = Path(cfg.paths.output_dir)
    run = RunFolder(output_dir)
    requeued = None if cfg.get("ckpt_path") else requeued_resume(run)
    guard_output_dir(output_dir, resuming=bool(cfg.get("ckpt_path")) or requeued is not None)
    L.seed_everything(cfg.seed, workers=True, verbose=False)

    finetune = OmegaConf.to_container(cfg.finetune, resolve=True)
    # the module, its GPT (module.model), optimizer and scheduler: configs/train.yaml
    module: GPTModule = instantiate(cfg.module)
    # set after: instantiate would turn the dataclass into a config
    module.metadata = RunMetadata(
        experiment=cfg.run_name,
        init=OmegaConf.to_container(cfg.init, resolve=True),
        finetune=finetune,
        tasks=registry_metadata(),
    )
    model = module.model
    vocab = get_tokenizer(cfg.data.tokenizer).vocab_size
    if vocab > model.config.vocab_size:
        raise ConfigError(
            f"Tokenizer {cfg.data.tokenizer} has {vocab} tokens but the model only {model.config.vocab_size}."
        )
    block = cfg.data.get("block_size") or model.config.context_length
    if block > model.config.context_length:
        raise ConfigError(
            f"data.block_size={block} is longer than the model's context length ({model.config.context_length}); "
            "lower data.block_size or raise model.context_length."
        )
    datamodule = instantiate(cfg.data, block_size=block, _convert_="all")
    callbacks = [instantiate(c, _convert_="all") for c in (cfg.get("callbacks") or {}).values() if c]
    loggers = [instantiate(c) for c in (cfg.get("logger") or {}).values() if c]
    trainer: L.Trainer = instantiate(cfg.trainer, callbacks=callbacks, logger=loggers or False)
    module.check_strategy(trainer.strategy)  # before fit starts the other processes
    if trainer.is_global_zero:
        output_dir.mkdir(parents=True, exist_ok=True)
        run.config.write_text(OmegaConf.to_yaml(cfg, resolve=True))
    log.info("Model: %.2fM parameters, context %d; run folder %s", model.num_params() / 1e6, block, output_dir)
    resume = resolve_resume_checkpoint(cfg.ckpt_path) if cfg.get("ckpt_path") else requeued
    with lightning_launch(trainer, run.config):
        trainer.fit(module, datamodule=datamodule, ckpt_path=resume)
    raise_if_pruned(trainer)  # a trial of an Optuna search that its pruner stopped (its run folder is complete)
    best_cb = best_checkpoint_callback(trainer)
    best = best_cb.best_model_score if best_cb else None
    final = trainer.callback_metrics.get("val/loss")
    score = best if best is not None else final
    return None if score is None else float(score)

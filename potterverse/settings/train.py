"""The schema of potterverse-train's config (configs/train.yaml and its groups): one dataclass per group, each field
with its type and its rule (what it accepts). The defaults are in the group's YAML, the one place they live; a
library class that is also built from Python (GPTConfig, CleanOptions, Sampling) stays the home of its fields'
rules, and the schema reuses them. `potterverse.config_checks` walks a composed config through these classes.

A new key: a field here (`name: type = setting(rule)`) plus its default in the group's YAML. A new group: a
dataclass here, a field of its type in `Train`, and `- <group>: <choice>` in configs/train.yaml's defaults."""

from __future__ import annotations

from dataclasses import dataclass

from potterverse.data.augment import AugmentConfig
from potterverse.data.draws import RankingConfig
from potterverse.data.pdf import CleanOptions
from potterverse.generation import Sampling
from potterverse.model.gpt import GPTConfig
from potterverse.model.seed_import import SeedShape
from potterverse.rules import (
    BOOL,
    COUNT,
    EXISTS,
    MAPPING,
    NO_LIMIT,
    PAGE_MAP,
    PAGE_RANGE,
    POSITIVE,
    TEXT,
    Rule,
    choice,
    either,
    integer,
    list_of,
    nullable,
    number,
    rule_of,
    setting,
)
from potterverse.tasks import TASKS

SEED = integer()
INIT_KINDS = ("scratch", "gpt2", "checkpoint")


@dataclass(kw_only=True)
class Model(GPTConfig):
    """configs/model/<size>.yaml: the shape of a new model (init=scratch), GPTConfig's fields and rules; with
    init=gpt2 or init=checkpoint the shape comes from the weights."""

    drop_rate: float | None = setting(nullable(rule_of(GPTConfig, "drop_rate")), None)  # null: the weights' own
    compile: bool = setting(BOOL, False)  # torch.compile the model's blocks (inductor)


@dataclass(kw_only=True)
class Init(SeedShape):
    """configs/init/: where the weights start (n_heads and gelu: for a PotterVerseAI .pth only)."""

    name: str = setting(choice(*INIT_KINDS))
    path: str | None = setting(
        nullable(TEXT), required="pass init.path=<run folder | .ckpt | .safetensors | .pth | HF folder>"
    )


@dataclass(kw_only=True)
class Data:
    """What every data group shares (configs/data/)."""

    tokenizer: str = setting(TEXT)
    block_size: int | None = setting(nullable(POSITIVE))  # null: the model's context length
    batch_size: int = setting(POSITIVE)
    num_workers: int = setting(COUNT)
    seed: int = setting(SEED)


@dataclass(kw_only=True)
class PretrainData(Data):
    """configs/data/pretrain.yaml (potterverse.data.pretrain.PretrainDataModule)."""

    corpus: str | list[str] = setting(
        Rule(
            "an existing PDF, .txt/.md file or folder, or a non-empty list of them",
            lambda v: EXISTS.ok(v) or list_of(EXISTS, "").ok(v),
        )
    )
    page_range: list[int] | dict[str, list[int]] | None = setting(PAGE_RANGE)
    default_page_ranges: dict[str, list[int]] | None = setting(nullable(PAGE_MAP))
    clean: CleanOptions = setting(MAPPING)
    val_fraction: float = setting(number(0, 1, lo_open=True, hi_open=True))
    sampling: str = setting(choice("random", "strided"))
    stride: int = setting(COUNT)
    samples_per_epoch: int | None = setting(nullable(POSITIVE))
    val_windows: int = setting(POSITIVE)
    cache_dir: str = setting(TEXT)


@dataclass(kw_only=True)
class TaskFiles:
    """One task of data.tasks (configs/data/finetune.yaml)."""

    train: str = setting(EXISTS, required="pass data.tasks.<task>.train=<a CSV with columns prompt,completion>")
    val: str | None = setting(nullable(EXISTS))
    val_styled: str | None = setting(nullable(EXISTS))
    weight: float = setting(number(0, lo_open=True))
    character: str | None = setting(nullable(TEXT))


@dataclass(kw_only=True)
class FinetuneData(Data):
    """configs/data/finetune.yaml (potterverse.data.finetune.FinetuneDataModule)."""

    tasks: dict[str, TaskFiles] = setting(
        Rule(
            f"a mapping whose keys are tasks ({', '.join(TASKS)})",
            lambda v: isinstance(v, dict) and bool(v) and set(v) <= set(TASKS),
        )
    )
    bucket_factor: int = setting(POSITIVE)
    augment: AugmentConfig = setting(MAPPING)  # training-time re-wording: its fields carry their own rules
    ranking: RankingConfig = setting(MAPPING)  # the ranking objective: likewise


UNIT = number(0, 1, hi_open=True)


@dataclass(kw_only=True)
class AdamW:
    """configs/optimizer/adamw.yaml (potterverse.training.optim.build_adamw)."""

    lr: float = setting(number(0, lo_open=True, note="e.g. 6e-4"))
    weight_decay: float = setting(number(0))
    betas: list[float] = setting(list_of(UNIT, "[beta1, beta2], two numbers in [0, 1)", length=2))
    eps: float = setting(number(0, lo_open=True))
    fused: bool | None = setting(nullable(BOOL))


@dataclass(kw_only=True)
class Muon(AdamW):
    """configs/optimizer/muon.yaml (potterverse.training.optim.MuonAdamW)."""

    momentum: float = setting(UNIT)
    nesterov: bool = setting(BOOL)
    ns_steps: int = setting(POSITIVE)
    adjust_lr_fn: str = setting(choice("original", "match_rms_adamw"))


@dataclass(kw_only=True)
class WarmupCosine:
    """configs/scheduler/warmup_cosine.yaml: the learning-rate schedule of the LightningModule."""

    warmup_steps: int = setting(COUNT)
    min_lr_ratio: float = setting(number(0, 1))
    decay_steps: int | None = setting(nullable(POSITIVE))  # null: the whole run


PRECISIONS = ("32-true", "16-mixed", "bf16-mixed", "bf16-true", "16-true", "64-true")


@dataclass(kw_only=True)
class Trainer:
    """configs/trainer/: Lightning's Trainer arguments as the configs use them (any other one passes unchecked)."""

    accelerator: str = setting(choice("auto", "cpu", "gpu", "cuda", "mps", "tpu"))
    devices: int | str | list[int] = setting(
        Rule(
            "auto, -1 (all), a positive integer or a list of device indices",
            lambda v: (
                v in ("auto", -1)
                or POSITIVE.ok(v)
                or list_of(COUNT, "").ok(v)
                or (isinstance(v, str) and v.replace(",", "").isdigit())
            ),
        )
    )
    num_nodes: int = setting(POSITIVE)
    precision: str | int = setting(
        Rule(
            "auto or one of " + ", ".join(PRECISIONS),  # and Lightning's short forms: 32, "16", "bf16", ...
            lambda v: not isinstance(v, bool) and v in ("auto", *PRECISIONS, "32", "16", "bf16", "64", 32, 16, 64),
        )
    )
    max_steps: int = setting(either(POSITIVE, NO_LIMIT))
    max_epochs: int | None = setting(nullable(either(POSITIVE, NO_LIMIT)))
    val_check_interval: int | float = setting(either(POSITIVE, number(0, 1, lo_open=True)))
    check_val_every_n_epoch: int | None = setting(nullable(POSITIVE))
    limit_val_batches: int | float | None = setting(nullable(either(COUNT, number(0, 1))))
    num_sanity_val_steps: int = setting(integer(-1))
    gradient_clip_val: float | None = setting(nullable(number(0)))
    accumulate_grad_batches: int = setting(POSITIVE)
    log_every_n_steps: int = setting(POSITIVE)
    enable_progress_bar: bool = setting(BOOL)
    enable_model_summary: bool = setting(BOOL)
    deterministic: bool | str = setting(either(BOOL, choice("warn")))


@dataclass(kw_only=True)
class ModelCheckpoint:
    every_n_train_steps: int | None = setting(nullable(POSITIVE))


@dataclass(kw_only=True)
class TextSamples:
    """potterverse.training.callbacks.TextSamples: its sampling settings are Sampling's."""

    max_new_tokens: int = setting(POSITIVE)
    temperature: float = setting(rule_of(Sampling, "temperature"))
    top_k: int | None = setting(rule_of(Sampling, "top_k"))


@dataclass(kw_only=True)
class TaskAccuracy:
    max_examples: int = setting(POSITIVE)
    samples_shown: int = setting(COUNT)


@dataclass(kw_only=True)
class Callbacks:
    """configs/callbacks/: the callbacks whose settings a user tunes (null drops one)."""

    model_checkpoint: ModelCheckpoint | None = setting()
    text_samples: TextSamples | None = setting()
    task_accuracy: TaskAccuracy | None = setting()


@dataclass(kw_only=True)
class MLflow:
    """configs/logger/mlflow.yaml (potterverse.training.loggers.MLflowLogger)."""

    tracking_uri: str | None = setting(nullable(TEXT))  # null: sqlite:///<run folder>/mlflow.db
    http_timeout_s: int = setting(POSITIVE)
    http_retries: int = setting(COUNT)


@dataclass(kw_only=True)
class Wandb:
    """configs/logger/wandb.yaml (potterverse.training.loggers.WandbLogger)."""

    project: str = setting(TEXT)


@dataclass(kw_only=True)
class Loggers:
    """configs/logger/: the trackers whose settings a user tunes (TensorBoard and CSV pass unchecked)."""

    mlflow: MLflow | None = setting()
    wandb: Wandb | None = setting()


@dataclass(kw_only=True)
class Lora:
    rank: int = setting(COUNT)  # > 0: train LoRA adapters of this rank instead of the weights
    alpha: float = setting(number(0, lo_open=True))
    dropout: float = setting(UNIT)


@dataclass(kw_only=True)
class Finetune:
    trainable_blocks: int | None = setting(nullable(COUNT))
    lora: Lora = setting(MAPPING)


@dataclass(kw_only=True)
class Train:
    """configs/train.yaml: the run's own keys, then one field per config group."""

    run_name: str = setting(TEXT)
    seed: int = setting(SEED)
    ckpt_path: str | None = setting(nullable(EXISTS))
    on_nonfinite_loss: str = setting(choice("stop", "skip"))
    debug_errors: bool = setting(BOOL)
    finetune: Finetune = setting(MAPPING)
    model: Model = setting(MAPPING)
    data: PretrainData | FinetuneData = setting(MAPPING)  # every key of either, where the choice has it
    optimizer: AdamW | Muon = setting(MAPPING)
    scheduler: WarmupCosine = setting(MAPPING)
    init: Init = setting(MAPPING)
    trainer: Trainer = setting(MAPPING)
    callbacks: Callbacks = setting(MAPPING)
    logger: Loggers | None = setting()

"""The schemas of the inference commands' configs (configs/generate.yaml, chat.yaml, eval.yaml, export.yaml,
demo.yaml), as potterverse.settings.train is potterverse-train's: a field per key with its rule, the defaults in
the YAML. The sampling keys are `Sampling`'s own fields, checked by its rules."""

from __future__ import annotations

from dataclasses import dataclass

from potterverse.generation import Sampling
from potterverse.model.seed_import import SeedShape
from potterverse.rules import BOOL, EXISTS, POSITIVE, TEXT, choice, integer, nullable, setting
from potterverse.tasks import TASKS

EXPORT_FORMATS = ("hf", "safetensors")


@dataclass(frozen=True, kw_only=True)
class Inference:
    """configs/inference/base.yaml and predictor.yaml: what every inference command shares."""

    ckpt: str = setting(EXISTS, required="pass ckpt=<run folder | .ckpt | .safetensors>")
    device: str | None = setting(nullable(TEXT))  # cpu, cuda, cuda:1, mps: torch names the unknown ones itself
    debug_errors: bool = setting(BOOL)


@dataclass(frozen=True, kw_only=True)
class Generate(Inference, Sampling):
    task: str = setting(choice(*TASKS, "none"))
    prompt: str = setting(TEXT, required='pass prompt="..." (or prompt=- and the text on standard input)')
    character: str | None = setting(nullable(TEXT))


@dataclass(frozen=True, kw_only=True)
class Chat(Inference, Sampling):
    character: str = setting(TEXT)


@dataclass(frozen=True, kw_only=True)
class Eval(Inference):
    eval_file: str | None = setting(nullable(EXISTS))
    output_file: str | None = setting(nullable(TEXT))
    max_per_task: int | None = setting(nullable(POSITIVE))


@dataclass(frozen=True, kw_only=True)
class Export(Inference):
    format: str = setting(choice(*EXPORT_FORMATS))
    out: str = setting(TEXT, required="pass out=<folder to write>")
    model: SeedShape = setting()


@dataclass(frozen=True, kw_only=True)
class Demo:
    runs_dir: str = setting(TEXT)
    ckpt: str | None = setting(nullable(TEXT))
    host: str = setting(TEXT)
    port: int = setting(integer(1, 65535))
    share: bool = setting(BOOL)
    cache_size: int = setting(POSITIVE)
    debug_errors: bool = setting(BOOL)

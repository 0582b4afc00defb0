"""What each user-facing config key accepts, checked when a run starts.

The YAML under configs/ stays the one place of defaults; this module only states types, ranges and shapes, so a
wrong value (`optimizer.lr=abc`, `data.batch_size=0`, `data.page_range=[9]`) becomes one sentence naming the key,
the value and what is allowed, before a model is built or a file written. A key the composed config does not hold
(another group's, e.g. `data.tasks` in a pre-training run) is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, ListConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from potterverse.errors import ConfigError
from potterverse.tasks import TASKS

MISSING = object()  # a mandatory value ('???') nobody set
RENAMED = {"task_name": "run_name"}  # old key -> its name now: an old command line or YAML gets one sentence


def _renamed(old: str) -> str:
    return f"{old} is now called {RENAMED[old]} (the run's name, outputs/<{RENAMED[old]}>/...); pass {RENAMED[old]}=..."


@dataclass(frozen=True)
class Rule:
    allowed: str  # what the key accepts, in the words of the error message ("a positive integer")
    ok: Callable[[Any], bool]
    required: str = ""  # for a mandatory key ('???'): how to pass it


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _is_text(v: Any) -> bool:
    """A string, or a scalar Hydra read as a number or a bool (`prompt=1984`, `character=true`)."""
    return isinstance(v, str | int | float) and str(v).strip() != ""


def integer(lo: int | None = None, hi: int | None = None) -> Rule:
    desc = {1: "a positive integer", 0: "an integer >= 0", None: "an integer"}.get(lo, f"an integer >= {lo}")
    if hi is not None:
        desc = f"an integer from {lo} to {hi}"
    return Rule(desc, lambda v: _is_int(v) and (lo is None or v >= lo) and (hi is None or v <= hi))


def number(
    lo: float | None = None, hi: float | None = None, lo_open: bool = False, hi_open: bool = False, note: str = ""
) -> Rule:
    if lo is not None and hi is not None:
        desc = f"a number in {'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"
    elif lo is not None:
        desc = f"a number {'>' if lo_open else '>='} {lo:g}"
    else:
        desc = "a number"
    desc += f" ({note})" if note else ""

    def ok(v: Any) -> bool:
        if not _is_number(v):
            return False
        above = lo is None or (v > lo if lo_open else v >= lo)
        below = hi is None or (v < hi if hi_open else v <= hi)
        return above and below

    return Rule(desc, ok)


def choice(*values: Any) -> Rule:
    return Rule("one of " + ", ".join(map(str, values)), lambda v: not isinstance(v, bool) and v in values)


def either(*rules: Rule) -> Rule:
    return Rule(" or ".join(r.allowed for r in rules), lambda v: any(r.ok(v) for r in rules))


def nullable(rule: Rule) -> Rule:
    return Rule(f"{rule.allowed}, or null", lambda v: v is None or rule.ok(v))


def required(rule: Rule, how: str) -> Rule:
    return Rule(rule.allowed, rule.ok, required=how)


BOOL = Rule("true or false", lambda v: isinstance(v, bool))
TEXT = Rule("a non-empty text", _is_text)
POSITIVE = integer(1)
COUNT = integer(0)
NO_LIMIT = Rule("-1 (no limit)", lambda v: _is_int(v) and v == -1)


def _is_pages(v: Any) -> bool:
    return isinstance(v, list) and len(v) == 2 and all(_is_int(p) for p in v) and 1 <= v[0] <= v[1]


PAGE_MAP = Rule("{file.pdf: [first, last]}", lambda v: isinstance(v, dict) and all(map(_is_pages, v.values())))
PAGE_RANGE = Rule(
    "[first, last] (1-based pages, first <= last) for every PDF, {file.pdf: [first, last]} per file, or null",
    lambda v: v is None or _is_pages(v) or PAGE_MAP.ok(v),
)
EXISTS = Rule("an existing file or folder", lambda v: _is_text(v) and Path(str(v)).expanduser().exists())
CORPUS = Rule(
    "an existing PDF, .txt/.md file or folder, or a non-empty list of them",
    lambda v: EXISTS.ok(v) or (isinstance(v, list) and bool(v) and all(map(EXISTS.ok, v))),
)
MAPPING = Rule("a mapping of settings", lambda v: isinstance(v, dict))
TASK_NAMES = Rule(
    f"a mapping whose keys are tasks ({', '.join(TASKS)})",
    lambda v: isinstance(v, dict) and bool(v) and set(v) <= set(TASKS),
)
CKPT = required(EXISTS, "pass ckpt=<run folder | .ckpt | .safetensors>")
DEVICE = nullable(TEXT)  # cpu, cuda, cuda:1, mps: torch names the unknown ones itself
PRECISIONS = ("32-true", "16-mixed", "bf16-mixed", "bf16-true", "16-true", "64-true")
PRECISION = Rule(
    "auto or one of " + ", ".join(PRECISIONS),  # and Lightning's short forms: 32, "16", "bf16", ...
    lambda v: not isinstance(v, bool) and v in ("auto", *PRECISIONS, "32", "16", "bf16", "64", 32, 16, 64),
)

TRAIN: dict[str, Rule] = {
    "run_name": TEXT,
    "seed": integer(),
    "ckpt_path": nullable(EXISTS),
    "on_nonfinite_loss": choice("stop", "skip"),
    "debug_errors": BOOL,
    "finetune.trainable_blocks": nullable(COUNT),
    "finetune.lora.rank": COUNT,
    "finetune.lora.alpha": number(0, lo_open=True),
    "finetune.lora.dropout": number(0, 1, hi_open=True),
    # model: null keeps the preset's value
    **{f"model.{k}": nullable(POSITIVE) for k in ("vocab_size", "context_length", "emb_dim", "n_heads", "n_layers")},
    "model.vocab_multiple": nullable(POSITIVE),
    "model.qkv_bias": nullable(BOOL),
    "model.drop_rate": nullable(number(0, 1, hi_open=True)),
    "model.compile": BOOL,
    "model.gelu": nullable(choice("tanh", "exact")),
    # data (pre-training)
    "data.corpus": CORPUS,
    "data.page_range": PAGE_RANGE,
    "data.default_page_ranges": nullable(PAGE_MAP),
    "data.clean": MAPPING,
    "data.clean.drop_headers": BOOL,
    "data.clean.min_repeats": POSITIVE,
    "data.clean.edge_lines": COUNT,
    "data.clean.join_hyphens": BOOL,
    "data.tokenizer": TEXT,
    "data.val_fraction": number(0, 1, lo_open=True, hi_open=True),
    "data.block_size": nullable(POSITIVE),
    "data.batch_size": POSITIVE,
    "data.sampling": choice("random", "strided"),
    "data.stride": COUNT,
    "data.samples_per_epoch": nullable(POSITIVE),
    "data.val_windows": POSITIVE,
    "data.num_workers": COUNT,
    "data.cache_dir": TEXT,
    # data (fine-tuning): data.tasks.<task>.train/val/weight
    "data.tasks": TASK_NAMES,
    "data.tasks.*.train": required(EXISTS, "pass data.tasks.<task>.train=<a CSV with columns prompt,completion>"),
    "data.tasks.*.val": nullable(EXISTS),
    "data.tasks.*.weight": number(0, lo_open=True),
    "data.bucket_factor": POSITIVE,
    # fine-tuning: training-time re-wording (data/augment.py) and the ranking objective (training/ranking.py)
    **{f"data.augment.{k}": number(0, 1) for k in ("frame_swap", "synonyms", "word_dropout", "purity")},
    "data.augment.min_count": POSITIVE,
    "data.ranking.weight": number(0, note="0: off"),
    "data.ranking.negatives": POSITIVE,
    "data.ranking.hard_pool": POSITIVE,
    "data.ranking.rows_per_batch": POSITIVE,
    # optimizer
    "optimizer.lr": number(0, lo_open=True, note="e.g. 6e-4"),
    "optimizer.momentum": number(0, 1, hi_open=True),
    "optimizer.nesterov": BOOL,
    "optimizer.ns_steps": POSITIVE,
    "optimizer.adjust_lr_fn": choice("original", "match_rms_adamw"),
    "optimizer.weight_decay": number(0),
    "optimizer.betas": Rule(
        "[beta1, beta2], two numbers in [0, 1)",
        lambda v: isinstance(v, list) and len(v) == 2 and all(number(0, 1, hi_open=True).ok(b) for b in v),
    ),
    "optimizer.eps": number(0, lo_open=True),
    "optimizer.fused": nullable(BOOL),
    "optimizer.scheduler.warmup_steps": COUNT,
    "optimizer.scheduler.min_lr_ratio": number(0, 1),
    # init
    "init.name": choice("scratch", "gpt2", "checkpoint"),
    "init.path": required(nullable(TEXT), "pass init.path=<run folder | .ckpt | .safetensors | HF folder>"),
    # trainer (Lightning's arguments as the configs use them)
    "trainer.accelerator": choice("auto", "cpu", "gpu", "cuda", "mps", "tpu"),
    "trainer.devices": Rule(
        "auto, -1 (all), a positive integer or a list of device indices",
        lambda v: (
            v in ("auto", -1)
            or POSITIVE.ok(v)
            or (isinstance(v, list) and bool(v) and all(map(COUNT.ok, v)))
            or (isinstance(v, str) and v.replace(",", "").isdigit())
        ),
    ),
    "trainer.num_nodes": POSITIVE,
    "trainer.precision": PRECISION,
    "trainer.max_steps": either(POSITIVE, NO_LIMIT),
    "trainer.max_epochs": nullable(either(POSITIVE, NO_LIMIT)),
    "trainer.val_check_interval": either(POSITIVE, number(0, 1, lo_open=True)),
    "trainer.check_val_every_n_epoch": nullable(POSITIVE),
    "trainer.limit_val_batches": nullable(either(COUNT, number(0, 1))),
    "trainer.num_sanity_val_steps": integer(-1),
    "trainer.gradient_clip_val": nullable(number(0)),
    "trainer.accumulate_grad_batches": POSITIVE,
    "trainer.log_every_n_steps": POSITIVE,
    "trainer.enable_progress_bar": BOOL,
    "trainer.enable_model_summary": BOOL,
    "trainer.deterministic": either(BOOL, choice("warn")),
    # callbacks
    "callbacks.model_checkpoint.every_n_train_steps": nullable(POSITIVE),
    "callbacks.text_samples.max_new_tokens": POSITIVE,
    "callbacks.text_samples.temperature": number(0),
    "callbacks.text_samples.top_k": nullable(POSITIVE),
    "callbacks.task_accuracy.max_examples": POSITIVE,
    "callbacks.task_accuracy.samples_shown": COUNT,
}

SAMPLING: dict[str, Rule] = {
    "temperature": number(0, note="0 means greedy"),
    "top_k": nullable(POSITIVE),
    "top_p": nullable(number(0, 1, lo_open=True)),
    "max_new_tokens": nullable(POSITIVE),
    "seed": nullable(integer()),
}
INFERENCE: dict[str, Rule] = {"ckpt": CKPT, "device": DEVICE, "debug_errors": BOOL}

SCHEMAS: dict[str, dict[str, Rule]] = {
    "train": TRAIN,
    "generate": {
        **INFERENCE,
        **SAMPLING,
        "task": choice(*TASKS, "none"),
        "prompt": required(TEXT, 'pass prompt="..." (or prompt=- and the text on standard input)'),
        "character": nullable(TEXT),
    },
    "chat": {**INFERENCE, **SAMPLING, "character": TEXT},
    "eval": {
        **INFERENCE,
        "eval_file": nullable(EXISTS),
        "output_file": nullable(TEXT),
        "max_per_task": nullable(POSITIVE),
    },
    "export": {
        **INFERENCE,
        "format": choice("hf", "safetensors"),
        "out": required(TEXT, "pass out=<folder to write>"),
    },
    "demo": {
        "runs_dir": TEXT,
        "ckpt": nullable(TEXT),
        "host": TEXT,
        "port": integer(1, 65535),
        "share": BOOL,
        "cache_size": POSITIVE,
        "debug_errors": BOOL,
    },
}


def check_config(cfg: DictConfig | Mapping, schema: str) -> None:
    """Raise a ConfigError naming the first key of `cfg` whose value `SCHEMAS[schema]` does not allow."""
    for old in RENAMED:
        if old in cfg:  # set by a YAML file of the user's (on the command line Hydra refuses it first)
            raise ConfigError(_renamed(old))
    for pattern, rule in SCHEMAS[schema].items():
        for key in _expand(cfg, pattern):
            value = _value(cfg, key)
            if value is MISSING:
                raise ConfigError(f"{key} is required: {rule.required or 'set it on the command line'}.")
            if not rule.ok(value):
                raise ConfigError(f"{key} must be {rule.allowed}, got {_show(value)}.")


def _expand(cfg: Any, pattern: str) -> list[str]:
    """The keys of `cfg` that `pattern` names (`*` matches any key of a mapping), only those that exist."""
    keys = [""]
    for part in pattern.split("."):
        found = []
        for prefix in keys:
            node = OmegaConf.select(cfg, prefix) if prefix else cfg
            if not isinstance(node, DictConfig | dict):
                continue
            present = [str(k) for k in node]  # unlike `in`, iteration also yields keys whose value is missing
            names = present if part == "*" else [part] if part in present else []
            if part == "*":  # a task dropped with data.tasks.chat=null is not checked
                names = [n for n in names if OmegaConf.is_missing(node, n) or node[n] is not None]
            found += [f"{prefix}.{name}" if prefix else name for name in names]
        keys = found
    return keys


def _value(cfg: Any, key: str) -> Any:
    parent_key, _, leaf = key.rpartition(".")
    parent = OmegaConf.select(cfg, parent_key) if parent_key else cfg
    if isinstance(parent, DictConfig) and OmegaConf.is_missing(parent, leaf):
        return MISSING
    try:
        value = OmegaConf.select(cfg, key, throw_on_resolution_failure=True)
        return OmegaConf.to_container(value, resolve=True) if isinstance(value, DictConfig | ListConfig) else value
    except OmegaConfBaseException as err:
        raise ConfigError(f"{key} cannot be resolved ({_one_line(err).split(' full_key:')[0]}).") from err


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


def check_overrides(config_dir: str, config_name: str, overrides: Sequence[str]) -> DictConfig | None:
    """Compose `config_name` with command-line `overrides` and check it, before Hydra makes a run folder; returns
    the checked config (without its `hydra` node).

    A Hydra mistake (an unknown key, a value that cannot be merged or parsed) becomes one line too. Command lines
    with flags (`-m`, `--cfg job`) or sweeps are left to Hydra (None): each job's config is checked when it starts."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from hydra.errors import ConfigCompositionException, OverrideParseException

    if any(arg.startswith("-") for arg in overrides):
        return None
    try:
        parsed = OverridesParser.create().parse_overrides(list(overrides))
        if any(o.is_sweep_override() for o in parsed):
            return None
        GlobalHydra.instance().clear()
        with initialize_config_dir(config_dir=config_dir, version_base="1.3"):
            cfg = compose(config_name=config_name, overrides=list(overrides))
    except OverrideParseException as err:
        raise ConfigError(
            f"Cannot parse the argument {err.override!r}; quote a value that holds spaces, quotes or brackets, "
            """e.g. 'prompt="I can'\\''t"', or pass prompt=- and the text on standard input."""
        ) from err
    except ConfigCompositionException as err:
        raise ConfigError(_composition_message(err)) from err
    finally:
        GlobalHydra.instance().clear()
    check_config(cfg, config_name)
    return cfg


def _composition_message(err: BaseException) -> str:
    """Hydra's report of an override it could not apply, as one sentence."""
    message = _one_line(err).split(" See https://")[0]
    cause = _one_line(err.__cause__).split(" full_key:")[0] if err.__cause__ else ""
    unknown = re.match(r"Could not override '([^']+)'\. To append to your config use (\S+)", message)
    if unknown and unknown[1] in RENAMED:
        return _renamed(unknown[1])
    if unknown and "not in struct" in cause:
        return (
            f"{unknown[1]} is not a setting of this config; check its spelling (--cfg job prints them all), "
            f"or add a new key with {unknown[2]}."
        )
    return f"{message} ({cause})." if cause else message

"""A composed config checked against its schema when a command starts (potterverse/settings/: a dataclass per config
group, each field with its rule), so a wrong value (`optimizer.lr=abc`, `data.batch_size=0`, `data.page_range=[9]`)
becomes one sentence naming the key, the value and what is allowed, before a model is built or a file written.
The defaults stay in the YAML under configs/. A key the composed config does not hold (another choice's, e.g.
`data.tasks` in a pre-training run) is not checked, nor is a key the schema does not name (a Lightning argument
added with `+trainer.<key>=`).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any

from omegaconf import DictConfig, ListConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from potterverse.errors import ConfigError

MISSING = object()  # a mandatory value ('???') nobody set
# old key -> (its name now, what it is): an old command line or YAML gets one sentence
RENAMED = {
    "task_name": ("run_name", "the run's name, outputs/<run_name>/..."),
    "optimizer.scheduler": ("scheduler", "the learning-rate schedule is a config group of its own"),
    "optimizer.scheduler.warmup_steps": ("scheduler.warmup_steps", "the scheduler group"),
    "optimizer.scheduler.min_lr_ratio": ("scheduler.min_lr_ratio", "the scheduler group"),
}
SCHEMAS = {  # config name -> its schema, imported when that command checks its config
    "train": "potterverse.settings.train:Train",
    **{
        name: f"potterverse.settings.commands:{name.title()}" for name in ("generate", "chat", "eval", "export", "demo")
    },
}


def _renamed(old: str) -> str:
    new, what = RENAMED[old]
    return f"{old} is now called {new} ({what}); pass {new}=..."


def schema_of(config_name: str) -> type:
    import importlib

    module, _, name = SCHEMAS[config_name].partition(":")
    return getattr(importlib.import_module(module), name)


def check_config(cfg: DictConfig | Mapping, schema: str) -> None:
    """Raise a ConfigError naming the first key of `cfg` whose value the schema of config `schema` does not allow."""
    for old in RENAMED:  # set by a YAML file of the user's (on the command line Hydra refuses it first)
        if OmegaConf.select(OmegaConf.create(cfg) if isinstance(cfg, dict) else cfg, old, default=None) is not None:
            raise ConfigError(_renamed(old))
    check_node(cfg, schema_of(schema))


def check_node(node: Any, schema: type, prefix: str = "") -> None:
    """Check every key of the config node `node` that a field of the dataclass `schema` names, by the field's rule,
    and a nested node by the field's own dataclass (a union: by every member; a dict: each non-null value)."""
    present = [str(k) for k in node]  # unlike `in`, iteration also yields keys whose value is missing
    for f, members, each in _fields(schema):
        if f.name not in present:
            continue
        key = prefix + f.name
        value = _value(node, f.name, key, resolve=not members)  # a group's own rule sees its shape, not its values
        rule = f.metadata.get("rule")
        if value is MISSING:
            raise ConfigError(f"{key} is required: {(rule and rule.required) or 'set it on the command line'}.")
        if rule is not None:
            rule.check(key, value)
        child = node[f.name]
        if not isinstance(child, DictConfig | dict):
            continue
        for member in members:
            if not each:
                check_node(child, member, key + ".")
                continue
            for name in [str(k) for k in child]:  # a task dropped with data.tasks.chat=null is not checked
                if OmegaConf.is_missing(child, name) or child[name] is not None:
                    check_node(child[name], member, f"{key}.{name}.")


@cache
def _fields(schema: type) -> list[tuple[Any, tuple[type, ...], bool]]:
    """(field, the dataclasses its node is checked by, whether they check each value of a dict) of `schema`."""
    hints = typing.get_type_hints(schema)
    out = []
    for f in fields(schema):
        hint, each = hints[f.name], False
        if typing.get_origin(hint) is dict:
            hint, each = typing.get_args(hint)[1], True
        members = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
        out.append((f, tuple(m for m in members if is_dataclass(m)), each))
    return out


def _value(node: Any, name: str, key: str, resolve: bool = True) -> Any:
    if isinstance(node, DictConfig) and OmegaConf.is_missing(node, name):
        return MISSING
    try:
        value = node[name]
        return OmegaConf.to_container(value, resolve=resolve) if isinstance(value, DictConfig | ListConfig) else value
    except OmegaConfBaseException as err:
        raise ConfigError(f"{key} cannot be resolved ({_one_line(err).split(' full_key:')[0]}).") from err


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

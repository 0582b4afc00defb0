"""What a setting accepts, as data: a `Rule` is the sentence an error message uses ("a positive integer") and the
test behind it. A dataclass field carries its rule in its metadata (`setting(...)`), so the same rule checks the
value when the dataclass is built in Python (`Checked.__post_init__`) and when a composed Hydra config is checked
(`potterverse.config_checks`), and the error reads the same either way: "<key> must be <allowed>, got <value>."

It imports nothing of the package but its errors: the model, data and sampling classes use it, and the schemas in
potterverse/settings/ are built from it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, ClassVar

from potterverse.errors import ConfigError


@dataclass(frozen=True)
class Rule:
    allowed: str  # what the key accepts, in the words of the error message ("a positive integer")
    ok: Callable[[Any], bool]
    required: str = ""  # for a mandatory key ('???' in its YAML): how to pass it

    def check(self, key: str, value: Any) -> None:
        if not self.ok(value):
            raise ConfigError(f"{key} must be {self.allowed}, got {show(value)}.")


def show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def setting(rule: Rule | None = None, default: Any = dataclasses.MISSING, *, required: str = "") -> Any:
    """A dataclass field checked by `rule`. Without `default` the field has none: its default is in the YAML of
    its config group. `required`: the key's YAML value is '???', and this says how to pass it."""
    if required and rule is not None:
        rule = Rule(rule.allowed, rule.ok, required)
    return dataclasses.field(default=default, metadata={"rule": rule})


def rule_of(cls: type, name: str) -> Rule:
    """The rule of field `name` of dataclass `cls` (to reuse it, e.g. `nullable(rule_of(GPTConfig, "drop_rate"))`)."""
    return next(f.metadata["rule"] for f in fields(cls) if f.name == name)


class Checked:
    """A dataclass whose fields are checked by their rules when it is built: a library class (GPTConfig, Sampling)
    reports a bad value in the same words as the config check does. `key_prefix` starts each key's name."""

    key_prefix: ClassVar[str] = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            rule = f.metadata.get("rule")
            if rule is not None:
                rule.check(self.key_prefix + f.name, getattr(self, f.name))


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
    return Rule(f"{rule.allowed}, or null", lambda v: v is None or rule.ok(v), rule.required)


def list_of(rule: Rule, allowed: str, length: int | None = None) -> Rule:
    def ok(v: Any) -> bool:
        return isinstance(v, list) and bool(v) and (length is None or len(v) == length) and all(map(rule.ok, v))

    return Rule(allowed, ok)


BOOL = Rule("true or false", lambda v: isinstance(v, bool))
TEXT = Rule("a non-empty text", _is_text)
POSITIVE = integer(1)
COUNT = integer(0)
NO_LIMIT = Rule("-1 (no limit)", lambda v: _is_int(v) and v == -1)
MAPPING = Rule("a mapping of settings", lambda v: isinstance(v, dict))
EXISTS = Rule("an existing file or folder", lambda v: _is_text(v) and Path(str(v)).expanduser().exists())


def _is_pages(v: Any) -> bool:
    return isinstance(v, list) and len(v) == 2 and all(_is_int(p) for p in v) and 1 <= v[0] <= v[1]


PAGE_MAP = Rule("{file.pdf: [first, last]}", lambda v: isinstance(v, dict) and all(map(_is_pages, v.values())))
PAGE_RANGE = Rule(
    "[first, last] (1-based pages, first <= last) for every PDF, {file.pdf: [first, last]} per file, or null",
    lambda v: v is None or _is_pages(v) or PAGE_MAP.ok(v),
)

"""The benchmark's goals as data: each section lists its `Target`s, and the report checks them against its result."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypedDict

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}


@dataclass(frozen=True)
class Target:
    """A goal: `name` (`{size}` and the result's own keys, such as `{steps}`, are filled in), `goal` as
    "OP BOUND" (">= 1.2", "< 2"), and `value`, which reads the measured value from the section's result (of one
    model size where `per_size`), or None where this run did not measure it. `sizes`: the model sizes a per-size
    target holds for (None: all)."""

    name: str
    goal: str
    value: Callable[[Any], float | None]
    per_size: bool = False
    sizes: tuple[str, ...] | None = None

    def met(self, value: float) -> bool:
        op, bound = self.goal.split()
        return OPS[op](value, float(bound))


class Checked(TypedDict):
    target: str
    value: float
    goal: str
    met: bool


def check(targets: Iterable[Target], result: Any) -> list[Checked]:
    """Each target that `result` has a value for, with that value and whether it meets the goal."""
    out: list[Checked] = []
    for target in targets:
        if target.per_size:
            scopes = [(size, r) for size, r in result.items() if target.sizes is None or size in target.sizes]
        else:
            scopes = [(None, result)]
        for size, scoped in scopes:
            value = target.value(scoped)
            if value is not None:
                name = target.name.format(size=size, **scoped)
                out.append({"target": name, "value": value, "goal": target.goal, "met": target.met(value)})
    return out

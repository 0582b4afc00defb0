"""Build the [SPELL] fine-tuning data: `Effect: <what it should do>` -> incantation.

data/spell.yaml gives every incantation two hand-written lists: short verb phrases ("effects"), used bare as
imperatives and inside varied request frames, and full descriptions used as they are. data/spell_contrasts.yaml
words the easily confused spells (Engorgio/Reducio, Lumos/Nox, the Marauder's Map pair, ...) over shared objects, so
that the difference between them is what decides.
"""

from __future__ import annotations

import random
import re

from scripts.task_data import common
from scripts.task_data.common import Row

PREFIX = "Effect: "
FRAMES_PER_EFFECT = 2
FIRST_PERSON = re.compile(r"\b(i|me|my|myself|us|our|we)\b", re.IGNORECASE)


def key(text: str) -> str:
    """Comparison key that ignores case, punctuation and articles."""
    return " ".join(w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in ("a", "an", "the"))


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class Framer:
    """Wraps a bare verb phrase in request frames; frames about someone else skip first-person phrases."""

    def __init__(self, spec: dict, rng: random.Random) -> None:
        self.frames, self.third = spec["frames"], set(spec["third_person_frames"])
        self.rng = rng

    def prompts(self, effect: str) -> list[str]:
        fitting = [f for f in self.frames if f not in self.third or not FIRST_PERSON.search(effect)]
        framed = [f.format(a=effect, A=capitalise(effect)) for f in self.rng.sample(fitting, FRAMES_PER_EFFECT)]
        return [capitalise(effect) + self.rng.choice(("", ".", "!")), *framed]


def contrast_effects(spec: dict, rng: random.Random) -> dict[str, list[str]]:
    """Per incantation, `rows_per_spell` wordings of each contrast group, objects and wordings cycled in a shuffled
    order, so each spell meets each object about equally often."""
    out: dict[str, list[str]] = {}
    for group in spec["groups"]:
        for incantation, wordings in group["wordings"].items():
            objects = group.get("objects") or group["objects_by_spell"][incantation]
            objects, wordings = rng.sample(objects, len(objects)), rng.sample(wordings, len(wordings))
            n = len(objects)  # each pass over the objects shifts the wordings by one, so no pair repeats early
            picks = ((wordings[(i + i // n) % len(wordings)], objects[i % n]) for i in range(spec["rows_per_spell"]))
            out.setdefault(incantation, []).extend(wording.format(x=obj) for wording, obj in picks)
    return out


def build_rows(seed: int = 0) -> list[Row]:
    """All (prompt, incantation) rows. Near-identical wordings within a spell are dropped; across two spells they
    are an error, since the model could not tell the spells apart from them."""
    spec, rng = common.load("spell.yaml"), random.Random(seed)
    framer = Framer(spec, rng)
    contrasts = contrast_effects(common.load("spell_contrasts.yaml"), rng)
    unknown = contrasts.keys() - spec["spells"].keys()
    assert not unknown, f"contrasts for unknown incantations: {sorted(unknown)}"
    owner: dict[str, str] = {}
    rows: list[Row] = []
    for incantation, spell in spec["spells"].items():
        effects = spell["effects"] + contrasts.get(incantation, [])
        for text in spell["descriptions"] + [p for e in effects for p in framer.prompts(e)]:
            k = key(text)
            if k in owner:
                assert owner[k] == incantation, f"{text!r} fits {owner[k]} and {incantation}"
                continue
            owner[k] = incantation
            rows.append((PREFIX + text.strip(), incantation))
    return rows


def main() -> None:
    train, val = common.split_rows(build_rows(seed=0), lambda row: row[1], lambda n: 1 if n >= 4 else 0, seed=0)
    common.write_task("spell", train, val)


if __name__ == "__main__":
    main()

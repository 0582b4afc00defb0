"""Build the Sorting Hat dataset: free-text personality -> "House! optional reasoning".

The word lists (data/sorting_traits.yaml) are dropped into house-blind sentence frames (data/sorting_frames.yaml).
Every frame is filled for all four houses with the same number of rows, so the frame, person, length of the frame
and its punctuation say nothing about the house; `check_signal` proves it with a classifier that sees the frame
alone (chance) and one that sees the trait words alone (far above chance).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

from scripts.task_data import common
from scripts.task_data.checks import naive_bayes_accuracy, words
from scripts.task_data.common import Row

TASK = "sorting"
HOUSES = ("Gryffindor", "Hufflepuff", "Ravenclaw", "Slytherin")
NO_REASON_RATE = 0.2
MAX_PROMPT_WORDS = 60
MAX_COMPLETION_WORDS = 50
TRAIT_LISTS = ("adjectives", "phrases", "values", "fears", "ambitions", "hobbies", "who", "first")
# Slot name -> word list, where they differ ({who} draws from "who", {whole} from "whole").
SLOT_LISTS = {"adj": "adjectives", "phrase": "phrases", "value": "values", "fear": "fears", "hobby": "hobbies",
              "ambition": "ambitions"}  # fmt: skip
SLOT = re.compile(r"\{([A-Za-z_]+?)(\d?)\}")
FRAME_ONLY_MARGIN = 0.05  # the frame-only classifier must stay within this of chance
TRAITS_MIN_ACCURACY = 0.8
CV_FOLDS = 5


@dataclass(frozen=True)
class Person:
    """How a frame and the {p}/{o}/{r} placeholders of a fragment refer to the person described."""

    S: str  # sentence-initial subject at first mention: "I", "My sister"
    S2: str  # sentence-initial subject after it: "I", "She"
    s: str  # mid-sentence subject: "I", "she"
    SP: str  # sentence-initial possessive: "My", "My sister's"
    O: str  # mid-sentence object: "me", "my sister"  # noqa: E741
    p: str  # pronoun possessive: "my", "her"
    o: str  # pronoun object: "me", "her"
    r: str  # reflexive: "myself", "herself"


ME = Person("I", "I", "I", "My", "me", "my", "me", "myself")
SOMEONE = Person("Someone", "They", "they", "Their", "them", "their", "them", "themselves")
PRONOUNS = {"f": ("She", "she", "her", "her", "herself"), "m": ("He", "he", "his", "him", "himself")}


def third_person(subject: str) -> Person:
    """'My sister (f)' -> the Person that frames about her use."""
    label, gender = subject[:-4], subject[-2]
    S2, s, p, o, r = PRONOUNS[gender]
    return Person(label, S2, s, f"{label}'s", label[0].lower() + label[1:], p, o, r)


@dataclass
class Filled:
    frame: str  # the template from sorting_frames.yaml
    prompt: str
    replica: int  # its index among the rows of its frame and house: one cross-validation fold holds all houses
    frame_only: str  # the prompt with every trait word replaced by "_": all a frame-only classifier sees
    traits: list[str]  # the fragments used


class Composer:
    """Fills frames with one house's fragments; `used` keeps one prompt from repeating a fragment."""

    def __init__(self, traits: dict, scenarios: list[dict], rng: random.Random) -> None:
        self.traits, self.scenarios, self.rng = traits, scenarios, rng

    def fill(self, frame: str, house: str, person: Person) -> Filled:
        used: list[str] = []

        def pick(pool: list[str]) -> str:
            item = self.rng.choice([x for x in pool if x not in used])
            used.append(item)
            return item

        def fragment(name: str) -> str:
            if name == "scene":
                scenario = self.rng.choice(self.scenarios)
                return self.rng.choice(scenario["stems"]) + " " + pick(scenario["responses"][house])
            if name == "other":
                return pick(self.traits[self.rng.choice([h for h in HOUSES if h != house])]["adjectives"])
            text = pick(self.traits[house][SLOT_LISTS.get(name, name)])
            return text.format(p=person.p, o=person.o, r=person.r)

        def substitute(match: re.Match, masked: bool) -> str:
            name = match.group(1)
            if hasattr(person, name + match.group(2)):  # {S}, {S2}, {O}...: who is described, not what they are like
                return getattr(person, name + match.group(2))
            if masked:
                return "_"
            text = fragment(name.lower())
            return text[:1].upper() + text[1:] if name[0].isupper() else text

        prompt = SLOT.sub(lambda m: substitute(m, False), frame)
        return Filled(frame, prompt, -1, SLOT.sub(lambda m: substitute(m, True), frame), used)


def frames() -> list[tuple[str, str, int]]:
    """(frame, person kind, rows per house) for every frame of data/sorting_frames.yaml."""
    spec = common.load("sorting_frames.yaml")
    out = []
    for kind in ("me", "third", "someone"):
        for entry in spec[kind]:
            entry = entry if isinstance(entry, dict) else {"frame": entry}
            out.append((entry["frame"], kind, int(entry.get("rows", spec["rows_per_frame"]))))
    return out


def person_for(kind: str, rng: random.Random, subjects: list[str]) -> Person:
    return {"me": ME, "someone": SOMEONE}.get(kind) or third_person(rng.choice(subjects))


def completion(rng: random.Random, traits: dict, house: str, mixed: bool) -> str:
    if rng.random() < NO_REASON_RATE:
        return f"{house}!"
    return f"{house}! {rng.choice(traits[house]['mixed_reasons' if mixed else 'reasons'])}"


def build_examples(seed: int = 0) -> list[tuple[Row, Filled]]:
    """Every frame with every house, the same number of unique prompts each (the smallest any house reached)."""
    data = common.load("sorting_traits.yaml")
    subjects = common.load("sorting_frames.yaml")["third_subjects"]
    rng = random.Random(seed)
    composer = Composer(data["houses"], data["scenarios"], rng)
    seen: set[str] = set()
    examples: list[tuple[Row, Filled]] = []
    for frame, kind, per_house in frames():
        mixed = "{other}" in frame or "{mixed_whole}" in frame
        by_house: dict[str, list[tuple[Row, Filled]]] = {h: [] for h in HOUSES}
        for house in HOUSES:
            for _ in range(per_house * 20):
                if len(by_house[house]) == per_house:
                    break
                filled = composer.fill(frame, house, person_for(kind, rng, subjects))
                key = filled.prompt.lower()
                if key in seen or len(filled.prompt.split()) > MAX_PROMPT_WORDS:
                    continue
                seen.add(key)
                by_house[house].append(((filled.prompt, completion(rng, data["houses"], house, mixed)), filled))
        n = min(len(rows) for rows in by_house.values())
        for rows in by_house.values():
            for replica, (row, filled) in enumerate(rows[:n]):
                filled.replica = replica
                examples.append((row, filled))
    check_rows([row for row, _ in examples], data["houses"])
    return examples


# ---------------------------------------------------------------------------
# Checks.
# ---------------------------------------------------------------------------

HOUSE_WORDS: dict[str, tuple[str, ...]] = {
    "Gryffindor": ("gryffindor", "lions?", "godric", "scarlet", "red and gold"),
    "Hufflepuff": ("hufflepuff", "badgers?", "helga", "yellow and black"),
    "Ravenclaw": ("ravenclaw", "ravens?", "eagles?", "rowena", "blue and bronze"),
    "Slytherin": ("slytherin", "snakes?", "serpents?", "salazar", "green and silver"),
}


def mentions(text: str, house: str) -> bool:
    return re.search(r"\b(" + "|".join(HOUSE_WORDS[house]) + r")\b", text.lower()) is not None


def house_of(row: Row) -> str:
    """The house a row's completion names first (its group for the split)."""
    return row[1].split("!", 1)[0]


def check_rows(rows: list[Row], traits: dict) -> None:
    owner: dict[str, str] = {}
    for house, lists in traits.items():
        for fragment in (f.lower() for name in TRAIT_LISTS for f in lists[name]):
            assert owner.setdefault(fragment, house) == house, f"{fragment!r} is listed for {owner[fragment]} too"
    counts = Counter(house_of(r) for r in rows)
    assert set(counts) == set(HOUSES) and len(set(counts.values())) == 1, counts
    for prompt, answer in rows:
        house = house_of((prompt, answer))
        assert "\n" not in prompt + answer
        assert len(prompt.split()) <= MAX_PROMPT_WORDS and len(answer.split()) <= MAX_COMPLETION_WORDS, prompt
        assert not any(mentions(answer[len(house) + 1 :], h) for h in HOUSES if h != house), answer
    assert sum(any(mentions(p, h) for h in HOUSES) for p, _ in rows) < 0.05 * len(rows)


def style_features(filled: Filled) -> list[str]:
    """Everything but the traits: the frame's words and the whole prompt's length and punctuation."""
    punctuation = [f"punct:{c}" for c in filled.prompt if not c.isalnum() and not c.isspace()]
    return [*words(filled.frame_only), f"len:{len(filled.prompt.split()) // 4}", *punctuation]


def check_signal(examples: list[tuple[Row, Filled]]) -> dict[str, float]:
    """Frame-only accuracy near chance (1/4) and trait-only accuracy high, cross-validated naive Bayes."""
    labels = [house_of(row) for row, _ in examples]
    folds = [f.replica % CV_FOLDS for _, f in examples]
    frame_only = naive_bayes_accuracy([style_features(f) for _, f in examples], labels, folds)
    trait_only = naive_bayes_accuracy([[w for t in f.traits for w in words(t)] for _, f in examples], labels, folds)
    chance = 1 / len(HOUSES)
    assert abs(frame_only - chance) <= FRAME_ONLY_MARGIN, f"the frame alone predicts the house: {frame_only:.3f}"
    assert trait_only >= TRAITS_MIN_ACCURACY, f"the trait words predict the house poorly: {trait_only:.3f}"
    return {"frame_only_accuracy": frame_only, "trait_only_accuracy": trait_only}


def main() -> None:
    examples = build_examples(seed=0)
    print(f"{TASK}: " + ", ".join(f"{k} {v:.3f}" for k, v in check_signal(examples).items()) + " (chance 0.250)")
    train, val = common.split_rows([row for row, _ in examples], house_of, lambda n: n // 10, seed=0)
    common.write_task(TASK, train, val)


if __name__ == "__main__":
    main()

"""The Sorting Hat: a person's traits -> their Hogwarts house. Its verdict is the likeliest house
(`house_probabilities`), which evaluation scores and the demo shows; the Hat's own words go beneath it."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import torch

from potterverse.tasks.base import DemoTab, Task, first_line, strip_prefix

if TYPE_CHECKING:  # the demo's types; gradio is imported only when a tab is built
    import pandas as pd

    from potterverse.demo.app import DemoApp, Panel
    from potterverse.inference import Answer, Predictor

HOUSES = ("Gryffindor", "Hufflepuff", "Ravenclaw", "Slytherin")
_HOUSE_RE = re.compile("|".join(HOUSES), re.IGNORECASE)
# crest, background, text colour
HOUSE_STYLE = {
    "Gryffindor": ("🦁", "#7f0909", "#ffc500"),
    "Hufflepuff": ("🦡", "#ecb939", "#1d1a17"),
    "Ravenclaw": ("🦅", "#0e1a40", "#c9a063"),
    "Slytherin": ("🐍", "#1a472a", "#d8d8d8"),
}
EXAMPLES = [
    "I read under the covers with a torch until three in the morning, and I always want to know why.",
    "I would walk straight into a burning building if someone I loved was inside.",
    "Loyal, patient, and I never leave a friend to do the washing-up alone.",
    "I have a plan for everything, and every plan ends with me in charge.",
]


def first_house(text: str) -> str | None:
    """The first house named in an answer (the Sorting Hat's words), or None."""
    match = _HOUSE_RE.search(text)
    return match.group(0).capitalize() if match else None


def house_probabilities(predictor: Predictor, prompt: str) -> tuple[dict[str, float], int]:
    """The Sorting Hat's probability for each house: the likelihood of each house name's full token sequence
    right after the task's prompt (as the answers start in training), normalised over the four houses; and the
    prompt tokens cropped."""
    names = [predictor.tokenizer.encode(" " + house) for house in HOUSES]
    logps, cropped = predictor.continuation_logprobs(TASK.prompt_text(prompt), names)
    probs = torch.stack([lp.sum() for lp in logps]).softmax(0)
    return dict(zip(HOUSES, probs.tolist(), strict=True)), cropped


def likeliest_house(predictor: Predictor, prompt: str) -> str:
    probs, _ = house_probabilities(predictor, prompt)
    return max(probs, key=probs.__getitem__)


def candidates(completion: str, answers: Sequence[str] = ()) -> list[str]:
    """The four houses, the one a training row's completion names first (the ranking objective's choice)."""
    house = first_house(completion)
    return [house, *(h for h in HOUSES if h != house)] if house else []


def _score(answer: str, expected: str) -> bool:
    return first_house(answer) == first_house(expected) and first_house(answer) is not None


# --- The demo tab ---


def verdict_html(answer: Answer, probs: dict[str, float]) -> str:
    """The verdict is the house the model ranks likeliest (the chart's top bar); the Hat's own words go beneath."""
    house = max(probs, key=probs.__getitem__)
    named = first_house(answer.text)
    crest, background, colour = HOUSE_STYLE[house]
    note = "" if named in (None, house) else f"<div class='note'>Its words name {named}, its ranking {house}.</div>"
    return (
        f"<div class='pv-verdict' style='background:{background};color:{colour}'>"
        f"<div class='crest'>{crest}</div><div class='title'>{house.upper()}!</div>"
        f"<div class='words'>“{html.escape(answer.text) or '…'}”</div>{note}</div>"
    )


def sort(app: DemoApp, run_key: str, text: str, *sampling: float) -> tuple[str, pd.DataFrame, str]:
    """The demo's answer: the verdict, P(house) for the chart, and a notice."""
    import pandas as pd

    from potterverse.demo.app import crop_notice, readable_errors, require_text, sampling_from

    text = require_text(text, "Tell the Sorting Hat something about yourself first.")
    with readable_errors():  # the Predictor runs its model under torch.inference_mode()
        predictor = app.predictor(run_key)
        answer = predictor.answer(TASK.name, text, sampling_from(*sampling))
        probs, cropped = house_probabilities(predictor, text)
    frame = pd.DataFrame({"house": list(probs), "probability": list(probs.values())})
    return verdict_html(answer, probs), frame, crop_notice(max(cropped, answer.cropped), predictor)


def demo_tab(app: DemoApp, panel: Panel) -> None:
    import gradio as gr

    from potterverse.demo.app import task_textbox, verdict_box

    with gr.Row():
        with gr.Column():
            text = task_textbox(TASK.name, "Tell the Hat about yourself", 4,
                                "What do you value? What scares you? What would you do if...")  # fmt: skip
            button = gr.Button("🎩 Sort me!", variant="primary", elem_id="sorting-button")
            gr.Examples([[e] for e in EXAMPLES], inputs=text)
        with gr.Column():
            verdict = verdict_box(TASK.name, "The Hat is waiting…")
            plot = gr.BarPlot(
                x="house", y="probability", color="house", y_lim=[0, 1], label="P(house)",
                color_map={h: HOUSE_STYLE[h][1] for h in HOUSES}, colors_in_legend=[], elem_id="sorting-probs",
            )  # fmt: skip
            notice = gr.Markdown()

    def answer(run_key: str, text: str, *sampling: float) -> tuple[str, pd.DataFrame, str]:
        return sort(app, run_key, text, *sampling)

    panel.on_submit(text, button, answer, [text], [verdict, plot, notice], "sort")


TASK = Task(
    name="sorting", prefix="[SORTING]", describe="a person's traits -> their Hogwarts house",
    # what the model sees, and how its answer is read and scored
    build_prompt=lambda text, character: strip_prefix(text, "[SORTING]"), cue=lambda prompt: "The Sorting Hat says:",
    parse_answer=lambda text: first_house(text) or first_line(text), score=_score, rank=likeliest_house,
    candidates=candidates,
    max_new_tokens=32, eval_tokens=8,  # the house comes first
    demo=DemoTab("🎩 Sorting Hat", demo_tab),
)  # fmt: skip

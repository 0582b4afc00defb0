"""The Sorting Hat's tab: the verdict (the house the model ranks likeliest), P(house) as a chart, the Hat's words."""

from __future__ import annotations

import html

import gradio as gr
import pandas as pd

from potterverse.demo.common import Panel, Tab, crop_notice, readable_errors, require_text, sampling_from
from potterverse.inference import Answer
from potterverse.tasks.sorting import HOUSES, first_house, house_probabilities

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


class SortingTab(Tab):
    title = "🎩 Sorting Hat"

    def answer(self, run_key: str, text: str, temperature: float, top_k: float, top_p: float,
               max_new_tokens: float, seed: float) -> tuple[str, pd.DataFrame, str]:  # fmt: skip
        """The verdict, P(house) for the chart, and a notice."""
        text = require_text(text, "Tell the Sorting Hat something about yourself first.")
        with readable_errors():  # a bad setting, or a run that cannot be loaded: a message in the page
            sampling = sampling_from(temperature, top_k, top_p, max_new_tokens, seed)
            predictor = self.app.predictor(run_key)
            answer = predictor.answer(self.task, text, sampling)
            probs, cropped = house_probabilities(predictor.loglikelihoods, predictor.tokenizer.encode, text)
        frame = pd.DataFrame({"house": list(probs), "probability": list(probs.values())})
        return verdict_html(answer, probs), frame, crop_notice(max(cropped, answer.cropped), predictor)

    def build(self, panel: Panel) -> None:
        with gr.Row():
            with gr.Column():
                text = self.textbox("Tell the Hat about yourself", 4,
                                    "What do you value? What scares you? What would you do if...")  # fmt: skip
                button = gr.Button("🎩 Sort me!", variant="primary", elem_id="sorting-button")
                gr.Examples([[e] for e in EXAMPLES], inputs=text)
            with gr.Column():
                verdict = self.verdict_box("The Hat is waiting…")
                plot = gr.BarPlot(
                    x="house", y="probability", color="house", y_lim=[0, 1], label="P(house)",
                    color_map={h: HOUSE_STYLE[h][1] for h in HOUSES}, colors_in_legend=[], elem_id="sorting-probs",
                )  # fmt: skip
                notice = gr.Markdown()
        panel.on_submit(text, button, self.answer, [text], [verdict, plot, notice], "sort")

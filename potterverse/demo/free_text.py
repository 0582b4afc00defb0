"""The free-text tab: the model continues a text (no task), streamed."""

from __future__ import annotations

from collections.abc import Iterator

import gradio as gr

from potterverse.demo.common import Panel, Tab, crop_notice, readable_errors, require_text, sampling_from

FREE_TEXT_TOKENS = 100  # free text's default length, as potterverse-generate (the tasks have their own)
EXAMPLES = ["The castle gates opened and", "Mira climbed the lighthouse stairs", "In the library after dark,"]


class FreeTextTab(Tab):
    title = "📜 Free text"

    def answer(self, run_key: str, prompt: str, temperature: float, top_k: float, top_p: float,
               max_new_tokens: float, seed: float) -> Iterator[tuple[str, str]]:  # fmt: skip
        prompt = require_text(prompt, "Write the beginning of a text first.")
        with readable_errors():
            settings = sampling_from(temperature, top_k, top_p, max_new_tokens, seed).with_budget(FREE_TEXT_TOKENS)
            predictor = self.app.predictor(run_key)
            for text, cropped in predictor.stream_text(prompt, settings):
                yield prompt + text, crop_notice(cropped, predictor)

    def build(self, panel: Panel) -> None:
        prompt = gr.Textbox(label="Beginning", lines=3, elem_id="free-input")
        button = gr.Button("✍️ Continue", variant="primary", elem_id="free-button")
        output = gr.Textbox(label="Continuation", lines=10, interactive=False, elem_id="free-output")
        notice = gr.Markdown()
        gr.Examples([[e] for e in EXAMPLES], inputs=prompt)
        panel.on_submit(prompt, button, self.answer, [prompt], [output, notice], "free_text")

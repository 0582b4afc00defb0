"""The tab of a task that has none of its own: a text box, the task's answer, and its parsed reading. Its API is
`/<task name>`."""

from __future__ import annotations

import gradio as gr

from potterverse.demo.common import Panel, Tab, crop_notice, readable_errors, require_text, sampling_from


class GenericTab(Tab):
    @property
    def title(self) -> str:  # type: ignore[override]  # each task's own
        return f"🧩 {self.task.name.replace('_', ' ').capitalize()}"

    def answer(self, run_key: str, text: str, temperature: float, top_k: float, top_p: float,
               max_new_tokens: float, seed: float) -> tuple[str, str, str]:  # fmt: skip
        """What the model wrote, the task's reading of it, and a notice."""
        text = require_text(text, f"Write a prompt for {self.task.name} first.")
        with readable_errors():  # a bad setting, or a run that cannot be loaded: a message in the page
            sampling = sampling_from(temperature, top_k, top_p, max_new_tokens, seed)
            predictor = self.app.predictor(run_key)
            answer = predictor.answer(self.task, text, sampling)
            note = predictor.note(self.task, text, None)
        notices = [crop_notice(answer.cropped, predictor), note and f"ℹ️ {note}"]
        return answer.text, answer.parsed, " ".join(filter(None, notices))

    def build(self, panel: Panel) -> None:
        gr.Markdown(f"**{self.task.name}**: {self.task.describe}")
        text = self.textbox("Prompt", 3, self.task.describe)
        button = gr.Button("Answer", variant="primary", elem_id=f"{self.name}-button")
        written = gr.Textbox(label="The model wrote", interactive=False, elem_id=f"{self.name}-output")
        parsed = gr.Textbox(label="Its answer", interactive=False, elem_id=f"{self.name}-answer")
        notice = gr.Markdown()
        panel.on_submit(text, button, self.answer, [text], [written, parsed, notice], self.name)

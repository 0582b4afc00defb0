"""The spell generator's tab: several incantations drawn in one batch, ranked by how likely the model finds each."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, replace

import gradio as gr

from potterverse.demo.common import Panel, Tab, crop_notice, readable_errors, require_text, sampling_from
from potterverse.generation import Sampling
from potterverse.inference import Predictor
from potterverse.tasks import Task

EXAMPLES = [
    "Effect: open a locked door",
    "Effect: make a feather float up into the air",
    "Effect: light the tip of my wand in a dark corridor",
    "Effect: disarm my opponent in a duel",
]


@dataclass
class Candidate:
    text: str  # a parsed answer (an incantation)
    mean_logprob: float  # mean log-probability of its tokens, end-of-text included

    @property
    def likelihood(self) -> float:
        """The geometric mean of its token probabilities, in (0, 1]: comparable across answer lengths."""
        return math.exp(self.mean_logprob)


def spell_candidates(
    predictor: Predictor, task: Task, prompt: str, n: int = 5, sampling: Sampling | None = None
) -> tuple[list[Candidate], int]:
    """Up to `n` distinct answers, best first: `n` sampled in one batch (they all coincide at temperature 0), each
    scored by the mean log-probability of its answer text and <|endoftext|>, the form answers take in training.
    Also returns the prompt tokens cropped."""
    sampling = sampling or Sampling(temperature=1.0)
    room = predictor.model.config.context_length // 2  # at most half the window for the answers
    sampling = replace(sampling, max_new_tokens=min(sampling.max_new_tokens or task.max_new_tokens, room))
    text = task.prompt_text(prompt)
    written, cropped = predictor.sample_batch(text, n, sampling)
    answers = sorted({task.parse(w) for w in written} - {""})
    if not answers:
        return [], cropped
    tokens = [predictor.tokenizer.encode(task.answer_text(a)) + [predictor.tokenizer.eot_id] for a in answers]
    loglik, _ = predictor.loglikelihoods(text, tokens)
    candidates = [Candidate(a, ll / len(t)) for a, ll, t in zip(answers, loglik, tokens, strict=True)]
    return sorted(candidates, key=lambda c: c.mean_logprob, reverse=True), cropped


def verdict_html(incantation: str | None) -> str:
    if not incantation:
        return "<div class='pv-verdict pv-empty'>The wand fizzles: no incantation came out. Try again.</div>"
    title = f"<div class='title'>{html.escape(incantation)}!</div>"
    return f"<div class='pv-verdict pv-spell'><div class='crest'>🪄</div>{title}</div>"


class SpellTab(Tab):
    title = "🪄 Spell Generator"
    css = ".pv-spell {background: linear-gradient(135deg, #2b1a4a, #4b2e83); color: #fdf3d0;}\n"

    def answer(self, run_key: str, effect: str, candidates: float, temperature: float, top_k: float, top_p: float,
               max_new_tokens: float, seed: float) -> tuple[str, list[list], str]:  # fmt: skip
        """The best incantation, the ranked candidates, and a notice."""
        effect = require_text(effect, "Describe what the spell should do first.")
        with readable_errors():  # a bad setting, or a run that cannot be loaded: a message in the page
            sampling = sampling_from(temperature, top_k, top_p, max_new_tokens, seed)
            predictor = self.app.predictor(run_key)
            drawn, cropped = spell_candidates(predictor, self.task, effect, int(candidates), sampling)
        rows = [[c.text, f"{c.likelihood:.1%}", round(c.mean_logprob, 3)] for c in drawn]
        notice = crop_notice(cropped, predictor)
        if len(drawn) == 1 and not temperature:
            notice += " Temperature 0 gives a single candidate: raise it for alternatives."
        return verdict_html(drawn[0].text if drawn else None), rows, notice.strip()

    def build(self, panel: Panel) -> None:
        with gr.Row():
            with gr.Column():
                effect = self.textbox("What should the spell do?", 2, "Effect: make my books carry themselves")
                n = gr.Slider(1, 10, value=5, step=1, label="Candidates to draw")
                button = gr.Button("🪄 Cast", variant="primary", elem_id="spell-button")
                gr.Examples([[e] for e in EXAMPLES], inputs=effect)
            with gr.Column():
                verdict = self.verdict_box("Your wand is ready.")
                table = gr.Dataframe(
                    headers=["incantation", "likelihood (per token)", "mean log-prob"],
                    label="Candidates, most likely first", interactive=False, elem_id="spell-candidates", wrap=True,
                    column_widths=["50%", "25%", "25%"],
                )  # fmt: skip
                notice = gr.Markdown()
        panel.on_submit(effect, button, self.answer, [effect, n], [verdict, table, notice], "spell")

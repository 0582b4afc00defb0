"""The spell generator: what a spell should do -> its incantation. Candidates are ranked by how likely the model
finds each one (`spell_candidates`); answers compare case- and punctuation-insensitively."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from potterverse.generation import Sampling
from potterverse.tasks.base import DemoTab, Task, first_line, strip_prefix

if TYPE_CHECKING:  # the demo's types; gradio is imported only when a tab is built
    from potterverse.demo.app import DemoApp, Panel
    from potterverse.inference import Predictor

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


def normalize_incantation(text: str) -> str:
    """Case- and punctuation-insensitive form: 'Wingardium Leviosa!' -> 'wingardium leviosa'."""
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split())


def _prompt(text: str, character: str | None) -> str:
    text = strip_prefix(text, "[SPELL]")
    return text if text.lower().startswith("effect:") else f"Effect: {text}"


def _answer(text: str) -> str:
    return first_line(text).strip(" .!?\"'")


def rivals(completion: str, answers: Sequence[str]) -> list[str]:
    """A training row's incantation, then every other incantation of the training rows: the ranking objective's
    candidates (it samples the wrong ones it trains against from these)."""
    own = _answer(completion)
    others = {normalize_incantation(a): a for a in sorted(answers)}
    others.pop(normalize_incantation(own), None)
    return [own, *others.values()] if own else []


def spell_candidates(
    predictor: Predictor, prompt: str, n: int = 5, sampling: Sampling | None = None
) -> tuple[list[Candidate], int]:
    """Up to `n` distinct incantations for an effect, best first: `n` answers sampled in one batch (they all
    coincide at temperature 0), each scored by the mean log-probability of " <incantation><|endoftext|>", the
    form answers take in training. Also returns the prompt tokens cropped."""
    sampling = sampling or Sampling(temperature=1.0)
    room = predictor.model.config.context_length // 2  # at most half the window for the answers
    sampling = replace(sampling, max_new_tokens=min(sampling.max_new_tokens or TASK.max_new_tokens, room))
    text = TASK.prompt_text(prompt)
    written, cropped = predictor.sample_batch(text, n, sampling)
    answers = sorted({_answer(w) for w in written} - {""})
    if not answers:
        return [], cropped
    eot = predictor.tokenizer.eot_id
    logps, _ = predictor.continuation_logprobs(text, [predictor.tokenizer.encode(" " + a) + [eot] for a in answers])
    candidates = [Candidate(a, float(lp.mean())) for a, lp in zip(answers, logps, strict=True)]
    return sorted(candidates, key=lambda c: c.mean_logprob, reverse=True), cropped


# --- The demo tab ---


def verdict_html(incantation: str | None) -> str:
    if not incantation:
        return "<div class='pv-verdict pv-empty'>The wand fizzles: no incantation came out. Try again.</div>"
    title = f"<div class='title'>{html.escape(incantation)}!</div>"
    return f"<div class='pv-verdict pv-spell'><div class='crest'>🪄</div>{title}</div>"


def cast(app: DemoApp, run_key: str, effect: str, n: float, *sampling: float) -> tuple[str, list[list], str]:
    """The demo's answer: the best incantation, the ranked candidates, and a notice."""
    from potterverse.demo.app import crop_notice, readable_errors, require_text, sampling_from

    effect = require_text(effect, "Describe what the spell should do first.")
    with readable_errors():
        predictor = app.predictor(run_key)
        candidates, cropped = spell_candidates(predictor, effect, int(n), sampling_from(*sampling))
    rows = [[c.text, f"{c.likelihood:.1%}", round(c.mean_logprob, 3)] for c in candidates]
    notice = crop_notice(cropped, predictor)
    if len(candidates) == 1 and not sampling[0]:
        notice += " Temperature 0 gives a single candidate: raise it for alternatives."
    return verdict_html(candidates[0].text if candidates else None), rows, notice.strip()


def demo_tab(app: DemoApp, panel: Panel) -> None:
    import gradio as gr

    from potterverse.demo.app import task_textbox, verdict_box

    with gr.Row():
        with gr.Column():
            effect = task_textbox(TASK.name, "What should the spell do?", 2, "Effect: make my books carry themselves")
            n = gr.Slider(1, 10, value=5, step=1, label="Candidates to draw")
            button = gr.Button("🪄 Cast", variant="primary", elem_id="spell-button")
            gr.Examples([[e] for e in EXAMPLES], inputs=effect)
        with gr.Column():
            verdict = verdict_box(TASK.name, "Your wand is ready.")
            table = gr.Dataframe(
                headers=["incantation", "likelihood (per token)", "mean log-prob"],
                label="Candidates, most likely first", interactive=False, elem_id="spell-candidates", wrap=True,
                column_widths=["50%", "25%", "25%"],
            )  # fmt: skip
            notice = gr.Markdown()

    def answer(run_key: str, effect: str, n: float, *sampling: float) -> tuple[str, list[list], str]:
        return cast(app, run_key, effect, n, *sampling)

    panel.on_submit(effect, button, answer, [effect, n], [verdict, table, notice], "spell")


TASK = Task(
    name="spell", prefix="[SPELL]", describe="what a spell should do -> its incantation",
    # what the model sees, and how its answer is read and scored
    build_prompt=_prompt, cue=lambda prompt: "Incantation:", parse_answer=_answer, candidates=rivals,
    score=lambda answer, expected: normalize_incantation(answer) == normalize_incantation(expected),
    max_new_tokens=16, eval_tokens=16,  # an incantation is a few tokens
    demo=DemoTab(
        "🪄 Spell Generator", demo_tab,
        css=".pv-spell {background: linear-gradient(135deg, #2b1a4a, #4b2e83); color: #fdf3d0;}\n",
    ),
)  # fmt: skip

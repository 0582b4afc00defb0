"""The PotterVerse demo: pick a trained run, then try each of its tasks (one tab per task, `OWN_TABS`; a task
without a tab of its own gets the generic one) or continue a text. `build_demo` makes the Gradio Blocks, `serve`
launches them (`potterverse-demo`).

Models are read through `potterverse.checkpoints` only (safetensors or weights-only pickles), from the runs that
`RunIndex` found. The tabs import the tasks; no task imports the demo.
"""

from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

from potterverse.demo.chat import ChatTab
from potterverse.demo.common import DemoApp, Panel, Tab
from potterverse.demo.free_text import FreeTextTab
from potterverse.demo.generic import GenericTab
from potterverse.demo.sorting import SortingTab
from potterverse.demo.spell import SpellTab
from potterverse.errors import ConfigError
from potterverse.model.quantize import check_quantize
from potterverse.tasks import TASKS

log = logging.getLogger(__name__)

OWN_TABS: dict[str, type[Tab]] = {"sorting": SortingTab, "spell": SpellTab, "chat": ChatTab}  # task -> its tab
CSS = """
.pv-header {text-align: center; padding: 20px 12px; border-radius: 16px; color: #f5e6c8;
  background: linear-gradient(135deg, #1b1035 0%, #3b1f5c 55%, #7a4b14 100%);}
.pv-header h1 {font-family: Georgia, 'Times New Roman', serif; font-size: 2.3em; margin: 0; color: #f5e6c8;}
.pv-header p {margin: 6px 0 0; opacity: 0.85; color: #f5e6c8 !important;}
.pv-verdict {border-radius: 16px; padding: 18px 22px; text-align: center; box-shadow: 0 4px 14px #0003;}
.pv-verdict * {color: inherit !important;}
.pv-verdict .crest {font-size: 3.2em; line-height: 1.2;}
.pv-verdict .title {font-family: Georgia, serif; font-size: 2em; font-weight: 700; letter-spacing: 0.08em;}
.pv-verdict .words {font-style: italic; margin-top: 8px;}
.pv-verdict .note {font-size: 0.85em; margin-top: 8px; opacity: 0.85;}
.pv-empty {border: 2px dashed #8884; color: #888; box-shadow: none;}
""" + "".join(tab.css for tab in (*OWN_TABS.values(), GenericTab, FreeTextTab))  # each tab's own styles


def tabs(app: DemoApp) -> list[Tab]:
    """One tab per registered task, in the registry's order, then free text."""
    return [*(OWN_TABS.get(name, GenericTab)(app, task) for name, task in TASKS.items()), FreeTextTab(app)]


def run_panel(app: DemoApp) -> tuple[Panel, list[gr.components.Component]]:
    """The sidebar: the run picker with its model card and training curves, and the sampling controls."""
    choices = app.choices()
    run = gr.Dropdown(
        choices, value=choices[0][1] if choices else None, label="Run", elem_id="run-picker",
        info=f"Runs under {app.index.runs_dir}, newest first",
    )  # fmt: skip
    refresh = gr.Button("🔄 Refresh the list", size="sm", elem_id="refresh-runs")
    card = gr.Markdown(elem_id="model-card")
    curve = gr.Image(label="Training curves", show_label=False, interactive=False, height=200, elem_id="loss-curve")
    with gr.Accordion("Sampling", open=False):
        temperature = gr.Slider(0, 2, value=0.8, step=0.05, label="Temperature (0 = greedy)", elem_id="temperature")
        top_k = gr.Slider(0, 200, value=50, step=1, label="Top-k (0 = off)")
        top_p = gr.Slider(0.05, 1, value=0.95, step=0.05, label="Top-p (1 = off)")
        max_new = gr.Slider(
            0, 1024, value=0, step=1, label="Max new tokens (0 = the task's default)", elem_id="max-new-tokens"
        )
        seed = gr.Number(value=-1, precision=0, label="Seed (-1 = random)")
    run.change(app.select_run, run, [card, curve], api_name="select_run")
    refresh.click(app.refresh, run, run, api_name="refresh_runs")
    return Panel(run, card, [temperature, top_k, top_p, max_new, seed]), [card, curve]


def build_demo(runs_dir: str | Path, ckpt: str | Path | None = None, cache_size: int = 3,
               quantize: str = "none") -> gr.Blocks:  # fmt: skip
    app = DemoApp(runs_dir, ckpt, cache_size, quantize)
    with gr.Blocks(title="PotterVerse") as demo:
        gr.HTML(
            "<div class='pv-header'><h1>🧙 PotterVerse</h1>"
            "<p>A GPT-2 trained on your books, fine-tuned on magic. Pick a run, then try its tricks.</p></div>"
        )
        with gr.Row():
            with gr.Column(scale=1, min_width=320):
                panel, card = run_panel(app)
            with gr.Column(scale=3), gr.Tabs():
                for tab in tabs(app):
                    with gr.Tab(tab.title):
                        tab.build(panel)
        demo.load(app.select_run, panel.run, card, api_visibility="private")  # the card of the run picked at start
    demo.queue()  # concurrent users are served in turn
    return demo


THEME = gr.themes.Soft(
    primary_hue="amber", secondary_hue="purple", font=["ui-sans-serif", "system-ui", "sans-serif"]
)  # system fonts: nothing fetched from the internet


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int | None = 7860, share: bool = False,
           block: bool = True) -> str:  # fmt: skip
    """Start the server; returns its URL (when `block` is false, right away)."""
    demo.launch(
        server_name=host, server_port=port, share=share, prevent_thread_lock=not block, theme=THEME, css=CSS,
        footer_links=["api"], quiet=not block,
    )  # fmt: skip
    return demo.local_url


def serve(runs_dir: str | Path, ckpt: str | Path | None = None, host: str = "127.0.0.1", port: int = 7860,
          share: bool = False, cache_size: int = 3, quantize: str = "none") -> None:  # fmt: skip
    check_quantize(quantize, "cpu")  # a bad value stops the demo before it serves a page; auto is settled per model
    if not ckpt and not Path(runs_dir).expanduser().is_dir():
        raise ConfigError(
            f"runs_dir {runs_dir} does not exist: train a model first (potterverse-train experiment=quickstart) "
            "or pass ckpt=<run folder | .ckpt | .safetensors | PotterVerseAI .pth>."
        )
    demo = build_demo(runs_dir, ckpt, cache_size, quantize)
    try:
        launch(demo, host, port, share)
    except OSError as err:  # typically: the port is taken
        raise ConfigError(f"Cannot serve on {host}:{port} ({err}); pass another port=...") from err

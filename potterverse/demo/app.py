"""The PotterVerse demo: pick a trained run, then try each of its tasks (one tab per task, built by the task's
module: `Task.demo`) or continue a text. `build_demo` makes the Gradio Blocks, `serve` launches them
(`potterverse-demo`).

Models are read through `potterverse.checkpoints` only (safetensors or weights-only pickles), from the runs that
`RunIndex` found; generation streams token by token, and a conversation's Stop button sets a flag that the decode loop
checks before every token, so a stopped reply really stops computing on the server.
"""

import html
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import gradio as gr
from PIL import Image

from potterverse.demo.runs import PredictorCache, RunIndex, RunInfo
from potterverse.errors import ConfigError, UserError
from potterverse.generation import Sampling
from potterverse.inference import Predictor
from potterverse.model.quantize import check_quantize
from potterverse.runs import RunFolder
from potterverse.tasks import TASKS

log = logging.getLogger(__name__)

FREE_TEXT_TOKENS = 100  # free text's default length, as potterverse-generate (the tasks have their own)
FREE_TEXT_EXAMPLES = ["The castle gates opened and", "Mira climbed the lighthouse stairs", "In the library after dark,"]
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
""" + "".join(task.demo.css for task in TASKS.values() if task.demo)  # each tab's own styles


# A user mistake, an unusable checkpoint, a file that vanished: shown as a message in the page.
READABLE_ERRORS = (UserError, ValueError, OSError)


@contextmanager
def readable_errors() -> Iterator[None]:
    """Errors a user can act on become a message in the page; the server carries on."""
    try:
        yield
    except READABLE_ERRORS as err:
        raise gr.Error(str(err), print_exception=False) from err


def require_text(text: str | None, hint: str) -> str:
    text = (text or "").strip()
    if not text:
        raise gr.Error(hint, print_exception=False)
    return text


def sampling_from(temperature: float, top_k: float, top_p: float, max_new_tokens: float, seed: float) -> Sampling:
    """The sampling controls as a Sampling: 0 turns top-k and max new tokens to their defaults, -1 is a random seed."""
    return Sampling(
        temperature=float(temperature),
        top_k=int(top_k) if top_k and top_k > 0 else None,
        top_p=float(top_p) if top_p and top_p < 1 else None,
        max_new_tokens=int(max_new_tokens) if max_new_tokens and max_new_tokens > 0 else None,
        seed=None if seed is None or seed < 0 else int(seed),
    )


def crop_notice(cropped: int, predictor: Predictor) -> str:
    if not cropped:
        return ""
    ctx = predictor.model.config.context_length
    return f"ℹ️ Your text is too long for this model's {ctx}-token context: its first {cropped} tokens were left out."


class StopFlags:
    """Cancel flags per browser session: Stop sets them, the decode loop checks its flag before every token."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[str, set[threading.Event]] = defaultdict(set)

    @contextmanager
    def track(self, session: str) -> Iterator[threading.Event]:
        flag = threading.Event()
        with self._lock:
            self._running[session].add(flag)
        try:
            yield flag
        finally:
            with self._lock:
                self._running[session].discard(flag)
                if not self._running[session]:
                    del self._running[session]

    def stop(self, session: str) -> int:
        """Stop every reply this session is generating; returns how many there were."""
        with self._lock:
            flags = list(self._running.get(session, ()))
        for flag in flags:
            flag.set()
        return len(flags)


# --- What the page shows ---


def conversation_turns(history: list[dict]) -> list[tuple[str, str]]:
    """The (message, reply) turns of the chat so far, as the model reads them (a stopped reply without its mark)."""
    users = [m["content"] for m in history if m.get("role") == "user"]
    replies = [str(m["content"]).removesuffix(" ⏹") for m in history if m.get("role") == "assistant"]
    return [(u, r) for u, r in zip(users, replies, strict=False) if r and r != "(no reply)"]


def model_card(run: RunInfo, predictor: Predictor) -> str:
    cfg, m = predictor.model.config, run.metrics
    lines = [
        f"**Parameters** {predictor.model.num_params() / 1e6:.2f}M: {cfg.n_layers} layers, {cfg.n_heads} heads, "
        f"width {cfg.emb_dim}, context {cfg.context_length}",
        f"**Trained** {run.date:%Y-%m-%d %H:%M}, initialised from {run.init}",
    ]
    if m.get("best_val_loss") is not None:
        seen = f" after {m['tokens_seen']:,} tokens" if m.get("tokens_seen") else ""
        lines.append(f"**Best val loss** {m['best_val_loss']:.4f}{seen}")
    lines += [f"**{name.capitalize()} accuracy** {acc:.1%}" for name, acc in run.accuracies.items()]
    items = "\n".join(f"- {line}" for line in lines)
    return f"### {run.experiment}\n`{run.key}` · `{run.weights.name}`\n\n{items}"


def loss_curve(run: RunInfo) -> Image.Image | None:
    """The run's loss.png as an image (not a path: Gradio serves no file from runs_dir)."""
    try:
        with Image.open(RunFolder(run.folder).loss_plot) as img:
            return img.convert("RGB")
    except OSError:
        return None


class DemoApp:
    """The handlers behind the page: each takes the picked run's key, never a path."""

    def __init__(self, runs_dir: str | Path, ckpt: str | Path | None = None, cache_size: int = 3,
                 quantize: str = "none") -> None:  # fmt: skip
        self.index = RunIndex(runs_dir, ckpt)
        self.models = PredictorCache(cache_size, quantize)
        self.stops = StopFlags()

    def predictor(self, run_key: str | None) -> Predictor:
        return self.models.get(self.index.get(run_key))

    def choices(self) -> list[tuple[str, str]]:
        return [(run.label, run.key) for run in self.index.runs]

    def refresh(self, current: str | None) -> gr.Dropdown:
        keys = [run.key for run in self.index.refresh()]
        return gr.Dropdown(choices=self.choices(), value=current if current in keys else (keys[0] if keys else None))

    def select_run(self, run_key: str | None) -> tuple[str, Image.Image | None]:
        """The model card of the picked run; loading it now makes the first answer quick."""
        if not run_key:
            return f"No runs under `{self.index.runs_dir}` yet: `potterverse-train experiment=quickstart`.", None
        try:
            run = self.index.get(run_key)
            return model_card(run, self.models.get(run)), loss_curve(run)
        except READABLE_ERRORS as err:
            return f"⚠️ **This run cannot be loaded.** {html.escape(str(err))}", None

    def converse(
        self, request: gr.Request, run_key: str, task: str, character: str, message: str, history: list,
        *sampling: float,
    ) -> Iterator[tuple[list, str, str]]:  # fmt: skip
        """A reply to `message` in the conversation so far, streamed; for a task that holds conversations."""
        message = require_text(message, "Write a message first.")
        turns = conversation_turns(history or [])
        history = [*(history or []), {"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield history, "", ""
        with readable_errors(), self.stops.track(request.session_hash) as stop:
            predictor = self.predictor(run_key)
            replies = predictor.stream_answer(task, message, sampling_from(*sampling), character, stop.is_set, turns)
            for answer in replies:
                history[-1] = {"role": "assistant", "content": answer.parsed or "…"}
                yield history, "", ""
                if "\n" in answer.text:  # the reply is its first line: once the model starts another, it is done
                    break
            stopped = stop.is_set()
        history[-1] = {"role": "assistant", "content": (answer.parsed or "(no reply)") + (" ⏹" if stopped else "")}
        unknown = predictor.note(task, message, character)
        notices = ["⏹ Stopped." if stopped else "", crop_notice(answer.cropped, predictor), unknown and f"ℹ️ {unknown}"]
        yield history, "", " ".join(filter(None, notices))

    def stop_replies(self, request: gr.Request) -> str:
        n = self.stops.stop(request.session_hash)
        return "⏹ Stopping…" if n else ""

    def clear_conversation(self, request: gr.Request) -> tuple[list, str, str]:
        self.stops.stop(request.session_hash)
        return [], "", ""

    def free_text(self, run_key: str, prompt: str, *sampling: float) -> Iterator[tuple[str, str]]:
        prompt = require_text(prompt, "Write the beginning of a text first.")
        with readable_errors():
            settings = sampling_from(*sampling).with_budget(FREE_TEXT_TOKENS)
            predictor = self.predictor(run_key)
            for text, cropped in predictor.stream_text(prompt, settings):
                yield prompt + text, crop_notice(cropped, predictor)


@dataclass(frozen=True)
class Panel:
    """The sidebar's controls that every tab reads: the run picker, its model card, the sampling controls."""

    run: gr.Dropdown
    card: gr.Markdown
    sampling: list[gr.components.Component]

    def on_submit(self, box: gr.Textbox, button: gr.Button, fn: Callable, inputs: list, outputs: list,
                  api_name: str) -> None:  # fmt: skip
        """Answer with `fn(run, *inputs, *sampling)` when the button is clicked or the text box submitted."""
        gr.on([button.click, box.submit], fn, [self.run, *inputs, *self.sampling], outputs, api_name=api_name)


def task_textbox(task: str, label: str, lines: int, placeholder: str) -> gr.Textbox:
    """A task tab's input box (elem_id `<task>-input`, as the browser tests find it)."""
    return gr.Textbox(label=label, lines=lines, placeholder=placeholder, elem_id=f"{task}-input")


def verdict_box(task: str, waiting: str) -> gr.HTML:
    """A task tab's verdict card, showing `waiting` until the first answer."""
    return gr.HTML(f"<div class='pv-verdict pv-empty'>{waiting}</div>", elem_id=f"{task}-verdict")


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
        temperature = gr.Slider(0, 2, value=0.8, step=0.05, label="Temperature (0 = greedy)")
        top_k = gr.Slider(0, 200, value=50, step=1, label="Top-k (0 = off)")
        top_p = gr.Slider(0.05, 1, value=0.95, step=0.05, label="Top-p (1 = off)")
        max_new = gr.Slider(0, 1024, value=0, step=1, label="Max new tokens (0 = the task's default)")
        seed = gr.Number(value=-1, precision=0, label="Seed (-1 = random)")
    run.change(app.select_run, run, [card, curve], api_name="select_run")
    refresh.click(app.refresh, run, run, api_name="refresh_runs")
    return Panel(run, card, [temperature, top_k, top_p, max_new, seed]), [card, curve]


def free_text_tab(app: DemoApp, panel: Panel) -> None:
    prompt = gr.Textbox(label="Beginning", lines=3, elem_id="free-input")
    button = gr.Button("✍️ Continue", variant="primary", elem_id="free-button")
    output = gr.Textbox(label="Continuation", lines=10, interactive=False, elem_id="free-output")
    notice = gr.Markdown()
    gr.Examples([[e] for e in FREE_TEXT_EXAMPLES], inputs=prompt)
    panel.on_submit(prompt, button, app.free_text, [prompt], [output, notice], "free_text")


def build_demo(runs_dir: str | Path, ckpt: str | Path | None = None, cache_size: int = 3,
               quantize: str = "none") -> gr.Blocks:  # fmt: skip
    app = DemoApp(runs_dir, ckpt, cache_size, quantize)
    tabs = [(task.demo.title, task.demo.build) for task in TASKS.values() if task.demo]
    with gr.Blocks(title="PotterVerse") as demo:
        gr.HTML(
            "<div class='pv-header'><h1>🧙 PotterVerse</h1>"
            "<p>A GPT-2 trained on your books, fine-tuned on magic. Pick a run, then try its tricks.</p></div>"
        )
        with gr.Row():
            with gr.Column(scale=1, min_width=320):
                panel, card = run_panel(app)
            with gr.Column(scale=3), gr.Tabs():
                for title, tab in [*tabs, ("📜 Free text", free_text_tab)]:
                    with gr.Tab(title):
                        tab(app, panel)
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

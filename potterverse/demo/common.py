"""What every tab of the demo shares: the handler state (`DemoApp`), the sidebar's controls (`Panel`), the `Tab`
base class, and the small helpers that turn controls into settings and errors into messages.

One handler shape for every tab: `Tab.answer(run_key, <the tab's inputs>, temperature, top_k, top_p,
max_new_tokens, seed)`, wired to the tab's button and text box by `Panel.on_submit`, so each input of the API has
its own name (a script can tell which is the temperature).
"""

from __future__ import annotations

import html
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import gradio as gr
from PIL import Image

from potterverse.demo.runs import PredictorCache, RunIndex, RunInfo
from potterverse.errors import UserError
from potterverse.generation import Sampling
from potterverse.inference import Predictor
from potterverse.runs import RunFolder
from potterverse.tasks import Task

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
    """The sampling controls as a Sampling (`Sampling.from_settings`: 0 leaves top-k and max new tokens to their
    defaults, -1 is a random seed)."""
    return Sampling.from_settings(
        {"temperature": temperature, "top_k": top_k, "top_p": top_p, "max_new_tokens": max_new_tokens, "seed": seed}
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
    """The state behind the page: the runs it may load (by key, never a path), the loaded models, the Stop flags."""

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


@dataclass(frozen=True)
class Panel:
    """The sidebar's controls that every tab reads: the run picker, its model card, the sampling controls."""

    run: gr.Dropdown
    card: gr.Markdown
    sampling: list[gr.components.Component]  # temperature, top_k, top_p, max_new_tokens, seed

    def on_submit(self, box: gr.Textbox, button: gr.Button, fn: Callable, inputs: list, outputs: list,
                  api_name: str) -> None:  # fmt: skip
        """Answer with `fn(run, *inputs, *sampling)` when the button is clicked or the text box submitted."""
        gr.on([button.click, box.submit], fn, [self.run, *inputs, *self.sampling], outputs, api_name=api_name)


class Tab:
    """A tab of the demo. Subclasses set `title` (and `css`, their own styles), lay themselves out in `build` and
    answer in `answer(run_key, <inputs>, temperature, top_k, top_p, max_new_tokens, seed)`."""

    title: ClassVar[str]
    css: ClassVar[str] = ""

    def __init__(self, app: DemoApp, task: Task | None = None) -> None:
        self.app, self.task = app, task

    def build(self, panel: Panel) -> None:
        raise NotImplementedError

    def textbox(self, label: str, lines: int, placeholder: str) -> gr.Textbox:
        """The tab's input box (elem_id `<task>-input`, as the browser tests find it)."""
        return gr.Textbox(label=label, lines=lines, placeholder=placeholder, elem_id=f"{self.name}-input")

    def verdict_box(self, waiting: str) -> gr.HTML:
        """The tab's verdict card, showing `waiting` until the first answer."""
        return gr.HTML(f"<div class='pv-verdict pv-empty'>{waiting}</div>", elem_id=f"{self.name}-verdict")

    @property
    def name(self) -> str:
        return self.task.name if self.task else "free"

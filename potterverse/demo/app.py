"""The PotterVerse demo: pick a trained run, then let the Sorting Hat sort you, invent spells, chat with a
character or continue a text. `build_demo` makes the Gradio Blocks, `serve` launches them (`potterverse-demo`).

Models are read through `potterverse.checkpoints` only (safetensors or weights-only pickles), from the runs that
`RunIndex` found; generation streams token by token, and the chat's Stop button sets a flag that the decode loop
checks before every token, so a stopped reply really stops computing on the server.
"""

import html
import logging
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import gradio as gr
import pandas as pd
from PIL import Image

from potterverse.data.tasks import HOUSES, first_house, shipped_chat_characters
from potterverse.demo.runs import PredictorCache, RunIndex, RunInfo
from potterverse.errors import ConfigError, UserError
from potterverse.inference import Answer, Predictor, Sampling
from potterverse.model.quantize import check_quantize
from potterverse.runs import RunFolder

log = logging.getLogger(__name__)

FREE_TEXT_TOKENS = 100  # free text's default length, as potterverse-generate (the tasks have their own)
# crest, background, text colour
HOUSE_STYLE = {
    "Gryffindor": ("🦁", "#7f0909", "#ffc500"),
    "Hufflepuff": ("🦡", "#ecb939", "#1d1a17"),
    "Ravenclaw": ("🦅", "#0e1a40", "#c9a063"),
    "Slytherin": ("🐍", "#1a472a", "#d8d8d8"),
}
EXAMPLES = {
    "sorting": [
        "I read under the covers with a torch until three in the morning, and I always want to know why.",
        "I would walk straight into a burning building if someone I loved was inside.",
        "Loyal, patient, and I never leave a friend to do the washing-up alone.",
        "I have a plan for everything, and every plan ends with me in charge.",
    ],
    "spell": [
        "Effect: open a locked door",
        "Effect: make a feather float up into the air",
        "Effect: light the tip of my wand in a dark corridor",
        "Effect: disarm my opponent in a duel",
    ],
    "chat": [
        ["Snape", "Could you help me with my Potions homework?"],
        ["Hagrid", "What's the best creature you've ever looked after?"],
        ["Luna", "Have you seen anything strange in the Forbidden Forest lately?"],
    ],
    "free": ["The castle gates opened and", "Mira climbed the lighthouse stairs", "In the library after dark,"],
}
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
.pv-spell {background: linear-gradient(135deg, #2b1a4a, #4b2e83); color: #fdf3d0;}
.pv-empty {border: 2px dashed #8884; color: #888; box-shadow: none;}
"""


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


def house_verdict_html(answer: Answer, probs: dict[str, float]) -> str:
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


def spell_verdict_html(incantation: str | None) -> str:
    if not incantation:
        return "<div class='pv-verdict pv-empty'>The wand fizzles: no incantation came out. Try again.</div>"
    title = f"<div class='title'>{html.escape(incantation)}!</div>"
    return f"<div class='pv-verdict pv-spell'><div class='crest'>🪄</div>{title}</div>"


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
        self.characters = list(shipped_chat_characters())

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

    def sort(self, run_key: str, text: str, *sampling: float) -> tuple[str, pd.DataFrame, str]:
        text = require_text(text, "Tell the Sorting Hat something about yourself first.")
        with readable_errors():  # the Predictor runs its model under torch.inference_mode()
            predictor = self.predictor(run_key)
            answer = predictor.answer("sorting", text, sampling_from(*sampling))
            probs, cropped = predictor.house_probabilities(text)
        frame = pd.DataFrame({"house": list(probs), "probability": list(probs.values())})
        return house_verdict_html(answer, probs), frame, crop_notice(max(cropped, answer.cropped), predictor)

    def spell(self, run_key: str, effect: str, n: float, *sampling: float) -> tuple[str, list[list], str]:
        effect = require_text(effect, "Describe what the spell should do first.")
        with readable_errors():
            predictor = self.predictor(run_key)
            candidates, cropped = predictor.spell_candidates(effect, int(n), sampling_from(*sampling))
        rows = [[c.text, f"{c.likelihood:.1%}", round(c.mean_logprob, 3)] for c in candidates]
        notice = crop_notice(cropped, predictor)
        if len(candidates) == 1 and not sampling[0]:
            notice += " Temperature 0 gives a single candidate: raise it for alternatives."
        return spell_verdict_html(candidates[0].text if candidates else None), rows, notice.strip()

    def chat(
        self, request: gr.Request, run_key: str, character: str, message: str, history: list, *sampling: float
    ) -> Iterator[tuple[list, str, str]]:
        message = require_text(message, "Write a message first.")
        turns = conversation_turns(history or [])
        history = [*(history or []), {"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield history, "", ""
        with readable_errors(), self.stops.track(request.session_hash) as stop:
            predictor = self.predictor(run_key)
            replies = predictor.stream_answer("chat", message, sampling_from(*sampling), character, stop.is_set, turns)
            for answer in replies:
                history[-1] = {"role": "assistant", "content": answer.parsed or "…"}
                yield history, "", ""
                if "\n" in answer.text:  # the reply is its first line: once the model starts another, it is done
                    break
            stopped = stop.is_set()
        history[-1] = {"role": "assistant", "content": (answer.parsed or "(no reply)") + (" ⏹" if stopped else "")}
        unknown = predictor.character_note(message, character)
        notices = ["⏹ Stopped." if stopped else "", crop_notice(answer.cropped, predictor), unknown and f"ℹ️ {unknown}"]
        yield history, "", " ".join(filter(None, notices))

    def stop_chat(self, request: gr.Request) -> str:
        n = self.stops.stop(request.session_hash)
        return "⏹ Stopping…" if n else ""

    def clear_chat(self, request: gr.Request) -> tuple[list, str, str]:
        self.stops.stop(request.session_hash)
        return [], "", ""

    def free_text(self, run_key: str, prompt: str, *sampling: float) -> Iterator[tuple[str, str]]:
        prompt = require_text(prompt, "Write the beginning of a text first.")
        settings = sampling_from(*sampling)
        with readable_errors():
            predictor = self.predictor(run_key)
            for text, cropped in predictor.stream_text(prompt, settings, settings.max_new_tokens or FREE_TEXT_TOKENS):
                yield prompt + text, crop_notice(cropped, predictor)


def run_panel(app: DemoApp) -> tuple[gr.Dropdown, list[gr.components.Component], list[gr.components.Component]]:
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
    return run, [card, curve], [temperature, top_k, top_p, max_new, seed]


def sorting_tab(app: DemoApp, run: gr.Dropdown, sampling: list) -> None:
    with gr.Row():
        with gr.Column():
            text = gr.Textbox(
                label="Tell the Hat about yourself", lines=4, elem_id="sorting-input",
                placeholder="What do you value? What scares you? What would you do if...",
            )  # fmt: skip
            button = gr.Button("🎩 Sort me!", variant="primary", elem_id="sorting-button")
            gr.Examples([[e] for e in EXAMPLES["sorting"]], inputs=text)
        with gr.Column():
            verdict = gr.HTML("<div class='pv-verdict pv-empty'>The Hat is waiting…</div>", elem_id="sorting-verdict")
            plot = gr.BarPlot(
                x="house", y="probability", color="house", y_lim=[0, 1], label="P(house)",
                color_map={h: HOUSE_STYLE[h][1] for h in HOUSES}, colors_in_legend=[], elem_id="sorting-probs",
            )  # fmt: skip
            notice = gr.Markdown()
    gr.on([button.click, text.submit], app.sort, [run, text, *sampling], [verdict, plot, notice], api_name="sort")


def spell_tab(app: DemoApp, run: gr.Dropdown, sampling: list) -> None:
    with gr.Row():
        with gr.Column():
            effect = gr.Textbox(
                label="What should the spell do?", lines=2, elem_id="spell-input",
                placeholder="Effect: make my books carry themselves",
            )  # fmt: skip
            n = gr.Slider(1, 10, value=5, step=1, label="Candidates to draw")
            button = gr.Button("🪄 Cast", variant="primary", elem_id="spell-button")
            gr.Examples([[e] for e in EXAMPLES["spell"]], inputs=effect)
        with gr.Column():
            verdict = gr.HTML("<div class='pv-verdict pv-empty'>Your wand is ready.</div>", elem_id="spell-verdict")
            table = gr.Dataframe(
                headers=["incantation", "likelihood (per token)", "mean log-prob"],
                label="Candidates, most likely first", interactive=False, elem_id="spell-candidates", wrap=True,
                column_widths=["50%", "25%", "25%"],
            )  # fmt: skip
            notice = gr.Markdown()
    gr.on(
        [button.click, effect.submit], app.spell, [run, effect, n, *sampling], [verdict, table, notice],
        api_name="spell",
    )  # fmt: skip


def chat_tab(app: DemoApp, run: gr.Dropdown, sampling: list) -> None:
    default = "Snape" if "Snape" in app.characters else next(iter(app.characters), None)
    character = gr.Dropdown(app.characters, value=default, label="Talk to", elem_id="chat-character")
    chatbot = gr.Chatbot(label="Chat", height=360, elem_id="chatbot")
    with gr.Row():
        message = gr.Textbox(
            label="Message", show_label=False, placeholder="Say something…", scale=6, elem_id="chat-input"
        )
        send = gr.Button("Send", variant="primary", scale=1, elem_id="chat-send")
        stop = gr.Button("⏹ Stop", variant="stop", scale=1, elem_id="chat-stop")
        clear = gr.Button("🧹 Clear", scale=1, elem_id="chat-clear")
    notice = gr.Markdown()
    gr.Markdown(
        "*The character answers in the conversation: its recent turns travel with each message, as many as fit "
        "the model's context (oldest dropped first). **Clear** starts a new one.*"
    )
    gr.Examples(EXAMPLES["chat"], inputs=[character, message])
    gr.on(
        [send.click, message.submit], app.chat, [run, character, message, chatbot, *sampling],
        [chatbot, message, notice], api_name="chat",
    )  # fmt: skip
    # Not queued: Stop and Clear must act at once, not wait behind the replies they interrupt.
    stop.click(app.stop_chat, None, notice, api_name="stop_chat", queue=False)
    clear.click(app.clear_chat, None, [chatbot, message, notice], api_name="clear_chat", queue=False)


def free_text_tab(app: DemoApp, run: gr.Dropdown, sampling: list) -> None:
    prompt = gr.Textbox(label="Beginning", lines=3, elem_id="free-input")
    button = gr.Button("✍️ Continue", variant="primary", elem_id="free-button")
    output = gr.Textbox(label="Continuation", lines=10, interactive=False, elem_id="free-output")
    notice = gr.Markdown()
    gr.Examples([[e] for e in EXAMPLES["free"]], inputs=prompt)
    gr.on(
        [button.click, prompt.submit], app.free_text, [run, prompt, *sampling], [output, notice], api_name="free_text"
    )


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
                run, card, sampling = run_panel(app)
            with gr.Column(scale=3), gr.Tabs():
                for title, tab in [
                    ("🎩 Sorting Hat", sorting_tab),
                    ("🪄 Spell Generator", spell_tab),
                    ("💬 Character Chat", chat_tab),
                    ("📜 Free text", free_text_tab),
                ]:
                    with gr.Tab(title):
                        tab(app, run, sampling)
        demo.load(app.select_run, run, card, api_visibility="private")  # the card of the run picked at start
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
    quantize = check_quantize(quantize, "cpu")  # a bad value stops the demo before it serves a page
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

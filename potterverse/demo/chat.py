"""The character chat's tab: a conversation streamed reply by reply, with Stop and Clear.

The page sends the chat so far back with each message; Gradio 6 gives each message's content as a list of parts
(`[{"type": "text", "text": ...}]`), older clients a string: `message_text` reads both, here at the demo's edge, so
the task only ever sees text. A reply's Stop sets a flag the decode loop checks before every token, so a stopped
reply really stops computing on the server.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import gradio as gr

from potterverse.demo.common import Panel, Tab, crop_notice, readable_errors, require_text, sampling_from
from potterverse.tasks.chat import run_characters, shipped_chat_characters

EXAMPLES = [
    ["Snape", "Could you help me with my Potions homework?"],
    ["Hagrid", "What's the best creature you've ever looked after?"],
    ["Luna", "Have you seen anything strange in the Forbidden Forest lately?"],
]
STOPPED = " ⏹"  # the mark a stopped reply gets in the page (not part of what the model reads back)
NO_REPLY = "(no reply)"


def message_text(content: Any) -> str:
    """A chat message's text, whatever shape the page sent: a string, a text part, or a list of parts (files and
    other non-text parts are left out)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "") if content.get("type", "text") == "text" else ""
    if isinstance(content, list | tuple):
        return " ".join(filter(None, map(message_text, content)))
    return "" if content is None else str(content)


def conversation_turns(history: Sequence[dict]) -> list[tuple[str, str]]:
    """The (message, reply) turns of the chat so far, as the model reads them (a stopped reply without its mark)."""
    users = [message_text(m.get("content")) for m in history if m.get("role") == "user"]
    replies = [message_text(m.get("content")).removesuffix(STOPPED) for m in history if m.get("role") == "assistant"]
    return [(u, r) for u, r in zip(users, replies, strict=False) if r and r != NO_REPLY]


def _character_picker(characters: Sequence[str], current: str | None = None) -> gr.Dropdown:
    default = current if current in characters else ("Snape" if "Snape" in characters else None)
    return gr.Dropdown(choices=list(characters), value=default or next(iter(characters), None))


class ChatTab(Tab):
    title = "💬 Character Chat"

    def characters_of(self, run_key: str | None, current: str | None) -> gr.Dropdown:
        """The character picker for the picked run: the characters it was trained on."""
        try:
            record = self.app.predictor(run_key).task_record(self.task) if run_key else None
        except (ValueError, OSError):  # a run that cannot be loaded says so on its card; keep the shipped list
            record = None
        return _character_picker(run_characters(record), current)

    def answer(self, request: gr.Request, run_key: str, character: str, message: str, history: list,
               temperature: float, top_k: float, top_p: float, max_new_tokens: float,
               seed: float) -> Iterator[tuple[list, str, str]]:  # fmt: skip
        """A reply to `message` in the conversation so far, streamed."""
        message = require_text(message, "Write a message first.")
        turns = conversation_turns(history or [])
        shown = [{"role": m["role"], "content": message_text(m.get("content"))} for m in history or []]
        shown += [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield shown, "", ""
        with readable_errors(), self.app.stops.track(request.session_hash) as stop:
            sampling = sampling_from(temperature, top_k, top_p, max_new_tokens, seed)
            predictor = self.app.predictor(run_key)
            replies = predictor.stream_answer(self.task, message, sampling, character, stop.is_set, turns)
            for answer in replies:
                shown[-1] = {"role": "assistant", "content": answer.parsed or "…"}
                yield shown, "", ""
                if "\n" in answer.text:  # the reply is its first line: once the model starts another, it is done
                    break
            stopped = stop.is_set()
        shown[-1] = {"role": "assistant", "content": (answer.parsed or NO_REPLY) + (STOPPED if stopped else "")}
        unknown = predictor.note(self.task, message, character)
        notices = ["⏹ Stopped." if stopped else "", crop_notice(answer.cropped, predictor), unknown and f"ℹ️ {unknown}"]
        yield shown, "", " ".join(filter(None, notices))

    def stop(self, request: gr.Request) -> str:
        return "⏹ Stopping…" if self.app.stops.stop(request.session_hash) else ""

    def clear(self, request: gr.Request) -> tuple[list, str, str]:
        self.app.stops.stop(request.session_hash)
        return [], "", ""

    def build(self, panel: Panel) -> None:
        shipped = list(shipped_chat_characters())  # until the picked run is loaded and says its own
        default = "Snape" if "Snape" in shipped else next(iter(shipped), None)
        character = gr.Dropdown(shipped, value=default, label="Talk to", elem_id="chat-character")
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
        gr.Examples(EXAMPLES, inputs=[character, message])
        # The card changes when a run is picked, at page load too: then the run's own characters are listed.
        panel.card.change(self.characters_of, [panel.run, character], character, api_visibility="private")
        panel.on_submit(message, send, self.answer, [character, message, chatbot], [chatbot, message, notice], "chat")
        # Not queued: Stop and Clear must act at once, not wait behind the replies they interrupt.
        stop.click(self.stop, None, notice, api_name="stop_chat", queue=False)
        clear.click(self.clear, None, [chatbot, message, notice], api_name="clear_chat", queue=False)

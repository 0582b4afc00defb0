"""Conversations at answer time: potterverse-chat and the demo pass the recent turns, oldest dropped first to fit the
context, in the format of the fine-tuning data; the Sorting Hat's verdict is the house it ranks likeliest."""

from types import SimpleNamespace

import torch

from potterverse.demo.chat import ChatTab, conversation_turns
from potterverse.demo.sorting import verdict_html
from potterverse.evaluation import EvalRow, evaluate
from potterverse.generation import Sampling
from potterverse.inference import Answer, Predictor
from potterverse.model.gpt import GPT, GPTConfig
from potterverse.runs import RunMetadata
from potterverse.tasks import accuracy_metrics, get_task
from potterverse.tasks.chat import chat_prompt, shipped_chat_characters
from potterverse.tasks.sorting import house_probabilities
from potterverse.tokenizer import get_tokenizer


def tiny_predictor(context: int) -> Predictor:
    torch.manual_seed(0)
    cfg = GPTConfig(vocab_size=50257, context_length=context, emb_dim=32, n_heads=2, n_layers=1, drop_rate=0.0)
    return Predictor(GPT(cfg), get_tokenizer("gpt2"))


CHAT = get_task("chat")
HISTORY = [(f"Question number {i} about the potion we brewed today?", f"Answer {i}: stir it slower next time.")
           for i in range(12)]  # fmt: skip


def test_a_conversation_keeps_its_latest_turns_that_fit_the_context():
    predictor = tiny_predictor(context=128)
    text = predictor.conversation_text(CHAT, "Snape", "And what should I do next time?", HISTORY, room=16)
    assert len(predictor.tokenizer.encode(text)) + 16 <= 128
    assert text.startswith("[CHAT] User to Snape: Question number")  # the training format, whole turns
    assert "User to Snape: And what should I do next time?" in text and text.endswith("Snape:")
    assert "Answer 11: stir it slower" in text and "Question number 0 " not in text  # oldest dropped first
    wide = tiny_predictor(context=1024).conversation_text(CHAT, "Snape", "And then?", HISTORY, room=16)
    assert wide == get_task("chat").prompt_text(chat_prompt("Snape", "And then?", HISTORY))  # all of it fits


def test_the_answer_reads_the_conversation_only_when_there_is_one():
    predictor = tiny_predictor(context=256)
    seen: list[str] = []
    predictor.stream_text = lambda text, *args, **kw: seen.append(text) or iter([("Stir slower.", 0)])
    list(predictor.stream_answer(CHAT, "And then?", Sampling(), "Snape", history=HISTORY[:2]))
    list(predictor.stream_answer(CHAT, "And then?", Sampling(), "Snape"))
    assert "Answer 1: stir it slower" in seen[0] and seen[1] == "[CHAT] User to Snape: And then?\nSnape:"


def test_the_demo_hands_the_model_its_chat_so_far():
    shown = [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Detention."},
             {"role": "user", "content": "Why?"}, {"role": "assistant", "content": "Cheek. ⏹"},
             {"role": "user", "content": "Sorry"}, {"role": "assistant", "content": "(no reply)"}]  # fmt: skip
    assert conversation_turns(shown) == [("Hello", "Detention."), ("Why?", "Cheek.")]
    # Gradio 6 sends each message back as a list of parts: the second message of a chat used to fail on it
    parts = [{"role": "user", "content": [{"type": "text", "text": "Hello"}]},
             {"role": "assistant", "content": [{"type": "text", "text": "Detention."}, {"type": "file", "file": {}}]},
             {"role": "user", "content": {"type": "text", "text": "Why?"}},
             {"role": "assistant", "content": "Cheek."}]  # fmt: skip
    assert conversation_turns(parts) == [("Hello", "Detention."), ("Why?", "Cheek.")]


def test_the_sorting_verdict_is_the_house_ranked_likeliest():
    probs = {"Gryffindor": 0.1, "Hufflepuff": 0.6, "Ravenclaw": 0.2, "Slytherin": 0.1}
    page = verdict_html(Answer("Ravenclaw! A sharp mind.", "Ravenclaw", 0), probs)
    assert "HUFFLEPUFF!" in page and "words name Ravenclaw" in page
    assert "note" not in verdict_html(Answer("Hufflepuff! Loyal.", "Hufflepuff", 0), probs)


def test_eval_scores_the_sorting_hat_by_its_likeliest_house():
    """potterverse-eval's sorting accuracy is the argmax of P(house), the verdict the demo shows."""
    predictor = tiny_predictor(context=128)
    prompts = ["I love books and puzzles.", "I would face a dragon for a friend.", "I plan everything."]
    probs = [house_probabilities(predictor.loglikelihoods, predictor.tokenizer.encode, p)[0] for p in prompts]
    verdicts = [max(p, key=p.__getitem__) for p in probs]
    report = evaluate(predictor, [EvalRow("sorting", p, f"{v}!") for p, v in zip(prompts, verdicts, strict=True)])
    assert report["sorting"]["accuracy"] == 1.0  # a random model's words rarely name the house it ranks first
    assert predictor.answer(get_task("sorting"), prompts[0]).parsed == verdicts[0]


def test_the_demo_lists_the_characters_the_run_was_trained_on():
    predictor = tiny_predictor(context=64)
    app = SimpleNamespace(predictor=lambda key: predictor)
    predictor.metadata = RunMetadata(tasks={"chat": {"characters": ["Hagrid", "Luna"]}})
    picker = ChatTab(app, CHAT).characters_of("run", "Luna")
    assert picker.choices == [("Hagrid", "Hagrid"), ("Luna", "Luna")] and picker.value == "Luna"
    predictor.metadata = RunMetadata()  # a run from before characters were recorded: the shipped chat data's
    picker = ChatTab(app, CHAT).characters_of("run", "Voldemort")
    assert [name for name, _ in picker.choices] == list(shipped_chat_characters()) and picker.value == "Snape"


def test_metric_names_come_from_the_tasks():
    assert accuracy_metrics() == {"val/sorting_acc": "sorting", "val/spell_acc": "spell"}  # chat is free text
    assert get_task("chat").metric("loss", "_styled") == "val/chat_loss_styled"

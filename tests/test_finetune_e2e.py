"""Fine-tuning end to end from a tiny pre-trained run; the eval and generate CLIs on the result."""

import json

import pytest
import torch

from potterverse.checkpoints import load_model
from potterverse.data.task_csv import TASKS_DIR, read_task_csv
from potterverse.model.lora import LoRALinear
from potterverse.training.run import train
from tests.helpers.commands import run_cli
from tests.helpers.configs import compose_train, tiny_run_overrides

pytestmark = pytest.mark.slow


def finetune_overrides(out, cache, pretrained, steps=4):
    skip = ("experiment=", "model.", "callbacks.", "data.")  # keep the pre-trained shape and the task data
    base = [o for o in tiny_run_overrides(out, cache, steps) if not o.startswith(skip)]
    return [
        "experiment=finetune_scratch",
        f"init.path={pretrained}",
        *base,
        "data.block_size=128",
        "data.batch_size=8",
        "callbacks.task_accuracy.max_examples=3",
        "trainer.limit_val_batches=3",
    ]


@pytest.fixture(scope="module")
def pretrained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pre")
    train(compose_train(*tiny_run_overrides(tmp / "run", tmp / "cache", steps=2), "data.block_size=128"))
    return tmp / "run"


@pytest.fixture(scope="module")
def finetuned(pretrained, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ft")
    train(compose_train(*finetune_overrides(tmp / "run", tmp / "cache", pretrained)))
    return tmp / "run"


def test_finetune_logs_task_metrics(finetuned):
    metrics = json.loads((finetuned / "metrics.json").read_text())
    for key in ("val/sorting_acc", "val/spell_acc", "val/sorting_loss", "val/spell_loss", "val/chat_loss"):
        assert key in metrics, key
    for key in ("val/sorting_acc_styled", "val/spell_acc_styled", "val/chat_loss_styled"):  # the second split
        assert key in metrics, key
    for key in ("val/sorting_acc_bow", "val/spell_acc_bow_styled"):  # the bag-of-words floor beside them
        assert 0.0 <= metrics[key] <= 1.0, key
    assert 0.0 <= metrics["val/sorting_acc"] <= 1.0
    model, meta = load_model(finetuned)
    assert meta.tasks["spell"]["prefix"] == "[SPELL]"
    assert meta.init["name"] == "checkpoint"


def test_eval_cli_writes_json(finetuned, tmp_path):
    eval_file = tmp_path / "eval.csv"
    eval_file.write_text(
        "task,prompt,expected\nspell,Effect: unlocks a door,Alohomora\nsorting,I read all day,Ravenclaw\n"
        "chat,User to Snape: Hello,Detention.\n"
    )
    out = tmp_path / "report.json"
    result = run_cli("potterverse.cli.evaluate", f"ckpt={finetuned}", f"eval_file={eval_file}", f"output_file={out}")
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(out.read_text())["tasks"]
    assert report["spell"]["n"] == 1 and "accuracy" in report["spell"]
    assert report["chat"]["mean_completion_loss"] > 0
    assert "spell" in result.stdout and "accuracy" in result.stdout


def test_eval_cli_scores_both_shipped_splits(finetuned, tmp_path):
    out = tmp_path / "shipped.json"
    result = run_cli("potterverse.cli.evaluate", f"ckpt={finetuned}", "max_per_task=2", f"output_file={out}")
    assert result.returncode == 0, result.stderr[-2000:]
    payload = json.loads(out.read_text())
    for split in ("tasks", "tasks_styled"):
        assert payload[split]["sorting"]["n"] == 2 and "accuracy" in payload[split]["spell"], split
        floors = {task: "bag_of_words_accuracy" in payload[split][task] for task in ("sorting", "spell", "chat")}
        assert floors == {"sorting": True, "spell": True, "chat": False}, split
    assert payload["bag_of_words_trained_on"]["sorting"].endswith("sorting_train.csv")
    styled = {r["prompt"] for r in read_task_csv(TASKS_DIR / "spell_val_styled.csv")}
    assert {s["prompt"] for s in payload["tasks_styled"]["spell"]["samples"]} <= styled
    assert "tasks_styled" in result.stdout and "bag of words" in result.stdout


def test_generate_cli_prints_the_answer(finetuned):
    result = run_cli(
        "potterverse.cli.generate", f"ckpt={finetuned}", "task=spell", "prompt=opens a locked door", "max_new_tokens=5"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == result.stdout.strip().splitlines()[0]  # only the answer, one line
    bad = run_cli("potterverse.cli.generate", f"ckpt={finetuned}", "task=spell", "prompt=x", "top_p=1.5")
    assert bad.returncode == 2 and bad.stderr.strip() == "error: top_p must be a number in (0, 1], or null, got 1.5."


def test_a_character_the_run_never_saw_is_answered_with_those_it_was(finetuned, monkeypatch, capsys):
    import io

    from potterverse.__main__ import chat as chat_cli
    from tests.helpers.commands import run_main

    _, meta = load_model(finetuned)
    assert "Snape" in meta.tasks["chat"]["characters"] and "Voldemort" not in meta.tasks["chat"]["characters"]
    result = run_cli("potterverse.cli.generate", f"ckpt={finetuned}", "task=chat", "character=Voldemort",
                     "prompt=Where is the stone?", "max_new_tokens=3")  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    note = result.stderr.strip().splitlines()[-1]
    assert (
        note.startswith("note: this run was not trained to speak as Voldemort; its characters are ") and "Snape" in note
    )
    assert "note:" not in result.stdout
    # potterverse-chat: the note when the conversation starts or switches to such a character, not for known ones
    monkeypatch.setattr("sys.stdin", io.StringIO("Hello\n/character Voldemort\nHello\n/quit\n"))
    code, out, _ = run_main(chat_cli, [f"ckpt={finetuned}", "character=Snape", "max_new_tokens=2"], monkeypatch, capsys)
    lines = out.splitlines()
    assert code == 0 and sum("note: this run was not trained to speak as" in line for line in lines) == 1, out
    switched = next(i for i, line in enumerate(lines) if line.endswith("Now talking to Voldemort."))
    assert lines[switched + 1].startswith("note: this run was not trained to speak as Voldemort")


def test_lora_trains_adapters_only_and_merges_on_export(pretrained, tmp_path):
    out = tmp_path / "lora"
    cfg = compose_train(*finetune_overrides(out, tmp_path / "cache", pretrained), "finetune.lora.rank=4")
    train(cfg)
    ckpt = torch.load(out / "checkpoints" / "last.ckpt", weights_only=True)
    state = ckpt["state_dict"]
    base, _ = load_model(pretrained)
    # frozen base weights did not move; the adapters did
    assert torch.equal(state["model.blocks.0.mlp.fc.base.weight"], base.blocks[0].mlp.fc.weight)
    assert state["model.blocks.0.mlp.fc.lora_b"].abs().sum() > 0
    merged, _ = load_model(out / "checkpoints" / "last.ckpt")
    assert not any(isinstance(m, LoRALinear) for m in merged.modules())
    scale = 16 / 4  # lora.alpha / lora.rank
    expected = state["model.blocks.0.mlp.fc.base.weight"] + scale * (
        state["model.blocks.0.mlp.fc.lora_b"] @ state["model.blocks.0.mlp.fc.lora_a"]
    )
    assert torch.allclose(merged.blocks[0].mlp.fc.weight, expected, atol=1e-6)


def test_trainable_blocks_freezes_the_rest(pretrained, tmp_path):
    out = tmp_path / "frozen"
    train(compose_train(*finetune_overrides(out, tmp_path / "cache", pretrained), "finetune.trainable_blocks=1"))
    base, _ = load_model(pretrained)
    tuned, _ = load_model(out / "checkpoints" / "last.ckpt")
    assert torch.equal(base.blocks[0].attn.qkv.weight, tuned.blocks[0].attn.qkv.weight)
    assert torch.equal(base.tok_emb.weight, tuned.tok_emb.weight)
    assert not torch.equal(base.blocks[-1].attn.qkv.weight, tuned.blocks[-1].attn.qkv.weight)

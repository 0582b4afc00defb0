"""A fourth task is one module in the tasks package plus its data, and nothing else edited: a throwaway task,
written into a tmp folder that is added to the package's path (where a new module under potterverse/tasks/ would
be found the same way), trains two steps, is evaluated, and appears in the demo on the generic tab."""

from __future__ import annotations

import json
import sys

import pytest

from potterverse import tasks
from potterverse.checkpoints import export_model
from potterverse.model.gpt import GPT, GPTConfig
from potterverse.runs import RunMetadata
from potterverse.training.run import train
from tests.helpers.configs import compose_train, tiny_run_overrides
from tests.helpers.net import free_port

pytestmark = pytest.mark.slow

POTIONS = '''"""Potions: an ailment -> the potion that cures it (a throwaway task for a test)."""

from dataclasses import dataclass

from potterverse.tasks.base import Task


@dataclass(frozen=True)
class Potions(Task):
    def cue(self, canonical: str) -> str:
        return "Brew:"

    def score(self, answer: str, expected: str) -> bool:
        return answer.strip(" .!").lower() == expected.strip(" .!").lower()


TASK = Potions(name="potions", prefix="[POTIONS]", describe="an ailment -> the potion that cures it",
               max_new_tokens=8)
'''
ROWS = [("a cold that will not go", "Pepperup"), ("boils on the nose", "Cure for Boils"),
        ("cannot sleep at all", "Draught of Peace"), ("a nasty burn", "Burn-Healing Paste")]  # fmt: skip


@pytest.fixture
def potions(tmp_path):
    """The task module and its data in tmp folders; the registry finds the module by scanning the package."""
    plugin = tmp_path / "plugin"
    plugin.mkdir()
    (plugin / "potions.py").write_text(POTIONS)
    data = tmp_path / "data"
    data.mkdir()
    for split in ("train", "val"):
        lines = ["prompt,completion", *(f"{prompt},{potion}" for prompt, potion in ROWS)]
        (data / f"potions_{split}.csv").write_text("\n".join(lines) + "\n")
    tasks.__path__.append(str(plugin))
    try:
        tasks.discover()
        yield data
    finally:
        tasks.__path__.remove(str(plugin))
        sys.modules.pop("potterverse.tasks.potions", None)
        tasks.discover()


def test_a_fourth_task_trains_is_evaluated_and_has_a_demo_tab(potions, tmp_path):
    assert list(tasks.TASKS) == ["sorting", "spell", "chat", "potions"]
    base = tmp_path / "base"
    export_model(GPT(GPTConfig(vocab_size=50257, context_length=64, emb_dim=32, n_heads=2, n_layers=1)), base,
                 RunMetadata(tokenizer="gpt2"))  # fmt: skip
    run = tmp_path / "outputs" / "potions_run"
    keep = ("experiment=", "model.", "data.", "callbacks.")  # the fine-tuning run keeps the base model's shape
    train(compose_train(
        "experiment=finetune_scratch", f"init.path={base}",
        *(o for o in tiny_run_overrides(run, tmp_path / "cache", steps=2) if not o.startswith(keep)),
        "~data.tasks.sorting", "~data.tasks.spell", "~data.tasks.chat",
        f"+data.tasks.potions.train={potions / 'potions_train.csv'}",
        f"+data.tasks.potions.val={potions / 'potions_val.csv'}",
        "data.block_size=64", "data.batch_size=4", "callbacks.task_accuracy.max_examples=4",
    ))  # fmt: skip
    metrics = json.loads((run / "metrics.json").read_text())
    assert 0.0 <= metrics["val/potions_acc"] <= 1.0 and "val/potions_loss" in metrics

    from potterverse.evaluation import evaluate, read_eval_csv
    from potterverse.inference import Predictor

    eval_file = tmp_path / "eval.csv"
    eval_file.write_text("task,prompt,expected\npotions,a cold that will not go,Pepperup\n")
    report = evaluate(Predictor.load(run), read_eval_csv(eval_file))
    assert report["potions"]["n"] == 1 and report["potions"]["accuracy"] in (0.0, 1.0)

    from gradio_client import Client

    from potterverse.demo.app import DemoApp, build_demo, launch, tabs

    assert [t.title for t in tabs(DemoApp(run.parent))][3] == "🧩 Potions"
    demo = build_demo(run.parent)
    try:
        client = Client(launch(demo, port=free_port(), block=False), verbose=False)
        params = client.view_api(print_info=False, return_format="dict")["named_endpoints"]["/potions"]["parameters"]
        assert [p["parameter_name"] for p in params][:2] == ["run_key", "text"]
        written, parsed, _ = client.predict(run.name, "boils on the nose", 0.0, 0, 1.0, 6, 0, api_name="/potions")
        assert parsed == written.split("\n")[0].strip()
    finally:
        demo.close()

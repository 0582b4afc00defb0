"""At each validation of a fine-tuning run: task accuracy from greedy answers on the held-out rows, logged as
`val/<task>_acc`, with a table of sample answers per task in TensorBoard."""

from __future__ import annotations

import lightning as L
from lightning.pytorch.callbacks import Callback

from potterverse.evaluation import EvalRow, evaluate
from potterverse.inference import Predictor
from potterverse.tokenizer import get_tokenizer
from potterverse.training.callbacks import generates_on_rank_zero, log_text


class TaskAccuracy(Callback):
    def __init__(self, max_examples: int = 100, samples_shown: int = 8) -> None:
        self.max_examples, self.samples_shown = max_examples, samples_shown
        self.enabled = True

    def setup(self, trainer: L.Trainer, pl_module: L.LightningModule, stage: str) -> None:
        self.enabled = generates_on_rank_zero(trainer, "TaskAccuracy")

    def on_validation_epoch_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        val_rows = getattr(trainer.datamodule, "val_rows", None)
        if trainer.sanity_checking or not val_rows or not trainer.is_global_zero or not self.enabled:
            return
        rows = [EvalRow(task, r["prompt"], r["completion"]) for task, task_rows in val_rows.items() for r in task_rows]
        predictor = Predictor(pl_module.model, get_tokenizer(pl_module.tokenizer_name))
        report = evaluate(predictor, rows, max_per_task=self.max_examples)
        for task, result in report.items():
            if "accuracy" in result:
                pl_module.log(f"val/{task}_acc", result["accuracy"], rank_zero_only=True)
            log_text(trainer, f"answers/{task}", _table(result["samples"][: self.samples_shown]))


def _table(samples: list[dict]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    rows = ["| prompt | expected | answer | ok |", "|---|---|---|---|"]
    for s in samples:
        ok = {True: "yes", False: "no"}.get(s.get("correct"), "")
        rows.append(f"| {cell(s['prompt'])} | {cell(s['expected'])} | {cell(s.get('answer', ''))} | {ok} |")
    return "\n".join(rows)

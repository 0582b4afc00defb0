"""At each validation of a fine-tuning run: task accuracy from greedy answers on the held-out rows, logged as
`val/<task>_acc`, with a table of sample answers per task in TensorBoard. The second, differently worded held-out
split (`data.tasks.<task>.val_styled`) is reported beside it as `val/<task>_acc_styled` (and `val/<task>_loss_styled`,
the completion loss of a free-text task), with its answers under `answers_styled/<task>`. Beside each accuracy,
`val/<task>_acc_bow` (and `_acc_bow_styled`): the floor, a bag of words trained on the run's training rows."""

from __future__ import annotations

import lightning as L
from lightning.pytorch.callbacks import Callback

from potterverse.evaluation import EvalRow, evaluate
from potterverse.inference import Predictor
from potterverse.tasks import get_task
from potterverse.tokenizer import get_tokenizer
from potterverse.training.callbacks import generates_on_rank_zero, log_text

# DataModule attribute holding a split's rows -> the suffix its metric names and tables get
SPLITS = {"val_rows": "", "val_styled_rows": "_styled"}


class TaskAccuracy(Callback):
    def __init__(self, max_examples: int = 100, samples_shown: int = 8) -> None:
        self.max_examples, self.samples_shown = max_examples, samples_shown
        self.enabled = True

    def setup(self, trainer: L.Trainer, pl_module: L.LightningModule, stage: str) -> None:
        self.enabled = generates_on_rank_zero(trainer, "TaskAccuracy")

    def on_validation_epoch_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if trainer.sanity_checking or not trainer.is_global_zero or not self.enabled:
            return
        predictor = Predictor(pl_module.model, get_tokenizer(pl_module.tokenizer_name))
        for attribute, suffix in SPLITS.items():
            split_rows = getattr(trainer.datamodule, attribute, None) or {}
            rows = [EvalRow(task, r["prompt"], r["completion"]) for task, rs in split_rows.items() for r in rs]
            train = getattr(trainer.datamodule, "train_rows", None)  # the bag-of-words floor learns from these
            if rows:
                report = evaluate(predictor, rows, max_per_task=self.max_examples, train_rows=train)
                self._report(trainer, pl_module, report, suffix)

    def _report(self, trainer: L.Trainer, pl_module: L.LightningModule, report: dict, suffix: str) -> None:
        for task, result in report.items():
            spec = get_task(task)
            if "accuracy" in result:
                pl_module.log(spec.metric("acc", suffix), result["accuracy"], rank_zero_only=True)
            if "bag_of_words_accuracy" in result:
                pl_module.log(spec.metric("acc_bow", suffix), result["bag_of_words_accuracy"], rank_zero_only=True)
            if suffix and "mean_completion_loss" in result:  # the first split's loss is val/<task>_loss already
                pl_module.log(spec.metric("loss", suffix), result["mean_completion_loss"], rank_zero_only=True)
            log_text(trainer, f"answers{suffix}/{task}", _table(result["samples"][: self.samples_shown]))


def _table(samples: list[dict]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    rows = ["| prompt | expected | answer | ok |", "|---|---|---|---|"]
    for s in samples:
        ok = {True: "yes", False: "no"}.get(s.get("correct"), "")
        rows.append(f"| {cell(s['prompt'])} | {cell(s['expected'])} | {cell(s.get('answer', ''))} | {ok} |")
    return "\n".join(rows)

"""potterverse-eval: per-task accuracy of a trained model on an eval file or the shipped held-out splits."""

from __future__ import annotations

import json
from pathlib import Path

from omegaconf import DictConfig

from potterverse.evaluation import SHIPPED_SPLITS, evaluate, read_eval_csv, shipped_validation_rows
from potterverse.inference import Predictor


def run(cfg: DictConfig) -> Path:
    predictor = Predictor.load(cfg.ckpt, cfg.device, cfg.quantize)
    if cfg.eval_file:
        reports = {"tasks": evaluate(predictor, read_eval_csv(cfg.eval_file), cfg.max_per_task)}
    else:  # both shipped held-out splits: "tasks" (the training rows' style) and "tasks_styled" (other wording)
        reports = {
            "tasks" + split.removeprefix("val"): evaluate(predictor, shipped_validation_rows(split), cfg.max_per_task)
            for split in SHIPPED_SPLITS
        }
    for name, report in reports.items():
        print(f"{name:<14}{'n':>6}{'accuracy':>10}{'loss':>8}")
        for task, result in report.items():
            acc = f"{result['accuracy']:.3f}" if "accuracy" in result else "-"
            loss = f"{result['mean_completion_loss']:.3f}" if "mean_completion_loss" in result else "-"
            print(f"  {task:<12}{result['n']:>6}{acc:>10}{loss:>8}")
    ckpt = Path(cfg.ckpt)
    out = Path(cfg.output_file) if cfg.output_file else (ckpt if ckpt.is_dir() else Path.cwd()) / "eval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"checkpoint": str(ckpt), "quantize": predictor.quantize, "eval_file": cfg.eval_file, **reports}
    out.write_text(json.dumps(payload, indent=2))
    print(f"wrote {out}")
    return out


if __name__ == "__main__":  # `python -m potterverse.cli.evaluate`: the table's command, as installed
    from potterverse.__main__ import evaluate

    evaluate()

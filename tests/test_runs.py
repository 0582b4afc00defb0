"""The run-folder type: one layout for every reader and writer of a run, and metadata that reads older files."""

import json
from functools import partial

import lightning as L
import torch
from lightning.pytorch.callbacks import ModelCheckpoint
from torch.utils.data import DataLoader, TensorDataset

from potterverse.checkpoints import export_model, load_model, read_metadata
from potterverse.model import GPT, GPTConfig
from potterverse.runs import RunFolder, RunMetadata, find_run_folders
from potterverse.training.module import GPTModule
from potterverse.training.optim import build_adamw

TINY = GPTConfig(vocab_size=64, context_length=16, emb_dim=16, n_heads=2, n_layers=1)


def test_the_layout_and_the_run_a_path_belongs_to(tmp_path):
    run = RunFolder(tmp_path / "run")
    assert run.last == tmp_path / "run" / "checkpoints" / "last.ckpt" and run.best.name == "best.ckpt"
    assert (
        run.export_weights.name == "model.safetensors" and run.metrics_csv == tmp_path / "run" / "csv" / "metrics.csv"
    )
    assert RunFolder.of(run.best) == run and RunFolder.of(run.root) == run
    assert run.weights() is None and not run.is_hydra_run() and run.read_metrics() == {}
    run.checkpoints_dir.mkdir(parents=True)
    run.last.write_bytes(b"")
    assert run.weights() == run.last and list(find_run_folders(tmp_path)) == [run]
    export_model(GPT(TINY), run.export_dir, RunMetadata())
    assert run.weights() == run.export_weights  # the exported best model wins over the last checkpoint
    assert RunFolder.of(run.export_weights) == run


def test_metadata_reads_old_dicts_and_keeps_what_it_does_not_know():
    old = {"tokenizer": "gpt2", "experiment": "quickstart", "init": {"name": "scratch"}, "from_the_future": [1]}
    meta = RunMetadata.from_dict(old)
    assert meta.experiment == "quickstart" and meta.init == {"name": "scratch"} and meta.tokens_seen == 0
    assert meta.finetune == {} and meta.metrics == {} and meta.imported_from is None
    assert RunMetadata.from_dict(meta.to_dict()) == meta and meta.to_dict()["from_the_future"] == [1]


def _tiny_fit(folder, steps: int) -> ModelCheckpoint:
    """A few steps, validated after each, keeping checkpoints/best.ckpt (lowest val/loss) and last.ckpt."""
    torch.manual_seed(0)
    tokens = torch.randint(0, TINY.vocab_size, (8, TINY.context_length + 1))
    data = DataLoader(TensorDataset(tokens[:, :-1], tokens[:, 1:]), batch_size=4)
    schedule = {"warmup_steps": 0, "min_lr_ratio": 0.1}
    module = GPTModule(GPT(TINY), partial(build_adamw, lr=1e-3), schedule, metadata=RunMetadata(experiment="t"))
    best = ModelCheckpoint(RunFolder(folder).checkpoints_dir, filename="best", monitor="val/loss", save_last=True)
    trainer = L.Trainer(accelerator="cpu", max_steps=steps, val_check_interval=1, callbacks=[best], logger=False,
                        enable_progress_bar=False, enable_model_summary=False, num_sanity_val_steps=0)  # fmt: skip
    trainer.fit(module, train_dataloaders=data, val_dataloaders=data)
    return best


def test_each_checkpoint_records_the_metrics_of_its_own_weights(tmp_path):
    best = _tiny_fit(tmp_path, steps=3)
    run = RunFolder(tmp_path)
    best_meta, last_meta = read_metadata(run.best), read_metadata(run.last)
    assert best_meta.metrics["val/loss"] == float(best.best_model_score)
    assert last_meta.tokens_seen == 3 * 4 * TINY.context_length and best_meta.experiment == "t"
    assert load_model(run.last)[1].metrics == last_meta.metrics and "val/ppl" in last_meta.metrics


def test_the_demo_shows_the_metrics_of_the_weights_it_loads(tmp_path):
    """best.ckpt scored 90%, the last validation 10%: the exported (best) model's card says 90%."""
    from potterverse.demo.runs import RunIndex

    run = RunFolder(tmp_path / "runs" / "finetune")
    model = GPT(TINY)
    for ckpt, acc, loss in ((run.best, 0.9, 2.0), (run.last, 0.1, 2.5)):
        meta = RunMetadata(model_config=TINY.to_dict(), tokens_seen=int(loss * 100),
                           metrics={"val/loss": loss, "val/sorting_acc": acc})  # fmt: skip
        ckpt.parent.mkdir(parents=True, exist_ok=True)
        state = {f"model.{k}": v for k, v in model.state_dict().items()}
        torch.save({"state_dict": state, "potterverse": meta.to_dict()}, ckpt)
    best_model, best_meta = load_model(run.best)
    export_model(best_model, run.export_dir, best_meta)  # what RunArtifacts writes when fitting ends
    run.metrics.write_text(json.dumps({"best_val_loss": 2.0, "tokens_seen": 250, "val/sorting_acc": 0.1}))
    info = RunIndex(tmp_path / "runs").get("finetune")
    assert info.weights == run.export_weights
    assert info.accuracies == {"sorting": 0.9} and info.metrics["tokens_seen"] == 200


def test_the_train_config_writes_where_the_run_folder_looks(tmp_path):
    from tests.helpers.configs import compose_train

    cfg = compose_train("experiment=quickstart", f"paths.output_dir={tmp_path}", "logger=[csv,tensorboard]")
    run, callbacks, loggers = RunFolder(tmp_path), cfg.callbacks, cfg.logger
    assert callbacks.model_checkpoint.dirpath == str(run.checkpoints_dir) == callbacks.best_checkpoint.dirpath
    assert f"{callbacks.best_checkpoint.filename}.ckpt" == run.best.name
    assert callbacks.graceful_stop.checkpoint_dir == str(run.checkpoints_dir)
    assert callbacks.run_artifacts.output_dir == str(run.root)
    assert (run.root / loggers.csv.name / "metrics.csv") == run.metrics_csv
    assert run.root / loggers.tensorboard.name == run.tensorboard_dir

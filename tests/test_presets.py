"""Every preset, forever: each choice of each config group composes, and every experiment trains a few steps end to
end on this machine's hardware, in 32-true and in bf16-mixed. Parametrised over the config folders themselves, so a
file added to configs/ is covered the day it is added. Shapes are shrunk by overrides only."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import lightning as L
import pytest
import torch
from hydra.utils import instantiate
from lightning.pytorch.callbacks import Callback
from lightning.pytorch.plugins.precision import MixedPrecision
from omegaconf import OmegaConf
from torch.utils.data import DataLoader, TensorDataset

from potterverse.checkpoints import load_model
from potterverse.cli.common import CONFIG_DIR
from potterverse.errors import ConfigError
from potterverse.model.gpt import GPT, GPTConfig
from potterverse.training.hardware import build_trainer, resolve_hardware
from potterverse.training.module import GPTModule
from potterverse.training.optim import build_adamw
from potterverse.training.run import train
from tests.helpers.configs import compose_train, tiny_run_overrides

CONFIGS = Path(CONFIG_DIR)
HAS_GPU = torch.cuda.is_available()
GPU_ONLY_TRAINERS = {"gpu"}  # trainer=fsdp (FSDP2) runs on CPU processes too


def choices(group: str) -> list[str]:
    return sorted(p.stem for p in (CONFIGS / group).glob("*.yaml") if not p.stem.startswith("_"))


GROUPS = ["experiment", "trainer", "model", "init", "logger", "callbacks", "hparams_search", "data", "optimizer",
          "scheduler", "debug"]  # fmt: skip
ALL_CHOICES = [(group, choice) for group in GROUPS for choice in choices(group)]


def test_every_config_folder_is_covered():
    groups = {p.name for p in CONFIGS.iterdir() if p.is_dir()} - {"hydra", "paths", "inference"}  # not train groups
    assert groups == set(GROUPS), "a new config group: add it to GROUPS"
    assert len(choices("experiment")) >= 5 and "auto" in choices("trainer")


def test_a_group_choice_writes_only_its_own_keys():
    """Only experiment, debug and hparams_search set keys of other groups (`# @package _global_`)."""
    for group in set(GROUPS) - {"experiment", "debug", "hparams_search"}:
        for choice in choices(group):
            assert "@package" not in (CONFIGS / group / f"{choice}.yaml").read_text(), f"{group}={choice}"


TYPED_GROUPS = ["model", "init", "data", "optimizer", "scheduler"]


@pytest.mark.parametrize(("group", "choice"), [(g, c) for g, c in ALL_CHOICES if g in TYPED_GROUPS])
def test_every_key_of_a_typed_group_is_a_field_of_its_schema(group, choice):
    """A key added to a group's YAML without its field in potterverse/settings/train.py fails here."""
    from dataclasses import fields

    from potterverse.config_checks import _fields
    from potterverse.settings.train import Train

    (members,) = [m for f, m, _ in _fields(Train) if f.name == group]
    names = {f.name for m in members for f in fields(m)} | {"_target_", "_partial_"}
    cfg = compose_train(f"{group}={choice}", "paths.output_dir=/unused", "init.path=x")
    assert set(cfg[group]) <= names, f"{group}={choice}: keys without a schema field: {set(cfg[group]) - names}"


@pytest.mark.parametrize(("group", "choice"), ALL_CHOICES, ids=[f"{g}={c}" for g, c in ALL_CHOICES])
def test_every_choice_composes_and_resolves(group, choice, tmp_path):
    cfg = compose_train(f"{group}={choice}", f"paths.output_dir={tmp_path}", "init.path=somewhere")
    resolved = OmegaConf.to_container(cfg, resolve=True, throw_on_missing=True)
    assert resolved["paths"]["output_dir"] == str(tmp_path)
    assert resolved["trainer"]["_target_"] == "potterverse.training.hardware.build_trainer"
    if group == "trainer":
        assert resolved["trainer"]["default_root_dir"] == str(tmp_path)


def test_the_default_trainer_is_auto_and_no_experiment_picks_hardware():
    assert compose_train("paths.output_dir=/unused").trainer.devices == "auto"
    for experiment in choices("experiment"):
        text = (CONFIGS / "experiment" / f"{experiment}.yaml").read_text()
        assert "/trainer" not in text, f"experiment={experiment} hard-wires a trainer"
        cfg = compose_train(f"experiment={experiment}", "paths.output_dir=/unused", "init.path=x")
        assert (cfg.trainer.accelerator, cfg.trainer.precision) == ("auto", "auto"), experiment


@pytest.mark.parametrize("trainer", choices("trainer"))
def test_every_trainer_builds_on_this_machine_or_names_the_fix(trainer, tmp_path):
    cfg = compose_train(f"trainer={trainer}", f"paths.output_dir={tmp_path}")
    if trainer in GPU_ONLY_TRAINERS and not HAS_GPU:
        with pytest.raises(Exception) as err:  # Hydra wraps the ConfigError of the trainer's _target_
            instantiate(cfg.trainer)
        cause = err.value.__cause__ or err.value
        assert isinstance(cause, ConfigError) and "trainer=auto" in str(cause) and "\n" not in str(cause)
        return
    trainer_obj = instantiate(cfg.trainer)
    assert trainer_obj.precision in ("32-true", "bf16-mixed", "16-mixed")


def test_auto_settles_precision_from_the_hardware(monkeypatch):
    import potterverse.training.hardware as hw

    monkeypatch.setattr(hw, "cpu_has_fast_bf16", lambda: True)
    assert resolve_hardware("auto", "auto", "auto")[2] == ("bf16-mixed" if not HAS_GPU or hw._gpu_has_fast_bf16()
                                                           else "32-true")  # fmt: skip
    monkeypatch.setattr(hw, "cpu_has_fast_bf16", lambda: False)
    assert resolve_hardware("cpu", "auto", "auto") == ("cpu", 1, "32-true")
    assert resolve_hardware("cpu", 2, "bf16-mixed") == ("cpu", 2, "bf16-mixed")  # what is asked for stays


def test_the_hardware_choice_is_logged_in_one_line(caplog):
    with caplog.at_level("INFO", logger="potterverse.training.hardware"):
        build_trainer(accelerator="cpu", devices=1, precision="auto", logger=False, enable_checkpointing=False,
                      enable_progress_bar=False)  # fmt: skip
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Hardware:")]
    assert "accelerator=cpu devices=1 precision=" in line and "from accelerator=cpu devices=1 precision=auto" in line


# --- every experiment, end to end -------------------------------------------------------------------------------

_ABSENT = object()
SMALL_SHAPE = ["model.n_layers=2", "model.emb_dim=64", "model.n_heads=2"]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> Path:
    """A finished 2-step tiny run: what init=checkpoint starts from."""
    tmp = tmp_path_factory.mktemp("tiny_run")
    train(compose_train(*tiny_run_overrides(tmp / "run", tmp / "cache", steps=2)))
    return tmp / "run"


def experiment_overrides(experiment: str, tmp: Path, tiny_run: Path, hf_dir: Path) -> list[str]:
    """Shrink an experiment to two steps of a tiny shape; point its weights at what this machine has."""
    cfg = compose_train(f"experiment={experiment}", "paths.output_dir=/unused", "init.path=x")
    base = [
        o
        for o in tiny_run_overrides(tmp / "run", tmp / "cache", steps=2)
        if not o.startswith("experiment=")
        and OmegaConf.select(cfg, o.partition("=")[0], default=_ABSENT) is not _ABSENT
        or o.startswith("paths.")
    ]  # keys this experiment has (fine-tuning has no val_windows, no text samples); a null one counts: block_size
    if cfg.init.name == "scratch":
        shape = SMALL_SHAPE
    else:  # the shape comes from the weights: keep only the overrides that are not model shape
        base = [o for o in base if not o.startswith("model.")]
        shape = [f"init.path={tiny_run if cfg.init.name == 'checkpoint' else hf_dir}"]
    if "task_accuracy" in cfg.callbacks:
        base += ["callbacks.task_accuracy.max_examples=2", "data.batch_size=4", "trainer.limit_val_batches=2"]
    return [f"experiment={experiment}", *base, *shape]


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["32-true", "bf16-mixed"])
@pytest.mark.parametrize("experiment", choices("experiment"))
def test_every_experiment_trains_on_this_machine(experiment, precision, tmp_path, tiny_run, hf_gpt2_dir):
    overrides = experiment_overrides(experiment, tmp_path, tiny_run, hf_gpt2_dir)
    # bf16 is emulated on CPUs without bf16 units (~30x slower than fp32 here): the same steps on smaller batches
    small = ["data.batch_size=2"] if precision == "bf16-mixed" else []
    cfg = compose_train(*overrides, f"trainer.precision={precision}", *small)
    assert cfg.trainer.accumulate_grad_batches >= 1 and cfg.trainer.gradient_clip_val > 0  # clipping on, as shipped
    best = train(cfg)
    run = tmp_path / "run"
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["global_step"] == 2 and best is not None and best == best  # a finite validation loss
    model, meta = load_model(run)
    assert meta.experiment == cfg.run_name and model.config.n_layers == 2
    assert all(torch.isfinite(p).all() for p in model.parameters())


@pytest.mark.slow
@pytest.mark.skipif(not HAS_GPU, reason="needs a CUDA GPU: trainer=gpu is refused on this machine (tested above)")
@pytest.mark.parametrize("precision", ["bf16-mixed", "16-mixed"])
def test_trainer_gpu_trains_with_clipping_and_the_fused_optimizer(precision, tmp_path):
    cfg = compose_train(*tiny_run_overrides(tmp_path / "run", tmp_path / "cache"), "trainer=gpu",
                        f"trainer.precision={precision}")  # fmt: skip
    assert train(cfg) is not None


class _GradNorms(Callback):
    """The gradient norm the module logged at each step (after unscaling, before clipping)."""

    def __init__(self) -> None:
        self.norms: list[float] = []

    def on_train_batch_end(self, trainer, *args) -> None:
        self.norms.append(float(trainer.callback_metrics["grad_norm"]))


def _grad_norms(precision_plugin=None) -> list[float]:
    """Three steps of a small GPT on fixed random tokens, gradients clipped to 0.5, fused AdamW; the norms logged."""
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=256, context_length=32, emb_dim=64, n_heads=2, n_layers=2, drop_rate=0.0))
    adamw = partial(build_adamw, lr=1e-3, fused=True)
    module = GPTModule(model, optimizer=adamw, scheduler={"warmup_steps": 0, "min_lr_ratio": 0.1})
    tokens = torch.randint(0, 256, (12, 33), generator=torch.Generator().manual_seed(1))
    data = DataLoader(TensorDataset(tokens[:, :-1], tokens[:, 1:]), batch_size=4)
    norms = _GradNorms()
    kwargs = {"plugins": [precision_plugin]} if precision_plugin else {"precision": "32-true"}
    trainer = L.Trainer(
        accelerator="cpu",
        max_steps=3,
        gradient_clip_val=0.5,
        callbacks=[norms],
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        **kwargs,
    )
    trainer.fit(module, train_dataloaders=data)
    return norms.norms


@pytest.mark.parametrize("precision", ["16-mixed", "bf16-mixed"])
def test_mixed_precision_measures_and_clips_the_true_gradients(precision):
    """The fused AdamW unscales inside its step, and Lightning's mixed-precision plugin refuses to clip for such an
    optimizer. 16-mixed runs a loss scaler (65536 at the start): the gradient norm that is logged and clipped must
    be the true one, as in 32-true, and the fused step must not divide by the scale a second time (the next steps'
    norms would part from 32-true's). Lightning turns 16-mixed on a CPU into bf16-mixed, so the plugin is built
    here with a CPU loss scaler: the same code path as 16-mixed on a GPU."""
    scaler = torch.amp.GradScaler("cpu") if precision == "16-mixed" else None
    mixed = _grad_norms(MixedPrecision(precision, "cpu", scaler))
    reference = _grad_norms()
    assert len(mixed) == len(reference) == 3
    assert mixed == pytest.approx(reference, rel=0.05), (mixed, reference)

"""The optimizers: Muon for the blocks' matrices with AdamW for the rest, as one optimizer that resumes exactly."""

import json

import pytest
import torch
from safetensors.torch import load_file

from potterverse.model.gpt import GPT, GPTConfig
from potterverse.training import optim
from potterverse.training.optim import Muon, MuonAdamW, block_matrices
from potterverse.training.run import train
from tests.helpers.configs import compose_train, tiny_run_overrides


def tiny_gpt() -> GPT:
    torch.manual_seed(0)
    return GPT(GPTConfig(vocab_size=128, context_length=16, emb_dim=32, n_heads=2, n_layers=2, drop_rate=0.0))


def test_muon_takes_the_block_matrices_and_adamw_everything_else():
    model = tiny_gpt()
    opt = MuonAdamW(model, lr=1e-3)
    muon = {id(p) for g in opt.muon.param_groups for p in g["params"]}
    adamw = {id(p) for g in opt.adamw.param_groups for p in g["params"]}
    assert muon == {id(p) for p in block_matrices(model)} and not muon & adamw
    assert muon | adamw == {id(p) for p in model.parameters()}  # every parameter, once (the tied head included)
    assert all(p.dim() == 2 for g in opt.muon.param_groups for p in g["params"])
    assert id(model.tok_emb.weight) in adamw and id(model.blocks[0].ln1.weight) in adamw
    for group in opt.param_groups:  # a schedule setting lr here reaches both
        group["lr"] = 0.5
    assert {g["lr"] for g in [*opt.muon.param_groups, *opt.adamw.param_groups]} == {0.5}


@pytest.mark.parametrize("adjust_lr_fn", ["match_rms_adamw", "original", None])
def test_our_muon_is_torchs_step_and_orthogonalises_in_fp32_where_bf16_is_emulated(monkeypatch, adjust_lr_fn):
    """In bf16 it takes torch.optim.Muon's step bit for bit; in fp32 (an AVX2 CPU) the same step up to bf16's
    rounding, with torch's state dict either way."""

    def run(cls, dtype=None):
        if dtype is not None:
            monkeypatch.setattr(optim, "orthogonalisation_dtype", lambda device: dtype)
        torch.manual_seed(0)
        w = torch.nn.Parameter(torch.randn(24, 8))
        opt = cls([w], lr=0.02, weight_decay=0.1, adjust_lr_fn=adjust_lr_fn)
        for seed in range(3):
            w.grad = torch.randn(24, 8, generator=torch.Generator().manual_seed(seed))
            opt.step()
        return w.detach(), opt.state_dict()

    torchs, torchs_state = run(torch.optim.Muon)
    ours_bf16, ours_state = run(Muon, torch.bfloat16)
    assert torch.equal(ours_bf16, torchs)
    assert ours_state["state"][0].keys() == torchs_state["state"][0].keys()
    ours_fp32, _ = run(Muon, torch.float32)
    assert not torch.equal(ours_fp32, torchs)  # it did orthogonalise in fp32 ...
    torch.testing.assert_close(ours_fp32, torchs, atol=2e-3, rtol=0)  # ... to the same update


def test_orthogonalisation_is_fp32_on_a_cpu_without_bf16_units(monkeypatch):
    monkeypatch.setattr(optim, "cpu_has_fast_bf16", lambda: False)
    assert optim.orthogonalisation_dtype(torch.device("cpu")) == torch.float32
    monkeypatch.setattr(optim, "cpu_has_fast_bf16", lambda: True)
    assert optim.orthogonalisation_dtype(torch.device("cpu")) == torch.bfloat16
    assert optim.orthogonalisation_dtype(torch.device("cuda")) == torch.bfloat16


def _steps(model: GPT, opt: torch.optim.Optimizer, n: int, seed: int) -> None:
    gen = torch.Generator().manual_seed(seed)
    for _ in range(n):
        x = torch.randint(0, 128, (4, 16), generator=gen)
        opt.zero_grad()
        model.loss(x[:, :-1], x[:, 1:]).backward()
        opt.step()


def test_a_restored_state_continues_exactly():
    straight = tiny_gpt()
    opt = MuonAdamW(straight, lr=1e-2)
    _steps(straight, opt, 3, seed=1)
    _steps(straight, opt, 3, seed=2)

    first = tiny_gpt()
    opt_first = MuonAdamW(first, lr=1e-2)
    _steps(first, opt_first, 3, seed=1)
    resumed = tiny_gpt()
    resumed.load_state_dict(first.state_dict())
    opt_resumed = MuonAdamW(resumed, lr=1e-2)
    opt_resumed.load_state_dict(opt_first.state_dict())
    _steps(resumed, opt_resumed, 3, seed=2)
    for (name, a), b in zip(straight.state_dict().items(), resumed.state_dict().values(), strict=True):
        assert torch.equal(a, b), name
    assert not torch.equal(straight.blocks[0].attn.qkv.weight, tiny_gpt().blocks[0].attn.qkv.weight)


@pytest.mark.slow
def test_scheduler_decay_steps_sets_the_length_of_the_decay(tmp_path):
    """scheduler.decay_steps=8 of a 4-step run: the run ends halfway down the cosine, at (1 + 0.25) / 2 of lr, where
    a decay over the run (decay_steps=null) would have reached lr * min_lr_ratio."""
    overrides = tiny_run_overrides(tmp_path / "run", tmp_path / "cache", steps=4)
    schedule = ["scheduler.warmup_steps=0", "scheduler.min_lr_ratio=0.25", "optimizer.lr=1e-3"]
    train(compose_train(*overrides, *schedule, "scheduler.decay_steps=8"))
    ckpt = torch.load(tmp_path / "run" / "checkpoints" / "last.ckpt", weights_only=True)
    assert ckpt["global_step"] == 4
    assert ckpt["lr_schedulers"][0]["_last_lr"] == pytest.approx([0.625e-3] * len(ckpt["lr_schedulers"][0]["_last_lr"]))


def test_optimizer_muon_trains_and_resumes_through_the_trainer(tmp_path):
    cache = tmp_path / "cache"
    base = ["optimizer=muon", "trainer=cpu", "model.drop_rate=0", "callbacks.model_checkpoint.every_n_train_steps=2",
            "callbacks.model_checkpoint.save_top_k=-1", "+callbacks.model_checkpoint.filename='s{step}'",
            "+callbacks.model_checkpoint.auto_insert_metric_name=false"]  # fmt: skip
    train(compose_train(*tiny_run_overrides(tmp_path / "straight", cache, steps=4), *base))
    halfway = tmp_path / "straight" / "checkpoints" / "s2.ckpt"
    train(compose_train(*tiny_run_overrides(tmp_path / "resumed", cache, steps=4), *base, f"ckpt_path={halfway}"))
    resumed = torch.load(tmp_path / "resumed" / "checkpoints" / "last.ckpt", weights_only=True)
    straight = torch.load(tmp_path / "straight" / "checkpoints" / "last.ckpt", weights_only=True)
    for key, value in straight["state_dict"].items():
        assert torch.equal(value, resumed["state_dict"][key]), key
    assert set(resumed["optimizer_states"][0]) == {"muon", "adamw"}
    assert json.loads((tmp_path / "resumed" / "metrics.json").read_text())["global_step"] == 4
    assert load_file(tmp_path / "resumed" / "model.safetensors")

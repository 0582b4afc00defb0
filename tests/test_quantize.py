"""quantize=int8: int8 matmuls for answering on a CPU, close to fp32, through every inference entry point."""

from __future__ import annotations

import copy
import json

import pytest
import torch

from potterverse.__main__ import evaluate as evaluate_cli
from potterverse.__main__ import generate as generate_cli
from potterverse.checkpoints import export_model
from potterverse.errors import ConfigError
from potterverse.generation import Sampling, generate
from potterverse.inference import Predictor
from potterverse.model import GPT, GPTConfig
from potterverse.model.kernels import DecodeLinear, quantize_int8
from potterverse.model.quantize import Int8Linear, check_quantize, int8_runs_here
from potterverse.runs import RunMetadata
from tests.helpers.commands import run_main
from tests.helpers.configs import compose_config


def trained_like_model(vocab_multiple: int = 1) -> GPT:
    torch.manual_seed(0)
    config = GPTConfig(vocab_size=500, context_length=64, emb_dim=64, n_heads=4, n_layers=2,
                       vocab_multiple=vocab_multiple)  # fmt: skip
    return GPT(config).eval()


@pytest.mark.parametrize("vocab_multiple", [1, 64])
def test_int8_logits_and_loss_are_close_to_fp32(vocab_multiple):
    model = trained_like_model(vocab_multiple)
    int8 = quantize_int8(copy.deepcopy(model))
    x = torch.randint(0, 500, (3, 40), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        ref, got = model(x), int8(x)
        loss_ref, loss_int8 = model.loss(x[:, :-1], x[:, 1:]), int8.loss(x[:, :-1], x[:, 1:])
    assert got.shape == ref.shape == (3, 40, 500)  # the padding rows stay out of the logits
    assert (got - ref).abs().max() <= 0.05 * ref.abs().max()
    assert (got.argmax(-1) == ref.argmax(-1)).float().mean() >= 0.95
    assert abs(float(loss_int8) / float(loss_ref) - 1) < 0.01


def test_int8_swaps_every_block_matmul_and_the_head():
    int8 = quantize_int8(trained_like_model())
    linears = [m for m in int8.modules() if isinstance(m, torch.nn.Linear)]
    assert linears == [] and sum(isinstance(m, Int8Linear) for m in int8.modules()) == 2 * 4 + 1
    assert int8.tok_emb.weight.dtype == torch.float32  # the lookup stays fp32


def test_int8_greedy_decoding_with_and_without_cache_agree():
    int8 = quantize_int8(trained_like_model())
    prompt = torch.randint(0, 500, (1, 8), generator=torch.Generator().manual_seed(2))
    cached = generate(int8, prompt, Sampling(max_new_tokens=12))
    uncached = generate(int8, prompt, Sampling(max_new_tokens=12), use_cache=False)
    assert cached.shape == (1, 20) and torch.equal(cached, uncached)


def test_check_quantize_names_the_valid_choices():
    assert check_quantize(None, "cpu") == "none" and check_quantize("int8", "cpu") == "int8"
    with pytest.raises(ConfigError, match="quantize=int4 is not known; choose one of: auto, none, int8"):
        check_quantize("int4", "cpu")
    with pytest.raises(ConfigError, match="CPU only"):
        check_quantize("int8", "cuda")


def test_auto_is_int8_on_an_x86_cpu_only(monkeypatch):
    assert check_quantize("auto", "cuda") == "none"  # a GPU answers in its own dtype
    monkeypatch.setattr(torch.backends.quantized, "engine", "x86")
    assert check_quantize("auto", "cpu") == "int8"
    monkeypatch.setattr(torch.backends.quantized, "engine", "qnnpack")  # an ARM build's only engine
    assert check_quantize("auto", "cpu") == "none"
    with pytest.raises(ConfigError, match="x86 int8 kernels"):
        check_quantize("int8", "cpu")


def test_predictor_loads_int8(tmp_path):
    export_model(trained_like_model(), tmp_path, RunMetadata())
    predictor = Predictor.load(tmp_path, "cpu", "int8")
    assert isinstance(predictor.model.head, Int8Linear)
    assert isinstance(Predictor.load(tmp_path, "cpu").model.head, DecodeLinear)  # fp32 on a CPU: the decode copy


def test_cli_quantize_flag_end_to_end(tmp_path, monkeypatch, capsys):
    export_model(GPT(GPTConfig(context_length=64, emb_dim=32, n_heads=2, n_layers=1)), tmp_path, RunMetadata())
    argv = [f"ckpt={tmp_path}", "task=spell", "prompt=Effect: opens a locked door", "device=cpu"]
    code, out, err = run_main(generate_cli, [*argv, "quantize=int8"], monkeypatch, capsys)
    assert code == 0 and err == "" and out.strip()
    code, out, err = run_main(generate_cli, [*argv, "quantize=int4"], monkeypatch, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and "quantize=int4 is not known" in err
    report = tmp_path / "eval.json"
    for asked, ran in (("int8", "int8"), ("none", "none"), ("auto", "int8" if int8_runs_here() else "none")):
        argv = [f"ckpt={tmp_path}", "device=cpu", f"quantize={asked}", "max_per_task=1", f"output_file={report}"]
        code, out, err = run_main(evaluate_cli, argv, monkeypatch, capsys)
        assert code == 0 and json.loads(report.read_text())["quantize"] == ran, asked


@pytest.mark.parametrize("cli", ["generate", "chat", "eval", "demo"])
def test_inference_clis_default_to_auto(cli):
    assert compose_config(cli, "ckpt=x").quantize == "auto"

"""potterverse-export: Hugging Face GPT-2 folders that transformers loads with our logits, and plain exports."""

import pytest
import torch

from potterverse.checkpoints import export_model, load_model
from potterverse.cli.export import export
from potterverse.errors import ConfigError
from potterverse.model.gpt import GPT, GPTConfig
from potterverse.model.hf import load_hf_gpt2, save_hf_gpt2
from potterverse.model.lora import apply_lora
from potterverse.runs import RunMetadata
from potterverse.tokenizer import get_tokenizer
from potterverse.training.run import train
from tests.helpers.commands import run_cli
from tests.helpers.configs import compose_train, tiny_run_overrides

LOGIT_TOLERANCE = 1e-4  # max abs difference, fp32 (measured ~1e-6)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    train(compose_train(*tiny_run_overrides(tmp / "run", tmp / "cache", steps=2)))
    return tmp / "run"


def _max_logit_gap(ours: GPT, hf_dir) -> float:
    from transformers import GPT2LMHeadModel

    theirs = GPT2LMHeadModel.from_pretrained(hf_dir).eval()
    idx = torch.randint(0, ours.config.vocab_size, (2, 24), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        return (ours.eval()(idx) - theirs(idx).logits).abs().max().item()


@pytest.mark.slow
def test_hf_export_loads_in_transformers_with_our_logits_and_tokenizer(tiny_run, tmp_path):
    from transformers import AutoTokenizer

    result = run_cli("potterverse.cli.export", f"ckpt={tiny_run}", "format=hf", f"out={tmp_path / 'hf'}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "with tokenizer files" in result.stdout
    names = {p.name for p in (tmp_path / "hf").iterdir()}
    assert {"config.json", "model.safetensors", "vocab.json", "merges.txt", "tokenizer_config.json"} <= names
    ours, _ = load_model(tiny_run)
    gap = _max_logit_gap(ours, tmp_path / "hf")
    print(f"\nmax |logit gap| ours vs transformers: {gap:.1e}")
    assert gap < LOGIT_TOLERANCE, gap
    text = "The lantern burned blue over Wyvernmere, and Professor Quill said: hello world!"
    assert AutoTokenizer.from_pretrained(tmp_path / "hf")(text)["input_ids"] == get_tokenizer().encode(text)
    back = load_hf_gpt2(tmp_path / "hf")  # and our own importer reads it back unchanged
    for (name, a), b in zip(ours.state_dict().items(), back.state_dict().values(), strict=True):
        # GPT-2's layout has no vocab_multiple padding rows: ours (always zero, never sampled) are left out
        assert torch.equal(a[: len(b)], b) and not a[len(b) :].any(), name


def test_safetensors_export_is_the_plain_model_folder(tiny_run, tmp_path):
    result = run_cli("potterverse.cli.export", f"ckpt={tiny_run / 'checkpoints' / 'last.ckpt'}",
                     "format=safetensors", f"out={tmp_path / 'plain'}")  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    exported, meta = load_model(tmp_path / "plain")
    trained, _ = load_model(tiny_run / "checkpoints" / "last.ckpt")
    assert meta.tokenizer == "gpt2" and meta.model_config == trained.config.to_dict()
    for (name, a), b in zip(exported.state_dict().items(), trained.state_dict().values(), strict=True):
        assert torch.equal(a, b), name


def test_unknown_format_is_refused(tiny_run, tmp_path):
    with pytest.raises(ConfigError, match="format must be one of hf, safetensors"):
        export(str(tiny_run), "onnx", str(tmp_path))
    assert not list(tmp_path.iterdir())


def test_lora_is_merged_and_a_model_without_qkv_bias_converts(tmp_path):
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=300, context_length=32, emb_dim=32, n_heads=4, n_layers=2, qkv_bias=False))
    apply_lora(model, rank=2, alpha=4.0)
    for name, p in model.named_parameters():
        if name.endswith("lora_b"):
            torch.nn.init.normal_(p, std=0.1)  # adapters that change the output
    idx = torch.randint(0, 300, (1, 16))
    with torch.no_grad():
        adapted = model.eval()(idx)
    export_model(model, tmp_path / "plain", RunMetadata(finetune={"lora": {"rank": 2, "alpha": 4.0}}))
    merged, _ = load_model(tmp_path / "plain")
    save_hf_gpt2(merged, tmp_path / "hf")
    with torch.no_grad():
        assert (merged.eval()(idx) - adapted).abs().max() < 1e-5
    assert _max_logit_gap(merged, tmp_path / "hf") < LOGIT_TOLERANCE

"""The one safe loader: run folders, .ckpt and .safetensors in; anything unsafe, truncated or misshapen refused."""

import json
import os
import pickle

import pytest
import torch

from potterverse.checkpoints import check_state_shapes, export_model, load_model, read_pickle_safely
from potterverse.errors import CheckpointError
from potterverse.model import GPT, GPTConfig
from potterverse.model.lora import LoRALinear, apply_lora, merge_lora_state
from potterverse.runs import RunMetadata

CONFIG = GPTConfig(vocab_size=64, context_length=16, emb_dim=32, n_heads=2, n_layers=2)


@pytest.fixture
def exported(tmp_path):
    torch.manual_seed(0)
    model = GPT(CONFIG)
    export_model(model, tmp_path / "run", RunMetadata(tokenizer="gpt2", experiment="t"))
    return model, tmp_path / "run"


def test_export_round_trip_keeps_weights_tying_and_metadata(exported):
    model, run = exported
    loaded, meta = load_model(run)
    assert meta.experiment == "t" and meta.model_config["emb_dim"] == 32
    for (k, a), (_, b) in zip(model.state_dict().items(), loaded.state_dict().items(), strict=True):
        assert torch.equal(a, b), k
    assert loaded.head.weight.data_ptr() == loaded.tok_emb.weight.data_ptr()
    # the .safetensors alone is self-describing: its header carries the config
    (run / "model_config.json").unlink()
    assert load_model(run / "model.safetensors")[1].model_config["n_layers"] == 2


class _Exploit:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_that_would_run_code_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    evil = tmp_path / "evil.ckpt"
    with evil.open("wb") as f:
        pickle.dump({"state_dict": {}, "payload": _Exploit(marker)}, f)
    with pytest.raises(CheckpointError, match="Refusing to load"):
        load_model(evil)
    assert not marker.exists()


@pytest.mark.parametrize("name", ["model.safetensors", "last.ckpt"])
def test_truncated_files_are_refused(exported, tmp_path, name):
    model, run = exported
    source = run / "model.safetensors"
    if name == "last.ckpt":
        source = tmp_path / "full.ckpt"
        torch.save({"state_dict": {f"model.{k}": v for k, v in model.state_dict().items()},
                    "potterverse": {"model_config": CONFIG.to_dict()}}, source)  # fmt: skip
    cut = tmp_path / name
    cut.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    with pytest.raises(CheckpointError, match="truncated or corrupt"):
        load_model(cut)


def test_missing_paths_say_what_to_pass(tmp_path):
    with pytest.raises(CheckpointError, match="does not exist; pass a run folder"):
        load_model(tmp_path / "nope")
    with pytest.raises(CheckpointError, match="is it a PotterVerse run"):
        load_model(tmp_path)


def test_weights_of_another_shape_name_the_field(exported):
    _, run = exported
    meta = json.loads((run / "model_config.json").read_text())
    other = GPT(GPTConfig(**{**meta["model_config"], "emb_dim": 48}))
    state = load_model(run)[0].state_dict()
    with pytest.raises(CheckpointError, match="emb_dim: the weights have 32, the model 48"):
        check_state_shapes(other, state, run)


def test_lora_merge_equals_the_adapted_forward():
    torch.manual_seed(0)
    model = GPT(CONFIG)
    apply_lora(model, rank=4, alpha=8)
    for m in model.modules():
        if isinstance(m, LoRALinear):
            torch.nn.init.normal_(m.lora_b, std=0.1)
    idx = torch.randint(0, 64, (2, 10))
    expected = model(idx)
    merged = GPT(CONFIG)
    merged.load_state_dict(merge_lora_state(model.state_dict(), scale=8 / 4))
    assert torch.allclose(merged(idx), expected, atol=1e-5)


def test_read_pickle_safely_accepts_plain_checkpoints(tmp_path):
    path = tmp_path / "plain.pt"
    torch.save({"a": torch.ones(2), "step": 3, "name": "x"}, path)
    assert read_pickle_safely(path)["step"] == 3


def test_vocab_multiple_round_trips_and_exports_to_gpt2_without_the_padding(tmp_path):
    from potterverse.model.hf import hf_state_dict

    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=97, context_length=16, emb_dim=32, n_heads=2, n_layers=2, vocab_multiple=64))
    export_model(model, tmp_path / "run", RunMetadata())
    loaded, meta = load_model(tmp_path / "run")
    assert meta.model_config["vocab_multiple"] == 64 and loaded.tok_emb.weight.shape == (128, 32)
    idx = torch.randint(0, 97, (2, 8))
    with torch.no_grad():
        assert torch.equal(loaded.eval()(idx), model.eval()(idx))
    assert hf_state_dict(model)["transformer.wte.weight"].shape == (97, 32)


def test_loading_draws_no_random_numbers(exported):
    """The model is built without its random init (the file overwrites every value): the load is faster, and a
    seed set before it gives the same samples after it."""
    torch.manual_seed(1)
    expected = torch.rand(4)
    torch.manual_seed(1)
    load_model(exported[1])
    assert torch.equal(torch.rand(4), expected)

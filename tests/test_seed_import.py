"""PotterVerseAI's .pth checkpoints: recognised by their keys, rebuilt as an equal GPT, loaded by every tool.

The original architecture's forward is written here from its description (separate query/key/value projections, a
causal mask, exact GELU, LayerNorm as scale/shift with eps 1e-5), independently of our model code.
"""

import json

import pytest
import torch
from safetensors.torch import load_file, save_file

from potterverse.checkpoints import SEED_NAME, export_model, load_model
from potterverse.errors import CheckpointError, ConfigError
from potterverse.model import GPT, GPTConfig
from potterverse.runs import RunMetadata
from tests.helpers.potterverse_ai import CONTEXT, VOCAB, D, original_forward, seed_state


@pytest.mark.parametrize("qkv_bias", [True, False])
def test_imported_model_gives_the_original_logits(tmp_path, qkv_bias):
    state = seed_state(qkv_bias, mask=True)  # older files also carry the causal-mask buffer
    torch.save(state, tmp_path / "harry_potter_scratch.pth")
    model, meta = load_model(tmp_path / "harry_potter_scratch.pth")
    cfg = model.config
    assert (cfg.vocab_size, cfg.context_length, cfg.emb_dim, cfg.n_layers, cfg.n_heads) == (VOCAB, CONTEXT, D, 2, 2)
    assert cfg.qkv_bias is qkv_bias and cfg.gelu == "exact" and cfg.tie_embeddings
    assert meta.imported_from == SEED_NAME and meta.tokenizer == "gpt2"
    idx = torch.randint(0, VOCAB, (2, CONTEXT), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        ours, theirs = model.eval()(idx), original_forward(state, idx, n_heads=2)
    assert (ours - theirs).abs().max().item() < 1e-4
    # the other GELU differs measurably: the test can tell them apart
    tanh = load_model(tmp_path / "harry_potter_scratch.pth", seed_options={"gelu": "tanh"})[0].eval()
    with torch.no_grad():
        assert (tanh(idx) - theirs).abs().max().item() > 1e-4


def test_an_untied_head_and_a_given_head_count_are_kept(tmp_path):
    state = seed_state(qkv_bias=False, tied=False, seed=2)
    torch.save(state, tmp_path / "finetuned.pth")
    model = load_model(tmp_path / "finetuned.pth", seed_options={"n_heads": 4})[0].eval()
    assert not model.config.tie_embeddings and model.config.n_heads == 4
    assert model.head.weight.data_ptr() != model.tok_emb.weight.data_ptr()
    idx = torch.randint(0, VOCAB, (1, 20), generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        assert (model(idx) - original_forward(state, idx, n_heads=4)).abs().max().item() < 1e-4
    # an export keeps the head of its own, and the model's GELU, through a reload
    export_model(model, tmp_path / "exported", load_model(tmp_path / "finetuned.pth")[1])
    again, meta = load_model(tmp_path / "exported")
    assert meta.model_config["gelu"] == "exact" and meta.imported_from == SEED_NAME
    with torch.no_grad():
        assert torch.equal(again.eval()(idx), model(idx))


def test_files_of_neither_layout_keep_the_one_line_refusal(tmp_path):
    torch.save({"encoder.weight": torch.zeros(4, 4)}, tmp_path / "other.pth")
    with pytest.raises(CheckpointError, match="carries no model configuration; it was not written by PotterVerse"):
        load_model(tmp_path / "other.pth")


def test_a_broken_seed_file_names_what_is_wrong(tmp_path):
    state = seed_state(qkv_bias=True)
    del state["trf_blocks.1.ff.layers.2.bias"]
    torch.save(state, tmp_path / "cut.pth")
    with pytest.raises(CheckpointError, match="has no tensor 'trf_blocks.1.ff.layers.2.bias'"):
        load_model(tmp_path / "cut.pth")
    state = seed_state(qkv_bias=True) | {"trf_blocks.0.att.rotary.weight": torch.zeros(2)}
    torch.save(state, tmp_path / "extra.pth")
    with pytest.raises(CheckpointError, match="holds tensors its models do not have"):
        load_model(tmp_path / "extra.pth")
    with pytest.raises(ConfigError, match="must be divisible by n_heads"):
        load_model(tmp_path / "cut.pth", seed_options={"n_heads": 3})


def test_old_configs_without_the_new_fields_load_with_gpt2s_gelu(tmp_path):
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=64, context_length=16, emb_dim=32, n_heads=2, n_layers=1))
    export_model(model, tmp_path / "run", RunMetadata())
    meta_file = tmp_path / "run" / "model_config.json"
    meta = json.loads(meta_file.read_text())
    for field in ("gelu", "tie_embeddings"):
        del meta["model_config"][field]
    meta_file.write_text(json.dumps(meta))
    # the safetensors header would answer first: drop it so the old-style sidecar is what is read
    weights = tmp_path / "run" / "model.safetensors"
    save_file(load_file(weights), weights)
    loaded = load_model(tmp_path / "run")[0]
    assert loaded.config.gelu == "tanh" and loaded.config.tie_embeddings
    with pytest.raises(ConfigError, match="gelu must be one of"):
        GPTConfig(gelu="relu")


def test_the_model_group_sets_gelu_from_scratch_and_the_init_group_describes_a_pth(tmp_path):
    from potterverse.model.presets import PRESETS
    from potterverse.training.model_init import build_model

    fields = {**PRESETS["tiny"], "n_layers": 1, "emb_dim": 64, "n_heads": 2, "context_length": 16, "gelu": "exact"}
    assert build_model(fields, {"name": "scratch"}).config.gelu == "exact"
    torch.save(seed_state(qkv_bias=True), tmp_path / "model.pth")
    init = {"name": "checkpoint", "path": tmp_path / "model.pth", "n_heads": 4, "gelu": "tanh"}
    net = build_model(PRESETS["tiny"], init)  # the model group's own n_heads (6) and gelu do not describe a .pth
    assert (net.config.n_heads, net.config.gelu, net.config.qkv_bias) == (4, "tanh", True)

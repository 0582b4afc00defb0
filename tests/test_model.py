import pickle

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from potterverse.generation import Sampling, generate
from potterverse.model import GPT, GPTConfig, load_hf_gpt2, preset_config
from potterverse.model.kernels import DecodeLinear, for_decoding, head_cross_entropy


def test_forward_shape_and_tied_head():
    model = GPT(GPTConfig(vocab_size=97, context_length=16, emb_dim=32, n_heads=4, n_layers=2))
    logits = model(torch.randint(0, 97, (3, 10)))
    assert logits.shape == (3, 10, 97)
    assert model.head.weight.data_ptr() == model.tok_emb.weight.data_ptr()


def test_init_scales_residual_projections():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=500, context_length=64, emb_dim=256, n_heads=4, n_layers=8))
    std = model.blocks[0].attn.proj.weight.std().item()
    assert abs(std - 0.02 / (2 * 8) ** 0.5) < 1e-3
    assert abs(model.blocks[0].mlp.fc.weight.std().item() - 0.02) < 1e-3


@pytest.mark.parametrize(
    "name,expected",
    [("small", 124_439_808), ("medium", 354_823_168), ("large", 774_030_080), ("xl", 1_557_611_200)],
)
def test_preset_param_counts(name, expected):
    with torch.device("meta"):  # counts without allocating gigabytes
        model = GPT(preset_config(name))
    assert model.num_params() == expected


def test_tiny_preset_is_small():
    with torch.device("meta"):
        model = GPT(preset_config("tiny"))
    assert model.num_params() < 15_000_000


def test_unknown_preset_lists_valid_ones():
    with pytest.raises(ValueError, match="tiny, small, medium, large, xl"):
        preset_config("huge")


def test_bad_config_is_rejected():
    with pytest.raises(ValueError, match="divisible by n_heads"):
        GPTConfig(emb_dim=100, n_heads=3)


def test_sequence_longer_than_context_is_rejected():
    model = GPT(GPTConfig(vocab_size=50, context_length=8, emb_dim=16, n_heads=2, n_layers=1))
    with pytest.raises(ValueError, match="context length"):
        model(torch.zeros(1, 9, dtype=torch.long))


def test_load_hf_gpt2_matches_transformers(hf_gpt2_dir):
    from transformers import GPT2LMHeadModel

    ref = GPT2LMHeadModel.from_pretrained(hf_gpt2_dir, attn_implementation="eager").eval()
    ours = load_hf_gpt2(hf_gpt2_dir).eval()
    torch.manual_seed(1)
    idx = torch.randint(0, ref.config.vocab_size, (4, 100))
    with torch.no_grad():
        expected = ref(idx).logits
        got = ours(idx)
    err = (got - expected).abs().max().item()
    print(f"max abs logit error vs transformers: {err:.2e}")
    assert err < 1e-4


def test_load_hf_gpt2_from_pytorch_bin(hf_gpt2_dir, tmp_path):
    from safetensors.torch import load_file

    (tmp_path / "config.json").write_text((hf_gpt2_dir / "config.json").read_text())
    torch.save(load_file(hf_gpt2_dir / "model.safetensors"), tmp_path / "pytorch_model.bin")
    a, b = load_hf_gpt2(tmp_path), load_hf_gpt2(hf_gpt2_dir)
    for (ka, va), (kb, vb) in zip(a.state_dict().items(), b.state_dict().items(), strict=True):
        assert ka == kb and torch.equal(va, vb)


def test_load_hf_gpt2_missing_folder_says_what_to_pass(tmp_path):
    with pytest.raises(FileNotFoundError, match="config.json and model.safetensors"):
        load_hf_gpt2(tmp_path / "nope")


def _reference_loss(model: GPT, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The textbook loss: full logits, then cross-entropy (what the model's and the fused training loss equal)."""
    logits = model(x)
    return F.cross_entropy(logits.reshape(-1, logits.size(-1)).float(), y.reshape(-1), ignore_index=-100)


@pytest.mark.parametrize("multiple", [1, 64])
def test_training_loss_and_gradients_equal_plain_cross_entropy(multiple):
    torch.manual_seed(0)
    config = GPTConfig(vocab_size=97, context_length=16, emb_dim=32, n_heads=4, n_layers=2, vocab_multiple=multiple)
    model = GPT(config)
    x, y = torch.randint(0, 97, (3, 12)), torch.randint(0, 97, (3, 12))
    y[0, :5] = -100  # a masked prompt, as fine-tuning has
    head_cross_entropy(model, x, y).backward()
    fused = {n: p.grad.clone() for n, p in model.named_parameters()}
    model.zero_grad()
    expected = _reference_loss(model, x, y)
    expected.backward()
    assert torch.allclose(head_cross_entropy(model, x, y), expected, atol=1e-6)
    assert torch.allclose(model.loss(x, y), expected, atol=1e-6)
    for name, p in model.named_parameters():
        assert torch.allclose(fused[name], p.grad, rtol=1e-4, atol=1e-6), name
    assert fused["tok_emb.weight"][97:].abs().sum() == 0  # padding rows (if any) learn nothing


def test_training_loss_under_bf16_autocast_is_close_to_fp32():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=300, context_length=32, emb_dim=64, n_heads=4, n_layers=2))
    x, y = torch.randint(0, 300, (4, 32)), torch.randint(0, 300, (4, 32))
    fp32 = model.loss(x, y)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        bf16 = head_cross_entropy(model, x, y)
        bf16.backward()
    assert bf16.dtype == torch.float32 and abs(bf16.item() - fp32.item()) < 0.02
    assert all(p.grad.dtype == torch.float32 and torch.isfinite(p.grad).all() for p in model.parameters())


def test_vocab_multiple_pads_the_rows_but_never_samples_them():
    config = GPTConfig(vocab_size=97, context_length=16, emb_dim=32, n_heads=4, n_layers=2, vocab_multiple=64)
    model = GPT(config).eval()
    assert config.padded_vocab_size == 128 and model.tok_emb.weight.shape == (128, 32)
    with torch.no_grad():
        model.tok_emb.weight[97:] = 100.0  # padding rows that would win every argmax if they were not masked
    idx = torch.randint(0, 97, (2, 4))
    assert model(idx).shape == (2, 4, 97)
    for temperature in (0.0, 1.0):
        out = generate(model, idx, Sampling(temperature, max_new_tokens=8, seed=0))
        assert out.max() < 97
    with pytest.raises(ValueError, match="vocab_multiple"):
        GPTConfig(vocab_multiple=0)


def test_decoding_linear_uses_a_weight_copy_that_follows_the_weight():
    torch.manual_seed(0)
    layer = DecodeLinear(8, 5)
    row, rows = torch.randn(1, 1, 8), torch.randn(3, 8)
    with torch.inference_mode():  # one row: the copy is made here ...
        assert torch.allclose(layer(row), F.linear(row, layer.weight, layer.bias), atol=1e-6)
        assert torch.allclose(layer(rows), F.linear(rows, layer.weight, layer.bias), atol=1e-6)
    copy = layer.decode_weight()
    assert copy.shape == (8, 5) and copy.is_contiguous()
    with torch.no_grad():  # ... used outside inference mode, and rebuilt when the weight changes in place
        assert layer(row).shape == (1, 1, 5)
        layer.weight.mul_(2.0)
        assert torch.allclose(layer(row), F.linear(row, layer.weight, layer.bias), atol=1e-6)
    assert layer.decode_weight() is not copy
    copy = layer.decode_weight()
    with torch.no_grad():  # three rows: the plain product, unless the layer decodes that many rows with its copy
        assert torch.allclose(layer(rows), F.linear(rows, layer.weight, layer.bias), atol=1e-6)
        assert layer._decode_copy[2] is copy
        layer.decode_rows = 3
        assert torch.allclose(layer(rows), F.linear(rows, layer.weight, layer.bias), atol=1e-6)
        layer._decode_copy = (*layer._decode_copy[:2], torch.zeros(8, 5))  # a marked copy: the path really takes it
        assert torch.equal(layer(rows), layer.bias.expand(3, 5)) and torch.equal(layer(row), layer.bias.view(1, 1, 5))
        layer._decode_copy = None
    layer.weight = nn.Parameter(torch.randn(5, 8))  # a new tensor (a load): rebuilt too
    with torch.no_grad():
        assert torch.allclose(layer(row), F.linear(row, layer.weight, layer.bias), atol=1e-6)
    y = layer(row)  # with gradients: the plain nn.Linear path
    y.sum().backward()
    assert layer.weight.grad is not None
    assert "decode" not in "".join(layer.state_dict())  # never saved, nor pickled
    assert layer._decode_copy is not None and pickle.loads(pickle.dumps(layer))._decode_copy is None
    half = DecodeLinear(8, 5).to(torch.bfloat16)  # bf16 matrix-vector products gain nothing from the copy here
    with torch.no_grad():
        half(row.to(torch.bfloat16))
    assert half._decode_copy is None


def test_fused_loss_runs_the_head_over_its_own_rows_without_a_padded_copy():
    """Alignment comes from vocab_multiple alone: the training loss keeps no padded copy of the head weight."""
    model = GPT(GPTConfig(vocab_size=97, context_length=16, emb_dim=24, n_heads=4, n_layers=1))  # no 128-row layer
    saved: list[tuple[int, ...]] = []
    x = torch.randint(0, 97, (2, 8))
    with torch.autograd.graph.saved_tensors_hooks(lambda t: saved.append(tuple(t.shape)) or t, lambda t: t):
        head_cross_entropy(model, x, x).backward()
    assert (128, 24) not in saved and (97, 24) in saved  # 97 rows, not HEAD_ALIGN's 128


def test_the_model_is_plain_pytorch_and_decode_kernels_are_an_opt_in():
    model = GPT(GPTConfig(vocab_size=97, context_length=16, emb_dim=32, n_heads=4, n_layers=2))
    assert all(type(m) is nn.Linear for m in model.modules() if isinstance(m, nn.Linear))  # training: no copies
    idx = torch.randint(0, 97, (2, 6))
    with torch.no_grad():
        expected = model(idx)
    for_decoding(model)  # CPU fp32: every matmul decodes through its weight copy, the head stays tied
    assert sum(isinstance(m, DecodeLinear) for m in model.modules()) == 2 * 4 + 1
    assert model.head.weight is model.tok_emb.weight and not model.training
    with torch.no_grad():
        assert torch.allclose(model(idx), expected, atol=1e-5)
        assert torch.allclose(model(idx[:1, :1]), expected[:1, :1], atol=1e-5)
    half = for_decoding(GPT(GPTConfig(vocab_size=97, context_length=16, emb_dim=32, n_heads=4, n_layers=1)).bfloat16())
    assert not any(isinstance(m, DecodeLinear) for m in half.modules())  # the copy gains nothing outside CPU fp32


def test_compile_compiles_the_blocks_not_a_patched_method():
    from potterverse.training.module import GPTModule

    model = GPT(GPTConfig(vocab_size=97, context_length=16, emb_dim=32, n_heads=4, n_layers=2))
    names = [n for n, _ in model.named_parameters()]
    GPTModule(model, {"name": "adamw"}, compile=True)
    assert "hidden" not in vars(model) and all(b._compiled_call_impl is not None for b in model.blocks)
    assert [n for n, _ in model.named_parameters()] == names  # no `_orig_mod.` prefix in checkpoints

import pytest
import torch

from potterverse.generation import Sampling, generate, sample_next, stream_generate
from potterverse.model import GPT, GPTConfig, load_hf_gpt2


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    return GPT(GPTConfig(vocab_size=211, context_length=96, emb_dim=48, n_heads=4, n_layers=3)).eval()


def test_greedy_with_cache_equals_without(model):
    prompt = torch.randint(0, 211, (2, 7))
    with_cache = generate(model, prompt, Sampling(max_new_tokens=80), use_cache=True)
    without = generate(model, prompt, Sampling(max_new_tokens=80), use_cache=False)
    assert with_cache.shape == (2, 87)
    assert torch.equal(with_cache, without)


def test_cache_equals_uncached_past_the_context_window(model):
    prompt = torch.randint(0, 211, (1, 90))  # 90 + 20 > 96: the window slides
    assert torch.equal(
        generate(model, prompt, Sampling(max_new_tokens=20), use_cache=True),
        generate(model, prompt, Sampling(max_new_tokens=20), use_cache=False),
    )


def test_greedy_matches_transformers_generate(hf_gpt2_dir):
    from transformers import GPT2LMHeadModel

    ref = GPT2LMHeadModel.from_pretrained(hf_gpt2_dir).eval()
    ours = load_hf_gpt2(hf_gpt2_dir).eval()
    torch.manual_seed(3)
    prompt = torch.randint(0, 1000, (1, 12))
    expected = ref.generate(
        prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=70, do_sample=False, pad_token_id=0
    )
    got = generate(ours, prompt, Sampling(max_new_tokens=70))
    assert torch.equal(got, expected)


def test_long_prompt_is_cropped_from_the_left(model):
    prompt = torch.randint(0, 211, (1, 300))
    out = generate(model, prompt, Sampling(max_new_tokens=5))
    assert out.shape == (1, 305)
    assert torch.equal(out[:, 300:], generate(model, prompt[:, -96:], Sampling(max_new_tokens=5))[:, 96:])


def test_seeded_sampling_is_reproducible(model):
    prompt = torch.randint(0, 211, (1, 5))
    runs = [
        generate(model, prompt, Sampling(temperature=1.0, max_new_tokens=30, top_k=50, top_p=0.9, seed=7))
        for _ in range(2)
    ]
    assert torch.equal(runs[0], runs[1])
    other = generate(model, prompt, Sampling(temperature=1.0, max_new_tokens=30, seed=8))
    assert not torch.equal(runs[0], other)


def test_top_k_one_is_greedy():
    logits = torch.randn(4, 100)
    assert torch.equal(sample_next(logits, Sampling(1.0, top_k=1)), logits.argmax(-1))


def test_top_p_keeps_only_the_nucleus():
    logits = torch.log(torch.tensor([[0.5, 0.3, 0.15, 0.05]]))
    gen = torch.Generator().manual_seed(0)
    draws = {int(sample_next(logits, Sampling(1.0, top_p=0.7), gen)) for _ in range(200)}
    assert draws == {0, 1}  # 0.5 + 0.3 covers 0.7; tokens 2 and 3 are never drawn


def test_stops_at_eos(model):
    prompt = torch.randint(0, 211, (1, 4))
    first = generate(model, prompt, Sampling(max_new_tokens=1))[0, -1].item()
    out = generate(model, prompt, Sampling(max_new_tokens=50), eos_id=first)
    assert out.shape == (1, 5) and out[0, -1].item() == first


def test_streaming_yields_the_same_tokens_and_can_be_cancelled(model):
    prompt = torch.randint(0, 211, (1, 6))
    streamed = torch.stack(list(stream_generate(model, prompt, Sampling(max_new_tokens=25))), dim=1)
    assert torch.equal(streamed, generate(model, prompt, Sampling(max_new_tokens=25))[:, 6:])
    steps = iter(range(100))
    stop = lambda: next(steps) >= 3  # noqa: E731
    stopped = list(stream_generate(model, prompt, Sampling(max_new_tokens=25), should_stop=stop))
    assert len(stopped) == 3


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(temperature=-0.1), "temperature"),
        (dict(top_k=0), "top_k"),
        (dict(top_p=0.0), "top_p"),
        (dict(top_p=1.5), "top_p"),
        (dict(max_new_tokens=-1), "max_new_tokens"),
    ],
)
def test_invalid_arguments_raise(model, kwargs, match):
    args = dict(max_new_tokens=5) | kwargs
    with pytest.raises(ValueError, match=match):
        generate(model, torch.zeros(1, 3, dtype=torch.long), Sampling(**args))


def test_decoding_needs_a_length_and_the_predictor_fills_in_its_default(model):
    with pytest.raises(ValueError, match="max_new_tokens must be set"):
        generate(model, torch.zeros(1, 3, dtype=torch.long), Sampling())
    assert Sampling(top_p=0.9).with_budget(7) == Sampling(top_p=0.9, max_new_tokens=7)
    assert Sampling(max_new_tokens=3).with_budget(7).max_new_tokens == 3

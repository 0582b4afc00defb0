"""Log-probability scoring (house probabilities, spell candidates) goes through the model's own forward pass."""

import torch

from potterverse.inference import Predictor
from potterverse.model.gpt import GPT, GPTConfig
from potterverse.tokenizer import get_tokenizer


def test_continuation_logprobs_leave_the_vocab_padding_rows_out():
    torch.manual_seed(0)
    cfg = GPTConfig(vocab_size=50257, context_length=32, emb_dim=16, n_heads=2, n_layers=1, vocab_multiple=64)
    model = GPT(cfg)
    with torch.no_grad():  # padding rows that would take nearly all the probability mass if the softmax saw them
        model.ln_f.bias.fill_(1.0)
        model.head.weight[cfg.vocab_size :] = 10.0
    predictor = Predictor(model, get_tokenizer("gpt2"))
    text = "The Sorting Hat says"
    continuations = [predictor.tokenizer.encode(" Gryffindor"), predictor.tokenizer.encode(" Slytherin house")]
    logps, cropped = predictor.continuation_logprobs(text, continuations)
    ids = predictor.tokenizer.encode(text)
    for got, tokens in zip(logps, continuations, strict=True):
        with torch.no_grad():  # the reference: a log-softmax over the model's logits (vocab_size of them)
            logits = model(torch.tensor([ids + tokens]))[0, len(ids) - 1 : -1]
        expected = logits.log_softmax(-1).gather(-1, torch.tensor(tokens)[:, None]).squeeze(-1)
        assert torch.allclose(got, expected, atol=1e-5), (got, expected)
    assert cropped == 0

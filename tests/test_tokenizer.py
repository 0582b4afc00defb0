import pytest

from potterverse import tokenizer as tok_mod
from potterverse.errors import TokenizerUnavailableError
from potterverse.tokenizer import get_tokenizer


def test_gpt2_known_ids():
    tok = get_tokenizer()
    assert tok.encode("Hello world") == [15496, 995]
    assert tok.eot_id == 50256
    assert tok.vocab_size == 50257


def test_round_trip_non_ascii():
    tok = get_tokenizer()
    text = "Wingardium Leviósa — naïve café, 魔法, emoji 🧙"
    assert tok.decode(tok.encode(text)) == text
    assert tok.encode_batch([text, "x"]) == [tok.encode(text), tok.encode("x")]


def test_literal_endoftext_in_text_is_not_special():
    tok = get_tokenizer()
    assert tok.eot_id not in tok.encode("a <|endoftext|> b")


def test_missing_bpe_files_give_one_clear_error(tmp_path, monkeypatch):
    import tiktoken

    def offline(name):
        raise ConnectionError("no network")

    monkeypatch.setattr(tiktoken, "get_encoding", offline)
    tok_mod.get_tokenizer.cache_clear()
    try:
        with pytest.raises(TokenizerUnavailableError, match="TIKTOKEN_CACHE_DIR"):
            get_tokenizer()
    finally:
        tok_mod.get_tokenizer.cache_clear()

import pytest

from potterverse import tokenizer as tok_mod
from potterverse.errors import TokenizerUnavailableError
from potterverse.tasks.chat import SHIPPED_CHAT
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


def test_gpt2_loads_through_r50k_base_with_the_same_ids(tmp_path, monkeypatch):
    """r50k_base's file (fast to load) stands in for gpt2's two files only where it is cached; the ids are the same."""
    import shutil

    import tiktoken

    text = SHIPPED_CHAT.read_text()  # 2,000 rows of real text, quotes, apostrophes and newlines
    reference = tiktoken.get_encoding("gpt2").encode_ordinary(text)
    tok_mod.get_tokenizer.cache_clear()
    try:
        tok = get_tokenizer("gpt2")
        assert tok.encoding.name == "r50k_base" and tok.name == "gpt2" and tok.encode(text) == reference
        only_gpt2 = tmp_path / "cache"  # a cache that holds gpt2's own files only: they are what is read
        only_gpt2.mkdir()
        for path in tok_mod.gpt2_bpe_files().values():
            shutil.copy(path, only_gpt2 / path.name)
        monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(only_gpt2))
        tok_mod.get_tokenizer.cache_clear()
        tiktoken.registry.ENCODINGS.clear()  # tiktoken keeps loaded encodings; read the files again
        tok = get_tokenizer("gpt2")
        assert tok.encoding.name == "gpt2" and tok.encode(text) == reference
    finally:
        tok_mod.get_tokenizer.cache_clear()

"""The one place the GPT-2 BPE tokenizer (tiktoken) is loaded.

tiktoken downloads its BPE files on first use. Offline, point TIKTOKEN_CACHE_DIR at a folder that holds them;
in a development checkout, the `shared/tiktoken_cache` folder beside the repository is used when the variable is
unset.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import tiktoken

from potterverse.errors import TokenizerUnavailableError

EOT = "<|endoftext|>"
_NEIGHBOUR_CACHE = Path(__file__).resolve().parents[2] / "shared" / "tiktoken_cache"
# Where tiktoken fetches GPT-2's BPE files from: it caches each under the sha1 of its URL. Hugging Face's GPT-2
# tokenizer reads the same two files as vocab.json and merges.txt.
_GPT2_BPE_URLS = {
    "vocab.json": "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/encoder.json",
    "merges.txt": "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/vocab.bpe",
}
# r50k_base is GPT-2's encoding (the same ranks, pattern and <|endoftext|>) in tiktoken's own file format, which
# loads in 0.13 s where building gpt2 from its two original files takes 0.31 s, at every start of every CLI. So gpt2
# loads through it when its file is already in the cache; otherwise from gpt2's own files, as tiktoken would.
_SAME_ENCODING = {"gpt2": ("r50k_base", "https://openaipublic.blob.core.windows.net/encodings/r50k_base.tiktoken")}


class Tokenizer:
    """GPT-2 BPE: text <-> token ids, with `<|endoftext|>` as the end-of-text/document token."""

    def __init__(self, encoding: tiktoken.Encoding, name: str | None = None) -> None:
        self.encoding = encoding
        self.name = name or encoding.name
        self.eot_id: int = encoding.eot_token
        self.vocab_size: int = encoding.n_vocab

    def encode(self, text: str) -> list[int]:
        """Plain text to ids; a literal "<|endoftext|>" in the text is kept as text, never as the special token."""
        return self.encoding.encode_ordinary(text)

    def encode_batch(self, texts: Sequence[str], num_threads: int = 8) -> list[list[int]]:
        return self.encoding.encode_ordinary_batch(list(texts), num_threads=num_threads)

    def decode(self, ids: Sequence[int]) -> str:
        return self.encoding.decode(list(ids))


@lru_cache(maxsize=4)
def get_tokenizer(name: str = "gpt2") -> Tokenizer:
    """The named tiktoken encoding, offline from a cache folder when one is available."""
    return Tokenizer(load_encoding(_cached_twin(name) or name), name)


def load_encoding(name: str) -> tiktoken.Encoding:
    """tiktoken's encoding `name`, from the cache folder beside a development checkout when TIKTOKEN_CACHE_DIR is
    unset; a TokenizerUnavailableError that names the fix when its files can be neither read nor downloaded."""
    if "TIKTOKEN_CACHE_DIR" not in os.environ and _NEIGHBOUR_CACHE.is_dir():
        os.environ["TIKTOKEN_CACHE_DIR"] = str(_NEIGHBOUR_CACHE)
    try:
        return tiktoken.get_encoding(name)
    except ValueError:
        raise
    except Exception as err:  # urllib/requests errors when offline: replace the traceback with the fix
        raise TokenizerUnavailableError(
            f"Could not load the {name!r} BPE files for tiktoken ({type(err).__name__}): you are probably offline. "
            "Set TIKTOKEN_CACHE_DIR to the absolute path of a folder holding them (such as shared/tiktoken_cache), "
            "or run once with internet access."
        ) from err


def _cache_folder() -> Path:
    """The folder tiktoken caches its downloads in (its own rule)."""
    cache = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR")
    return Path(cache) if cache else Path(tempfile.gettempdir()) / "data-gym-cache"


def _cached(url: str) -> Path:
    """Where tiktoken keeps the download of `url`: under the sha1 of the URL."""
    return _cache_folder() / hashlib.sha1(url.encode()).hexdigest()


def _cached_twin(name: str) -> str | None:
    """A faster-loading encoding identical to `name` whose file is in the cache (never a download), or None."""
    twin = _SAME_ENCODING.get(name)
    return twin[0] if twin and _cached(twin[1]).is_file() else None


def gpt2_bpe_files() -> dict[str, Path] | None:
    """GPT-2's BPE files in tiktoken's cache, by the names a Hugging Face GPT-2 tokenizer reads them under
    (vocab.json, merges.txt); None when tiktoken cannot provide them (offline without a cache)."""
    try:
        load_encoding("gpt2")  # downloads them into the cache when online; tiktoken checks their sha256
    except TokenizerUnavailableError:
        return None
    files = {name: _cached(url) for name, url in _GPT2_BPE_URLS.items()}
    return files if all(f.is_file() for f in files.values()) else None

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


class Tokenizer:
    """GPT-2 BPE: text <-> token ids, with `<|endoftext|>` as the end-of-text/document token."""

    def __init__(self, encoding: tiktoken.Encoding) -> None:
        self.encoding = encoding
        self.name = encoding.name
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
    if "TIKTOKEN_CACHE_DIR" not in os.environ and _NEIGHBOUR_CACHE.is_dir():
        os.environ["TIKTOKEN_CACHE_DIR"] = str(_NEIGHBOUR_CACHE)
    try:
        return Tokenizer(tiktoken.get_encoding(name))
    except ValueError:
        raise
    except Exception as err:  # urllib/requests errors when offline: replace the traceback with the fix
        raise TokenizerUnavailableError(
            f"Could not load the {name!r} BPE files for tiktoken ({type(err).__name__}): you are probably offline. "
            "Set TIKTOKEN_CACHE_DIR to the absolute path of a folder holding them (such as shared/tiktoken_cache), "
            "or run once with internet access."
        ) from err


def gpt2_bpe_files() -> dict[str, Path] | None:
    """GPT-2's BPE files in tiktoken's cache, by the names a Hugging Face GPT-2 tokenizer reads them under
    (vocab.json, merges.txt); None when tiktoken cannot provide them (offline without a cache)."""
    try:
        get_tokenizer("gpt2")  # downloads them into the cache when online; tiktoken checks their sha256
    except TokenizerUnavailableError:
        return None
    cache = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR")
    folder = Path(cache) if cache else Path(tempfile.gettempdir()) / "data-gym-cache"  # tiktoken's default
    files = {name: folder / hashlib.sha1(url.encode()).hexdigest() for name, url in _GPT2_BPE_URLS.items()}
    return files if all(f.is_file() for f in files.values()) else None

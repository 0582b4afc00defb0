"""A book corpus as token arrays on disk: read PDFs/text files, clean, tokenise once, cache as uint16 memmaps.

The cache key covers the files' bytes, the page ranges, the cleaning options, the tokenizer and the split, so a
second run on the same corpus starts from the cache ("cache hit") and any change rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import chain
from pathlib import Path

import numpy as np

from potterverse.data.pdf import CleanOptions, clean_pages, extract_pages
from potterverse.errors import CorpusError
from potterverse.tokenizer import get_tokenizer

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md")
CACHE_VERSION = 2  # 2: tokens are exactly tokenizer.encode(text); 1 joined separately encoded paragraphs with 628
# Where a document may be cut for parallel encoding: a blank line between two non-blank characters. GPT-2's
# pre-tokenizer never lets a piece cross such a point (no piece holds both a non-space and the newline after it;
# the newlines split the same way whether the next piece starts the string or not), so encoding the pieces and
# joining the ids gives exactly the ids of the whole text. Encodings whose pattern differs (cl100k joins
# punctuation with the newlines after it) are encoded whole.
_CUT = re.compile(r"(?<=\S)\n\n(?=\S)")
_CUTTABLE_ENCODINGS = frozenset({"gpt2", "r50k_base", "p50k_base", "p50k_edit"})
PIECE_CHARS = 1 << 16  # about 64 KB a piece: enough pieces to keep every thread busy, few enough to stay cheap
PageRanges = Sequence[int] | Mapping[str, Sequence[int]] | None


@dataclass
class TokenCorpus:
    """Train and validation token streams (uint16 memmaps) and what they were built from."""

    train: np.ndarray
    val: np.ndarray
    meta: dict


def find_files(corpus: str | Path | Sequence[str | Path]) -> list[Path]:
    """The PDF and text files of a corpus given as one file, a folder (searched recursively) or a list of both."""
    items = [corpus] if isinstance(corpus, str | Path) else list(corpus)
    files: list[Path] = []
    for item in items:
        path = Path(item).expanduser()
        if not path.exists():
            raise CorpusError(f"Corpus path {path} does not exist; set data.corpus to a PDF, a .txt file or a folder.")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".pdf", *TEXT_SUFFIXES))
            if not found:
                raise CorpusError(f"Corpus folder {path} holds no .pdf, .txt or .md files.")
            files += found
        elif path.suffix.lower() in (".pdf", *TEXT_SUFFIXES):
            files.append(path)
        else:
            raise CorpusError(f"{path} is neither a PDF nor a text file (.txt, .md); convert it to one of those.")
    return files


def effective_page_ranges(page_range: PageRanges, defaults: Mapping[str, Sequence[int]] | None) -> PageRanges:
    """The user's page_range over the per-file defaults: a list applies to every PDF, a mapping adds to them."""
    if page_range is not None and not isinstance(page_range, Mapping):
        return page_range
    merged = {**(defaults or {}), **(page_range or {})}
    return merged or None


def page_range_for(path: Path, page_ranges: PageRanges) -> tuple[int, int] | None:
    """The 1-based inclusive page range of one PDF: one range for every PDF, or a mapping by file name."""
    if page_ranges is None:
        return None
    if isinstance(page_ranges, Mapping):
        chosen = page_ranges.get(path.name)
        return None if chosen is None else (int(chosen[0]), int(chosen[1]))
    first, last = page_ranges
    return int(first), int(last)


def read_document(path: Path, page_range: tuple[int, int] | None, opts: CleanOptions) -> str:
    """One document's clean text."""
    if path.suffix.lower() == ".pdf":
        return clean_pages(extract_pages(path, page_range), opts)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        text = raw.decode("utf-8", errors="replace")
        log.warning(
            "%s is not valid UTF-8 (first bad byte at offset %d); undecodable bytes were replaced with U+FFFD. "
            "Re-save the file as UTF-8 to avoid this.",
            path,
            err.start,
        )
    return "\n\n".join(" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())


def cache_key(
    files: Sequence[Path], page_ranges: PageRanges, opts: CleanOptions, tokenizer: str, val_fraction: float
) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([CACHE_VERSION, asdict(opts), tokenizer, val_fraction]).encode())
    for path in files:
        h.update(json.dumps([path.suffix.lower(), page_range_for(path, page_ranges)]).encode())
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()[:20]


def split_for_encoding(text: str, tokenizer_name: str, piece_chars: int = PIECE_CHARS) -> list[str]:
    """The text cut into pieces of about `piece_chars` at points where encoding cannot merge across (see _CUT);
    each later piece starts with its blank line, so the pieces' ids, joined, are the text's ids."""
    if tokenizer_name not in _CUTTABLE_ENCODINGS:
        return [text]
    cuts = [0]
    for match in _CUT.finditer(text):
        if match.start() - cuts[-1] >= piece_chars:
            cuts.append(match.start())
    cuts.append(len(text))
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def tokenize_documents(texts: Sequence[str], tokenizer_name: str, piece_chars: int = PIECE_CHARS) -> list[list[int]]:
    """Each text's ids, exactly `tokenizer.encode(text)`, encoded in parallel (tiktoken's batch encode)."""
    tok = get_tokenizer(tokenizer_name)
    pieces = [split_for_encoding(text, tokenizer_name, piece_chars) for text in texts]
    flat = tok.encode_batch([p for doc in pieces for p in doc], num_threads=os.cpu_count() or 1)
    out, start = [], 0
    for doc in pieces:
        out.append(list(chain.from_iterable(flat[start : start + len(doc)])))
        start += len(doc)
    return out


def build_corpus(
    corpus: str | Path | Sequence[str | Path],
    cache_dir: str | Path,
    page_ranges: PageRanges = None,
    clean: CleanOptions | None = None,
    tokenizer: str = "gpt2",
    val_fraction: float = 0.1,
) -> TokenCorpus:
    """Tokenised train/val streams of a corpus, from the cache when it was built before.

    Each document ends with <|endoftext|>; the last `val_fraction` of each document's tokens is held out for
    validation, a contiguous piece, so no training window overlaps a validation window.
    """
    clean = clean or CleanOptions()
    files = find_files(corpus)
    key = cache_key(files, page_ranges, clean, tokenizer, val_fraction)
    folder = Path(cache_dir).expanduser() / key
    if (folder / "meta.json").is_file():
        log.info("Corpus cache hit: %s", folder)
        return _open(folder)
    log.info("Building the token cache for %d file(s) in %s", len(files), folder)
    tok = get_tokenizer(tokenizer)
    if tok.vocab_size > np.iinfo(np.uint16).max + 1:
        raise CorpusError(f"Tokenizer {tokenizer} has {tok.vocab_size} tokens, too many for the uint16 cache.")
    train_parts, val_parts, docs = [], [], []
    texts = [read_document(path, page_range_for(path, page_ranges), clean) for path in files]
    for path, ids in zip(files, tokenize_documents(texts, tokenizer), strict=True):
        ids.append(tok.eot_id)
        cut = len(ids) - int(len(ids) * val_fraction)
        train_parts.append(np.asarray(ids[:cut], dtype=np.uint16))
        val_parts.append(np.asarray(ids[cut:], dtype=np.uint16))
        docs.append({"file": str(path), "tokens": len(ids), "page_range": page_range_for(path, page_ranges)})
    meta = {
        "key": key,
        "tokenizer": tokenizer,
        "val_fraction": val_fraction,
        "clean": asdict(clean),
        "documents": docs,
        "train_tokens": int(sum(len(p) for p in train_parts)),
        "val_tokens": int(sum(len(p) for p in val_parts)),
    }
    _write_atomically(folder, np.concatenate(train_parts), np.concatenate(val_parts), meta)
    return _open(folder)


def _write_atomically(folder: Path, train: np.ndarray, val: np.ndarray, meta: dict) -> None:
    """Write into a temporary sibling folder, then rename: a crash never leaves a half-written cache behind."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        train.tofile(tmp / "train.bin")
        val.tofile(tmp / "val.bin")
        (tmp / "meta.json").write_text(json.dumps(meta, indent=2))
        try:
            tmp.rename(folder)
        except OSError:  # another process built the same cache meanwhile: keep theirs
            if not (folder / "meta.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _open(folder: Path) -> TokenCorpus:
    meta = json.loads((folder / "meta.json").read_text())

    def load(name: str) -> np.ndarray:
        path = folder / name
        return np.memmap(path, dtype=np.uint16, mode="r") if path.stat().st_size else np.zeros(0, np.uint16)

    return TokenCorpus(train=load("train.bin"), val=load("val.bin"), meta=meta)

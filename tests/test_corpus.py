import logging

import numpy as np
import pytest
import torch

from potterverse.data import corpus as corpus_mod
from potterverse.data.corpus import build_corpus, read_document, split_for_encoding, tokenize_documents
from potterverse.data.pdf import CleanOptions
from potterverse.data.pretrain import PretrainDataModule, WindowSampler, validation_offsets
from potterverse.errors import CorpusError
from potterverse.tokenizer import get_tokenizer
from tests.helpers.paths import SAMPLE_PDF, SHARED
from tests.helpers.pdf import render_book

STORY = "The lantern burned blue over the lake, and the children watched the water. " * 40


@pytest.fixture
def text_corpus(tmp_path):
    folder = tmp_path / "books"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY)
    (folder / "b.md").write_text("A second document about owls and ink. " * 30)
    return folder


def test_build_splits_each_document_and_ends_it_with_eot(text_corpus, tmp_path):
    data = build_corpus(text_corpus, tmp_path / "cache", val_fraction=0.2)
    eot = get_tokenizer().eot_id
    assert data.train.dtype == np.uint16
    assert int((data.val == eot).sum()) == 2  # each document's held-out tail ends with <|endoftext|>
    assert int((data.train == eot).sum()) == 0
    total = data.meta["train_tokens"] + data.meta["val_tokens"]
    assert abs(data.meta["val_tokens"] / total - 0.2) < 0.01
    assert get_tokenizer().decode(data.train[:6].tolist()).startswith("The lantern burned blue")


def test_second_build_is_a_cache_hit(text_corpus, tmp_path, monkeypatch, caplog):
    first = build_corpus(text_corpus, tmp_path / "cache")

    def no_reading(*args, **kwargs):
        raise AssertionError("the corpus was read again despite the cache")

    monkeypatch.setattr(corpus_mod, "read_document", no_reading)
    with caplog.at_level(logging.INFO):
        second = build_corpus(text_corpus, tmp_path / "cache")
    assert "cache hit" in caplog.text
    assert np.array_equal(first.train, second.train)


def test_changing_the_corpus_or_cleaning_rebuilds(text_corpus, tmp_path):
    a = build_corpus(text_corpus, tmp_path / "cache")
    (text_corpus / "a.txt").write_text(STORY + " One more sentence.")
    b = build_corpus(text_corpus, tmp_path / "cache")
    assert a.meta["key"] != b.meta["key"]
    c = build_corpus(text_corpus, tmp_path / "cache", val_fraction=0.3)
    assert c.meta["key"] != b.meta["key"]


REAL_BOOK = SHARED / "corpus" / "oz01_wonderful_wizard_of_oz.txt"


@pytest.mark.skipif(not REAL_BOOK.is_file(), reason="the shared book corpus is not beside this checkout")
def test_cached_tokens_are_the_tokens_of_the_cleaned_book(tmp_path):
    """The model trains on what users' text becomes: a blank line is two newline tokens (198, 198), not 628."""
    data = build_corpus(REAL_BOOK, tmp_path / "cache")
    tok = get_tokenizer()
    text = read_document(REAL_BOOK, None, CleanOptions())
    assert text.count("\n\n") > 1000  # a real multi-paragraph book
    cached = np.concatenate([data.train, data.val]).tolist()
    assert cached == tok.encode(text) + [tok.eot_id]
    assert tok.encode("\n\n")[0] not in cached  # the paragraph token only ever ends a text


@pytest.mark.parametrize("source", [REAL_BOOK, SAMPLE_PDF], ids=["book", "pdf"])
def test_parallel_pieces_encode_exactly_like_the_whole_text(source):
    if not source.is_file():
        pytest.skip(f"{source} is not here")
    text = read_document(source, None, CleanOptions())
    pieces = split_for_encoding(text, "gpt2", piece_chars=200)
    assert len(pieces) > 100 and "".join(pieces) == text
    assert tokenize_documents([text], "gpt2", piece_chars=200)[0] == get_tokenizer().encode(text)


def test_pieces_are_never_cut_where_whitespace_could_merge():
    text = "End of a line. \n\nIndented  after.\n\n\nThree newlines.\n\n Leading space.\n\nPlain one.\n\nLast"
    pieces = split_for_encoding(text, "gpt2", piece_chars=1)
    assert pieces == [
        "End of a line. \n\nIndented  after.\n\n\nThree newlines.\n\n Leading space.",
        "\n\nPlain one.",
        "\n\nLast",
    ]
    assert tokenize_documents([text, ""], "gpt2", piece_chars=1) == [get_tokenizer().encode(text), []]


def test_non_utf8_text_is_decoded_with_a_warning(tmp_path, caplog):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(("Caf\xe9 au lait. " * 50).encode("latin-1"))
    with caplog.at_level(logging.WARNING):
        data = build_corpus(bad, tmp_path / "cache")
    assert "latin1.txt is not valid UTF-8" in caplog.text
    assert "\ufffd" in get_tokenizer().decode(data.train[:20].tolist())


def _encrypted_pdf(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = tmp_path / "plain.pdf"
    render_book(plain, ["secret words in a book."] * 10, "A", "B")
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt("hunter2")
    out = tmp_path / "locked.pdf"
    with out.open("wb") as f:
        writer.write(f)
    return out


def _image_only_pdf(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")  # a "scan": drawing, no text
    out = tmp_path / "scan.pdf"
    pdf.output(str(out))
    return out


def _truncated_pdf(tmp_path):
    out = tmp_path / "cut.pdf"
    out.write_bytes(SAMPLE_PDF.read_bytes()[:3000])
    return out


def _fake_pdf(tmp_path):
    out = tmp_path / "notes.pdf"
    out.write_text("this is plain text with a .pdf name")
    return out


def _docx(tmp_path):
    out = tmp_path / "book.docx"
    out.write_bytes(b"PK\x03\x04")
    return out


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda tmp: tmp / "missing.pdf", r"missing.pdf does not exist"),
        (_fake_pdf, r"notes.pdf is not a PDF"),
        (_docx, r"book.docx is neither a PDF nor a text file"),
        (_encrypted_pdf, r"locked.pdf is encrypted"),
        (_image_only_pdf, r"scan.pdf has no extractable text"),
        (_truncated_pdf, r"cut.pdf is truncated or corrupt"),
    ],
    ids=["missing", "not-a-pdf", "unsupported", "encrypted", "image-only", "truncated"],
)
def test_bad_corpus_inputs_name_the_file(tmp_path, make, match):
    with pytest.raises(CorpusError, match=match):
        build_corpus(make(tmp_path), tmp_path / "cache")


def test_empty_folder_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="holds no .pdf"):
        build_corpus(tmp_path / "empty", tmp_path / "cache")


def test_too_small_corpus_says_how_many_tokens(tmp_path):
    small = tmp_path / "tiny.txt"
    small.write_text("Only a few words here.")
    dm = PretrainDataModule(str(small), str(tmp_path / "cache"), block_size=64)
    with pytest.raises(CorpusError, match="too small"):
        dm.setup("fit")


def test_bad_batch_size_is_refused(tmp_path):
    with pytest.raises(CorpusError, match="batch_size"):
        PretrainDataModule(str(tmp_path), str(tmp_path), batch_size=0)


def test_windows_are_shifted_pairs_and_sampling_is_seeded(text_corpus, tmp_path):
    dm = PretrainDataModule(str(text_corpus), str(tmp_path / "cache"), block_size=16, batch_size=4, seed=3)
    dm.setup("fit")
    x, y = next(iter(dm.train_dataloader()))
    assert x.shape == y.shape == (4, 16) and x.dtype == torch.long
    assert torch.equal(x[:, 1:], y[:, :-1])
    a = WindowSampler(1000, 16, 50, seed=3)
    b = WindowSampler(1000, 16, 50, seed=3)
    assert list(a) == list(b)
    b.set_epoch(1)
    assert list(a) != list(b)
    strided = WindowSampler(1000, 16, 10_000, seed=0, mode="strided", stride=8)
    offsets = sorted(strided)
    assert offsets == list(range(0, 1000 - 17 + 1, 8))


def test_validation_windows_are_fixed_and_disjoint():
    offs = validation_offsets(10_000, 100, max_windows=10)
    assert len(offs) == 10 and offs == validation_offsets(10_000, 100, max_windows=10)
    assert all(b - a >= 100 for a, b in zip(offs, offs[1:], strict=False))

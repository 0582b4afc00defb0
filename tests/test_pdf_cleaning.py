import re

import pytest

from potterverse.data.pdf import CleanOptions, clean_pages, extract_pages, normalize_chars
from tests.helpers.paths import SAMPLE_PDF, SHARED
from tests.helpers.pdf import render_book

OZ_PDF = SHARED / "corpus" / "oz_books_1-3.pdf"


def test_cleaning_a_rendered_book(tmp_path):
    words = "the owl carried letters across the valley at dawn while the students slept".split(" ")
    paragraphs = [" ".join(words[(i * 3) % len(words) :] + words[: (i * 3) % len(words)]) + "." for i in range(40)]
    paragraphs[5] = "A word split at the line end: extra-\nordinary things happened."
    pdf = tmp_path / "book.pdf"
    render_book(pdf, paragraphs, "The Lantern Book", "Chapter of Owls")
    texts = extract_pages(pdf)
    assert len(texts) >= 4
    out = clean_pages(texts)
    assert "The Lantern Book" not in out and "Chapter of Owls" not in out
    assert not re.search(r"(^|\n)\d+(\n|$)", out), "a bare page number survived"
    assert "extraordinary things happened" in out
    assert out.count("\n\n") >= 30  # paragraphs kept apart


def test_sample_corpus_pdf_round_trips_to_its_source_text():
    out = clean_pages(extract_pages(SAMPLE_PDF, (3, 59)))
    source = " ".join(
        p.read_text().split("\n", 1)[1] for p in sorted((SAMPLE_PDF.parent / "sample_corpus").glob("0*.txt"))
    )
    assert out.split() == source.split()


@pytest.mark.skipif(not OZ_PDF.is_file(), reason="../shared/corpus/oz_books_1-3.pdf is not present")
def test_oz_pdf_headers_and_page_numbers_are_removed():
    out = clean_pages(extract_pages(OZ_PDF, (7, 60)))
    paragraphs = out.split("\n\n")
    assert not [p for p in paragraphs if re.fullmatch(r"\d+", p)]
    # running headers (book title on even pages) must not be glued into the prose
    assert not re.search(r"[a-z,;] The Wonderful Wizard of Oz [a-z]", out)
    assert "Chapter 2" in paragraphs and "The Council with the Munchkins" in paragraphs  # chapter openers kept
    assert "Dorothy lived in the midst of the great Kansas prairies" in out


def test_headers_are_kept_when_disabled(tmp_path):
    pdf = tmp_path / "book.pdf"
    render_book(pdf, ["some words in a line of text that wraps around the page."] * 30, "Even Title", "Odd Title")
    out = clean_pages(extract_pages(pdf), CleanOptions(drop_headers=False))
    assert "Even Title" in out


def test_ligatures_and_odd_spaces_are_normalised():
    assert normalize_chars("\ufb01ne o\ufb00er, a\u00a0cat, co\u00adoperate") == "fine offer, a cat, cooperate"

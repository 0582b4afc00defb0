"""Render the bundled sample corpus to a book-like PDF.

The sample corpus (``potterverse/resources/sample_corpus/NN_slug.txt``) is a
collection of original short stories written for PotterVerse. This script lays
it out like a small printed book so that the project's PDF extraction and
cleaning pipeline is exercised the same way it would be on a real book:

* an A5 page with a serif core font (Times) and justified, first-line-indented
  paragraphs;
* front matter (a title page and a contents page) that a user would skip with
  a page range;
* each story starting on a new page under its own heading;
* a running header on every body page -- the collection title on even pages
  and the current story title on odd pages -- and a centred page number in the
  footer.

The output is deterministic: the creation date and the other metadata are
fixed, so re-running the script produces a byte-identical file.

Usage::

    python scripts/render_sample_pdf.py [--src DIR] [--out FILE]

Each story file holds the title on its first line, a blank line, and then one
paragraph per line, paragraphs separated by blank lines, in plain ASCII.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = REPO_ROOT / "potterverse" / "resources" / "sample_corpus"
DEFAULT_OUT = REPO_ROOT / "potterverse" / "resources" / "sample_corpus.pdf"

COLLECTION_TITLE = "The Small Light"
COLLECTION_SUBTITLE = "Stories from Wyvernmere Academy of the Arcane"
AUTHOR = "The PotterVerse contributors"
FIXED_DATE = datetime(2024, 1, 1, 12, 0, 0, tzinfo=timezone.utc)

FONT = "Times"
BODY_SIZE = 11.0
LINE_HEIGHT = 1.35  # multiple of the font size
PARAGRAPH_INDENT = 5.0  # mm, first line of every paragraph but the first
SIDE_MARGIN = 18.0  # mm
TOP_MARGIN = 20.0  # mm, below the running header
BOTTOM_MARGIN = 18.0  # mm, above the page number


@dataclass(frozen=True)
class Story:
    """One story of the collection: a title and its paragraphs."""

    title: str
    paragraphs: list[str]


def load_stories(src: Path) -> list[Story]:
    """Read every ``NN_*.txt`` story file in ``src``, in file-name order."""
    stories: list[Story] = []
    for path in sorted(src.glob("[0-9][0-9]_*.txt")):
        text = path.read_text(encoding="utf-8")
        if not text.isascii():
            raise ValueError(f"{path}: story files must be plain ASCII")
        title, _, body = text.strip().partition("\n")
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        if not title.strip() or not paragraphs:
            raise ValueError(f"{path}: expected a title line and paragraphs")
        stories.append(Story(title=title.strip(), paragraphs=paragraphs))
    if not stories:
        raise FileNotFoundError(f"no NN_*.txt story files found in {src}")
    return stories


class BookPDF(FPDF):
    """An A5 book with running headers and page numbers on body pages only."""

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format=(148, 210))  # A5
        # Header and footer only from this page on (front matter has none).
        self.body_start_page = 10**9
        self.story_title = ""
        self.set_margins(SIDE_MARGIN, TOP_MARGIN, SIDE_MARGIN)
        self.set_auto_page_break(auto=True, margin=BOTTOM_MARGIN)

    def has_chrome(self) -> bool:
        return self.page_no() >= self.body_start_page

    def header(self) -> None:
        if not self.has_chrome():
            return
        # Like a printed book: collection title on the left-hand (even) page,
        # story title on the right-hand (odd) page.
        text = COLLECTION_TITLE if self.page_no() % 2 == 0 else self.story_title
        self.set_font(FONT, style="I", size=9)
        self.set_y(10)
        self.cell(0, 5, text, align="C")
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.15)
        self.line(SIDE_MARGIN, 15.5, self.w - SIDE_MARGIN, 15.5)
        self.set_y(TOP_MARGIN)

    def footer(self) -> None:
        if not self.has_chrome():
            return
        self.set_y(-12)
        self.set_font(FONT, size=9)
        self.cell(0, 5, str(self.page_no()), align="C")


def render_title_page(pdf: BookPDF, n_stories: int) -> None:
    pdf.add_page()
    pdf.set_y(62)
    pdf.set_font(FONT, style="B", size=26)
    pdf.cell(0, 12, COLLECTION_TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, style="I", size=13)
    pdf.multi_cell(0, 7, COLLECTION_SUBTITLE, align="C")
    pdf.ln(10)
    pdf.set_font(FONT, size=11)
    pdf.cell(0, 6, f"{n_stories} stories", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(-45)
    pdf.set_font(FONT, size=10)
    pdf.cell(0, 5, AUTHOR, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, style="I", size=9)
    pdf.cell(
        0,
        5,
        "An original sample corpus, licensed with the PotterVerse project",
        align="C",
    )


def render_contents_page(pdf: BookPDF, stories: list[Story], starts: list[int]) -> None:
    pdf.add_page()
    pdf.set_y(40)
    pdf.set_font(FONT, style="B", size=16)
    pdf.cell(0, 10, "Contents", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FONT, size=11)
    width = pdf.w - 2 * SIDE_MARGIN
    number_w = pdf.get_string_width("00") + 2  # room for two-digit page numbers
    for story, start in zip(stories, starts, strict=True):
        # Title, then right-aligned dot leaders, then the page number.
        title_w = pdf.get_string_width(story.title) + 2 * pdf.c_margin + 1.5
        leader_w = width - title_w - number_w
        dots = "." * int(leader_w / pdf.get_string_width("."))
        pdf.cell(title_w, 8, story.title)
        pdf.cell(leader_w, 8, dots, align="R")
        pdf.cell(number_w, 8, str(start), align="R", new_x="LMARGIN", new_y="NEXT")


def render_story(pdf: BookPDF, story: Story) -> int:
    """Render one story on fresh pages; return the page it starts on."""
    pdf.story_title = story.title
    pdf.add_page()
    start = pdf.page_no()
    pdf.set_y(TOP_MARGIN + 14)
    pdf.set_font(FONT, style="B", size=16)
    pdf.multi_cell(0, 8, story.title, align="C")
    pdf.ln(10)
    pdf.set_font(FONT, size=BODY_SIZE)
    with pdf.text_columns(text_align="J", line_height=LINE_HEIGHT) as column:
        for i, text in enumerate(story.paragraphs):
            indent = 0.0 if i == 0 else PARAGRAPH_INDENT
            with column.paragraph(first_line_indent=indent) as paragraph:
                paragraph.write(text)
    return start


def build_pdf(stories: list[Story], starts: list[int]) -> tuple[BookPDF, list[int]]:
    """Lay out the whole book; ``starts`` are the page numbers for the contents."""
    pdf = BookPDF()
    pdf.set_title(f"{COLLECTION_TITLE}: {COLLECTION_SUBTITLE}")
    pdf.set_author(AUTHOR)
    pdf.set_subject("Original sample corpus for PotterVerse")
    pdf.set_creator("PotterVerse scripts/render_sample_pdf.py")
    pdf.set_producer("fpdf2")
    pdf.set_creation_date(FIXED_DATE)
    render_title_page(pdf, len(stories))
    render_contents_page(pdf, stories, starts)
    pdf.body_start_page = pdf.page_no() + 1
    actual = [render_story(pdf, story) for story in stories]
    return pdf, actual


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder of NN_*.txt story files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="PDF file to write")
    args = parser.parse_args()

    stories = load_stories(args.src)
    # Two passes: the first finds where each story starts (the contents page is
    # always one page, so the layout does not move), the second prints them.
    _, starts = build_pdf(stories, [0] * len(stories))
    pdf, final_starts = build_pdf(stories, starts)
    if final_starts != starts:
        raise RuntimeError("story start pages changed between layout passes")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(args.out))
    print(f"wrote {pdf.page_no()} pages to {args.out}")
    print(f"body pages: {starts[0]}-{pdf.page_no()}")


if __name__ == "__main__":
    main()

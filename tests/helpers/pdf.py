"""Books rendered as PDFs laid out like real ones, for the extraction and cleaning tests."""

from __future__ import annotations

from pathlib import Path


def render_book(path: Path, paragraphs: list[str], header_even: str, header_odd: str) -> None:
    """A small book: alternating running headers, page numbers in the footer, hyphenated line ends."""
    from fpdf import FPDF

    class Book(FPDF):
        def header(self):
            self.set_font("Times", "I", 9)
            self.cell(0, 6, header_even if self.page_no() % 2 == 0 else header_odd, align="C")
            self.ln(10)

        def footer(self):
            self.set_y(-12)
            self.set_font("Times", size=9)
            self.cell(0, 6, str(self.page_no()), align="C")

    pdf = Book(format=(105, 148))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Times", size=10)
    for para in paragraphs:
        pdf.multi_cell(0, 5, "    " + para)
        pdf.ln(2)
    pdf.output(str(path))

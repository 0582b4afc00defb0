"""Text out of book PDFs: extract pages with pypdf, then undo the page layout.

A book page carries running headers (book or chapter title), page numbers and lines broken to the page width with
words hyphenated across them. `clean_pages` learns where a book keeps its page numbers, drops them with the
headers/footers beside them and any short edge line that repeats across pages, re-joins hyphenated words, and
rebuilds paragraphs from indentation and short closing lines.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from potterverse.errors import CorpusError
from potterverse.rules import BOOL, COUNT, POSITIVE, Checked, setting


@dataclass(frozen=True)
class CleanOptions(Checked):
    """How extracted pages are cleaned (data.clean of configs/data/pretrain.yaml)."""

    key_prefix: ClassVar[str] = "data.clean."
    drop_headers: bool = setting(BOOL, True)  # running headers/footers and page numbers
    # an edge line seen on this many pages (fewer in short documents) is a running header
    min_repeats: int = setting(POSITIVE, 3)
    edge_lines: int = setting(COUNT, 3)  # how many lines at the top and bottom of a page can be header/footer
    join_hyphens: bool = setting(BOOL, True)
    max_header_chars: int = setting(POSITIVE, 80)


LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
             "\ufb06": "st", "\u00ad": "", "\u00a0": " ", "\u2009": " ", "\u200b": ""}  # fmt: skip
_LIGATURE_RE = re.compile("|".join(LIGATURES))
_PAGE_NUMBER_RE = re.compile(r"^[\s\-–—|·•]*(page\s+)?(\d{1,4}|[ivxlcdm]{1,7})[\s\-–—|·•]*$", re.IGNORECASE)
_SENTENCE_END = tuple(".!?\"'”’:;)]…")


def extract_pages(path: Path, page_range: tuple[int, int] | None = None) -> list[str]:
    """The raw text of each page (1-based inclusive `page_range`), with a clear error for unusable PDFs."""
    with path.open("rb") as f:
        if f.read(5) != b"%PDF-":
            raise CorpusError(f"{path} is not a PDF (it does not start with %PDF-); pass a .pdf or a .txt file.")
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorpusError(f"{path} is encrypted with a password; save an unencrypted copy and use that.")
        pages = reader.pages
        first, last = page_range or (1, len(pages))
        if not 1 <= first <= last <= len(pages):
            raise CorpusError(f"Page range {first}-{last} is outside {path}, which has {len(pages)} pages.")
        texts = [pages[i].extract_text() or "" for i in range(first - 1, last)]
    except FileNotDecryptedError as err:
        raise CorpusError(f"{path} is encrypted with a password; save an unencrypted copy and use that.") from err
    except (PdfReadError, ValueError, KeyError, TypeError) as err:
        if isinstance(err, CorpusError):
            raise
        raise CorpusError(f"{path} is truncated or corrupt and could not be read ({err}); re-export the PDF.") from err
    if not any(t.strip() for t in texts):
        raise CorpusError(
            f"{path} has no extractable text (scanned page images?); run OCR on it first (e.g. ocrmypdf)."
        )
    return texts


def normalize_chars(text: str) -> str:
    """Ligatures to letters, soft hyphens and odd spaces out, Unicode composed (NFC)."""
    return unicodedata.normalize("NFC", _LIGATURE_RE.sub(lambda m: LIGATURES[m.group()], text))


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER_RE.match(line.strip()))


def _page_number_slot(lines: list[str], edge: int) -> int | None:
    """Where this page keeps its number: index i >= 0 counted from the top, or -i-1 counted from the bottom."""
    for i in range(min(edge, len(lines))):
        if _is_page_number(lines[i]):
            return i
    for i in range(1, min(edge, len(lines)) + 1):
        if _is_page_number(lines[-i]):
            return -i
    return None


def strip_headers(pages: list[list[str]], opts: CleanOptions) -> list[list[str]]:
    """Drop page numbers, the header/footer lines between them and the page edge, and repeating edge lines."""
    slots = Counter(s for lines in pages if (s := _page_number_slot(lines, opts.edge_lines)) is not None)
    # The book's layout: the slot where most pages keep their number (if most pages have one).
    layout = slots.most_common(1)[0][0] if slots and slots.most_common(1)[0][1] >= len(pages) / 2 else None
    edge_counts = Counter()
    for lines in pages:
        keys = {_edge_key(x) for x in lines[: opts.edge_lines] + lines[-opts.edge_lines :]}
        edge_counts.update(k for k in keys if k)
    repeats = min(opts.min_repeats, max(2, len(pages) // 3))  # a short document repeats its headers less often
    out = []
    for lines in pages:
        n = len(lines)
        top, bottom = list(range(min(opts.edge_lines, n))), list(range(max(n - opts.edge_lines, 0), n))
        drop = {i for i in top + bottom if _is_page_number(lines[i])}
        slot = _page_number_slot(lines, opts.edge_lines)
        if slot is not None and slot == layout:
            drop.update(range(0, slot + 1) if slot >= 0 else range(n + slot, n))
        # Repeating short lines are running headers, but not at the edge that holds this page's number: there a
        # chapter opener keeps its heading (which repeats the chapter's running header) below the number.
        zones = top + bottom if slot is None else (bottom if slot >= 0 else top)
        for i in zones:
            line = lines[i].strip()
            if len(line) <= opts.max_header_chars and edge_counts[_edge_key(line)] >= repeats:
                drop.add(i)
        out.append([x for i, x in enumerate(lines) if i not in drop])
    return out


def join_lines(pages: list[list[str]], join_hyphens: bool = True) -> str:
    """Rebuild paragraphs from page lines: an indented line, a blank line, or a short line that ends a sentence
    ends a paragraph; a word hyphenated at a line end is re-joined."""
    lines = [x for page in pages for x in page]
    widths = [len(x.strip()) for x in lines if len(x.strip()) > 20]
    typical = statistics.median(widths) if widths else 60
    indents_mark_paragraphs = sum(1 for x in lines if x[:1].isspace() and x.strip()) >= 0.05 * max(len(lines), 1)
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = " ".join(raw.split())
        starts_new = not line or (indents_mark_paragraphs and raw[:1].isspace())
        if starts_new and current:
            paragraphs.append(current)
            current = ""
        if not line:
            continue
        if join_hyphens and re.search(r"[A-Za-z]-$", current) and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}" if current else line
        short = len(line) < 0.75 * typical
        if short and (line.endswith(_SENTENCE_END) or len(line) < 0.5 * typical):
            paragraphs.append(current)  # a short last line: the paragraph (or a heading) ends here
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def clean_pages(texts: list[str], opts: CleanOptions | None = None) -> str:
    """A book's pages as clean text: paragraphs separated by a blank line."""
    opts = opts or CleanOptions()
    pages = [normalize_chars(t).splitlines() for t in texts]
    pages = [[x for x in lines if x.strip() or x == ""] for lines in pages]
    if opts.drop_headers:
        pages = strip_headers([[x for x in lines if x.strip()] for lines in pages], opts)
    return join_lines(pages, opts.join_hyphens)

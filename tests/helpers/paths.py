"""Where the tests find the repository and the shared offline assets."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SAMPLE_PDF = ROOT / "potterverse" / "resources" / "sample_corpus.pdf"

"""The sections of scripts/benchmark.py, one module each.

A section module has:
- `run(args, device, results) -> <its result>`: measures, returns a JSON-ready dict typed by a TypedDict of the
  module (`results` holds what earlier sections and the machine measured; a section may add a shared figure to it,
  as `train` adds the matmul peak);
- `TARGETS`: its goals as data (scripts/bench/targets.py), checked against its result;
- `markdown(result, results) -> list[str]`: its tables for the report;
- optionally `add_arguments(parser)`: its own command-line options.

Adding a section is one module here plus its row in `SECTIONS` (scripts/benchmark.py).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
OZ_PDF = SHARED / "corpus" / "oz_books_1-3.pdf"
SAMPLE_PDF = ROOT / "potterverse" / "resources" / "sample_corpus.pdf"

"""Where the configs are: inside the installed package (the wheel maps the repository's configs/ there), or the
repository's own configs/ beside the package in a checkout or an editable install: one source either way."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def config_dir() -> Path:
    installed = PACKAGE_DIR / "configs"
    return installed if (installed / "train.yaml").is_file() else PACKAGE_DIR.parent / "configs"

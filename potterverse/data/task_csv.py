"""Task CSVs as rows, and one row as the tokens a model is trained and scored on: no Lightning, so the inference
CLIs (potterverse-eval) can read held-out splits without importing it."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from potterverse.errors import TaskDataError
from potterverse.tasks import Task
from potterverse.tokenizer import Tokenizer

TASKS_DIR = Path(__file__).resolve().parents[1] / "resources" / "tasks"
COLUMNS = ("prompt", "completion")


def read_task_csv(path: str | Path, columns: Sequence[str] = COLUMNS) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV that has (at least) the given columns filled in, or a TaskDataError naming the file
    and row."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise TaskDataError(f"Task file {path} does not exist.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise TaskDataError(
            f"{path}, line {line}: bytes that are not UTF-8 (offset {err.start}); re-save the file as UTF-8."
        ) from err
    reader = csv.DictReader(io.StringIO(text))
    found = reader.fieldnames or []
    for col in columns:
        if col not in found:
            raise TaskDataError(
                f"{path} has no '{col}' column (found: {', '.join(found) or 'nothing'}); "
                f"the header must name {', '.join(columns)}."
            )
    rows = []
    for row in reader:
        for col in columns:
            if not (row.get(col) or "").strip():
                raise TaskDataError(
                    f"{path}, line {reader.line_num}: the '{col}' cell is empty; fill it or drop the row."
                )
        rows.append({k: v or "" for k, v in row.items() if k is not None})
    if not rows:
        raise TaskDataError(f"{path} has a header but no rows.")
    return rows


def encode_example(task: Task, prompt: str, completion: str, tok: Tokenizer,
                   character: str | None = None) -> tuple[list[int], list[int]]:  # fmt: skip
    """(x, y) of one example: the loss falls on the answer and its closing <|endoftext|> only. `character`
    answers chat prompts that name no one."""
    prompt_text, answer_text = task.example_text(prompt, completion, character)
    p = tok.encode(prompt_text)
    a = tok.encode(answer_text) + [tok.eot_id]
    seq = p + a
    targets = [-100] * len(p) + a
    return seq[:-1], targets[1:]

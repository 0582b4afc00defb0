"""Section 4: data: PDF pages/s (extracted and cleaned), tokenizer tokens/s, and the start of a pre-training run on a
cached corpus, from `train(cfg)` in this process and from launching `python -m potterverse.train`."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NotRequired, TypedDict

import lightning as L
import torch

from scripts.bench import OZ_PDF, ROOT, SAMPLE_PDF
from scripts.bench.start import import_seconds, launch_env
from scripts.bench.targets import Target
from scripts.bench.timing import Stats, fmt, interleaved, rate, spread


class DataResult(TypedDict):
    pdf: str
    pages: int
    pdf_pages_per_s: Stats
    tokens: int
    tokenize_tokens_per_s: Stats
    cache_build_s: float
    cache_hit_setup_and_first_batch_s: Stats
    cache_hit_train_call_to_first_step_s: Stats
    cache_hit_launch_to_first_step_s: NotRequired[Stats]  # not with --no-process-start
    import_torch_lightning_s: NotRequired[Stats]


def median_of(key: str):
    return lambda r: r[key]["median"] if key in r else None


TARGETS = (
    Target("cache-hit start: train(cfg) to first step (s)", "< 2", median_of("cache_hit_train_call_to_first_step_s")),
    Target("cache-hit start: process launch to first step (s)", "< 2", median_of("cache_hit_launch_to_first_step_s")),
)


def add_arguments(p) -> None:
    p.add_argument("--pdf", type=Path, default=OZ_PDF if OZ_PDF.is_file() else SAMPLE_PDF)
    p.add_argument("--pdf-pages", type=int, default=None, help="read only the first N pages")
    p.add_argument("--data-reps", type=int, default=3)
    p.add_argument("--no-process-start", dest="process_start", action="store_false",
                   help="skip timing a real potterverse-train launch")  # fmt: skip


class FirstStepProbe(L.Callback):
    """Writes the wall-clock time at which the first training batch starts to `path` (added to a timed run)."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def on_train_batch_start(self, trainer, pl_module, batch, batch_idx: int) -> None:
        if trainer.global_step == 0:
            self.path.write_text(f"{time.time():.6f}")


def run_overrides(pdf: Path, pages: tuple[int, int], cache: Path, mark: Path) -> list[str]:
    """A default pre-training run of one step on the (cached) corpus, with the first-step probe."""
    probe = f"{__name__}.FirstStepProbe"
    return [
        f"data.corpus={pdf}", f"data.page_range=[{pages[0]},{pages[1]}]",
        f"paths.cache_dir={cache}", "trainer.max_steps=1", "trainer.enable_progress_bar=false",
        f"+callbacks.first_step._target_={probe}", f"+callbacks.first_step.path={mark}",
    ]  # fmt: skip


def launch_to_first_step(overrides: list[str], out: Path) -> float:
    """Seconds from launching `python -m potterverse.train` to its first training step: interpreter start, imports,
    config, model, trainer and data setup."""
    launched = time.time()
    done = subprocess.run([sys.executable, "-m", "potterverse.train", *overrides, f"hydra.run.dir={out}"],
                          cwd=ROOT, env=launch_env(), capture_output=True, text=True)  # fmt: skip
    log = done.stdout + done.stderr
    mark = out / "first_step"
    if done.returncode != 0 or not mark.is_file() or "cache hit" not in log:
        raise RuntimeError(
            f"potterverse-train did not start from the cached corpus (exit {done.returncode}):\n{log[-4000:]}"
        )
    return float(mark.read_text()) - launched


def call_to_first_step(overrides: list[str], out: Path) -> float:
    """Seconds from calling `train(cfg)` in this process (imports done) to the run's first training step."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from potterverse.cli.common import CONFIG_DIR, register_resolvers
    from potterverse.training.run import train

    register_resolvers()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        cfg = compose(config_name="train", overrides=[*overrides, f"paths.output_dir={out}"])
    called = time.time()
    train(cfg)
    return float((out / "first_step").read_text()) - called


def run(args, device: torch.device, results: dict) -> DataResult:
    """PDF pages/s and tokens/s of the corpus pipeline, and how soon a pre-training run on a cached corpus trains:
    called in this process, and launched as a user launches it."""
    from potterverse.data.corpus import build_corpus, tokenize_documents
    from potterverse.data.pdf import CleanOptions, clean_pages, extract_pages
    from potterverse.data.pretrain import PretrainDataModule
    from potterverse.tokenizer import get_tokenizer

    pdf = args.pdf
    n_pages = len(__import__("pypdf").PdfReader(pdf).pages)
    pages = (1, min(n_pages, args.pdf_pages or n_pages))
    texts: list[str] = []

    def extract_and_clean() -> None:
        texts[:] = [clean_pages(extract_pages(pdf, pages), CleanOptions())]

    cpu = torch.device("cpu")
    pdf_s = interleaved({"pdf": extract_and_clean}, args.data_reps, 0, cpu)["pdf"]
    get_tokenizer("gpt2")  # loaded once, outside the timing
    n_tokens = len(tokenize_documents(texts, "gpt2")[0])
    tok_s = interleaved({"tok": lambda: tokenize_documents(texts, "gpt2")}, args.data_reps, 1, cpu)["tok"]
    result: DataResult = {  # the start figures are added below
        "pdf": str(pdf),
        "pages": pages[1] - pages[0] + 1,
        "pdf_pages_per_s": rate(pages[1] - pages[0] + 1, pdf_s),
        "tokens": n_tokens,
        "tokenize_tokens_per_s": rate(n_tokens, tok_s),
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        page_range = {pdf.name: list(pages)}
        start = time.perf_counter()
        build_corpus(pdf, tmp / "cache", page_range)
        result["cache_build_s"] = time.perf_counter() - start

        def setup_and_first_batch() -> None:
            data = PretrainDataModule(str(pdf), str(tmp / "cache"), block_size=256, batch_size=8, page_range=page_range)
            data.setup("fit")
            next(iter(data.train_dataloader()))

        hit = interleaved({"hit": setup_and_first_batch}, args.data_reps, 1, cpu)["hit"]
        result["cache_hit_setup_and_first_batch_s"] = spread(hit)
        cache, n = tmp / "cache", args.data_reps
        calls = [tmp / f"call{i}" for i in range(n)]
        result["cache_hit_train_call_to_first_step_s"] = spread(
            [call_to_first_step(run_overrides(pdf, pages, cache, run / "first_step"), run) for run in calls]
        )
        if args.process_start:
            launches = [tmp / f"launch{i}" for i in range(n)]
            result["cache_hit_launch_to_first_step_s"] = spread(
                [launch_to_first_step(run_overrides(pdf, pages, cache, run / "first_step"), run) for run in launches]
            )
            result["import_torch_lightning_s"] = spread([import_seconds() for _ in range(n)])
    return result


def markdown(d: DataResult, results: dict) -> list[str]:
    lines = ["\n**Data**\n", "| measure | median (min-max) |", "|---|---:|",
             f"| PDF pages/s, extracted + cleaned ({d['pages']} pages) | {fmt(d['pdf_pages_per_s'], 1)} |",
             f"| tokens/s, tokenised ({d['tokens']:,} tokens) | {fmt(d['tokenize_tokens_per_s'])} |",
             f"| cache-hit DataModule setup + first batch (s) | {fmt(d['cache_hit_setup_and_first_batch_s'], 3)} |",
             f"| cache-hit run, `train(cfg)` to first step (s) | "
             f"{fmt(d['cache_hit_train_call_to_first_step_s'], 2)} |"]  # fmt: skip
    if "cache_hit_launch_to_first_step_s" in d:
        lines += [f"| cache-hit `python -m potterverse.train`, launch to first step (s) | "
                  f"{fmt(d['cache_hit_launch_to_first_step_s'], 2)} |",
                  f"| of which a bare `python -c 'import torch, lightning'` (s) | "
                  f"{fmt(d['import_torch_lightning_s'], 2)} |"]  # fmt: skip
    return lines

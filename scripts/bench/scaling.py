"""Section: past one process on CPU: tokens/s of `potterverse-train` on 1 and 2 processes under DDP and FSDP2
(trainer=ddp / trainer=fsdp, gloo), and the memory each process holds: its resident set after the timed steps and
its high-water mark (both count torch's libraries, ~0.5 GB, and the peak also the whole model each process builds
before FSDP2 shards it) and, exact, the bytes of the parameters and AdamW state it keeps (FSDP2's shards, DDP's
full copies). glibc's allocator keeps freed memory for reuse, so the resident set of a process drifts up with every
step (FSDP2 allocates and frees each block's gathered weights): the runs fix its mmap threshold at 64 KiB
(MALLOC_MMAP_THRESHOLD_), so that freed tensors go back to the system and the resident set follows the live
tensors; every contender pays the same page faults (`--scaling-default-malloc` measures without it).

Each contender is a real training run launched as a user types it, the processes splitting the machine's cores
(OMP_NUM_THREADS = threads / processes) with the same batch per process: 2 processes train on twice the tokens per
step. A probe callback in every process times `--scaling-steps` steps after `--scaling-warmup` untimed ones and
writes its figures; the run is then stopped (its save and export are not measured). Always on CPU."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TypedDict

import lightning as L
import torch

from scripts.bench import ROOT
from scripts.bench.start import launch_env
from scripts.bench.targets import Target
from scripts.bench.timing import Stats, fmt, rate, spread

STRATEGIES = {"DDP": "ddp", "FSDP2": "fsdp"}  # label -> trainer config
PROCESSES = (1, 2)


class Contender(TypedDict):
    strategy: str
    processes: int
    threads_per_process: int
    tokens_per_s: Stats
    peak_rss_bytes: Stats  # the largest process's high-water mark, over the repetitions
    rss_bytes: Stats  # the largest process's resident set after the timed steps
    model_optimizer_bytes: int  # parameters + AdamW state on the largest process: exact, the same every repetition


class ScalingResult(TypedDict):
    batch: int  # per process
    seq: int
    steps: int
    warmup: int
    malloc: str  # glibc's mmap threshold in the runs
    contenders: dict[str, Contender]
    ratios: dict[str, float]


def _ratio(key: str):
    return lambda r: r["ratios"].get(key)


TARGETS = (
    Target("FSDP2 / DDP parameters + AdamW state per process, 2 processes, {size}", "<= 0.55",
           _ratio("fsdp_vs_ddp_model_optimizer_bytes"), per_size=True),
    Target("FSDP2 / DDP resident set per process after the steps, 2 processes, {size}", "< 0.75",
           _ratio("fsdp_vs_ddp_rss"), per_size=True, sizes=("small",)),
)  # fmt: skip


def add_arguments(p) -> None:
    p.add_argument("--scaling-steps", type=int, default=6, help="timed training steps of each scaling run")
    p.add_argument("--scaling-warmup", type=int, default=2, help="untimed steps first (allocation, gloo set-up)")
    p.add_argument("--scaling-reps", type=int, default=1, help="runs of each scaling contender (interleaved)")
    p.add_argument("--scaling-batch", nargs="+", default=["tiny=4", "small=2"],
                   help="SIZE=BATCH per process for the scaling runs (sequence length: --seq)")  # fmt: skip
    p.add_argument("--scaling-default-malloc", action="store_true",
                   help="leave glibc's mmap threshold alone in the scaling runs (resident sets drift up)")  # fmt: skip


def check_arguments(args, p) -> None:
    args.scaling_batch = {k: int(v) for k, v in (item.split("=") for item in args.scaling_batch)}
    missing = [s for s in args.sizes if s not in args.scaling_batch]
    if missing:
        p.error(f"--scaling-batch has no batch size for {', '.join(missing)}")
    if args.scaling_steps < 1 or args.scaling_warmup < 1:
        p.error("--scaling-steps and --scaling-warmup must be at least 1")


# --- inside each process of a timed run ---


def local_bytes(tensors) -> int:
    """Bytes of `tensors` held by this process: a DTensor (an FSDP2 shard) counts its local part only."""
    from torch.distributed.tensor import DTensor

    return sum((t.to_local() if isinstance(t, DTensor) else t).nbytes for t in tensors if torch.is_tensor(t))


def peak_rss_bytes() -> int:
    """This process's resident-set high-water mark (Linux's ru_maxrss is in KiB, macOS's in bytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def rss_bytes() -> int:
    """This process's resident set now (Linux; elsewhere its high-water mark)."""
    status = Path("/proc/self/status")
    if status.is_file():
        line = next(ln for ln in status.read_text().splitlines() if ln.startswith("VmRSS:"))
        return int(line.split()[1]) * 1024
    return peak_rss_bytes()


class ScalingProbe(L.Callback):
    """Times `steps` optimizer steps after `warmup` and then writes this process's figures to `out`/rank<N>.json:
    seconds, tokens it trained on, peak RSS, and the bytes of its parameters and optimizer state."""

    def __init__(self, out: str, warmup: int, steps: int) -> None:
        self.out, self.warmup, self.steps = Path(out), warmup, steps
        self.start: float | None = None
        self.tokens = 0

    def on_train_batch_end(self, trainer: L.Trainer, pl_module: L.LightningModule, outputs, batch, batch_idx: int):
        step = trainer.global_step
        if step == self.warmup:
            self.start = time.perf_counter()
        elif self.start is not None and step <= self.warmup + self.steps:
            self.tokens += batch[0].numel()
            if step == self.warmup + self.steps:
                self._report(trainer, pl_module, time.perf_counter() - self.start)

    def _report(self, trainer: L.Trainer, pl_module: L.LightningModule, seconds: float) -> None:
        states = [v for opt in trainer.optimizers for state in opt.state.values() for v in state.values()]
        report = {
            "rank": trainer.global_rank,
            "seconds": seconds,
            "tokens": self.tokens,
            "threads": torch.get_num_threads(),
            "peak_rss_bytes": peak_rss_bytes(),
            "rss_bytes": rss_bytes(),
            "parameter_bytes": local_bytes(pl_module.parameters()),
            "optimizer_bytes": local_bytes(states),
        }
        self.out.mkdir(parents=True, exist_ok=True)
        tmp = self.out / f".rank{trainer.global_rank}.json"
        tmp.write_text(json.dumps(report))
        tmp.rename(self.out / f"rank{trainer.global_rank}.json")  # whole, as the benchmark reads it


# --- the benchmark's side ---


def run_overrides(size: str, strategy: str, processes: int, batch: int, seq: int, steps: int, warmup: int,
                  tmp: Path, probe: Path) -> list[str]:  # fmt: skip
    """A pre-training run on the sample corpus at `size` under `strategy`, on `processes` CPU processes, with the
    probe; no validation, sample texts or logger, so the timed steps are training steps only."""
    return [
        "experiment=quickstart", f"model={size}", f"trainer={strategy}", "trainer.accelerator=cpu",
        f"trainer.devices={processes}", "trainer.precision=32-true", f"trainer.max_steps={warmup + steps}",
        "trainer.limit_val_batches=0", "trainer.enable_progress_bar=false", "trainer.enable_model_summary=false",
        f"data.batch_size={batch}", f"data.block_size={seq}", "model.drop_rate=0", "~logger",
        "callbacks.text_samples=null", "callbacks.best_checkpoint=null",
        f"paths.log_dir={tmp / 'outputs'}", f"paths.cache_dir={tmp / 'cache'}",
        f"+callbacks.scaling_probe._target_={__name__}.ScalingProbe", f"+callbacks.scaling_probe.out={probe}",
        f"+callbacks.scaling_probe.warmup={warmup}", f"+callbacks.scaling_probe.steps={steps}",
    ]  # fmt: skip


def timed_run(overrides: list[str], processes: int, env: dict[str, str], probe: Path, timeout: float = 1800
              ) -> list[dict]:  # fmt: skip
    """Launch `python -m potterverse.train` in `env` and wait for every process's probe report; then stop the run (all
    its processes: Lightning starts rank 1 as rank 0's child) and return the reports, by rank."""
    log = probe.with_suffix(".log")
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "potterverse.train", *overrides], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)  # fmt: skip
        try:
            deadline = time.monotonic() + timeout
            while len(list(probe.glob("rank*.json"))) < processes:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"potterverse-train ended (exit {proc.poll()}) or timed out before its probe "
                                       f"reported:\n{log.read_text()[-4000:]}")  # fmt: skip
                time.sleep(0.2)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return [json.loads((probe / f"rank{r}.json").read_text()) for r in range(processes)]


def run(args, device: torch.device, results: dict) -> dict[str, ScalingResult]:
    """Per model size: every (strategy, processes) contender `--scaling-reps` times, in alternating order."""
    threads = args.threads or os.cpu_count() or 1
    env = {**launch_env(), "PYTHONWARNINGS": "ignore"}
    malloc = "default malloc" if args.scaling_default_malloc else "mmap threshold 64 KiB"
    if not args.scaling_default_malloc:
        env["MALLOC_MMAP_THRESHOLD_"] = str(64 * 1024)
    out: dict[str, ScalingResult] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            batch, seq, steps, warmup = args.scaling_batch[size], args.seq, args.scaling_steps, args.scaling_warmup
            contenders = [(label, n) for label in STRATEGIES for n in PROCESSES]  # 1 process first: builds the cache
            reports: dict[tuple[str, int], list[list[dict]]] = {c: [] for c in contenders}
            for rep in range(args.scaling_reps):
                for label, n in contenders if rep % 2 == 0 else contenders[::-1]:
                    probe = Path(tmp) / f"{size}-{STRATEGIES[label]}-{n}-{rep}"
                    overrides = run_overrides(size, STRATEGIES[label], n, batch, seq, steps, warmup, Path(tmp), probe)
                    split = {**env, "OMP_NUM_THREADS": str(max(1, threads // n))}  # the cores, shared out
                    reports[label, n].append(timed_run(overrides, n, split, probe))
            rows = {f"{label}, {n} process{'es' if n > 1 else ''}": summarise(label, n, reps)
                    for (label, n), reps in reports.items()}  # fmt: skip
            out[size] = ScalingResult(batch=batch, seq=seq, steps=steps, warmup=warmup, contenders=rows,
                                      malloc=malloc, ratios=ratios(rows))  # fmt: skip
    return out


def summarise(label: str, processes: int, reps: list[list[dict]]) -> Contender:
    """One contender's repetitions: tokens of all processes over the slowest process's seconds."""
    seconds = [max(r["seconds"] for r in ranks) for ranks in reps]
    tokens = sum(r["tokens"] for r in reps[0])  # the same every repetition
    return Contender(
        strategy=label, processes=processes, threads_per_process=reps[0][0]["threads"],
        tokens_per_s=rate(tokens, seconds),
        peak_rss_bytes=spread([max(r["peak_rss_bytes"] for r in ranks) for ranks in reps]),
        rss_bytes=spread([max(r["rss_bytes"] for r in ranks) for ranks in reps]),
        model_optimizer_bytes=max(r["parameter_bytes"] + r["optimizer_bytes"] for r in reps[0]),
    )  # fmt: skip


def ratios(rows: dict[str, Contender]) -> dict[str, float]:
    by = {(c["strategy"], c["processes"]): c for c in rows.values()}
    tokens = {k: c["tokens_per_s"]["median"] for k, c in by.items()}
    ddp, fsdp = by["DDP", 2], by["FSDP2", 2]
    return {
        "ddp_2_vs_1_tokens_per_s": tokens["DDP", 2] / tokens["DDP", 1],
        "fsdp_2_vs_1_tokens_per_s": tokens["FSDP2", 2] / tokens["FSDP2", 1],
        "fsdp_vs_ddp_tokens_per_s": tokens["FSDP2", 2] / tokens["DDP", 2],
        "fsdp_vs_ddp_model_optimizer_bytes": fsdp["model_optimizer_bytes"] / ddp["model_optimizer_bytes"],
        "fsdp_vs_ddp_peak_rss": fsdp["peak_rss_bytes"]["median"] / ddp["peak_rss_bytes"]["median"],
        "fsdp_vs_ddp_rss": fsdp["rss_bytes"]["median"] / ddp["rss_bytes"]["median"],
    }


def markdown(result: dict[str, ScalingResult], results: dict) -> list[str]:
    mb = 2**20
    lines = []
    for size, r in result.items():
        lines += [f"\n**Scaling on CPU, {size}** (`potterverse-train`, batch {r['batch']} x {r['seq']} per process, "
                  f"{r['steps']} steps timed after {r['warmup']}, gloo, {r['malloc']})\n",
                  "| contender | threads per process | tokens/s median (min-max) | RSS after the steps (MiB) | "
                  "peak RSS (MiB) | parameters + AdamW state (MiB) |", "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
        lines += [f"| {name} | {c['threads_per_process']} | {fmt(c['tokens_per_s'])} | "
                  f"{c['rss_bytes']['median'] / mb:,.0f} | {c['peak_rss_bytes']['median'] / mb:,.0f} | "
                  f"{c['model_optimizer_bytes'] / mb:,.1f} |" for name, c in r["contenders"].items()]  # fmt: skip
        q = r["ratios"]
        lines.append(f"\nMemory is per process (the largest). 2 processes / 1: DDP "
                     f"{q['ddp_2_vs_1_tokens_per_s']:.2f}x, FSDP2 {q['fsdp_2_vs_1_tokens_per_s']:.2f}x tokens/s. "
                     f"FSDP2 / DDP on 2 processes: tokens/s "
                     f"{q['fsdp_vs_ddp_tokens_per_s']:.2f}, parameters + AdamW state "
                     f"{q['fsdp_vs_ddp_model_optimizer_bytes']:.2f}, RSS after the steps {q['fsdp_vs_ddp_rss']:.2f}, "
                     f"peak RSS {q['fsdp_vs_ddp_peak_rss']:.2f}")  # fmt: skip
    return lines

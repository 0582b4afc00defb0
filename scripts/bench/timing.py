"""Timing that is fair to every contender, and the machine's peaks that measured rates are set against."""

from __future__ import annotations

import contextlib
import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

import torch

# Dense bf16 tensor-core peaks (TFLOP/s, without sparsity) from the vendors' data sheets, matched against
# torch.cuda.get_device_name(); the longest matching key wins. Other cards use the bf16 matmul peak measured here.
GPU_BF16_PEAK_TFLOPS = {
    "H200": 989.0,
    "H100 80GB HBM3": 989.0,  # SXM
    "H100 PCIe": 756.0,
    "H100 NVL": 835.0,
    "A100": 312.0,
    "L40S": 362.0,
    "L4": 121.0,
    "RTX 4090": 165.2,
}


class Stats(TypedDict):
    """A figure over repetitions: its median, min and max."""

    median: float
    min: float
    max: float


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def interleaved(
    contenders: dict[str, Callable[[], object]], reps: int, warmup: int, device: torch.device
) -> dict[str, list[float]]:
    """Seconds per call of each contender: `warmup` untimed rounds, then `reps` rounds, contenders one after the
    other within a round (the order alternates between rounds, so a drift in machine load hits all alike)."""
    names = list(contenders)
    for _ in range(warmup):
        for name in names:
            contenders[name]()
    synchronize(device)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for rep in range(reps):
        for name in names if rep % 2 == 0 else names[::-1]:
            start = time.perf_counter()
            contenders[name]()
            synchronize(device)
            seconds[name].append(time.perf_counter() - start)
    return seconds


def spread(values: list[float]) -> Stats:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def rate(work: float, seconds: list[float]) -> Stats:
    """Work per second: the median, min and max over the repetitions."""
    return spread([work / s for s in seconds])


def speedup(seconds: dict[str, list[float]], fast: str, slow: str) -> float:
    """How many times faster `fast` ran than `slow`: the median of the ratios within each round."""
    return statistics.median(b / a for a, b in zip(seconds[fast], seconds[slow], strict=True))


def best_seconds(call: Callable[[], object], reps: int, device: torch.device) -> float:
    """The fastest of `reps` timed calls, after one warm-up call."""
    best = math.inf
    for _ in range(reps + 1):
        synchronize(device)
        start = time.perf_counter()
        call()
        synchronize(device)
        best = min(best, time.perf_counter() - start)
    return best


def matmul_peak(dtype: torch.dtype, n: int, reps: int, device: torch.device) -> float:
    """The best FLOP/s of `reps` n x n matmuls in `dtype`."""
    a, b = (torch.randn(n, n, device=device).to(dtype) for _ in range(2))
    return 2 * n**3 / best_seconds(lambda: a @ b, reps, device)


def memory_bandwidth(megabytes: int, reps: int, device: torch.device) -> float:
    """The best bytes/s of `reps` sums over a tensor far larger than the caches: the rate at which decoding can
    stream weights, as the matmul peak is the rate at which training can multiply."""
    data = torch.ones(megabytes * 2**20 // 4, device=device)
    return data.nbytes / best_seconds(data.sum, reps, device)


def machine_peaks(n: int, reps: int, device: torch.device) -> dict[str, dict]:
    """The peak each dtype's MFU is measured against: measured here, or on a known GPU its bf16 data-sheet value."""
    peaks = {}
    for name, dtype in (("fp32", torch.float32), ("bf16", torch.bfloat16)):
        measured = matmul_peak(dtype, n, reps, device)
        peaks[name] = {"flops": measured, "measured_flops": measured, "source": f"best of {reps} {n}x{n} matmuls"}
    if device.type == "cuda":
        card = torch.cuda.get_device_name(device)
        known = [key for key in GPU_BF16_PEAK_TFLOPS if key in card]
        if known:
            key = max(known, key=len)
            peaks["bf16"].update(flops=GPU_BF16_PEAK_TFLOPS[key] * 1e12, source=f"data sheet: {key} dense bf16")
    return peaks


def machine(device: torch.device) -> dict:
    """What the figures were measured on."""
    info = {
        "device": str(device),
        "threads": torch.get_num_threads(),
        "cpu": platform.processor() or platform.machine(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_average_at_start": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    with contextlib.suppress(ImportError):
        import transformers

        info["transformers"] = transformers.__version__
    if device.type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(device)
    with contextlib.suppress(OSError):
        names = [ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                 if ln.startswith("model name")]  # fmt: skip
        info["cpu"] = names[0] if names else info["cpu"]
    return info


def fmt(stats: Stats, digits: int = 0) -> str:
    """`median (min-max)` for the report's tables."""
    return f"{stats['median']:,.{digits}f} ({stats['min']:,.{digits}f}-{stats['max']:,.{digits}f})"

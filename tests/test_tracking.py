"""Trackers for real: a training run and a sweep logged over HTTP to an `mlflow server` started here (then the
server stopped in the middle of a run), and W&B offline with a resumed run keeping its id."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.configs import tiny_run_overrides
from tests.helpers.net import free_port
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.slow


def _train(*args: str, env: dict[str, str] | None = None, background: bool = False):
    cmd = [sys.executable, "-m", "potterverse.train", *args]
    env = {**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})}
    if background:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def mlflow_server(tmp_path):
    """`mlflow server` on 127.0.0.1 (a free port), its runs in SQLite and its artefacts in tmp_path."""
    pytest.importorskip("mlflow")
    port = free_port()
    server = subprocess.Popen(
        [shutil.which("mlflow") or str(Path(sys.executable).parent / "mlflow"), "server", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "--backend-store-uri", f"sqlite:///{tmp_path / 'server.db'}",
         "--artifacts-destination", str(tmp_path / "artifacts")],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # its start spawns a dozen processes: minutes on a busy machine
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        with contextlib.suppress(ProcessLookupError):  # every process of its session: one alive holds its stderr
            _stop(server)
        pytest.fail(f"mlflow server did not start: {server.stderr.read()[-2000:]}")
    yield url, server
    if server.poll() is None:
        os.killpg(server.pid, 15)
        server.wait(30)


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGKILL)  # the server and its workers, at once (SIGTERM can take long under load)
    server.wait(30)


def test_a_sweep_logs_to_an_mlflow_server_and_a_run_outlives_it(tmp_path, mlflow_server):
    from mlflow.tracking import MlflowClient

    url, server = mlflow_server
    base = tiny_run_overrides(tmp_path / "unused", tmp_path / "cache", steps=4)
    overrides = [o for o in base if not o.startswith("paths.output_dir")]
    result = _train("-m", *overrides, f"hydra.sweep.dir={tmp_path / 'sweep'}", "optimizer.lr=1e-3,3e-4",
                    "logger=many", f"logger.mlflow.tracking_uri={url}")  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    client = MlflowClient(url)
    (experiment,) = client.search_experiments(filter_string="name = 'quickstart'")
    runs = {r.info.run_name: r for r in client.search_runs([experiment.experiment_id])}
    assert set(runs) == {"lr=0.001", "lr=0.0003"}  # named by what sets them apart
    for run in runs.values():
        job = tmp_path / "sweep" / run.data.tags["trial"]
        assert run.data.tags["sweep"] == str((tmp_path / "sweep").resolve())
        assert run.info.status == "FINISHED"
        assert float(run.data.params["lr"]) == float(run.info.run_name.split("=")[1])
        logged = list(csv.DictReader((job / "csv" / "metrics.csv").open()))
        csv_keys = {k for row in logged for k, v in row.items() if v and k not in ("step", "epoch")}
        assert csv_keys <= set(run.data.metrics), csv_keys - set(run.data.metrics)  # every metric the run logged
        history = client.get_metric_history(run.info.run_id, "train/loss")
        assert len(history) == sum(1 for row in logged if row.get("train/loss"))
        assert {a.path for a in client.list_artifacts(run.info.run_id)} >= {"config.yaml", "metrics.json", "loss.png"}

    # A longer run; the server goes away once the run has logged to it.
    run_dir = tmp_path / "long"
    steps = 120
    long = [o for o in tiny_run_overrides(run_dir, tmp_path / "cache", steps=steps) if "val_check" not in o]
    proc = _train(*long, "trainer.val_check_interval=20", "logger=many", f"logger.mlflow.tracking_uri={url}",
                  background=True)  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        found = client.search_runs([experiment.experiment_id], filter_string="attributes.run_name = 'quickstart'")
        if found and client.get_metric_history(found[0].info.run_id, "train/loss"):
            break
        time.sleep(0.2)
    _stop(server)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr[-3000:]
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["global_step"] == steps  # trained to the end
    rows = list(csv.DictReader((run_dir / "csv" / "metrics.csv").open()))
    assert max(int(r["step"]) for r in rows) >= steps - 1
    assert (run_dir / "model.safetensors").is_file() and (run_dir / "loss.png").is_file()
    log = (run_dir / "train.log").read_text()
    assert log.count("stopped answering") == 1, log[-3000:]


def test_wandb_offline_run_folder_and_a_resumed_run_keeps_its_id(tmp_path):
    pytest.importorskip("wandb")
    run_dir = tmp_path / "run"
    env = {"WANDB_MODE": "", "WANDB_API_KEY": "", "HOME": str(tmp_path / "home"),
           "WANDB_CONFIG_DIR": str(tmp_path / "wandb-config"), "WANDB_CACHE_DIR": str(tmp_path / "wandb-cache"),
           "WANDB_DATA_DIR": str(tmp_path / "wandb-data")}  # fmt: skip
    env = {k: v for k, v in env.items() if v}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WANDB_")}
    first = subprocess.run(
        [sys.executable, "-m", "potterverse.train", *tiny_run_overrides(run_dir, tmp_path / "cache", steps=2),
         "logger=wandb"], cwd=ROOT, env={**clean, "PYTHONWARNINGS": "ignore", **env}, capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr[-3000:]
    run_id = (run_dir / "wandb" / "run_id").read_text().strip()
    (offline,) = (run_dir / "wandb").glob("offline-run-*")
    assert offline.name.endswith(f"-{run_id}") and any(offline.glob("*.wandb"))
    second = subprocess.run(
        [sys.executable, "-m", "potterverse.train", f"ckpt_path={run_dir}", "trainer.max_steps=4"], cwd=ROOT,
        env={**clean, "PYTHONWARNINGS": "ignore", **env}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert second.returncode == 0, second.stderr[-3000:]
    runs = sorted((run_dir / "wandb").glob("offline-run-*"))
    assert len(runs) == 2 and all(r.name.endswith(f"-{run_id}") for r in runs)  # the same W&B run, continued

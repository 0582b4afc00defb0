"""A real one-node SLURM cluster for the tests: munged, slurmctld and slurmd from Debian's `slurm-wlm` and `munge`,
started as root on 127.0.0.1 with ports of their own, everything they write under a tmp folder, no systemd. Each
daemon is stopped by the PID it wrote when the session ends. Elsewhere (not root, no binaries) the tests that use
it skip with the reason. `scripts/test.sh` installs the packages when it runs as root.

No cgroups (processes tracked by their tree), no accounting (`sacct` answers nothing: submitit says "Bypassing
sacct error" at each poll), no GPUs: what this cannot show is listed in the README (Scaling out).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.net import free_port

DAEMONS = ("slurmd", "slurmctld", "munged")  # the order they stop in: the compute node first, munge last
FINISHED = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL"}


def wait_until(predicate: Callable[[], bool], timeout: float, what: str, poll: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)


@dataclass
class SlurmCluster:
    root: Path

    @property
    def conf(self) -> Path:
        return self.root / "etc" / "slurm.conf"

    @property
    def env(self) -> dict[str, str]:
        """The environment a client command (sbatch, srun, squeue, scontrol) of this cluster runs in."""
        return {**os.environ, "SLURM_CONF": str(self.conf)}

    def run(self, *args: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
        done = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=timeout)
        if check and done.returncode:
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
        return done

    def sbatch(self, script: str, cwd: Path, *options: str, env: dict[str, str] | None = None) -> str:
        """Submit a batch script (its text) to run in `cwd`; returns the job id. The job's environment is this
        process's. The script file goes to the cluster's tmp folder, never into `cwd`."""
        path = self.root / f"job-{time.monotonic_ns()}.sh"
        path.write_text(script)
        done = subprocess.run(["sbatch", "--parsable", f"--chdir={cwd}", *options, str(path)],
                              env={**self.env, **(env or {})}, capture_output=True, text=True, timeout=60)  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"sbatch failed: {done.stderr.strip()}")
        return done.stdout.strip().split(";")[0]

    def state(self, job: str) -> str:
        """The job's state (PENDING, RUNNING, COMPLETED, ...), as slurmctld knows it (MinJobAge keeps ended jobs)."""
        out = self.run("scontrol", "-o", "show", "job", job, check=False).stdout
        fields = dict(f.split("=", 1) for f in out.split() if "=" in f)
        return fields.get("JobState", "UNKNOWN")

    def jobs(self) -> list[str]:
        """The ids of the jobs in the queue (an array's running tasks as `<array job>_<task>`)."""
        return self.run("squeue", "-h", "-o", "%i").stdout.split()

    def restarts(self, job: str) -> int:
        out = self.run("scontrol", "-o", "show", "job", job, check=False).stdout
        fields = dict(f.split("=", 1) for f in out.split() if "=" in f)
        return int(fields.get("Restarts", "0"))

    def wait(self, job: str, timeout: float = 300) -> str:
        """Wait for the job to end; its final state."""
        wait_until(lambda: self.state(job) in FINISHED, timeout, f"SLURM job {job} to end")
        return self.state(job)

    # --- the daemons ---

    def start(self, cpus: int) -> None:
        for folder in ("etc", "munge", "state", "spool", "log"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        (self.root / "munge").chmod(0o700)
        key = self.root / "munge" / "munge.key"
        subprocess.run(["mungekey", "--create", f"--keyfile={key}", "--force"], check=True, capture_output=True)
        key.chmod(0o400)
        self._write_config(cpus)
        socket_path = self.root / "munge" / "munge.socket.2"
        # --force: munged distrusts the world-writable /tmp above its folder otherwise
        subprocess.run(["munged", "--force", f"--socket={socket_path}", f"--key-file={key}",
                        f"--pid-file={self.root / 'munged.pid'}", f"--log-file={self.root / 'log' / 'munged.log'}",
                        f"--seed-file={self.root / 'munge' / 'munged.seed'}"], check=True)  # fmt: skip
        wait_until(lambda: subprocess.run(f"munge -S {socket_path} -n | unmunge -S {socket_path}", shell=True,
                                          capture_output=True).returncode == 0, 15, "munged")  # fmt: skip
        subprocess.run(["slurmctld", "-i"], env=self.env, check=True)  # daemonizes; -i: no saved state to load
        wait_until(lambda: self.run("scontrol", "ping", check=False).returncode == 0, 30, "slurmctld")
        subprocess.run(["slurmd"], env=self.env, check=True)
        # (one line per partition the node is in)
        wait_until(lambda: set(self.run("sinfo", "-h", "-N", "-o", "%T", check=False).stdout.split()) == {"idle"}, 60,
                   f"the node to be idle (log: {self.root / 'log' / 'slurmd.log'})")  # fmt: skip

    def _write_config(self, cpus: int) -> None:
        memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20 // 2  # never "lacks" memory
        r = self.root
        # two partitions on the one node: the default, and the README's `hydra.launcher.partition=gpu` (no GPUs in it)
        self.conf.write_text(f"""\
ClusterName=pytest
SlurmctldHost={socket.gethostname().split(".")[0]}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
AuthType=auth/munge
AuthInfo=socket={r / "munge" / "munge.socket.2"}
CredType=cred/munge
StateSaveLocation={r / "state"}
SlurmdSpoolDir={r / "spool"}
SlurmctldPidFile={r / "slurmctld.pid"}
SlurmdPidFile={r / "slurmd.pid"}
SlurmctldLogFile={r / "log" / "slurmctld.log"}
SlurmdLogFile={r / "log" / "slurmd.log"}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=600
NodeName={socket.gethostname().split(".")[0]} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={memory_mb} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
PartitionName=gpu Nodes=ALL Default=NO MaxTime=INFINITE State=UP
""")

    def stop(self) -> None:
        for daemon in DAEMONS:
            pid_file = self.root / f"{daemon}.pid"
            if not pid_file.is_file():
                continue
            pid = int(pid_file.read_text().split()[0])
            try:
                os.kill(pid, signal.SIGTERM)
                for _ in range(100):
                    os.kill(pid, 0)
                    time.sleep(0.1)
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def why_no_cluster() -> str | None:
    """Why this machine cannot run the test cluster, or None."""
    if os.geteuid() != 0:
        return "the SLURM test cluster starts its daemons as root (scripts/test.sh does, as root)"
    missing = [b for b in ("munged", "mungekey", "slurmctld", "slurmd", "sbatch") if shutil.which(b) is None]
    if missing:
        return f"{', '.join(missing)} not installed: apt-get install -y --no-install-recommends slurm-wlm munge"
    return None


@pytest.fixture(scope="session")
def slurm_cluster(tmp_path_factory) -> Iterator[SlurmCluster]:
    reason = why_no_cluster()
    if reason:
        pytest.skip(reason)
    cluster = SlurmCluster(tmp_path_factory.mktemp("slurm"))
    try:
        cluster.start(cpus=os.cpu_count() or 1)
        yield cluster
    finally:
        cluster.stop()

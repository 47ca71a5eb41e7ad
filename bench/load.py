"""
The load and how it is measured, for `make bench` (bench.pages): the settings of the load,
the pages loaded, wrk, server CPU from /proc, and one target's runs.

BENCH_ROUNDS (3), BENCH_SECONDS (4), BENCH_CONNECTIONS (16) and BENCH_THREADS (2) change
the load.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = 2
TICKS = os.sysconf("SC_CLK_TCK")

ARTICLE = "/articles/leg-cramps/"
APPROVED = "/articles/low-back-pain/"
SEARCH = "/search/?q=calf+cramps"
PATIENT = "medreview_audience=patient"


class BenchError(Exception):
    """Something that makes the figures meaningless: a server that fails, or answers with an error."""


# --- server CPU from /proc ------------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # fields from the 3rd (state) on; the name may hold spaces


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants (gunicorn's master and workers; varnishd's manager and child)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_ticks(pids: list[int]) -> dict[int, int]:
    """utime + stime of each process (all its threads), in clock ticks."""
    ticks = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            ticks[pid] = int(fields[11]) + int(fields[12])  # stat fields 14 and 15
    return ticks


class CpuMeter:
    """CPU seconds used by a process tree between start() and stop()."""

    def __init__(self, root: int):
        self.root = root

    def start(self) -> None:
        self.before = cpu_ticks(process_tree(self.root))

    def stop(self) -> float:
        after = cpu_ticks(process_tree(self.root))
        used = sum(after[pid] - self.before.get(pid, 0) for pid in after)
        return used / TICKS


# --- wrk -------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


@dataclass
class Run:
    requests: int
    seconds: float
    p50: float
    p99: float
    cpu: dict[str, float]  # CPU seconds per measured process tree

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def wrk(url: str, *, seconds: float, headers: list[str]) -> tuple[int, float, float, float]:
    """(requests, seconds, p50 ms, p99 ms) of one wrk run; BenchError on any error answer."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=False)  # noqa: S603 — wrk
    out = result.stdout
    if result.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{out}{result.stderr}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: (.*)", out)
    if errors or socket:
        raise BenchError(f"errors from {url}:\n{out}")
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if not (total and p50 and p99):
        raise BenchError(f"could not read wrk's output for {url}:\n{out}")
    return int(total[1]), _ms(total[2] + total[3]) / 1000, _ms(p50[1]), _ms(p99[1])


# --- targets -----------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    url: str
    servers: dict[str, int]  # label -> root pid of the process tree whose CPU counts
    headers: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    size: int = 0  # bytes of body per response

    def measure(self, seconds: float) -> Run:
        meters = {label: CpuMeter(pid) for label, pid in self.servers.items()}
        for meter in meters.values():
            meter.start()
        requests, elapsed, p50, p99 = wrk(self.url, seconds=seconds, headers=self.headers)
        cpu = {label: meter.stop() for label, meter in meters.items()}
        return Run(requests, elapsed, p50, p99, cpu)

    def cpu_ms(self, label: str | None = None) -> float:
        """Server CPU per request over every round (ms): total CPU / total requests."""
        label = label or next(iter(self.servers))
        return 1000 * sum(run.cpu[label] for run in self.runs) / sum(run.requests for run in self.runs)

    def round_cpu_ms(self, label: str | None = None) -> list[float]:
        label = label or next(iter(self.servers))
        return [1000 * run.cpu[label] / run.requests for run in self.runs]

    @property
    def rate(self) -> float:
        return statistics.median(run.rate for run in self.runs)

    @property
    def p50(self) -> float:
        return statistics.median(run.p50 for run in self.runs)

    @property
    def p99(self) -> float:
        return statistics.median(run.p99 for run in self.runs)


def fetch(url: str, *, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes, int]:
    """(status, headers, body as sent, header bytes) of one GET."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 — loopback
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — loopback
        body = response.read()
        head = {key.lower(): value for key, value in response.headers.items()}
        header_bytes = len(str(response.headers).encode()) + len(f"HTTP/1.1 {response.status} OK\r\n")
        return response.status, head, body, header_bytes

"""
The load and how it is measured, for `make bench` (bench.pages): the settings of the load,
the pages loaded, wrk, the CPU of every process involved (from /proc), and one target's runs.

BENCH_ROUNDS (3), BENCH_SECONDS (4), BENCH_CONNECTIONS (16) and BENCH_THREADS (2) change
the load.
"""

from __future__ import annotations

import itertools
import os
import re
import statistics
import subprocess
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = 2
TICKS = os.sysconf("SC_CLK_TCK")
POLL_SECONDS = 0.25  # how often processes that come and go (PostgreSQL backends) are read during a run

ARTICLE = "/articles/leg-cramps/"
SHARED_LINK = ARTICLE + "?audience=patient"
APPROVED = "/articles/low-back-pain/"
HOME = "/"
INDEX = "/articles/"
BOARD = "/board/"
SEARCH = "/search/?q=calf+cramps"
PATIENT = "medreview_audience=patient"
# wrk's script for "a new search each request": a query no one has made before (`-- RUN` makes each run's own).
NEW_SEARCH_SCRIPT = Path(__file__).with_name("new_search.lua")
_script_runs = itertools.count(1)


class BenchError(Exception):
    """Something that makes the figures meaningless: a server that fails, or answers with an error."""


# --- CPU from /proc ----------------------------------------------------------------------


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


def postgres_backends(database: str) -> list[int]:
    """PostgreSQL's processes serving `database` (a backend's process title names its database)."""
    needle = f" {database} ".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            title = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if title.startswith(b"postgres: ") and needle in title.replace(b"\0", b" ") + b" ":
            found.append(int(entry))
    return found


def cpu_ticks(pids: list[int]) -> dict[int, int]:
    """utime + stime of each process (all its threads), in clock ticks."""
    ticks = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            ticks[pid] = int(fields[11]) + int(fields[12])  # stat fields 14 and 15
    return ticks


@dataclass(frozen=True)
class Processes:
    """One kind of process whose CPU a target costs: gunicorn, postgres, redis or varnishd."""

    label: str
    find: Callable[[], list[int]]
    changing: bool = False  # processes come and go during a run (PostgreSQL backends): read every POLL_SECONDS


def tree(label: str, root: int) -> Processes:
    return Processes(label, lambda: process_tree(root))


class CpuMeter:
    """
    CPU seconds used by each kind of process between start() and stop(). Kinds whose
    processes come and go are read every POLL_SECONDS meanwhile, so a backend that exits
    during the run counts up to its last reading, and one started during it counts whole.
    """

    def __init__(self, kinds: list[Processes]):
        self.kinds = kinds
        self._done = threading.Event()
        self._poller: threading.Thread | None = None

    def start(self) -> None:
        self.before = {kind.label: cpu_ticks(kind.find()) for kind in self.kinds}
        self.seen = {label: dict(ticks) for label, ticks in self.before.items()}
        if any(kind.changing for kind in self.kinds):
            self._poller = threading.Thread(target=self._poll, daemon=True)
            self._poller.start()

    def _read(self, kinds: list[Processes]) -> None:
        for kind in kinds:
            self.seen[kind.label].update(cpu_ticks(kind.find()))

    def _poll(self) -> None:
        while not self._done.wait(POLL_SECONDS):
            self._read([kind for kind in self.kinds if kind.changing])

    def stop(self) -> dict[str, float]:
        self._done.set()
        if self._poller is not None:
            self._poller.join()
        self._read(self.kinds)
        return {
            label: sum(ticks - self.before[label].get(pid, 0) for pid, ticks in seen.items()) / TICKS
            for label, seen in self.seen.items()
        }


# --- wrk -------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise BenchError(f"wrk printed a time it does not usually print: {text}")
    return float(match[1]) * _UNITS[match[2]]


@dataclass
class Run:
    requests: int
    seconds: float
    p50: float
    p99: float
    cpu: dict[str, float]  # CPU seconds per kind of process

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def wrk(url: str, *, seconds: float, headers: list[str], script: bool = False) -> tuple[int, float, float, float]:
    """(requests, seconds, p50 ms, p99 ms) of one wrk run; BenchError on any error answer."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(NEW_SEARCH_SCRIPT), url, "--", str(next(_script_runs))]
    else:
        command.append(url)
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 — wrk
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
    processes: list[Processes]  # every kind of process whose CPU this target costs
    headers: list[str] = field(default_factory=list)
    leg: str = ""  # the database leg ("" for the floor and Varnish, which no database serves)
    goal: float = 0.0  # the least ratio to the floor (all processes' CPU) that meets the target; 0: none
    rate_goal: float = 0.0  # the least ratio to the floor's req/s that meets it (Varnish); 0: none
    script: bool = False  # a new search each request (NEW_SEARCH_SCRIPT)
    runs: list[Run] = field(default_factory=list)
    size: int = 0  # bytes of body per response

    def measure(self, seconds: float) -> Run:
        meter = CpuMeter(self.processes)
        meter.start()
        try:
            requests, elapsed, p50, p99 = wrk(self.url, seconds=seconds, headers=self.headers, script=self.script)
        finally:
            cpu = meter.stop()
        return Run(requests, elapsed, p50, p99, cpu)

    @property
    def labels(self) -> list[str]:
        return [kind.label for kind in self.processes]

    def cpu_ms(self, label: str | None = None) -> float:
        """CPU per request over every round (ms): total CPU / total requests; of one kind, or of all."""
        labels = [label] if label else self.labels
        used = sum(run.cpu[name] for run in self.runs for name in labels)
        return 1000 * used / sum(run.requests for run in self.runs)

    def round_cpu_ms(self, label: str | None = None) -> list[float]:
        labels = [label] if label else self.labels
        return [1000 * sum(run.cpu[name] for name in labels) / run.requests for run in self.runs]

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

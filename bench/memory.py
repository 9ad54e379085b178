"""Peak resident memory per worker process, sampled with psutil while the load runs."""

import threading
from collections import defaultdict

import psutil

from bench.servers import Server

SAMPLE_INTERVAL_SECONDS = 0.2
MIB = 1024 * 1024


class PeakMemory:
    """Samples the servers' worker processes in a thread; keeps the peak per (server, label)."""

    def __init__(self, servers: dict[str, Server]) -> None:
        self.servers = servers
        self.label = ""
        self.peaks: dict[tuple[str, str], float] = defaultdict(float)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "PeakMemory":
        """Start sampling."""
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_INTERVAL_SECONDS):
            self.sample()

    def sample(self) -> None:
        """Record every worker's current RSS under the current label."""
        label = self.label
        for name, server in self.servers.items():
            for process in server.worker_processes():
                try:
                    rss = process.memory_info().rss / MIB
                except psutil.Error:
                    continue
                key = (name, label)
                self.peaks[key] = max(self.peaks[key], rss)

    def peak(self, server: str, label: str | None = None) -> float | None:
        """Return the peak RSS in MiB of one worker of `server` (under `label`, or overall)."""
        values = [
            rss
            for (name, seen), rss in self.peaks.items()
            if name == server and label in (None, seen)
        ]
        return round(max(values), 1) if values else None

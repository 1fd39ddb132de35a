"""A bounded HTTP load client: keep-alive connections in separate processes, fixed duration.

Processes rather than threads so the client's own Python work does not serialize on one GIL.
"""

import http.client
import multiprocessing
import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _worker(host: str, port: int, path: str, headers: dict, seconds: float, max_requests: int, queue) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    latencies, errors = [], 0
    deadline = time.perf_counter() + seconds
    # Give up on an endpoint that only fails (a wrong path, a dead server) rather than spin on it.
    while time.perf_counter() < deadline and len(latencies) + errors < max_requests and (latencies or errors < 100):
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
                continue
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
            continue
        latencies.append((time.perf_counter() - started) * 1000)
    connection.close()
    queue.put((latencies, errors))


def run_load(
    *, host: str, port: int, path: str, connections: int, seconds: float, headers: dict | None = None
) -> LoadResult:
    """GET `path` from `connections` processes for `seconds`; every loop is bounded in time and count."""
    queue = multiprocessing.Queue()
    max_requests = 200_000
    processes = [
        multiprocessing.Process(
            target=_worker, args=(host, port, path, headers or {}, seconds, max_requests, queue), daemon=True
        )
        for _ in range(connections)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get(timeout=seconds + 60) for _ in processes]
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join(timeout=10)
    latencies = [latency for worker_latencies, _ in results for latency in worker_latencies]
    errors = sum(worker_errors for _, worker_errors in results)
    return LoadResult(requests=len(latencies), errors=errors, seconds=elapsed, latencies_ms=latencies)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")

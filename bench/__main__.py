"""`make bench`: serve a generated data set with gunicorn and measure the API against a raw baseline.

Usage: python -m bench [--briefs N] [--seed S] [--seconds T] [--rounds R] [--connections C]

The database is a separate bench database (never the one in DATABASE_URL itself):
SQLite: bench-results/bench-<N>-<S>.sqlite3; PostgreSQL: database `briefings_bench_<N>_<S>` on the
server named by DATABASE_URL. It is generated once and reused by later runs.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"

# gunicorn workers, and by default the load client's connections: one request in flight per worker
# keeps every worker busy without a queue in front of the server. With more connections than
# workers the extra requests wait in the listen backlog and every latency grows by that wait
# (Little's law; measured with 4 connections: p50 about doubled, req/s within 10%).
WORKERS = 2


def bench_database_url(*, briefs: int, seed: int) -> str:
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        prefix = base.rsplit("/", 1)[0]
        return f"{prefix}/briefings_bench_{briefs}_{seed}"
    RESULTS.mkdir(exist_ok=True)
    return f"sqlite:///{RESULTS / f'bench-{briefs}-{seed}.sqlite3'}"


def ensure_postgres_database(url: str) -> None:
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env={**env, "HOST": "127.0.0.1", "PORT": str(port)},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health/", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /api/health/ within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5.0, help="load duration per endpoint variant and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--connections", type=int, default=WORKERS, help=f"load client connections (default {WORKERS}, one per worker)"
    )
    parser.add_argument("--skip-matching", action="store_true", help="skip the matcher throughput benchmark")
    args = parser.parse_args()

    url = bench_database_url(briefs=args.briefs, seed=args.seed)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "WEB_CONCURRENCY": str(WORKERS),
    }
    ensure_postgres_database(url)
    print(f"bench database: {url}", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")

    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    import django

    django.setup()
    from bench.scenarios import ensure_data, measure_all, print_table

    ensure_data(env=env, briefs=args.briefs, seed=args.seed)
    port = free_port()
    server = start_server(env, port)
    try:
        rows = measure_all(port=port, seconds=args.seconds, rounds=args.rounds, connections=args.connections)
    finally:
        stop_server(server)
    print_table(rows, database=url, briefs=args.briefs, workers=WORKERS, connections=args.connections)

    if not args.skip_matching and (ROOT / "bench" / "matching.py").exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "matching.py")], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()

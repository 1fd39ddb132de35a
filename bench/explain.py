"""Where a request's database time goes: EXPLAIN ANALYZE of every query of each bench endpoint.

Usage (after `make bench` generated the data set):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m bench.explain --briefs 100000 [--plans]

Each API endpoint of the bench is requested once in-process (anonymous, as the load client), its
queries captured, and each query re-run under `EXPLAIN ANALYZE` (PostgreSQL; SQLite prints its
query plan and the wall time of a re-run). Prints execution time per query, the request's total,
and with `--plans` the plans themselves.
"""

import argparse
import os
import time

from bench.__main__ import bench_database_url


def explain(sql: str, params, *, vendor: str) -> tuple[float, str]:
    """(milliseconds, plan text) of one query run again under EXPLAIN."""
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
            (document,) = cursor.fetchone()
            report = document[0] if isinstance(document, list) else document
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
            return report["Execution Time"], plan
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row) for row in cursor.fetchall())
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        return (time.perf_counter() - started) * 1000, plan


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.explain", description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plans", action="store_true", help="print each query's plan")
    parser.add_argument("--only", help="only endpoints whose name contains this text")
    parser.add_argument("--path", action="append", default=[], help="explain this API path instead (repeatable)")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url(briefs=args.briefs, seed=args.seed)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.scenarios import Endpoint, discover_endpoints
    from briefings.api import counts

    client = Client(HTTP_HOST="127.0.0.1")
    endpoints = [Endpoint(path, path, path) for path in args.path] or discover_endpoints()
    for endpoint in endpoints:
        if args.only and args.only not in endpoint.name:
            continue
        client.get(endpoint.api_path)  # warm the caches the measured run would find warm
        counts.clear()  # but show the list's count query: a first request pays it
        with CaptureQueriesContext(connection) as captured:
            response = client.get(endpoint.api_path)
        print(f"\n== {endpoint.name}: {endpoint.api_path} ({response.status_code})")
        total = 0.0
        for number, query in enumerate(captured.captured_queries, 1):
            sql = query["sql"]
            if sql.startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT")):
                continue
            # Captured SQL has its parameters inlined already; re-run it without parameters.
            milliseconds, plan = explain(sql.replace("%", "%%"), (), vendor=connection.vendor)
            total += milliseconds
            print(f"  q{number}: {milliseconds:8.2f} ms  {sql[:140]}")
            if args.plans:
                print("    " + plan.replace("\n", "\n    "))
        print(f"  total: {total:.2f} ms in the database")


if __name__ == "__main__":
    main()

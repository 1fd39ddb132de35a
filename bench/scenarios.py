"""The endpoints `make bench` measures, each beside its raw baseline, and the result table."""

from dataclasses import dataclass
from urllib.parse import quote

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.load import median, run_load


@dataclass(frozen=True)
class Endpoint:
    name: str
    api_path: str
    raw_path: str


@dataclass
class Row:
    endpoint: Endpoint
    variant: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    queries: int
    errors: int


def ensure_data(*, env: dict, briefs: int, seed: int) -> None:
    """Generate the data set unless this bench database already holds it."""
    from django.core.management import call_command

    from briefings.models import Brief

    existing = Brief.objects.count()
    if existing >= briefs:
        print(f"reusing {existing} briefs", flush=True)
    elif existing:
        raise SystemExit(f"bench database holds {existing} briefs, expected {briefs}: delete it and rerun")
    else:
        call_command("generate_data", briefs=briefs, seed=seed)
    analyze()


def analyze() -> None:
    """Refresh the planner's statistics, as any production database has them after a bulk load.

    Without them SQLite picks poor join orders (a 2 s claim-link query on 100k claims instead of 1 ms).
    """
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM also sets the visibility map, without which index-only scans (counts)
        # visit the table anyway until autovacuum gets round to it.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def discover_endpoints() -> list[Endpoint]:
    """Pick representative ids from the data set: a typical brief, a busy actor, a location with descendants."""
    from briefings.choices import BriefStatus
    from briefings.models import Actor, ActorAlias, Brief, ClaimActor, Location

    brief = (
        Brief.objects.filter(status=BriefStatus.PUBLISHED)
        .annotate(claim_count=Count("claims"))
        .filter(claim_count__gte=8)
        .order_by("id")
        .first()
    )
    actor_id = ClaimActor.objects.values_list("actor_id", flat=True).order_by("actor_id").first()
    location = Location.objects.filter(parent__isnull=False, children__isnull=False).order_by("id").first()
    alias = ActorAlias.objects.order_by("id").values_list("name", flat=True).first()
    search_word = quote(Actor.objects.order_by("id").values_list("name", flat=True).first().split()[0])
    alias = quote(alias)  # aliases hold spaces and apostrophes: the load client sends the path as is
    return [
        Endpoint("brief list (50)", "/api/v1/briefs/?limit=50", "/bench/raw/briefs/?limit=50"),
        Endpoint("brief detail", f"/api/v1/briefs/{brief.pk}/", f"/bench/raw/briefs/{brief.pk}/"),
        Endpoint("claim list (50)", "/api/v1/claims/?limit=50", "/bench/raw/claims/?limit=50"),
        Endpoint("comment list (50)", "/api/v1/comments/?limit=50", "/bench/raw/comments/?limit=50"),
        Endpoint(
            "claims by actor", f"/api/v1/claims/?actor={actor_id}&limit=50", f"/bench/raw/claims/?actor={actor_id}"
        ),
        Endpoint(
            "claims by location (+descendants)",
            f"/api/v1/claims/?location={location.pk}&limit=50",
            f"/bench/raw/claims/?location={location.pk}",
        ),
        Endpoint("brief search", f"/api/v1/briefs/?search={search_word}", f"/bench/raw/briefs/?search={search_word}"),
        Endpoint("actor search by alias", f"/api/v1/actors/?search={alias}", f"/bench/raw/actors/?search={alias}"),
        Endpoint("locations GeoJSON", "/api/v1/locations/geojson/", "/bench/raw/locations/geojson/"),
    ]


def count_queries(path: str) -> int:
    """The queries of one request, its list count included (not answered from the count cache)."""
    from briefings.api import counts

    counts.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}: {response.content[:300]!r}")
    return len(captured)


def measure_all(*, port: int, seconds: float, rounds: int, connections: int) -> list[Row]:
    """Interleave raw and API runs of every endpoint so machine drift hits all variants alike; report medians."""
    endpoints = discover_endpoints()
    samples: dict[tuple[str, str], list] = {}
    for round_number in range(1, rounds + 1):
        for endpoint in endpoints:
            for variant, path in (("raw", endpoint.raw_path), ("api", endpoint.api_path)):
                result = run_load(host="127.0.0.1", port=port, path=path, connections=connections, seconds=seconds)
                samples.setdefault((endpoint.name, variant), []).append(result)
                print(
                    f"round {round_number}/{rounds} {endpoint.name:36} {variant:3} "
                    f"{result.requests_per_second:8.1f} req/s  errors {result.errors}",
                    flush=True,
                )
    rows = []
    for endpoint in endpoints:
        for variant, path in (("raw", endpoint.raw_path), ("api", endpoint.api_path)):
            results = samples[(endpoint.name, variant)]
            rows.append(
                Row(
                    endpoint=endpoint,
                    variant=variant,
                    requests_per_second=median([r.requests_per_second for r in results]),
                    p50_ms=median([r.percentile(0.50) for r in results]),
                    p99_ms=median([r.percentile(0.99) for r in results]),
                    queries=count_queries(path),
                    errors=sum(r.errors for r in results),
                )
            )
    return rows


def print_table(rows: list[Row], *, database: str, briefs: int, workers: int, connections: int) -> None:
    vendor = connection.vendor
    print(
        f"\nBriefings API benchmark: {vendor}, {briefs} briefs, gunicorn {workers} workers, "
        f"{connections} client connections ({database})"
    )
    header = f"| {'endpoint':36} | variant | req/s | p50 ms | p99 ms | SQL queries | x raw |"
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    raw_rate = {row.endpoint.name: row.requests_per_second for row in rows if row.variant == "raw"}
    for row in rows:
        ratio = row.requests_per_second / raw_rate[row.endpoint.name] if raw_rate[row.endpoint.name] else 0
        print(
            f"| {row.endpoint.name:36} | {row.variant:7} | {row.requests_per_second:5.0f} | {row.p50_ms:6.1f} "
            f"| {row.p99_ms:6.1f} | {row.queries:11} | {ratio:5.2f} |"
        )

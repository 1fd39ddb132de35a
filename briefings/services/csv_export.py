"""CSV export of claims for spreadsheets: one row per claim, stable columns, UTF-8.

Column names are part of the API contract (`CLAIM_CSV_COLUMNS`): add columns at the end, never
rename or reorder. Multi-valued cells join their items with "; " (names) or ";" (ids), in the
same order, so `actors` and `actor_ids` line up item by item.

Spreadsheet applications execute cells that start with `=`, `+`, `-`, `@` (CSV injection); text
cells that start with one of these are prefixed with an apostrophe, which spreadsheets hide.
Ids, numbers and dates are never altered.

Rows come from one claims query (brief and claimant joined) read in chunks, with two prefetch
queries (actor roles, locations) per `chunk_size` claims: no query per row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from briefings.models import Claim, ClaimActor, ClaimLocation

__all__ = ["CLAIM_CSV_COLUMNS", "claims_csv_lines", "claims_csv_rows"]

CLAIM_CSV_COLUMNS = (
    "id",
    "brief_id",
    "brief_title",
    "brief_published_at",
    "statement",
    "quote",
    "span_start",
    "span_end",
    "kind",
    "occurred_start",
    "occurred_end",
    "claimant_id",
    "claimant_name",
    "claimant_text",
    "actors",
    "actor_ids",
    "locations",
    "location_ids",
    "source_reliability",
    "credibility",
    "assessment",
    "created_at",
    "updated_at",
)

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_PREFIXES) else value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _export_queryset(queryset: QuerySet) -> QuerySet:
    """The caller's filters and order, with exactly the joins the row needs."""
    return (
        queryset.select_related("brief", "claimant")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "actor_roles",
                queryset=ClaimActor.objects.select_related("actor").order_by("role", "actor__name", "id"),
            ),
            Prefetch(
                "location_links",
                queryset=ClaimLocation.objects.select_related("location").order_by("location__name", "id"),
            ),
        )
    )


def _claim_row(claim: Claim) -> list[str]:
    roles = list(claim.actor_roles.all())
    places = [link.location for link in claim.location_links.all()]
    values = {
        "id": _cell(claim.pk),
        "brief_id": _cell(claim.brief_id),
        "brief_title": _text(claim.brief.title),
        "brief_published_at": _cell(claim.brief.published_at),
        "statement": _text(claim.statement),
        "quote": _text(claim.quote),
        "span_start": _cell(claim.span_start),
        "span_end": _cell(claim.span_end),
        "kind": claim.kind,
        "occurred_start": _cell(claim.occurred_start),
        "occurred_end": _cell(claim.occurred_end),
        "claimant_id": _cell(claim.claimant_id),
        "claimant_name": _text(claim.claimant.name) if claim.claimant_id else "",
        "claimant_text": _text(claim.claimant_text),
        "actors": _text("; ".join(f"{role.actor.name} ({role.role})" for role in roles)),
        "actor_ids": ";".join(str(role.actor_id) for role in roles),
        "locations": _text("; ".join(place.name for place in places)),
        "location_ids": ";".join(str(place.pk) for place in places),
        "source_reliability": claim.source_reliability,
        "credibility": _cell(claim.credibility),
        "assessment": claim.assessment,
        "created_at": _cell(claim.created_at),
        "updated_at": _cell(claim.updated_at),
    }
    return [values[column] for column in CLAIM_CSV_COLUMNS]


def claims_csv_rows(*, queryset: QuerySet, chunk_size: int = 2000) -> Iterator[list[str]]:
    """One list of cells per claim, in `CLAIM_CSV_COLUMNS` order (no header row)."""
    for claim in _export_queryset(queryset).iterator(chunk_size=chunk_size):
        yield _claim_row(claim)


def claims_csv_lines(*, queryset: QuerySet, chunk_size: int = 2000) -> Iterator[str]:
    """The CSV document line by line (header first), for streaming responses and files.

    RFC 4180 quoting and CRLF line ends; encode the strings as UTF-8.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(row) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        return buffer.getvalue()

    yield line(CLAIM_CSV_COLUMNS)
    for row in claims_csv_rows(queryset=queryset, chunk_size=chunk_size):
        yield line(row)

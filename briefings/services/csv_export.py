"""CSV export of claims for spreadsheets: one row per claim, stable columns, UTF-8.

Column names are part of the API contract (`CLAIM_CSV_COLUMNS`): add columns at the end, never
rename or reorder. Multi-valued cells join their items with "; " (names) or ";" (ids), in the
same order, so `actors` and `actor_ids` line up item by item.

Spreadsheet applications execute cells that start with `=`, `+`, `-`, `@` (CSV injection); text
cells that start with one of these are prefixed with an apostrophe, which spreadsheets hide.
Ids, numbers and dates are never altered.

Rows come from one `.values()` claims query (brief and claimant joined) read in chunks, plus two
queries (actor roles, locations) per `chunk_size` claims: no query per row, and no model
instances (building them cost ~10x the time on this path).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import QuerySet

from briefings.models import ClaimActor, ClaimLocation

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


_CLAIM_VALUES = {
    # column -> lookup on Claim, read with `.values()`: no model instances on this bulk path.
    "id": "id",
    "brief_id": "brief_id",
    "brief_title": "brief__title",
    "brief_published_at": "brief__published_at",
    "statement": "statement",
    "quote": "quote",
    "span_start": "span_start",
    "span_end": "span_end",
    "kind": "kind",
    "occurred_start": "occurred_start",
    "occurred_end": "occurred_end",
    "claimant_id": "claimant_id",
    "claimant_name": "claimant__name",
    "claimant_text": "claimant_text",
    "source_reliability": "source_reliability",
    "credibility": "credibility",
    "assessment": "assessment",
    "created_at": "created_at",
    "updated_at": "updated_at",
}
_TEXT_COLUMNS = {"brief_title", "statement", "quote", "claimant_name", "claimant_text"}


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _related_by_claim(claim_ids: list) -> tuple[dict, dict]:
    """Actor roles ("name (role)", id) and locations (name, id) of these claims, in display order."""
    roles: dict = defaultdict(list)
    for row in (
        ClaimActor.objects.filter(claim_id__in=claim_ids)
        .order_by("role", "actor__name", "id")
        .values_list("claim_id", "actor_id", "actor__name", "role")
    ):
        roles[row[0]].append((f"{row[2]} ({row[3]})", row[1]))
    places: dict = defaultdict(list)
    for row in (
        ClaimLocation.objects.filter(claim_id__in=claim_ids)
        .order_by("location__name", "id")
        .values_list("claim_id", "location_id", "location__name")
    ):
        places[row[0]].append((row[2], row[1]))
    return roles, places


def _claim_row(row: dict, roles: list[tuple], places: list[tuple]) -> list[str]:
    values = {
        column: _text(row[lookup] or "") if column in _TEXT_COLUMNS else _cell(row[lookup])
        for column, lookup in _CLAIM_VALUES.items()
    }
    values["actors"] = _text("; ".join(label for label, _ in roles))
    values["actor_ids"] = ";".join(str(pk) for _, pk in roles)
    values["locations"] = _text("; ".join(name for name, _ in places))
    values["location_ids"] = ";".join(str(pk) for _, pk in places)
    return [values[column] for column in CLAIM_CSV_COLUMNS]


def claims_csv_rows(*, queryset: QuerySet, chunk_size: int = 2000) -> Iterator[list[str]]:
    """One list of cells per claim, in `CLAIM_CSV_COLUMNS` order (no header row), in the queryset's order."""
    rows = queryset.values(*_CLAIM_VALUES.values()).iterator(chunk_size=chunk_size)
    for chunk in _chunks(rows, chunk_size):
        roles, places = _related_by_claim([row["id"] for row in chunk])
        for row in chunk:
            yield _claim_row(row, roles[row["id"]], places[row["id"]])


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

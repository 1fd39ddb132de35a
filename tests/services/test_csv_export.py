"""Claims CSV: one row per claim, stable columns, UTF-8 round trip, quoting, injection guard, queries."""

import csv
import datetime as dt
import io

import pytest

from briefings.models import Actor, Brief, Claim, ClaimActor, ClaimLocation, Location
from briefings.services.csv_export import CLAIM_CSV_COLUMNS, claims_csv_lines, claims_csv_rows

pytestmark = pytest.mark.django_db

BODY = 'Fighters of the Ḥurrās Brigade said, "we hold the bridge, for now", on Friday.'
QUOTE = '"we hold the bridge, for now"'


@pytest.fixture
def claim():
    brigade = Actor.objects.create(name="Ḥurrās Brigade", kind="armed_group")
    mayor = Actor.objects.create(name="Zoë Ağaoğlu", kind="person")
    bridge = Location.objects.create(name="Jisr al-Shughūr", kind="town", country="SY")
    ford = Location.objects.create(name="Al-Ford", kind="site")
    brief = Brief.objects.create(
        title="Bridge held", body=BODY, published_at=dt.datetime(2023, 7, 7, 8, 0, tzinfo=dt.UTC)
    )
    claim = Claim.objects.create(
        brief=brief,
        statement="The brigade holds the bridge.",
        quote=QUOTE,
        span_start=BODY.index(QUOTE),
        span_end=BODY.index(QUOTE) + len(QUOTE),
        kind="territorial_change",
        occurred_start=dt.date(2023, 7, 7),
        occurred_end=dt.date(2023, 7, 7),
        claimant=brigade,
        source_reliability="D",
        credibility=4,
    )
    ClaimActor.objects.create(claim=claim, actor=brigade, role="subject")
    ClaimActor.objects.create(claim=claim, actor=mayor, role="mentioned")
    ClaimLocation.objects.create(claim=claim, location=bridge)
    ClaimLocation.objects.create(claim=claim, location=ford)
    return claim


def parse(lines) -> list[dict]:
    document = "".join(lines).encode("utf-8")
    return list(csv.DictReader(io.StringIO(document.decode("utf-8"), newline="")))


def test_header_is_the_stable_column_list():
    assert list(CLAIM_CSV_COLUMNS) == [
        "id", "brief_id", "brief_title", "brief_published_at", "statement", "quote", "span_start", "span_end",
        "kind", "occurred_start", "occurred_end", "claimant_id", "claimant_name", "claimant_text", "actors",
        "actor_ids", "locations", "location_ids", "source_reliability", "credibility", "assessment",
        "created_at", "updated_at",
    ]  # fmt: skip
    assert next(claims_csv_lines(queryset=Claim.objects.none())) == ",".join(CLAIM_CSV_COLUMNS) + "\r\n"


def test_row_golden_with_non_ascii_names_and_quoting(claim):
    brigade, mayor = Actor.objects.get(kind="armed_group"), Actor.objects.get(kind="person")
    ford, bridge = Location.objects.get(name="Al-Ford"), Location.objects.get(name="Jisr al-Shughūr")
    rows = parse(claims_csv_lines(queryset=Claim.objects.all()))
    assert rows == [
        {
            "id": str(claim.pk),
            "brief_id": str(claim.brief_id),
            "brief_title": "Bridge held",
            "brief_published_at": "2023-07-07T08:00:00+00:00",
            "statement": "The brigade holds the bridge.",
            "quote": QUOTE,
            "span_start": str(BODY.index(QUOTE)),
            "span_end": str(BODY.index(QUOTE) + len(QUOTE)),
            "kind": "territorial_change",
            "occurred_start": "2023-07-07",
            "occurred_end": "2023-07-07",
            "claimant_id": str(brigade.pk),
            "claimant_name": "Ḥurrās Brigade",
            "claimant_text": "",
            "actors": "Zoë Ağaoğlu (mentioned); Ḥurrās Brigade (subject)",
            "actor_ids": f"{mayor.pk};{brigade.pk}",
            "locations": "Al-Ford; Jisr al-Shughūr",
            "location_ids": f"{ford.pk};{bridge.pk}",
            "source_reliability": "D",
            "credibility": "4",
            "assessment": "reported",
            "created_at": claim.created_at.isoformat(),
            "updated_at": claim.updated_at.isoformat(),
        }
    ]


def test_rows_are_claims_and_follow_the_queryset(claim):
    other = Claim.objects.create(brief=claim.brief, statement="Nothing else moved.", kind="statement")
    assert len(list(claims_csv_rows(queryset=Claim.objects.all()))) == 2
    rows = list(claims_csv_rows(queryset=Claim.objects.filter(kind="statement")))
    assert [row[0] for row in rows] == [str(other.pk)]
    empty = rows[0]
    assert empty[CLAIM_CSV_COLUMNS.index("actors")] == ""
    assert empty[CLAIM_CSV_COLUMNS.index("credibility")] == ""


def test_cells_that_spreadsheets_would_execute_are_defused(claim):
    Claim.objects.create(brief=claim.brief, statement='=HYPERLINK("http://evil.example")', claimant_text="+1 source")
    row = next(row for row in parse(claims_csv_lines(queryset=Claim.objects.all())) if row["id"] != str(claim.pk))
    assert row["statement"] == '\'=HYPERLINK("http://evil.example")'
    assert row["claimant_text"] == "'+1 source"


def test_queries_per_chunk_not_per_claim(claim, django_assert_num_queries):
    for number in range(25):
        extra = Claim.objects.create(brief=claim.brief, statement=f"Claim {number}")
        ClaimActor.objects.create(claim=extra, actor=Actor.objects.get(kind="person"))
    with django_assert_num_queries(3):
        assert len(list(claims_csv_rows(queryset=Claim.objects.all()))) == 26
    # One claims query (with brief and claimant) read in chunks of 10, two prefetch queries per chunk.
    with django_assert_num_queries(1 + 2 * 3):
        assert len(list(claims_csv_rows(queryset=Claim.objects.all(), chunk_size=10))) == 26

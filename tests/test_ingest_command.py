"""Tests for `manage.py ingest`: progress lines, summary, partial failures and exit status."""

import re
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from briefings.models import Actor, Brief, Comment, Location
from briefings.services.matching import clear_registry_matcher

BRIEFS_DIRECTORY = Path(__file__).resolve().parent / "fixtures" / "briefs"
MYANMAR = BRIEFS_DIRECTORY / "myanmar_sittwe.txt"
SAHEL = BRIEFS_DIRECTORY / "sahel_menaka.txt"


@pytest.fixture(autouse=True)
def fresh_registry_matcher():
    clear_registry_matcher()
    yield
    clear_registry_matcher()


@pytest.fixture
def publisher(db) -> Actor:
    actor = Actor.objects.create(name="Mekong Security Review", kind="organization")
    actor.aliases.create(name="MSR")
    return actor


@pytest.fixture
def myanmar_registry(db) -> dict:
    records = {
        "arakan_army": Actor.objects.create(name="Arakan Army", kind="armed_group"),
        "tatmadaw": Actor.objects.create(name="Tatmadaw", kind="armed_group"),
        "sittwe": Location.objects.create(name="Sittwe", kind="city"),
        "rakhine": Location.objects.create(name="Rakhine State", kind="region"),
    }
    records["arakan_army"].aliases.create(name="AA")
    return records


def run_ingest(*arguments: str) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("ingest", *arguments, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.mark.django_db
def test_ingest_command_reports_each_file_and_a_summary(publisher, myanmar_registry, analyst):
    stdout, stderr = run_ingest(
        str(MYANMAR),
        str(SAHEL),
        "--publisher",
        "msr",
        "--published-at",
        "2024-02-08T09:30:00+00:00",
        "--user",
        "analyst",
    )

    myanmar = Brief.objects.get(body__startswith="Fighting between the Arakan Army")
    sahel = Brief.objects.get(body__startswith="Fighters of Jama")
    assert stdout.splitlines() == [
        f"[1/2] {MYANMAR}: brief {myanmar.pk} '{myanmar.title}', 2 actors, 2 locations, 4 suggested claims",
        f"[2/2] {SAHEL}: brief {sahel.pk} '{sahel.title}', 0 actors, 0 locations, 6 suggested claims",
        "Ingested 2 of 2 files: 2 briefs, 2 actors, 2 locations, 10 suggested claims.",
    ]
    assert stderr == ""
    assert myanmar.title == (
        "Fighting between the Arakan Army (AA) and the Tatmadaw spread to the outskirts of Sittwe on Tuesday, "
        "residents said"
    )
    for brief in (myanmar, sahel):
        assert (brief.publisher, brief.created_by, brief.status) == (publisher, analyst, "draft")
        assert brief.published_at == datetime(2024, 2, 8, 9, 30, tzinfo=UTC)
    assert "Mekong Security Review publishes" not in myanmar.body  # The disclaimer went with the publisher alias.
    assert Comment.objects.get().brief == sahel


@pytest.mark.django_db
def test_ingest_command_goes_on_after_unreadable_files_and_fails_at_the_end(tmp_path, myanmar_registry):
    missing = tmp_path / "missing.txt"
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Des combats ont éclaté près de Ménaka.".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n \n", encoding="utf-8")
    comment_only = tmp_path / "comment-only.txt"
    comment_only.write_text("Comment: an assessment without a report.", encoding="utf-8")
    stdout, stderr = StringIO(), StringIO()

    with pytest.raises(CommandError, match=r"^4 of 5 files could not be ingested\.$"):
        call_command(
            "ingest",
            str(missing),
            str(latin1),
            str(MYANMAR),
            str(empty),
            str(comment_only),
            stdout=stdout,
            stderr=stderr,
        )

    brief = Brief.objects.get()
    assert stdout.getvalue().splitlines() == [
        f"[3/5] {MYANMAR}: brief {brief.pk} '{brief.title}', 2 actors, 2 locations, 4 suggested claims",
        "Ingested 1 of 5 files: 1 brief, 2 actors, 2 locations, 4 suggested claims.",
    ]
    assert stderr.getvalue().splitlines() == [
        f"[1/5] {missing}: FAILED: no such file",
        f"[2/5] {latin1}: FAILED: not UTF-8 text (invalid byte at offset 16)",
        f"[4/5] {empty}: FAILED: empty file",
        f"[5/5] {comment_only}: FAILED: The text has no report before its Comment: section.",
        f"  failed: {missing}: no such file",
        f"  failed: {latin1}: not UTF-8 text (invalid byte at offset 16)",
        f"  failed: {empty}: empty file",
        f"  failed: {comment_only}: The text has no report before its Comment: section.",
    ]
    # Without --publisher the disclaimer is still recognised by its wording (two disclaimer phrases).
    assert brief.body.endswith("“never abandon” Rakhine State.")


@pytest.mark.django_db
def test_ingest_command_accepts_a_byte_order_mark_and_a_date(tmp_path, myanmar_registry):
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(b"\xef\xbb\xbf" + b"Clashes reached Sittwe today, residents said.")

    stdout, _ = run_ingest(str(with_bom), "--published-at", "2024-02-08")

    brief = Brief.objects.get()
    assert brief.body == "Clashes reached Sittwe today, residents said."
    assert brief.published_at == datetime(2024, 2, 8, tzinfo=UTC)
    assert brief.created_by is None
    assert re.fullmatch(
        r"\[1/1\] .*bom\.txt: brief [0-9a-f-]{36} 'Clashes reached Sittwe today, residents said', "
        r"0 actors, 1 location, 1 suggested claim",
        stdout.splitlines()[0],
    )


@pytest.mark.django_db
def test_ingest_command_finds_the_publisher_by_id_name_or_alias(publisher):
    for reference in (str(publisher.pk), "mekong security review", "MSR"):
        run_ingest(str(MYANMAR), "--publisher", reference)
    assert list(Brief.objects.values_list("publisher", flat=True)) == [publisher.pk] * 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--publisher", "Nobody Institute"],
            "No actor named 'Nobody Institute': give the publisher's id, name or alias.",
        ),
        (
            ["--publisher", "00000000-0000-0000-0000-000000000000"],
            "No actor with id 00000000-0000-0000-0000-000000000000.",
        ),
        (["--user", "ghost"], "No user 'ghost'."),
        (["--published-at", "last Tuesday"], "--published-at 'last Tuesday' is not an ISO 8601 date or date-time."),
        (["--published-at", "2024-02-30"], "--published-at '2024-02-30' is not an ISO 8601 date or date-time."),
    ],
)
def test_ingest_command_rejects_bad_options_before_ingesting(arguments, message):
    with pytest.raises(CommandError) as raised:
        run_ingest(str(MYANMAR), *arguments)
    assert str(raised.value) == message
    assert not Brief.objects.exists()


@pytest.mark.django_db
def test_ingest_command_rejects_an_ambiguous_publisher_name():
    first = Actor.objects.create(name="Observatory", kind="organization")
    second = Actor.objects.create(name="Observatory", kind="media_outlet")
    with pytest.raises(CommandError) as raised:
        run_ingest(str(MYANMAR), "--publisher", "Observatory")
    assert str(first.pk) in str(raised.value) and str(second.pk) in str(raised.value)

"""`export_stix` and `import_stix`: output, counts, and clear non-zero exits on bad input."""

import json
import re
import subprocess
import sys
from io import StringIO

import pytest
import stix2
from django.core.management import call_command
from django.core.management.base import CommandError

from briefings.demo import demo_load
from briefings.models import Actor, Brief, Claim, Comment, Location
from tests.services.test_stix import empty_database, record_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_brief() -> Brief:
    demo_load()
    return Brief.objects.get()


def export(brief_id: str, *args) -> str:
    stdout = StringIO()
    call_command("export_stix", brief_id, *args, stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def import_file(path, *args) -> str:
    stdout = StringIO()
    call_command("import_stix", str(path), *args, stdout=stdout)
    return stdout.getvalue()


def test_export_writes_a_valid_bundle_to_stdout(demo_brief):
    bundle = json.loads(export(str(demo_brief.pk)))
    stix2.parse(bundle, allow_custom=False)
    assert f"report--{demo_brief.pk}" in {obj["id"] for obj in bundle["objects"]}


def test_export_to_a_file_matches_stdout(demo_brief, tmp_path):
    target = tmp_path / "brief.json"
    assert export(str(demo_brief.pk), "--output", str(target)) == ""
    assert target.read_text(encoding="utf-8") == export(str(demo_brief.pk))


@pytest.mark.parametrize("brief_id", ["5d0f0c52-1c4e-4f6b-9a43-2b7e8f1d9c10", "not-a-uuid"])
def test_export_of_an_unknown_brief_fails_clearly(brief_id):
    with pytest.raises(CommandError, match=re.escape(f"No brief with id '{brief_id}'.")):
        export(brief_id)


def test_import_prints_counts_and_is_idempotent(demo_brief, tmp_path):
    path = tmp_path / "demo.json"
    path.write_text(export(str(demo_brief.pk)), encoding="utf-8")
    expected = record_counts()
    expected["Comment"] = Comment.objects.filter(kind="analysis").count()
    empty_database()

    first = import_file(path)
    assert record_counts() == expected
    assert first.splitlines()[:5] == [
        f"actors: {Actor.objects.count()} created, 0 updated, 0 unchanged",
        f"locations: {Location.objects.count()} created, 0 updated, 0 unchanged",
        "briefs: 1 created, 0 updated, 0 unchanged",
        f"claims: {Claim.objects.count()} created, 0 updated, 0 unchanged",
        f"comments: {Comment.objects.count()} created, 0 updated, 0 unchanged",
    ]
    second = import_file(path)
    assert "briefs: 0 created, 0 updated, 1 unchanged" in second
    assert " 0 unchanged" not in second
    assert second.splitlines()[-1] == "skipped STIX objects: 0"


def test_import_as_a_named_user_records_them(demo_brief, tmp_path, editor):
    path = tmp_path / "demo.json"
    path.write_text(export(str(demo_brief.pk)), encoding="utf-8")
    empty_database()
    import_file(path, "--user", "editor")
    assert Brief.objects.get().created_by == editor


def test_unreadable_and_invalid_files_fail_without_writing(demo_brief, tmp_path):
    bundle = json.loads(export(str(demo_brief.pk)))
    empty_database()
    broken = next(obj for obj in bundle["objects"] if obj["type"] == "location")
    broken["longitude"] = 999
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps(bundle), encoding="utf-8")
    not_json = tmp_path / "not.json"
    not_json.write_text("{ nope", encoding="utf-8")

    with pytest.raises(
        CommandError, match=f"Invalid bundle, nothing was imported: objects\\[\\d+\\] \\({broken['id']}\\)"
    ):
        import_file(invalid)
    with pytest.raises(CommandError, match="is not a JSON document"):
        import_file(not_json)
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.json: No such file or directory\."):
        import_file(tmp_path / "missing.json")
    with pytest.raises(CommandError, match=re.escape("No user named 'ghost'.")):
        import_file(invalid, "--user", "ghost")
    assert set(record_counts().values()) == {0}


def test_publishing_needs_permission_for_a_named_user(demo_brief, tmp_path, analyst):
    path = tmp_path / "demo.json"
    path.write_text(export(str(demo_brief.pk)), encoding="utf-8")
    empty_database()
    with pytest.raises(
        CommandError, match=re.escape("Nothing was imported: Publishing needs the publish_brief permission.")
    ):
        import_file(path, "--user", "analyst")
    assert set(record_counts().values()) == {0}


def test_commands_exit_non_zero_from_the_shell(tmp_path):
    """CommandError turns into exit status 1 with the message on stderr (no traceback)."""
    not_json = tmp_path / "not.json"
    not_json.write_text("[", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "manage.py", "import_stix", str(not_json)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 1
    assert "is not a JSON document" in completed.stderr
    assert "Traceback" not in completed.stderr

"""Nothing is lost: a dump loads back into an empty database row for row (history included), and
deleting an actor or location that other records still reference is refused, not cascaded."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection

from briefings.models import Actor, ActorRelation, Brief, BriefActor, Claim, ClaimActor, ClaimLocation, Location
from tests.api.conftest import url
from tests.factories import make_actor, make_brief, make_claim, make_location
from tests.reliability.conftest import assert_json_client_error

pytestmark = pytest.mark.django_db


def _dumped_models() -> list:
    """Every model the dump covers: the briefings app (records, child rows, historical tables) and auth users/groups."""
    models = list(apps.get_app_config("briefings").get_models())
    models += [User, Group, User.groups.through, Group.permissions.through]
    return models


def _snapshot() -> dict[str, list[tuple]]:
    """Each table's rows as sorted tuples of every column."""
    tables = {}
    for model in _dumped_models():
        columns = [field.attname for field in model._meta.concrete_fields]
        if model._meta.auto_created:
            # Django's implicit many-to-many tables: dumps carry the pairs, not their surrogate row ids.
            columns.remove(model._meta.pk.attname)
        rows = model._base_manager.values_list(*columns)
        tables[model._meta.db_table] = sorted(tuple(map(repr, row)) for row in rows)
    return tables


def _empty_the_dumped_tables() -> None:
    # Raw deletes: the foreign keys are deferred until commit, and PROTECT would stop the ORM's deletes.
    with connection.cursor() as cursor:
        for model in reversed(_dumped_models()):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: call_command("load_demo", verbosity=0), id="demo"),
        pytest.param(lambda: call_command("generate_data", briefs=20, seed=3, verbosity=0), id="generated"),
    ],
)
def test_dumpdata_loaddata_round_trip_is_lossless(tmp_path, editor, build):
    build()
    before = _snapshot()
    assert before[Brief._meta.db_table] and before[Brief.history.model._meta.db_table]
    dump = tmp_path / "dump.json"
    labels = ["briefings", "auth.user", "auth.group"]
    call_command("dumpdata", *labels, natural_foreign=True, indent=None, output=str(dump), verbosity=0)

    _empty_the_dumped_tables()
    assert not Brief.objects.exists() and not User.objects.exists()
    call_command("loaddata", str(dump), verbosity=0)

    after = _snapshot()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table


@pytest.fixture
def referenced():
    """An actor and a location that claims, briefs (publisher, mentions) and relations still point to."""
    actor = make_actor(name="Delta Front")
    location = make_location(name="Wadi Saqr")
    ally = make_actor(name="Ridge Brigades")
    ActorRelation.objects.create(source=ally, target=actor, kind="allied_with")
    brief = make_brief(publisher=actor, actors=[actor], locations=[location])
    make_claim(brief=brief, actors=[actor], locations=[location], claimant=actor)
    return actor, location


def _counts() -> tuple:
    return tuple(
        model.objects.count() for model in (Actor, Location, Brief, Claim, BriefActor, ClaimActor, ClaimLocation)
    )


def test_deleting_a_referenced_actor_is_a_409_naming_the_references(editor_client, referenced):
    actor, _ = referenced
    before = _counts()
    body = assert_json_client_error(editor_client.delete(url("actors", actor.pk)), status=409)
    detail = body["errors"][0]["detail"]
    assert body["errors"][0]["code"] == "protected"
    assert "Cannot delete" in detail and "still referenced by" in detail
    assert _counts() == before


def test_deleting_a_referenced_location_is_a_409_naming_the_references(editor_client, referenced):
    _, location = referenced
    before = _counts()
    body = assert_json_client_error(editor_client.delete(url("locations", location.pk)), status=409)
    assert body["errors"][0]["code"] == "protected"
    assert "still referenced by" in body["errors"][0]["detail"]
    assert _counts() == before


def test_each_kind_of_reference_alone_blocks_the_delete(editor_client):
    """Publisher, mention, claim role, claimant, relation target and parent each protect on their own."""
    cases = []
    publisher = make_actor()
    make_brief(publisher=publisher)
    cases.append(("actors", publisher))
    mentioned = make_actor()
    make_brief(actors=[mentioned])
    cases.append(("actors", mentioned))
    role = make_actor()
    make_claim(actors=[role])
    cases.append(("actors", role))
    claimant = make_actor()
    make_claim(claimant=claimant)
    cases.append(("actors", claimant))
    target = make_actor()
    ActorRelation.objects.create(source=make_actor(), target=target, kind="opposes")
    cases.append(("actors", target))
    parent = make_location()
    make_location(parent=parent)
    cases.append(("locations", parent))
    at = make_location()
    make_claim(locations=[at])
    cases.append(("locations", at))
    for resource, record in cases:
        assert_json_client_error(editor_client.delete(url(resource, record.pk)), status=409)
        assert type(record).objects.filter(pk=record.pk).exists()
    unreferenced = make_actor()
    assert editor_client.delete(url("actors", unreferenced.pk)).status_code == 204

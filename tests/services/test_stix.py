"""STIX 2.1 export and import: validity, stable ids, round trip, idempotence, atomicity, foreign bundles."""

import copy
import datetime as dt
import json

import pytest
import stix2
from django.core.exceptions import PermissionDenied
from stix2.confidence.scales import admiralty_credibility_to_value

from briefings.choices import BriefStatus
from briefings.demo import demo_load
from briefings.models import (
    Actor,
    ActorAlias,
    ActorDesignation,
    ActorRelation,
    Brief,
    BriefActor,
    BriefLocation,
    Claim,
    ClaimActor,
    ClaimLink,
    ClaimLocation,
    Comment,
    Location,
    LocationAlias,
)
from briefings.services.stix import (
    ADMIRALTY_CREDIBILITY_TO_CONFIDENCE,
    EXTENSION_ID,
    PROJECT_IDENTITY_ID,
    StixImportError,
    brief_to_stix_bundle,
    stix_bundle_import,
)

pytestmark = pytest.mark.django_db

RECORD_MODELS = (
    Actor,
    ActorAlias,
    ActorDesignation,
    ActorRelation,
    Brief,
    BriefActor,
    BriefLocation,
    Claim,
    ClaimActor,
    ClaimLink,
    ClaimLocation,
    Comment,
    Location,
    LocationAlias,
)

BODY = (
    "Units of the Northern Brigades entered Tal Afar on Tuesday after two days of fighting, Dawn Wire reported. "
    "Local officials said the brigades now hold the road to Qaṣr al-Ḥayr. "
    "Karim Haddad, who commands the brigades, promised to hand the town to the police within a month."
)
FIRST_QUOTE = "Units of the Northern Brigades entered Tal Afar on Tuesday after two days of fighting"


def build_rich_brief() -> Brief:
    """A published brief touching every mapped field: kinds, hierarchy, spans, roles, links, dates."""
    publisher = Actor.objects.create(name="Levant Monitoring Desk", kind="organization", country="GB")
    ActorAlias.objects.create(actor=publisher, name="LMD")
    brigades = Actor.objects.create(name="Northern Brigades", kind="armed_group", description="A militia coalition.")
    ActorAlias.objects.create(actor=brigades, name="Liwa al-Shamal")
    commander = Actor.objects.create(name="Karim Haddad", kind="person", wikidata_id="Q4115189")
    outlet = Actor.objects.create(name="Dawn Wire", kind="media_outlet")
    state = Actor.objects.create(name="Iraq", kind="state", country="IQ")
    ActorRelation.objects.create(
        source=commander, target=brigades, kind="commands", title="commander", start=dt.date(2015, 3, 1)
    )
    ActorRelation.objects.create(
        source=brigades, target=state, kind="opposes", start=dt.date(2016, 1, 1), end=dt.date(2016, 1, 1)
    )
    ActorDesignation.objects.create(
        actor=brigades, authority=state, label="Proscribed organization", date=dt.date(2016, 2, 2)
    )

    iraq = Location.objects.create(name="Iraq", kind="country", country="IQ", latitude=33.0, longitude=44.0)
    nineveh = Location.objects.create(name="Nineveh", kind="region", parent=iraq, latitude=36.3, longitude=43.1)
    town = Location.objects.create(
        name="Tal Afar", kind="town", parent=nineveh, latitude=36.37, longitude=42.45, geonames_id=98463
    )
    LocationAlias.objects.create(location=town, name="Tall Afar")
    site = Location.objects.create(name="Qaṣr al-Ḥayr", kind="site", parent=nineveh, precision="centroid")

    brief = Brief.objects.create(
        title="Northern Brigades take Tal Afar",
        summary="A militia coalition says it holds the town.",
        body=BODY,
        published_at=dt.datetime(2021, 5, 4, 9, 30, tzinfo=dt.UTC),
        publisher=publisher,
        source_url="https://example.org/briefs/tal-afar",
        language="en-GB",
        status=BriefStatus.PUBLISHED,
    )
    BriefActor.objects.create(brief=brief, actor=brigades, spans=[[9, 30]])
    BriefActor.objects.create(brief=brief, actor=commander, spans=[[BODY.index("Karim"), BODY.index("Karim") + 12]])
    BriefLocation.objects.create(brief=brief, location=town, spans=[[39, 47]])
    BriefLocation.objects.create(brief=brief, location=site, spans=[])

    taken = Claim.objects.create(
        brief=brief,
        statement="The Northern Brigades captured Tal Afar.",
        quote=FIRST_QUOTE,
        span_start=0,
        span_end=len(FIRST_QUOTE),
        kind="territorial_change",
        occurred_start=dt.date(2021, 5, 2),
        occurred_end=dt.date(2021, 5, 4),
        claimant=outlet,
        source_reliability="B",
        credibility=2,
    )
    ClaimActor.objects.create(claim=taken, actor=brigades, role="subject")
    ClaimActor.objects.create(claim=taken, actor=state, role="target")
    ClaimLocation.objects.create(claim=taken, location=town)
    road = Claim.objects.create(
        brief=brief,
        statement="The brigades hold the road to Qaṣr al-Ḥayr.",
        kind="territorial_change",
        claimant_text="local officials",
        credibility=6,
        assessment="corroborated",
    )
    ClaimLocation.objects.create(claim=road, location=site)
    ClaimLink.objects.create(source=road, target=taken, kind="corroborates")
    handover = Claim.objects.create(
        brief=brief, statement="Haddad promised a handover to the police.", kind="statement", claimant=commander
    )
    ClaimActor.objects.create(claim=handover, actor=commander, role="subject")

    Comment.objects.create(brief=brief, kind="analysis", body="The capture opens the western road.")
    Comment.objects.create(brief=brief, claim=taken, kind="analysis", body="Dawn Wire has been accurate before.")
    Comment.objects.create(brief=brief, kind="note", body="Internal: check the police timeline.")
    return brief


@pytest.fixture
def rich_brief() -> Brief:
    return build_rich_brief()


def stix_timestamp(value: dt.datetime) -> str:
    """STIX's own rendering: trailing zeros of the fraction dropped (`.239400` -> `.2394`)."""
    return stix2.utils.format_datetime(stix2.utils.STIXdatetime(value))


def objects_by_id(bundle: dict) -> dict[str, dict]:
    return {obj["id"]: obj for obj in bundle["objects"]}


def record_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in RECORD_MODELS}


def empty_database() -> None:
    """Delete every record, children before the rows they protect."""
    for model in (Comment, ClaimLink, ClaimActor, ClaimLocation, Claim, BriefActor, BriefLocation, Brief):
        model.objects.all().delete()
    for model in (ActorDesignation, ActorRelation, ActorAlias, LocationAlias, Actor):
        model.objects.all().delete()
    for location in sorted(Location.objects.all(), key=lambda location: -len(location.path)):
        location.delete()
    assert set(record_counts().values()) == {0}


def without_volatile(bundle: dict) -> dict:
    """Timestamps of the records and the content-derived bundle id change when records are re-created."""
    objects = [{k: v for k, v in obj.items() if k not in {"created", "modified"}} for obj in bundle["objects"]]
    return {"type": bundle["type"], "objects": sorted(objects, key=lambda obj: obj["id"])}


def test_bundle_validates_with_stix2_without_custom_content(rich_brief):
    bundle = brief_to_stix_bundle(brief=rich_brief)
    parsed = stix2.parse(json.dumps(bundle), allow_custom=False)
    assert len(parsed.objects) == len(bundle["objects"])


def test_demo_bundle_validates_and_every_reference_resolves_inside_it():
    demo_load()
    bundle = brief_to_stix_bundle(brief=Brief.objects.get())
    stix2.parse(json.dumps(bundle), allow_custom=False)
    ids = set(objects_by_id(bundle))
    for obj in bundle["objects"]:
        refs = [obj[key] for key in obj if key.endswith("_ref")]
        refs += [ref for key in obj if key.endswith("_refs") for ref in obj[key]]
        assert set(refs) <= ids, obj["id"]
    report = next(obj for obj in bundle["objects"] if obj["type"] == "report")
    assert set(report["object_refs"]) == ids - {report["id"], EXTENSION_ID, PROJECT_IDENTITY_ID}


def test_ids_are_derived_from_record_ids_and_stable_across_exports(rich_brief):
    first = brief_to_stix_bundle(brief=rich_brief)
    second = brief_to_stix_bundle(brief=Brief.objects.get(pk=rich_brief.pk))
    assert first == second
    ids = set(objects_by_id(first))
    brigades = Actor.objects.get(name="Northern Brigades")
    commander = Actor.objects.get(name="Karim Haddad")
    assert {
        f"report--{rich_brief.pk}",
        f"threat-actor--{brigades.pk}",
        f"identity--{commander.pk}",
        *(f"note--{claim.pk}" for claim in Claim.objects.all()),
        *(f"location--{location.pk}" for location in Location.objects.all()),
        *(f"relationship--{relation.pk}" for relation in ActorRelation.objects.all()),
    } <= ids


def test_internal_notes_are_not_exported(rich_brief):
    ids = set(objects_by_id(brief_to_stix_bundle(brief=rich_brief)))
    note = Comment.objects.get(kind="note")
    assert f"note--{note.pk}" not in ids
    assert all(f"note--{comment.pk}" in ids for comment in Comment.objects.filter(kind="analysis"))


def test_claim_note_golden(rich_brief):
    claim = Claim.objects.get(quote=FIRST_QUOTE)
    brigades, state, outlet = (Actor.objects.get(name=name) for name in ("Northern Brigades", "Iraq", "Dawn Wire"))
    town = Location.objects.get(name="Tal Afar")
    road = Claim.objects.get(claimant_text="local officials")
    publisher = rich_brief.publisher
    note = objects_by_id(brief_to_stix_bundle(brief=rich_brief))[f"note--{claim.pk}"]
    assert note == {
        "type": "note",
        "spec_version": "2.1",
        "id": f"note--{claim.pk}",
        "created_by_ref": f"identity--{publisher.pk}",
        "created": stix_timestamp(claim.created_at),
        "modified": stix_timestamp(claim.updated_at),
        "abstract": "The Northern Brigades captured Tal Afar.",
        "content": FIRST_QUOTE,
        "authors": ["Dawn Wire"],
        "object_refs": [
            f"report--{rich_brief.pk}",
            f"identity--{outlet.pk}",
            f"threat-actor--{brigades.pk}",
            f"identity--{state.pk}",
            f"location--{town.pk}",
        ],
        "confidence": 70,
        "extensions": {
            EXTENSION_ID: {
                "extension_type": "property-extension",
                "record": "claim",
                "brief_ref": f"report--{rich_brief.pk}",
                "statement": "The Northern Brigades captured Tal Afar.",
                "quote": FIRST_QUOTE,
                "span_start": 0,
                "span_end": len(FIRST_QUOTE),
                "kind": "territorial_change",
                "occurred_start": "2021-05-02",
                "occurred_end": "2021-05-04",
                "claimant_ref": f"identity--{outlet.pk}",
                "claimant_text": "",
                "actors": [
                    {"actor_ref": f"threat-actor--{brigades.pk}", "role": "subject"},
                    {"actor_ref": f"identity--{state.pk}", "role": "target"},
                ],
                "location_refs": [f"location--{town.pk}"],
                "source_reliability": "B",
                "credibility": 2,
                "assessment": "reported",
                "links": [],
            }
        },
    }
    road_note = objects_by_id(brief_to_stix_bundle(brief=rich_brief))[f"note--{road.pk}"]
    assert "confidence" not in road_note  # credibility 6: truth cannot be judged
    assert road_note["extensions"][EXTENSION_ID]["links"] == [
        {"kind": "corroborates", "target_ref": f"note--{claim.pk}"}
    ]


def test_actor_location_and_relationship_mapping(rich_brief):
    objects = objects_by_id(brief_to_stix_bundle(brief=rich_brief))
    brigades = Actor.objects.get(name="Northern Brigades")
    commander = Actor.objects.get(name="Karim Haddad")
    state = Actor.objects.get(name="Iraq")
    threat_actor = objects[f"threat-actor--{brigades.pk}"]
    assert threat_actor["aliases"] == ["Liwa al-Shamal"]
    assert threat_actor["threat_actor_types"] == ["unknown"]
    person = objects[f"identity--{commander.pk}"]
    assert person["identity_class"] == "individual"
    assert person["external_references"] == [
        {"source_name": "wikidata", "external_id": "Q4115189", "url": "https://www.wikidata.org/wiki/Q4115189"}
    ]
    assert objects[f"identity--{state.pk}"]["identity_class"] == "organization"

    site = Location.objects.get(name="Qaṣr al-Ḥayr")
    location = objects[f"location--{site.pk}"]
    # No own coordinates or country: the country is inherited from Iraq, the region derived from it.
    assert {key: location[key] for key in ("name", "country", "region")} == {
        "name": "Qaṣr al-Ḥayr",
        "country": "IQ",
        "region": "western-asia",
    }
    assert "latitude" not in location
    assert location["extensions"][EXTENSION_ID]["country"] == ""
    assert location["extensions"][EXTENSION_ID]["parent_ref"] == f"location--{site.parent_id}"
    town = objects[f"location--{Location.objects.get(name='Tal Afar').pk}"]
    assert (town["latitude"], town["longitude"]) == (36.37, 42.45)

    relationships = {obj["relationship_type"]: obj for obj in objects.values() if obj["type"] == "relationship"}
    assert set(relationships) == {"commands", "opposes", "designated-by"}
    assert relationships["commands"]["source_ref"] == f"identity--{commander.pk}"
    assert relationships["commands"]["description"] == "commander"
    # A one-day range still ends after it starts, as STIX requires.
    assert relationships["opposes"]["start_time"] == "2016-01-01T00:00:00Z"
    assert relationships["opposes"]["stop_time"] == "2016-01-01T23:59:59Z"
    assert relationships["designated-by"]["target_ref"] == f"identity--{state.pk}"

    report = objects[f"report--{rich_brief.pk}"]
    assert report["created_by_ref"] == f"identity--{rich_brief.publisher_id}"
    assert report["external_references"] == [{"source_name": "source", "url": "https://example.org/briefs/tal-afar"}]
    assert report["published"] == "2021-05-04T09:30:00Z"
    assert report["description"] == "A militia coalition says it holds the town."


def test_confidence_table_is_the_stix_appendix():
    labels = {
        1: "1 - Confirmed by other sources",
        2: "2 - Probably True",
        3: "3 - Possibly True",
        4: "4 - Doubtful",
        5: "5 - Improbable",
    }
    assert {grade: admiralty_credibility_to_value(label) for grade, label in labels.items()} == {
        grade: value for grade, value in ADMIRALTY_CREDIBILITY_TO_CONFIDENCE.items() if value is not None
    }
    assert ADMIRALTY_CREDIBILITY_TO_CONFIDENCE[6] is None


def test_export_query_count_does_not_grow_with_claims(rich_brief, django_assert_num_queries):
    with django_assert_num_queries(14):
        brief_to_stix_bundle(brief=rich_brief)
    for number in range(20):
        claim = Claim.objects.create(brief=rich_brief, statement=f"Extra claim {number}")
        ClaimActor.objects.create(claim=claim, actor=Actor.objects.create(name=f"Actor {number}", kind="person"))
        ClaimLocation.objects.create(
            claim=claim, location=Location.objects.create(name=f"Place {number}", kind="village", country="SY")
        )
    with django_assert_num_queries(14):
        brief_to_stix_bundle(brief=rich_brief)


@pytest.mark.parametrize("source", ["rich", "demo"])
def test_round_trip_into_an_empty_database_gives_the_same_bundle(source):
    if source == "demo":
        demo_load()
        brief = Brief.objects.get()
    else:
        brief = build_rich_brief()
    exported = brief_to_stix_bundle(brief=brief)
    counts_before = record_counts()
    counts_before["Comment"] -= Comment.objects.filter(kind="note").count()  # internal notes stay home
    empty_database()

    result = stix_bundle_import(bundle=copy.deepcopy(exported), user=None)

    assert record_counts() == counts_before
    assert (
        sum(count["created"] for count in result.counts.values())
        == sum(counts_before[name] for name in ("Actor", "Location", "Brief", "Claim", "Comment", "ActorRelation"))
        + counts_before["ActorDesignation"]
    )
    reexported = brief_to_stix_bundle(brief=Brief.objects.get(pk=brief.pk))
    assert without_volatile(reexported) == without_volatile(exported)


def test_second_import_changes_nothing_and_reports_unchanged(rich_brief, editor):
    bundle = brief_to_stix_bundle(brief=rich_brief)
    empty_database()
    first = stix_bundle_import(bundle=bundle, user=editor)
    versions = {model.__name__: sorted(model.objects.values_list("version", flat=True)) for model in RECORD_MODELS}

    second = stix_bundle_import(bundle=bundle, user=editor)

    assert first.counts["claims"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert second.as_dict() == {
        "actors": {"created": 0, "updated": 0, "unchanged": 5},
        "locations": {"created": 0, "updated": 0, "unchanged": 4},
        "briefs": {"created": 0, "updated": 0, "unchanged": 1},
        "claims": {"created": 0, "updated": 0, "unchanged": 3},
        "comments": {"created": 0, "updated": 0, "unchanged": 2},
        "actor_relations": {"created": 0, "updated": 0, "unchanged": 2},
        "actor_designations": {"created": 0, "updated": 0, "unchanged": 1},
        "skipped": 0,
    }
    assert {model.__name__: sorted(model.objects.values_list("version", flat=True)) for model in RECORD_MODELS} == (
        versions
    )


def test_imported_records_keep_history_and_the_importing_user(rich_brief, editor):
    bundle = brief_to_stix_bundle(brief=rich_brief)
    empty_database()
    stix_bundle_import(bundle=bundle, user=editor)
    brief = Brief.objects.get(pk=rich_brief.pk)
    assert brief.status == BriefStatus.PUBLISHED
    assert brief.created_by == editor
    # Created as a draft, then published through the workflow service.
    imported_history = brief.history.filter(history_user=editor).order_by("history_date")
    assert [record.status for record in imported_history] == ["draft", "published"]
    assert Claim.history.filter(history_type="+", history_user=editor).count() == 3
    assert Comment.objects.filter(author=editor).count() == 2


def test_publishing_through_import_needs_the_publish_permission(rich_brief, analyst):
    bundle = brief_to_stix_bundle(brief=rich_brief)
    empty_database()
    with pytest.raises(PermissionDenied):
        stix_bundle_import(bundle=bundle, user=analyst)
    assert set(record_counts().values()) == {0}


def test_changed_objects_are_updated_in_place(rich_brief):
    bundle = brief_to_stix_bundle(brief=rich_brief)
    objects = objects_by_id(bundle)
    brigades = Actor.objects.get(name="Northern Brigades")
    actor = objects[f"threat-actor--{brigades.pk}"]
    actor["name"] = "Northern Brigades Coalition"
    actor["extensions"][EXTENSION_ID]["aliases"] = ["Liwa al-Shamal", "NBC"]
    road = Claim.objects.get(claimant_text="local officials")
    objects[f"note--{road.pk}"]["extensions"][EXTENSION_ID]["links"] = []

    result = stix_bundle_import(bundle=bundle, user=None)

    brigades.refresh_from_db()
    assert brigades.name == "Northern Brigades Coalition"
    assert brigades.version == 2
    assert sorted(brigades.aliases.values_list("name", flat=True)) == ["Liwa al-Shamal", "NBC"]
    assert not ClaimLink.objects.exists()
    assert result.counts["actors"] == {"created": 0, "updated": 1, "unchanged": 4}
    assert result.counts["claims"] == {"created": 0, "updated": 1, "unchanged": 2}
    assert brigades.history.latest().history_change_reason == "STIX import"


def test_an_object_stix2_rejects_aborts_the_import_and_is_named(rich_brief):
    bundle = brief_to_stix_bundle(brief=rich_brief)
    empty_database()
    site = next(obj for obj in bundle["objects"] if obj.get("name") == "Tal Afar")
    site["latitude"] = 200
    position = bundle["objects"].index(site)

    with pytest.raises(StixImportError) as error:
        stix_bundle_import(bundle=bundle, user=None)

    assert error.value.object_id == site["id"]
    assert str(error.value).startswith(f"objects[{position}] ({site['id']}): invalid STIX 2.1 object:")
    assert "latitude" in str(error.value)
    assert set(record_counts().values()) == {0}


def test_a_record_our_validation_rejects_rolls_back_everything_written_before_it(rich_brief):
    bundle = brief_to_stix_bundle(brief=rich_brief)
    empty_database()
    claim = next(obj for obj in bundle["objects"] if obj.get("content") == FIRST_QUOTE)
    claim["extensions"][EXTENSION_ID]["span_end"] = 10  # no longer the quote's span in the body

    with pytest.raises(StixImportError) as error:
        stix_bundle_import(bundle=bundle, user=None)

    assert error.value.object_id == claim["id"]
    assert "span_end: body[span_start:span_end] does not equal the quote." in str(error.value)
    # Actors, locations and the brief were written before the claim: all rolled back.
    assert set(record_counts().values()) == {0}


def test_a_reference_to_an_unknown_record_is_an_error(rich_brief):
    bundle = brief_to_stix_bundle(brief=rich_brief)
    location = next(obj for obj in bundle["objects"] if obj.get("name") == "Nineveh")
    bundle["objects"].remove(location)
    empty_database()
    with pytest.raises(StixImportError, match=f"reference {location['id']} is neither in the bundle nor in the"):
        stix_bundle_import(bundle=bundle, user=None)
    assert set(record_counts().values()) == {0}


BAD_BUNDLE_ID = 'The bundle needs an "id" of the form bundle--<lower-case uuid>.'
OBJECTS_NOT_LIST = '"objects" must be a list.'


@pytest.mark.parametrize(
    ("bundle", "message"),
    [
        ([], 'Expected a STIX 2.1 bundle: a JSON object with "type": "bundle".'),
        ({"type": "report"}, 'Expected a STIX 2.1 bundle: a JSON object with "type": "bundle".'),
        ({"type": "bundle", "id": "bundle--1", "objects": []}, BAD_BUNDLE_ID),
        ({"type": "bundle", "id": "bundle--8f4e4d2a-5b1c-4f7e-9a3d-2c6b1e0f9a11", "objects": {}}, OBJECTS_NOT_LIST),
    ],
)
def test_malformed_envelopes_are_rejected(bundle, message):
    with pytest.raises(StixImportError) as error:
        stix_bundle_import(bundle=bundle, user=None)
    assert str(error.value) == message


def test_foreign_bundle_imports_with_sensible_defaults(editor):
    ts = "2020-02-02T10:00:00.000Z"
    outlet = "identity--8d3e1f4a-0b7c-4d2e-9f61-3a5b7c9d1e2f"
    group = "threat-actor--1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    place = "location--2b3c4d5e-6f70-4182-9a3b-4c5d6e7f8091"
    report = "report--3c4d5e6f-7081-4293-8a4b-5c6d7e8f9012"
    bundle = {
        "type": "bundle",
        "id": "bundle--4d5e6f70-8192-43a4-9b5c-6d7e8f901234",
        "objects": [
            {"type": "identity", "spec_version": "2.1", "id": outlet, "created": ts, "modified": ts,
             "name": "Coast Radio", "identity_class": "organization", "sectors": ["communications"]},
            {"type": "threat-actor", "spec_version": "2.1", "id": group, "created": ts, "modified": ts,
             "name": "Delta Front", "aliases": ["Delta Front", "DF"],
             "external_references": [{"source_name": "wikidata", "external_id": "Q999999"}]},
            {"type": "location", "spec_version": "2.1", "id": place, "created": ts, "modified": ts,
             "name": "Port Town", "latitude": 12.5, "longitude": -3.25, "country": "gh"},
            {"type": "relationship", "spec_version": "2.1", "id": "relationship--5e6f7081-92a3-44b5-8c6d-7e8f90123456",
             "created": ts, "modified": ts, "relationship_type": "allied-with", "source_ref": group,
             "target_ref": outlet},
            {"type": "relationship", "spec_version": "2.1", "id": "relationship--6f708192-a3b4-45c6-9d7e-8f9012345678",
             "created": ts, "modified": ts, "relationship_type": "located-at", "source_ref": group,
             "target_ref": place},
            {"type": "report", "spec_version": "2.1", "id": report, "created": ts, "modified": ts,
             "created_by_ref": outlet, "name": "Delta Front near Port Town", "published": ts,
             "description": "Fighters were seen near the port.", "object_refs": [group, place]},
            {"type": "note", "spec_version": "2.1", "id": "note--708192a3-b4c5-46d7-8e8f-901234567890",
             "created": ts, "modified": ts, "content": "Seen twice this month.", "object_refs": [report]},
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--8192a3b4-c5d6-47e8-9f90-123456789012",
             "created": ts, "modified": ts, "pattern": "[ipv4-addr:value = '203.0.113.7']", "pattern_type": "stix",
             "valid_from": ts},
        ],
    }  # fmt: skip

    result = stix_bundle_import(bundle=bundle, user=editor)

    assert result.skipped == 2  # the unknown relationship type and the indicator
    assert Actor.objects.get(name="Coast Radio").kind == "media_outlet"
    front = Actor.objects.get(name="Delta Front")
    assert (front.kind, front.wikidata_id, list(front.aliases.values_list("name", flat=True))) == (
        "armed_group",
        "Q999999",
        ["DF"],
    )
    location = Location.objects.get()
    assert (location.name, location.kind, location.country, location.latitude, location.longitude) == (
        "Port Town",
        "area",
        "GH",
        12.5,
        -3.25,
    )
    assert ActorRelation.objects.get().kind == "allied_with"
    brief = Brief.objects.get()
    assert (brief.title, brief.body, brief.status, brief.publisher.name) == (
        "Delta Front near Port Town",
        "Fighters were seen near the port.",
        "draft",
        "Coast Radio",
    )
    assert set(brief.actors.all()) == {front}
    assert set(brief.locations.all()) == {location}
    assert Comment.objects.get().body == "Seen twice this month."


def test_round_trip_of_generated_briefs_sharing_actors_and_locations():
    from briefings.services.generate import data_generate

    data_generate(briefs=6, seed=20240, history=False)
    briefs = list(Brief.objects.order_by("id"))
    exported = [brief_to_stix_bundle(brief=brief) for brief in briefs]
    for bundle in exported:
        stix2.parse(json.dumps(bundle), allow_custom=False)
    empty_database()

    results = [stix_bundle_import(bundle=copy.deepcopy(bundle), user=None) for bundle in exported]

    # Later bundles find the actors and locations earlier ones created: none is created twice.
    assert sum(result.counts["actors"]["created"] for result in results) == Actor.objects.count()
    assert sum(result.counts["locations"]["created"] for result in results) == Location.objects.count()
    for brief, bundle in zip(briefs, exported, strict=True):
        assert without_volatile(brief_to_stix_bundle(brief=Brief.objects.get(pk=brief.pk))) == without_volatile(bundle)


def test_armed_group_publisher_and_bare_location_still_validate():
    """created_by_ref must be an identity, and a location needs region, country or coordinates."""
    group = Actor.objects.create(name="Eastern Front Media Wing", kind="armed_group")
    nowhere = Location.objects.create(name="The old quarry", kind="site")
    brief = Brief.objects.create(title="Statement", body="A statement.", publisher=group)
    BriefLocation.objects.create(brief=brief, location=nowhere)

    bundle = brief_to_stix_bundle(brief=brief)

    stix2.parse(json.dumps(bundle), allow_custom=False)
    objects = objects_by_id(bundle)
    report = objects[f"report--{brief.pk}"]
    assert "created_by_ref" not in report
    assert report["extensions"][EXTENSION_ID]["publisher_ref"] == f"threat-actor--{group.pk}"
    # A draft has no publication date yet: STIX requires one, so the creation time stands in.
    assert report["published"] == report["created"]
    assert report["extensions"][EXTENSION_ID]["published_at"] is None
    assert objects[f"location--{nowhere.pk}"]["region"] == "unknown"
    empty_database()
    stix_bundle_import(bundle=bundle, user=None)
    assert Brief.objects.get().publisher == Actor.objects.get(kind="armed_group")
    assert Brief.objects.get().published_at is None

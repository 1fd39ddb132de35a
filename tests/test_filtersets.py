"""FilterSets on querysets: every parameter's result set, validation errors and query counts.

One small world serves every test: actors with aliases and relations, a location tree
(Iraq > Nineveh > al-Ba'aj > al-Khibra, Nineveh > Mosul, plus Syria and a parentless border),
briefs in each status and claims with roles, date ranges and locations. Results are compared
as sets of record names so the same assertions hold on SQLite and PostgreSQL.
"""

import datetime
import re
import uuid
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.urls import path
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework import generics, serializers

from briefings.choices import (
    ActorKind,
    ActorRelationKind,
    Assessment,
    BriefStatus,
    ClaimActorRole,
    ClaimKind,
    CommentKind,
    Credibility,
    LocationKind,
    SourceReliability,
)
from briefings.filtersets import (
    ActorFilterSet,
    BoundingBoxField,
    BriefFilterSet,
    ClaimFilterSet,
    CommentFilterSet,
    LocationFilterSet,
)
from briefings.models import ActorAlias, ActorRelation, Brief, Claim, ClaimActor, ClaimLocation, Location
from tests.factories import (
    make_actor,
    make_actor_alias,
    make_brief,
    make_claim,
    make_comment,
    make_location,
    make_location_alias,
)

# Fixtures


# Positional shorthands over tests/factories.py, so the world below reads as a table.


def _actor(name, kind, country="", aliases=()):
    actor = make_actor(name=name, kind=kind, country=country)
    for alias in aliases:
        make_actor_alias(actor, alias)
    return actor


def _location(name, kind, parent=None, coordinates=None, country="", aliases=()):
    longitude, latitude = coordinates or (None, None)
    location = make_location(
        name=name, kind=kind, parent=parent, longitude=longitude, latitude=latitude, country=country
    )
    for alias in aliases:
        make_location_alias(location, alias)
    return location


def _brief(title, status, published_at, **fields):
    return make_brief(title=title, status=status, published_at=published_at, **fields)


def _claim(brief, statement, *, start=None, end=None, roles=(), **fields):
    return make_claim(brief=brief, statement=statement, occurred_start=start, occurred_end=end, actors=roles, **fields)


def _at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T10:00:00+00:00")


@pytest.fixture
def world(db):
    """Actors, locations, briefs, claims and comments modelled on the example brief."""
    w = SimpleNamespace()
    w.pmf = _actor("Popular Mobilization Forces", ActorKind.ARMED_GROUP, "IQ", aliases=("P.M.F.", "Hashd al-Shaabi"))
    w.isis = _actor("Islamic State", ActorKind.ARMED_GROUP, aliases=("ISIS",))
    w.irgc = _actor("Islamic Revolutionary Guard Corps", ActorKind.GOVERNMENT_BODY, "IR", aliases=("IRGC",))
    w.quds = _actor("Quds Force", ActorKind.ARMED_GROUP, "IR")
    w.muhandis = _actor("Abu Mahdi al-Muhandis", ActorKind.PERSON, "IQ")
    w.badr = _actor("Badr Organization", ActorKind.ARMED_GROUP, "IQ")
    w.fars = _actor("Fars News Agency", ActorKind.MEDIA_OUTLET, "IR")
    for source, kind, target in (
        (w.muhandis, ActorRelationKind.LEADS, w.pmf),
        (w.badr, ActorRelationKind.MEMBER_OF, w.pmf),
        (w.pmf, ActorRelationKind.BACKED_BY, w.irgc),
        (w.quds, ActorRelationKind.PART_OF, w.irgc),
    ):
        ActorRelation.objects.create(source=source, kind=kind, target=target)

    w.iraq = _location("Iraq", LocationKind.COUNTRY, coordinates=(43.7, 33.2), country="IQ")
    w.nineveh = _location("Nineveh", LocationKind.REGION, w.iraq, (42.5, 36.3), "IQ")
    w.baaj = _location("al-Ba'aj", LocationKind.DISTRICT, w.nineveh, (41.7, 36.0), "IQ")
    w.khibra = _location("al-Khibra", LocationKind.VILLAGE, w.baaj, (41.6, 35.9), "IQ")
    w.mosul = _location("Mosul", LocationKind.CITY, w.nineveh, (43.1, 36.3), "IQ", aliases=("al-Mawṣil",))
    w.syria = _location("Syria", LocationKind.COUNTRY, coordinates=(38.9, 35.0), country="SY")
    w.border = _location("Iraq-Syria border", LocationKind.BORDER)

    w.published = _brief(
        "PMF advance west of Mosul",
        BriefStatus.PUBLISHED,
        _at("2017-06-01"),
        body="Fighters of the P.M.F. captured al-Khibra village after clashes with Islamic State.",
        publisher=w.fars,
        actors=(w.pmf, w.isis),
        # Two locations inside Iraq: a location filter on Iraq must still list the brief once.
        locations=(w.khibra, w.nineveh),
    )
    w.draft = _brief(
        "Mosul offensive stalls",
        BriefStatus.DRAFT,
        _at("2017-05-30"),
        body="Heavy fighting continued in western neighbourhoods.",
        actors=(w.badr,),
        locations=(w.mosul,),
    )
    w.review = _brief(
        "Border crossings reopen",
        BriefStatus.REVIEW,
        _at("2017-06-03"),
        summary="Traffic resumed at two crossings.",
        body="Officials announced that trade would resume.",
        locations=(w.syria,),
    )
    w.retracted = _brief("Withdrawn report", BriefStatus.RETRACTED, None, body="Text withdrawn by the publisher.")

    w.captured = _claim(
        w.published,
        "PMF captured al-Khibra village",
        kind=ClaimKind.TERRITORIAL_CHANGE,
        start=datetime.date(2017, 5, 29),
        end=datetime.date(2017, 6, 1),
        roles=((w.pmf, ClaimActorRole.SUBJECT), (w.isis, ClaimActorRole.TARGET)),
        locations=(w.khibra,),
        claimant=w.fars,
        source_reliability=SourceReliability.C,
        credibility=Credibility.POSSIBLY_TRUE,
    )
    w.controls = _claim(
        w.published,
        "Badr controls seventeen kilometres of the border",
        kind=ClaimKind.STATEMENT,
        start=datetime.date(2017, 5, 30),
        roles=((w.badr, ClaimActorRole.SUBJECT), (w.pmf, ClaimActorRole.MENTIONED)),
        locations=(w.border,),
        claimant=w.badr,
        source_reliability=SourceReliability.B,
        credibility=Credibility.PROBABLY_TRUE,
        assessment=Assessment.CORROBORATED,
    )
    w.withdrew = _claim(
        w.published,
        "Islamic State fighters withdrew toward Syria",
        kind=ClaimKind.OTHER,
        roles=((w.isis, ClaimActorRole.SUBJECT),),
        locations=(w.syria,),
        claimant_text="Iranian media",
        assessment=Assessment.DISPUTED,
    )
    w.clash = _claim(
        w.draft,
        "Islamic State attacked PMF positions in Mosul",
        kind=ClaimKind.ARMED_CLASH,
        start=datetime.date(2017, 6, 5),
        end=datetime.date(2017, 6, 10),
        roles=((w.isis, ClaimActorRole.SUBJECT), (w.pmf, ClaimActorRole.TARGET)),
        locations=(w.mosul,),
    )

    # No password: hashing one per test would dominate this module's run time.
    w.analyst = User.objects.create(username="analyst-author")
    w.editor = User.objects.create(username="editor-author")
    w.analysis = make_comment(
        brief=w.published,
        kind=CommentKind.ANALYSIS,
        body="The advance on al-Khibra cuts a supply route.",
        author=w.analyst,
    )
    w.note = make_comment(
        brief=w.published, claim=w.captured, kind=CommentKind.NOTE, body="Check the date range.", author=w.editor
    )
    w.draft_note = make_comment(
        brief=w.draft, kind=CommentKind.NOTE, body="Waiting for a second source.", author=w.analyst
    )
    return w


def names(filterset_class, data, queryset=None):
    """Run a FilterSet as the API does and return the display names of the rows (as a sorted list)."""
    filterset = filterset_class(
        data, queryset=queryset if queryset is not None else filterset_class._meta.model.objects.all()
    )
    assert filterset.is_valid(), filterset.errors
    return sorted(_label(row) for row in filterset.qs)


def rows(filterset_class, data):
    """The row count and the distinct row count: equal when a filter cannot repeat rows."""
    filterset = filterset_class(data, queryset=filterset_class._meta.model.objects.all())
    assert filterset.is_valid(), filterset.errors
    ids = [row.pk for row in filterset.qs]
    return len(ids), len(set(ids))


def errors(filterset_class, data):
    filterset = filterset_class(data, queryset=filterset_class._meta.model.objects.all())
    assert not filterset.is_valid()
    return {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}


def _label(row):
    for attribute in ("name", "title", "statement", "body"):
        if hasattr(row, attribute):
            return getattr(row, attribute)
    raise AssertionError(row)


# Shared parameters: updated_since, search


def test_updated_since_keeps_records_changed_at_or_after(world):
    Brief.objects.update(updated_at=_at("2020-01-01"))
    Brief.objects.filter(pk=world.review.pk).update(updated_at=_at("2021-03-01"))
    Brief.objects.filter(pk=world.draft.pk).update(updated_at=_at("2021-03-02"))

    assert names(BriefFilterSet, {"updated_since": "2021-03-01T10:00:00Z"}) == [
        "Border crossings reopen",
        "Mosul offensive stalls",
    ]
    assert names(BriefFilterSet, {"updated_since": "2021-03-01T10:00:00.000001+00:00"}) == ["Mosul offensive stalls"]
    assert names(BriefFilterSet, {"updated_since": "2021-03-02T12:00:00+02:00"}) == ["Mosul offensive stalls"]


@pytest.mark.parametrize(
    "filterset_class", [BriefFilterSet, ClaimFilterSet, CommentFilterSet, ActorFilterSet, LocationFilterSet]
)
def test_every_list_rejects_a_malformed_updated_since(world, filterset_class):
    assert list(errors(filterset_class, {"updated_since": "yesterday"})) == ["updated_since"]


@pytest.mark.parametrize(
    "filterset_class", [BriefFilterSet, ClaimFilterSet, CommentFilterSet, ActorFilterSet, LocationFilterSet]
)
def test_every_list_bounds_the_search_length(world, filterset_class):
    assert names(filterset_class, {"search": "x" * 200}) == []
    assert errors(filterset_class, {"search": "x" * 201}) == {
        "search": ["Ensure this value has at most 200 characters (it has 201)."]
    }


def test_no_parameters_keep_every_row(world):
    assert len(names(BriefFilterSet, {})) == 4
    assert len(names(ClaimFilterSet, {"unknown": "ignored"})) == 4
    assert names(BriefFilterSet, {"search": "   "}) == names(BriefFilterSet, {})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("captured", ["PMF advance west of Mosul"]),  # body
        ("Mosul", ["Mosul offensive stalls", "PMF advance west of Mosul"]),  # title
        ("traffic", ["Border crossings reopen"]),  # summary
        ("mosul offensive", ["Mosul offensive stalls"]),  # every word, in any column
        ("mosul trade", []),
    ],
)
def test_brief_search_covers_title_summary_and_body(world, query, expected):
    assert names(BriefFilterSet, {"search": query}) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kilometres", ["Badr controls seventeen kilometres of the border"]),  # statement
        ("iranian", ["Islamic State fighters withdrew toward Syria"]),  # claimant_text
        ("khibra", ["PMF captured al-Khibra village"]),
    ],
)
def test_claim_search_covers_statement_quote_and_claimant_text(world, query, expected):
    assert names(ClaimFilterSet, {"search": query}) == expected


def test_claim_search_covers_the_quote(world):
    Claim.objects.filter(pk=world.clash.pk).update(quote="Heavy fighting continued")
    assert names(ClaimFilterSet, {"search": "heavy"}) == ["Islamic State attacked PMF positions in Mosul"]


def test_comment_search_covers_the_body(world):
    assert names(CommentFilterSet, {"search": "supply route"}) == ["The advance on al-Khibra cuts a supply route."]


# Briefs


def test_brief_status(world):
    assert names(BriefFilterSet, {"status": "review"}) == ["Border crossings reopen"]
    assert list(errors(BriefFilterSet, {"status": "archived"})) == ["status"]


def test_brief_publisher_and_actor(world):
    assert names(BriefFilterSet, {"publisher": str(world.fars.pk)}) == ["PMF advance west of Mosul"]
    assert names(BriefFilterSet, {"actor": str(world.badr.pk)}) == ["Mosul offensive stalls"]
    assert names(BriefFilterSet, {"actor": str(world.quds.pk)}) == []
    assert names(BriefFilterSet, {"actor": str(uuid.uuid4())}) == []


@pytest.mark.parametrize("parameter", ["publisher", "actor", "location"])
@pytest.mark.parametrize("value", ["42", "99999999999999999999999", "not-a-uuid"])
def test_brief_references_must_be_uuids(world, parameter, value):
    assert list(errors(BriefFilterSet, {parameter: value})) == [parameter]


def test_brief_location_includes_descendants_without_repeating_briefs(world):
    assert names(BriefFilterSet, {"location": str(world.iraq.pk)}) == [
        "Mosul offensive stalls",
        "PMF advance west of Mosul",
    ]
    assert rows(BriefFilterSet, {"location": str(world.iraq.pk)}) == (2, 2)
    assert names(BriefFilterSet, {"location": str(world.baaj.pk)}) == ["PMF advance west of Mosul"]
    assert names(BriefFilterSet, {"location": str(world.khibra.pk)}) == ["PMF advance west of Mosul"]
    assert names(BriefFilterSet, {"location": str(world.syria.pk)}) == ["Border crossings reopen"]
    assert names(BriefFilterSet, {"location": str(uuid.uuid4())}) == []


def test_brief_location_follows_a_moved_subtree(world):
    """Descendants come from the materialized path, so moving a subtree moves its briefs with it."""
    world.baaj.parent = world.syria
    world.baaj.save()
    assert names(BriefFilterSet, {"location": str(world.syria.pk)}) == [
        "Border crossings reopen",
        "PMF advance west of Mosul",
    ]
    # Still in Iraq through its Nineveh mention.
    assert names(BriefFilterSet, {"location": str(world.iraq.pk)}) == [
        "Mosul offensive stalls",
        "PMF advance west of Mosul",
    ]


def test_brief_published_window_is_inclusive(world):
    assert names(BriefFilterSet, {"published_after": "2017-06-01T10:00:00Z"}) == [
        "Border crossings reopen",
        "PMF advance west of Mosul",
    ]
    assert names(BriefFilterSet, {"published_before": "2017-06-01T10:00:00Z"}) == [
        "Mosul offensive stalls",
        "PMF advance west of Mosul",
    ]
    assert names(BriefFilterSet, {"published_after": "2017-05-31", "published_before": "2017-06-02"}) == [
        "PMF advance west of Mosul"
    ]


def test_brief_published_window_must_be_ordered(world):
    assert errors(BriefFilterSet, {"published_after": "2017-06-02T00:00:00Z", "published_before": "2017-06-01"}) == {
        "published_before": ["Must not be before published_after."]
    }
    assert list(errors(BriefFilterSet, {"published_after": "June"})) == ["published_after"]


def test_brief_filters_combine(world):
    data = {"location": str(world.iraq.pk), "status": "draft", "actor": str(world.badr.pk)}
    assert names(BriefFilterSet, data) == ["Mosul offensive stalls"]


# Claims


def test_claim_brief_kind_claimant_and_grades(world):
    assert names(ClaimFilterSet, {"brief": str(world.draft.pk)}) == ["Islamic State attacked PMF positions in Mosul"]
    assert names(ClaimFilterSet, {"kind": "statement"}) == ["Badr controls seventeen kilometres of the border"]
    assert names(ClaimFilterSet, {"claimant": str(world.fars.pk)}) == ["PMF captured al-Khibra village"]
    assert names(ClaimFilterSet, {"source_reliability": "B"}) == ["Badr controls seventeen kilometres of the border"]
    assert names(ClaimFilterSet, {"credibility": "3"}) == ["PMF captured al-Khibra village"]
    assert names(ClaimFilterSet, {"assessment": "disputed"}) == ["Islamic State fighters withdrew toward Syria"]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("brief", "1"),
        ("claimant", "x"),
        ("kind", "rumour"),
        ("source_reliability", "G"),
        ("source_reliability", "b"),
        ("credibility", "7"),
        ("credibility", "one"),
        ("assessment", "likely"),
        ("role", "observer"),
        ("actor", "12"),
        ("location", "nowhere"),
        ("occurred_after", "2017-13-01"),
        ("occurred_before", "soon"),
    ],
)
def test_claim_invalid_values_name_the_parameter(world, parameter, value):
    assert list(errors(ClaimFilterSet, {parameter: value})) == [parameter]


def test_claim_actor_without_role_matches_any_role(world):
    assert names(ClaimFilterSet, {"actor": str(world.pmf.pk)}) == [
        "Badr controls seventeen kilometres of the border",
        "Islamic State attacked PMF positions in Mosul",
        "PMF captured al-Khibra village",
    ]


def test_claim_actor_and_role_must_match_the_same_participation(world):
    """PMF is the subject of the capture, whose target is IS: that claim has PMF but not as target."""
    assert names(ClaimFilterSet, {"actor": str(world.pmf.pk), "role": "target"}) == [
        "Islamic State attacked PMF positions in Mosul"
    ]
    assert names(ClaimFilterSet, {"actor": str(world.pmf.pk), "role": "subject"}) == ["PMF captured al-Khibra village"]
    assert names(ClaimFilterSet, {"actor": str(world.badr.pk), "role": "target"}) == []


def test_claim_role_without_actor_matches_any_actor_in_that_role(world):
    assert names(ClaimFilterSet, {"role": "target"}) == [
        "Islamic State attacked PMF positions in Mosul",
        "PMF captured al-Khibra village",
    ]
    assert names(ClaimFilterSet, {"role": "mentioned"}) == ["Badr controls seventeen kilometres of the border"]


def test_claim_actor_filters_do_not_repeat_claims(world):
    # IS is subject and PMF target of the same claim; PMF appears in three claims.
    ClaimActor.objects.create(claim=world.clash, actor=world.pmf, role=ClaimActorRole.MENTIONED)
    assert rows(ClaimFilterSet, {"actor": str(world.pmf.pk)}) == (3, 3)
    assert rows(ClaimFilterSet, {"role": "subject"}) == (4, 4)


def test_claim_location_includes_descendants(world):
    assert names(ClaimFilterSet, {"location": str(world.iraq.pk)}) == [
        "Islamic State attacked PMF positions in Mosul",
        "PMF captured al-Khibra village",
    ]
    assert names(ClaimFilterSet, {"location": str(world.baaj.pk)}) == ["PMF captured al-Khibra village"]
    assert names(ClaimFilterSet, {"location": str(world.khibra.pk)}) == ["PMF captured al-Khibra village"]
    assert names(ClaimFilterSet, {"location": str(world.border.pk)}) == [
        "Badr controls seventeen kilometres of the border"
    ]
    assert names(ClaimFilterSet, {"location": str(uuid.uuid4())}) == []


def test_claim_location_prefix_does_not_leak_to_siblings_with_similar_ids(world):
    """Paths end with "/", so a location never matches another whose id merely starts the same way."""
    twin = Location(id=uuid.UUID(world.khibra.pk.hex[:-1] + ("0" if world.khibra.pk.hex[-1] != "0" else "1")))
    twin.name, twin.kind, twin.parent = "Twin village", LocationKind.VILLAGE, world.syria
    twin.save()
    ClaimLocation.objects.create(claim=world.withdrew, location=twin)
    assert names(ClaimFilterSet, {"location": str(world.khibra.pk)}) == ["PMF captured al-Khibra village"]


# Claims run 05-29..06-01 (capture), 05-30 without end (controls), 06-05..06-10 (clash); one is undated.
@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ({"occurred_after": "2017-06-01"}, {"capture", "clash"}),  # an end on the bound overlaps
        ({"occurred_after": "2017-06-02"}, {"clash"}),
        ({"occurred_after": "2017-05-31"}, {"capture", "clash"}),  # a missing end is the start: 05-30 is out
        ({"occurred_after": "2017-05-30"}, {"capture", "controls", "clash"}),
        ({"occurred_before": "2017-05-29"}, {"capture"}),  # a start on the bound overlaps
        ({"occurred_before": "2017-05-28"}, set()),
        ({"occurred_before": "2017-06-05"}, {"capture", "controls", "clash"}),
        ({"occurred_after": "2017-05-30", "occurred_before": "2017-05-30"}, {"capture", "controls"}),
        ({"occurred_after": "2017-06-02", "occurred_before": "2017-06-04"}, set()),  # the gap between ranges
        ({"occurred_after": "2017-06-02", "occurred_before": "2017-06-05"}, {"clash"}),
        ({"occurred_after": "2017-06-07", "occurred_before": "2017-06-08"}, {"clash"}),  # window inside a range
        ({"occurred_after": "2017-01-01", "occurred_before": "2017-12-31"}, {"capture", "controls", "clash"}),
    ],
)
def test_claim_occurrence_window_is_a_range_overlap(world, window, expected):
    by_name = {
        "PMF captured al-Khibra village": "capture",
        "Badr controls seventeen kilometres of the border": "controls",
        "Islamic State attacked PMF positions in Mosul": "clash",
    }
    assert {by_name[name] for name in names(ClaimFilterSet, window)} == expected


def test_claim_with_only_an_end_date_counts_it_as_the_start(world):
    Claim.objects.filter(pk=world.withdrew.pk).update(occurred_end=datetime.date(2017, 7, 1))
    assert "Islamic State fighters withdrew toward Syria" in names(ClaimFilterSet, {"occurred_before": "2017-07-01"})
    assert "Islamic State fighters withdrew toward Syria" not in names(
        ClaimFilterSet, {"occurred_before": "2017-06-30"}
    )
    assert "Islamic State fighters withdrew toward Syria" in names(ClaimFilterSet, {"occurred_after": "2017-07-01"})


def test_claim_occurrence_window_must_be_ordered(world):
    assert errors(ClaimFilterSet, {"occurred_after": "2017-06-02", "occurred_before": "2017-06-01"}) == {
        "occurred_before": ["Must not be before occurred_after."]
    }


# Comments


def test_comment_filters(world):
    assert names(CommentFilterSet, {"brief": str(world.draft.pk)}) == ["Waiting for a second source."]
    assert names(CommentFilterSet, {"claim": str(world.captured.pk)}) == ["Check the date range."]
    assert names(CommentFilterSet, {"kind": "note"}) == ["Check the date range.", "Waiting for a second source."]
    assert names(CommentFilterSet, {"author": str(world.analyst.pk)}) == [
        "The advance on al-Khibra cuts a supply route.",
        "Waiting for a second source.",
    ]
    assert names(CommentFilterSet, {"author": str(world.analyst.pk), "kind": "analysis"}) == [
        "The advance on al-Khibra cuts a supply route."
    ]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("author", "0"),
        ("author", "-3"),
        ("author", "99999999999999999999999"),
        ("author", "abc"),
        ("author", "1.5"),
        ("brief", "1"),
        ("claim", "zzz"),
        ("kind", "remark"),
    ],
)
def test_comment_invalid_values_name_the_parameter(world, parameter, value):
    assert list(errors(CommentFilterSet, {parameter: value})) == [parameter]


# Actors


def test_actor_kind_and_country(world):
    assert names(ActorFilterSet, {"kind": "media_outlet"}) == ["Fars News Agency"]
    iraqi = ["Abu Mahdi al-Muhandis", "Badr Organization", "Popular Mobilization Forces"]
    assert names(ActorFilterSet, {"country": "IQ"}) == iraqi
    assert names(ActorFilterSet, {"country": "iq"}) == iraqi


@pytest.mark.parametrize(("parameter", "value"), [("country", "XX"), ("country", "IRQ"), ("kind", "militia")])
def test_actor_invalid_values_name_the_parameter(world, parameter, value):
    assert list(errors(ActorFilterSet, {parameter: value})) == [parameter]


def test_actor_related_to_follows_relations_both_ways(world):
    assert names(ActorFilterSet, {"related_to": str(world.pmf.pk)}) == [
        "Abu Mahdi al-Muhandis",  # leads PMF
        "Badr Organization",  # member of PMF
        "Islamic Revolutionary Guard Corps",  # PMF is backed by it
    ]
    assert names(ActorFilterSet, {"related_to": str(world.irgc.pk)}) == ["Popular Mobilization Forces", "Quds Force"]
    assert names(ActorFilterSet, {"related_to": str(world.fars.pk)}) == []
    assert list(errors(ActorFilterSet, {"related_to": "pmf"})) == ["related_to"]


def test_actor_related_to_does_not_repeat_an_actor_linked_twice(world):
    ActorRelation.objects.create(source=world.irgc, kind=ActorRelationKind.COMMANDS, target=world.pmf)
    assert rows(ActorFilterSet, {"related_to": str(world.pmf.pk)}) == (3, 3)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pmf", ["Popular Mobilization Forces"]),  # alias "P.M.F." stored as "pmf"
        ("P.M.F.", ["Popular Mobilization Forces"]),
        ("PMF's", ["Popular Mobilization Forces"]),  # possessive dropped by the matcher's normalization
        ("hashd al shaabi", ["Popular Mobilization Forces"]),  # alias "Hashd al-Shaabi"
        ("mobilization", ["Popular Mobilization Forces"]),  # name
        ("al muhandis", ["Abu Mahdi al-Muhandis"]),  # name, normalized in SQL
        ("islamic", ["Islamic Revolutionary Guard Corps", "Islamic State"]),
        ("irgc", ["Islamic Revolutionary Guard Corps"]),
        ("hezbollah", []),
    ],
)
def test_actor_search_matches_names_and_normalized_aliases(world, query, expected):
    assert names(ActorFilterSet, {"search": query}) == expected


def test_actor_search_does_not_repeat_an_actor_with_several_matching_aliases(world):
    ActorAlias.objects.create(actor=world.pmf, name="PMF forces")
    assert rows(ActorFilterSet, {"search": "pmf"}) == (1, 1)


# Locations


def test_location_kind_country_and_parent(world):
    assert names(LocationFilterSet, {"kind": "country"}) == ["Iraq", "Syria"]
    assert names(LocationFilterSet, {"country": "sy"}) == ["Syria"]
    assert names(LocationFilterSet, {"parent": str(world.nineveh.pk)}) == ["Mosul", "al-Ba'aj"]


def test_location_within_lists_all_descendants_but_not_itself(world):
    assert names(LocationFilterSet, {"within": str(world.iraq.pk)}) == ["Mosul", "Nineveh", "al-Ba'aj", "al-Khibra"]
    assert names(LocationFilterSet, {"within": str(world.baaj.pk)}) == ["al-Khibra"]
    assert names(LocationFilterSet, {"within": str(world.khibra.pk)}) == []
    assert names(LocationFilterSet, {"within": str(uuid.uuid4())}) == []


@pytest.mark.parametrize(
    ("bbox", "expected"),
    [
        ("41,35.5,42,36.5", ["al-Ba'aj", "al-Khibra"]),
        ("41.6,35.9,41.6,35.9", ["al-Khibra"]),  # edges are included
        ("-180,-90,180,90", ["Iraq", "Mosul", "Nineveh", "Syria", "al-Ba'aj", "al-Khibra"]),  # not the border
        ("0,0,1,1", []),
        (" 41 , 35.5 , 42 , 36.5 ", ["al-Ba'aj", "al-Khibra"]),
    ],
)
def test_location_bbox(world, bbox, expected):
    assert names(LocationFilterSet, {"bbox": bbox}) == expected


@pytest.mark.parametrize(
    ("bbox", "message"),
    [
        ("41,35,42", "Give four numbers: minlon,minlat,maxlon,maxlat."),
        ("41,35,42,36,1", "Give four numbers: minlon,minlat,maxlon,maxlat."),
        ("a,b,c,d", "Give four numbers: minlon,minlat,maxlon,maxlat."),
        ("41,,42,36", "Give four numbers: minlon,minlat,maxlon,maxlat."),
        ("nan,35,42,36", "Coordinates must be finite numbers."),
        ("41,35,inf,36", "Coordinates must be finite numbers."),
        ("41,35,181,36", "Longitudes must be between -180 and 180."),
        ("-180.5,35,42,36", "Longitudes must be between -180 and 180."),
        ("41,-91,42,36", "Latitudes must be between -90 and 90."),
        ("41,35,42,90.01", "Latitudes must be between -90 and 90."),
        ("42,35,41,36", "Minimum values must not exceed maximum values."),
        ("41,36,42,35", "Minimum values must not exceed maximum values."),
    ],
)
def test_location_bbox_rejects_bad_boxes(world, bbox, message):
    assert errors(LocationFilterSet, {"bbox": bbox}) == {"bbox": [message]}


def test_bounding_box_field_parses_in_rfc_7946_order():
    box = BoundingBoxField().clean("41.5,35,42,36.25")
    assert (box.min_longitude, box.min_latitude, box.max_longitude, box.max_latitude) == (41.5, 35.0, 42.0, 36.25)


@pytest.mark.parametrize(("parameter", "value"), [("parent", "1"), ("within", "mosul"), ("country", "Iraq")])
def test_location_invalid_values_name_the_parameter(world, parameter, value):
    assert list(errors(LocationFilterSet, {parameter: value})) == [parameter]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("al baaj", ["al-Ba'aj"]),  # name, normalized in SQL
        ("Al-Baaj", ["al-Ba'aj"]),
        ("ba'aj", ["al-Ba'aj"]),
        ("mawsil", ["Mosul"]),  # alias "al-Mawṣil": the diacritic is folded
        ("al-Mawṣil", ["Mosul"]),
        ("syria", ["Iraq-Syria border", "Syria"]),
        ("al", ["Mosul", "al-Ba'aj", "al-Khibra"]),
    ],
)
def test_location_search_matches_names_and_normalized_aliases(world, query, expected):
    assert names(LocationFilterSet, {"search": query}) == expected


# Query counts: a filter adds at most the one lookup of a location's path, whatever the data size.


@pytest.mark.parametrize(
    ("filterset_class", "data", "queries"),
    [
        (BriefFilterSet, {"search": "mosul", "status": "draft", "actor": "ACTOR", "published_after": "2017-01-01"}, 1),
        (BriefFilterSet, {"location": "LOCATION"}, 2),
        (ClaimFilterSet, {"actor": "ACTOR", "role": "target", "occurred_after": "2017-06-01"}, 1),
        (ClaimFilterSet, {"location": "LOCATION", "search": "pmf"}, 2),
        (ActorFilterSet, {"search": "pmf", "related_to": "ACTOR"}, 1),
        (LocationFilterSet, {"within": "LOCATION", "bbox": "-180,-90,180,90", "search": "al"}, 2),
        (CommentFilterSet, {"author": "1", "kind": "note", "search": "source"}, 1),
    ],
)
def test_query_counts_are_constant(world, django_assert_num_queries, filterset_class, data, queries):
    replacements = {"ACTOR": str(world.pmf.pk), "LOCATION": str(world.iraq.pk)}
    data = {key: replacements.get(value, value) for key, value in data.items()}
    filterset = filterset_class(data, queryset=filterset_class._meta.model.objects.all())
    assert filterset.is_valid(), filterset.errors
    with django_assert_num_queries(queries):
        list(filterset.qs)


# OpenAPI: what drf-spectacular documents for the filters


class _IdSerializer(serializers.Serializer):
    id = serializers.UUIDField()


def _list_view(filterset):
    return type(
        f"{filterset.__name__}List",
        (generics.ListAPIView,),
        {
            "queryset": filterset._meta.model.objects.all(),
            "serializer_class": _IdSerializer,
            "filterset_class": filterset,
        },
    ).as_view()


@pytest.fixture
def filter_parameters():
    """Query parameters per list path, from a schema generated over throwaway list views."""
    resources = {
        "briefs": BriefFilterSet,
        "claims": ClaimFilterSet,
        "comments": CommentFilterSet,
        "actors": ActorFilterSet,
        "locations": LocationFilterSet,
    }
    patterns = [path(f"{name}/", _list_view(filterset)) for name, filterset in resources.items()]
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular warned while documenting the filters"
    return {
        name: {parameter["name"]: parameter for parameter in schema["paths"][f"/{name}/"]["get"]["parameters"]}
        for name in resources
    }


def test_schema_documents_every_filter_with_the_contract_names(filter_parameters):
    # limit, offset and ordering come from pagination and OrderingFilter, not from the FilterSets.
    own = {name: sorted(set(parameters) - {"limit", "offset"}) for name, parameters in filter_parameters.items()}
    assert own == {
        "briefs": sorted(
            [
                *("search", "updated_since", "ordering", "status", "publisher", "actor", "location"),
                *("published_after", "published_before"),
            ]
        ),
        "claims": sorted(
            [
                *("search", "updated_since", "ordering", "brief", "kind", "actor", "role", "claimant", "location"),
                *("occurred_after", "occurred_before", "source_reliability", "credibility", "assessment"),
            ]
        ),
        "comments": sorted(["search", "updated_since", "brief", "claim", "kind", "author", "ordering"]),
        "actors": sorted(["search", "updated_since", "kind", "country", "related_to", "ordering"]),
        "locations": sorted(["search", "updated_since", "kind", "country", "parent", "within", "bbox", "ordering"]),
    }
    for parameters in filter_parameters.values():
        for name, parameter in parameters.items():
            assert parameter["in"] == "query"
            assert parameter.get("description"), f"{name} has no description"


def test_schema_types_filters(filter_parameters):
    briefs, claims = filter_parameters["briefs"], filter_parameters["claims"]
    assert briefs["status"]["schema"] == {"type": "string", "enum": ["draft", "published", "retracted", "review"]}
    for name in ("publisher", "actor", "location"):
        assert briefs[name]["schema"] == {"type": "string", "format": "uuid"}
    assert briefs["updated_since"]["schema"] == {"type": "string", "format": "date-time"}
    assert claims["occurred_after"]["schema"] == {"type": "string", "format": "date"}
    assert claims["credibility"]["schema"] == {"type": "integer", "enum": [1, 2, 3, 4, 5, 6]}
    assert claims["role"]["schema"] == {"type": "string", "enum": ["mentioned", "subject", "target"]}
    # Bounds and the code list are in the schema, so schema-valid values are exactly the accepted ones.
    assert filter_parameters["comments"]["author"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    country = filter_parameters["actors"]["country"]["schema"]
    assert country["type"] == "string"
    assert {"", "IQ", "SY", "GB"} <= set(country["enum"]) and not {"XX", "iq", "IRQ"} & set(country["enum"])
    assert len(country["enum"]) == 250
    bbox = filter_parameters["locations"]["bbox"]["schema"]
    assert bbox["type"] == "string"
    assert re.fullmatch(bbox["pattern"], "41,35.5,-43,37") and not re.fullmatch(bbox["pattern"], "1e2,0,1,1")


def test_timestamps_are_aware(world):
    """Naive date-times in filters are read in the server time zone rather than rejected."""
    Brief.objects.update(updated_at=timezone.now())
    assert len(names(BriefFilterSet, {"updated_since": "2000-01-01T00:00:00"})) == 4

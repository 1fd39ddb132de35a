"""`manage.py load_demo`: the example brief as records, complete, valid and idempotent."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from briefings import demo
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
from briefings.services.matching import normalize

pytestmark = pytest.mark.django_db

ALL_MODELS = (
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


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def table_state() -> dict[str, list[tuple]]:
    """Every row's id and version per table: equal states mean nothing was added, removed or rewritten."""
    return {model.__name__: sorted(model.objects.values_list("pk", "version")) for model in ALL_MODELS}


def test_load_demo_prints_a_one_line_summary():
    assert load_demo() == "Demo brief loaded: 15 actors, 9 locations, 1 brief, 7 claims, 1 comments\n"


def test_load_demo_twice_changes_nothing():
    load_demo()
    first = table_state()
    history_rows = {model.__name__: model.history.count() for model in ALL_MODELS}
    load_demo()
    assert table_state() == first
    assert {model.__name__: model.history.count() for model in ALL_MODELS} == history_rows
    assert {name: len(rows) for name, rows in first.items()} == {
        "Actor": 15,
        "ActorAlias": 26,
        "ActorDesignation": 1,
        "ActorRelation": 7,
        "Brief": 1,
        "BriefActor": 14,
        "BriefLocation": 7,
        "Claim": 7,
        "ClaimActor": 15,
        "ClaimLink": 1,
        "ClaimLocation": 10,
        "Comment": 1,
        "Location": 9,
        "LocationAlias": 6,
    }


def test_a_changed_definition_updates_rows_in_place(monkeypatch):
    load_demo()
    brief = Brief.objects.get()
    pmf = Actor.objects.get(name="Popular Mobilization Forces")
    changed_actors = tuple(
        demo.ActorSpec(**{**spec.__dict__, "aliases": ("PMF", "Hashd")}) if spec.key == "pmf" else spec
        for spec in demo.ACTORS
    )
    monkeypatch.setattr(demo, "ACTORS", changed_actors)
    monkeypatch.setattr(demo, "BRIEF", demo.BriefSpec(**{**demo.BRIEF.__dict__, "title": "A corrected title"}))

    load_demo()

    brief.refresh_from_db()
    assert (brief.title, brief.version, brief.slug) == ("A corrected title", 2, brief.slug)
    assert sorted(pmf.aliases.values_list("name", flat=True)) == ["Hashd", "PMF"]
    assert Brief.objects.count() == 1


def test_records_pass_model_validation():
    load_demo()
    for model in ALL_MODELS:
        for record in model.objects.all():
            record.full_clean()


def test_the_brief_is_published_by_mei_with_body_analysis_and_claims():
    load_demo()
    brief = Brief.objects.select_related("publisher").get()
    assert brief.status == "published"
    assert brief.published_at.isoformat() == "2017-06-01T12:00:00+00:00"
    assert brief.publisher.name == "Middle East Institute"
    assert brief.publisher.boilerplate == demo.MEI_BOILERPLATE
    assert brief.source_url == ""
    assert "Comment:" not in brief.body
    assert "Middle East Institute" not in brief.body
    (comment,) = brief.comments.all()
    assert (comment.kind, comment.body, comment.claim_id) == ("analysis", demo.ANALYSIS, None)


def test_every_quote_is_the_body_text_at_its_span():
    load_demo()
    brief = Brief.objects.get()
    quoted = Claim.objects.exclude(quote="")
    assert quoted.count() == 3
    for claim in quoted:
        assert brief.body[claim.span_start : claim.span_end] == claim.quote


def test_mention_spans_point_at_the_names_in_the_body():
    load_demo()
    brief = Brief.objects.get()
    mentions = {
        mention.actor.name: [brief.body[start:end] for start, end in mention.spans]
        for mention in BriefActor.objects.select_related("actor")
    }
    assert mentions["Popular Mobilization Forces"] == ["Popular Mobilization Forces", "PMF", "PMF", "PMF"]
    assert mentions["Islamic Revolutionary Guard Corps"] == ["Islamic Revolutionary Guard Corps", "IRGC"]
    assert mentions["Qassem Soleimani"] == []  # named only in the analysis comment
    places = {
        mention.location.name: [brief.body[start:end] for start, end in mention.spans]
        for mention in BriefLocation.objects.select_related("location")
    }
    assert places["al-Ba'aj District"] == ["al-Ba'aj district"]
    assert places["Iraq-Syria border"] == ["Iraq-Syria border"]


def test_claims_carry_kinds_dates_claimants_roles_and_places():
    load_demo()
    claims = {
        claim.statement: (
            claim.kind,
            claim.occurred_start,
            claim.occurred_end,
            claim.claimant.name if claim.claimant else None,
            claim.claimant_text,
            sorted((role.actor.name, role.role) for role in claim.actor_roles.all()),
            sorted(link.location.name for link in claim.location_links.all()),
        )
        for claim in Claim.objects.select_related("claimant").prefetch_related(
            "actor_roles__actor", "location_links__location"
        )
    }
    day, week_start = date(2017, 6, 1), date(2017, 5, 26)
    assert claims == {
        "The PMF captured al-Khibra village and the al-Sakaar housing complex from the Islamic State.": (
            "territorial_change",
            day,
            day,
            None,
            "Iranian media",
            [("Islamic State", "target"), ("Popular Mobilization Forces", "subject")],
            ["al-Khibra", "al-Sakaar housing complex"],
        ),
        "The PMF leadership announced operations to secure Iraq's whole border with Syria.": (
            "announcement",
            day,
            day,
            "Fars News Agency",
            "",
            [("Islamic State", "target"), ("Popular Mobilization Forces", "subject")],
            ["Iraq-Syria border"],
        ),
        "The PMF will hand the recaptured border area over to Iraqi and Syrian border guards.": (
            "statement",
            day,
            day,
            "Abu Mahdi al-Muhandis",
            "",
            [("Abu Mahdi al-Muhandis", "subject"), ("Popular Mobilization Forces", "mentioned")],
            ["Iraq-Syria border"],
        ),
        "Iran-backed Iraqi groups seized several areas of western Mosul from the Islamic State and reached the "
        "Syrian border.": (
            "territorial_change",
            week_start,
            day,
            None,
            "Iranian media",
            [("Iran", "mentioned"), ("Islamic State", "target"), ("Popular Mobilization Forces", "subject")],
            ["Iraq-Syria border", "western Mosul"],
        ),
        "The Badr Organization controls 17 kilometers of the Iraq-Syria border.": (
            "statement",
            date(2017, 5, 30),
            date(2017, 5, 30),
            "Badr Organization",
            "",
            [("Badr Organization", "subject")],
            ["Iraq-Syria border"],
        ),
        "Prime Minister Haider al-Abadi put the PMF in charge of border security.": (
            "statement",
            None,
            None,
            "Popular Mobilization Forces",
            "PMF commanders",
            [("Haider al-Abadi", "mentioned"), ("Popular Mobilization Forces", "subject")],
            ["Iraq-Syria border"],
        ),
        "Qassem Soleimani was pictured with PMF fighters at a border position in northwest Iraq.": (
            "sighting",
            week_start,
            day,
            None,
            "reports",
            [
                ("Popular Mobilization Forces", "mentioned"),
                ("Qassem Soleimani", "subject"),
                ("Quds Force", "mentioned"),
            ],
            ["Iraq-Syria border", "northwest Iraq"],
        ),
    }
    (link,) = ClaimLink.objects.select_related("source", "target")
    assert (link.source.claimant.name, link.kind, link.target.kind) == (
        "Badr Organization",
        "corroborates",
        "territorial_change",
    )


def test_actors_have_their_aliases_relations_and_designation():
    load_demo()
    aliases = {
        actor.name: sorted(alias.name for alias in actor.aliases.all())
        for actor in Actor.objects.prefetch_related("aliases")
    }
    assert aliases["Popular Mobilization Forces"] == [
        "Hashd al-Shaabi",
        "P.M.F.",
        "Popular Mobilisation Forces",
        "al-Hashd al-Shaabi",
    ]
    assert aliases["Islamic State"] == ["Daesh", "IS", "ISIL", "ISIS"]
    assert ActorAlias.objects.get(name="P.M.F.").normalized == normalize("PMF")
    relations = {
        (relation.source.name, relation.kind, relation.target.name, relation.title)
        for relation in ActorRelation.objects.select_related("source", "target")
    }
    assert relations == {
        ("Abu Mahdi al-Muhandis", "leads", "Popular Mobilization Forces", "operational commander"),
        ("Badr Organization", "part_of", "Popular Mobilization Forces", ""),
        ("Quds Force", "part_of", "Islamic Revolutionary Guard Corps", ""),
        ("Qassem Soleimani", "commands", "Quds Force", "commander"),
        ("Fars News Agency", "affiliated_with", "Islamic Revolutionary Guard Corps", ""),
        ("Popular Mobilization Forces", "backed_by", "Iran", ""),
        ("Popular Mobilization Forces", "opposes", "Islamic State", ""),
    }
    (designation,) = ActorDesignation.objects.select_related("actor", "authority")
    assert (designation.actor.name, designation.authority.name, designation.label, designation.date) == (
        "Abu Mahdi al-Muhandis",
        "United States",
        "Specially Designated Global Terrorist",
        date(2009, 7, 2),
    )


def test_locations_form_a_hierarchy_with_coordinates_and_paths():
    load_demo()
    by_name = {location.name: location for location in Location.objects.all()}

    def chain(name: str) -> list[str]:
        names, location = [], by_name[name]
        while location is not None:
            names.append(location.name)
            location = by_name[location.parent.name] if location.parent_id else None
        return names

    assert chain("al-Khibra") == ["al-Khibra", "al-Ba'aj District", "Nineveh Governorate", "Iraq"]
    assert chain("al-Sakaar housing complex")[1:] == ["al-Ba'aj District", "Nineveh Governorate", "Iraq"]
    assert chain("western Mosul") == ["western Mosul", "Mosul", "Nineveh Governorate", "Iraq"]
    assert chain("Iraq-Syria border") == ["Iraq-Syria border", "Iraq"]
    for location in by_name.values():
        assert location.latitude is not None and location.longitude is not None
        assert location.precision in {"approximate", "centroid"}
        assert location.path == location.compute_path()
    descendants = Location.objects.filter(path__startswith=by_name["al-Ba'aj District"].path)
    assert sorted(descendants.values_list("name", flat=True)) == [
        "al-Ba'aj District",
        "al-Khibra",
        "al-Sakaar housing complex",
    ]
    assert sorted(by_name["al-Ba'aj District"].aliases.values_list("name", flat=True)) == ["Al Baaj", "Baaj"]


def test_definition_aliases_are_distinct_after_normalization():
    """Two aliases of one record that normalize alike would break the per-record uniqueness rule."""
    for spec in (*demo.ACTORS, *demo.LOCATIONS):
        normalized = [normalize(alias) for alias in spec.aliases]
        assert len(normalized) == len(set(normalized)), spec.key

"""Every rule of the domain model, checked through `full_clean()` and the database constraints.

Admin and API both validate through `full_clean()`, so these rules hold on every write path;
the constraints keep them even for writes that skip validation.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from briefings.choices import ActorKind, ActorRelationKind, LocationKind
from briefings.models import Actor, ActorAlias, ActorRelation, Brief, Claim, Comment, Location
from tests.factories import BRIEF_BODY, make_actor, make_brief, make_claim, make_location

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def violates_constraint(instance) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


# Records


def test_new_records_get_uuid_timestamps_and_version_one():
    actor = make_actor()
    assert actor.id.version == 4
    assert actor.version == 1
    assert actor.created_at is not None and actor.updated_at is not None


def test_every_save_bumps_the_version_and_writes_history():
    actor = make_actor(name="Kataib Example")
    actor.description = "A militia."
    actor.save()
    actor.refresh_from_db()
    assert actor.version == 2
    assert [record.history_type for record in actor.history.all()] == ["~", "+"]


def test_update_fields_saves_still_bump_the_version():
    actor = make_actor()
    actor.description = "Changed."
    actor.save(update_fields=["description"])
    actor.refresh_from_db()
    assert (actor.version, actor.description) == (2, "Changed.")


# Actors


@pytest.mark.parametrize("country", ["XX", "iq", "IRQ", "1Q"])
def test_actor_country_must_be_an_assigned_alpha2_code(country):
    assert "country" in errors_of(Actor(name="A", kind=ActorKind.STATE, country=country))


@pytest.mark.parametrize("wikidata_id", ["12345", "Q0", "q123", "Q12a", "P31"])
def test_actor_wikidata_id_must_look_like_an_item(wikidata_id):
    assert "wikidata_id" in errors_of(Actor(name="A", kind=ActorKind.PERSON, wikidata_id=wikidata_id))


def test_valid_actor_passes():
    Actor(name="Iraq", kind=ActorKind.STATE, country="IQ", wikidata_id="Q796").full_clean()


def test_wikidata_id_is_unique_but_blank_is_not():
    make_actor(wikidata_id="Q796")
    assert "__all__" in errors_of(Actor(name="Other", kind=ActorKind.STATE, wikidata_id="Q796"))
    make_actor(wikidata_id="")
    make_actor(wikidata_id="")


def test_alias_stores_its_normalized_form_and_is_unique_per_actor():
    actor = make_actor(name="Popular Mobilization Forces")
    alias = ActorAlias.objects.create(actor=actor, name="P.M.F.")
    assert alias.normalized == "pmf"
    assert "__all__" in errors_of(ActorAlias(actor=actor, name="PMF"))
    ActorAlias(actor=make_actor(), name="PMF").full_clean()


def test_relation_cannot_point_to_itself_or_end_before_it_starts():
    actor, other = make_actor(), make_actor()
    assert "__all__" in errors_of(ActorRelation(source=actor, target=actor, kind=ActorRelationKind.PART_OF))
    backwards = ActorRelation(
        source=actor,
        target=other,
        kind=ActorRelationKind.LEADS,
        start=datetime.date(2017, 6, 1),
        end=datetime.date(2017, 5, 1),
    )
    assert "__all__" in errors_of(backwards)
    violates_constraint(backwards)


# Locations


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [(91, 10, "latitude"), (-90.5, 10, "latitude"), (10, 180.01, "longitude"), (10, -181, "longitude")],
)
def test_coordinates_must_be_in_range(latitude, longitude, field):
    location = Location(name="X", kind=LocationKind.SITE, latitude=latitude, longitude=longitude)
    assert field in errors_of(location)
    violates_constraint(location)


@pytest.mark.parametrize(("latitude", "longitude"), [(36.3, None), (None, 42.1)])
def test_coordinates_come_in_pairs(latitude, longitude):
    location = Location(name="X", kind=LocationKind.SITE, latitude=latitude, longitude=longitude)
    assert "__all__" in errors_of(location)
    violates_constraint(location)


def test_location_path_follows_the_parent_chain_and_moves_with_a_subtree():
    iraq = make_location(name="Iraq", kind=LocationKind.COUNTRY)
    syria = make_location(name="Syria", kind=LocationKind.COUNTRY)
    district = make_location(name="al-Ba'aj District", kind=LocationKind.DISTRICT, parent=iraq)
    village = make_location(name="al-Khibra", kind=LocationKind.VILLAGE, parent=district)
    assert village.path == f"/{iraq.pk.hex}/{district.pk.hex}/{village.pk.hex}/"

    district.parent = syria
    district.save()
    village.refresh_from_db()
    assert village.path == f"/{syria.pk.hex}/{district.pk.hex}/{village.pk.hex}/"


def test_location_cannot_be_its_own_parent_or_ancestor():
    country = make_location(kind=LocationKind.COUNTRY)
    district = make_location(kind=LocationKind.DISTRICT, parent=country)
    village = make_location(kind=LocationKind.VILLAGE, parent=district)

    country.parent = country
    assert "parent" in errors_of(country)
    country.parent = village
    assert "parent" in errors_of(country)


# Briefs


def test_slug_is_derived_once_and_stays_when_the_title_changes():
    brief = make_brief(title="Militias take al-Khibra")
    assert brief.slug == f"militias-take-al-khibra-{brief.pk.hex[:8]}"
    brief.title = "A new title"
    brief.save()
    assert brief.slug.startswith("militias-take-al-khibra-")


@pytest.mark.parametrize("url", ["ftp://example.org/a", "javascript:alert(1)", "file:///etc/passwd", "not a url"])
def test_source_url_must_be_http_or_https(url):
    assert "source_url" in errors_of(Brief(title="T", body="B", source_url=url))


@pytest.mark.parametrize("language", ["en", "ar", "en-GB", "zh-Hant-TW", "fa-IR"])
def test_language_accepts_bcp47_tags(language):
    Brief(title="T", body="B", language=language).full_clean()


@pytest.mark.parametrize("language", ["", "english", "e", "en_GB", "en-"])
def test_language_rejects_other_strings(language):
    assert "language" in errors_of(Brief(title="T", body="B", language=language))


def test_status_is_not_editable_through_forms():
    assert not Brief._meta.get_field("status").editable


# Claims


def test_quote_must_equal_the_body_at_the_span():
    brief = make_brief()
    start = BRIEF_BODY.index("Volunteer brigades took")
    good = Claim(brief=brief, statement="S", quote="Volunteer brigades took", span_start=start, span_end=start + 23)
    good.full_clean()
    shifted = Claim(
        brief=brief, statement="S", quote="Volunteer brigades took", span_start=start + 1, span_end=start + 24
    )
    assert "span_end" in errors_of(shifted)


def test_a_quote_without_span_is_located_in_the_body():
    claim = Claim(brief=make_brief(), statement="S", quote="a state news agency reported")
    claim.full_clean()
    assert BRIEF_BODY[claim.span_start : claim.span_end] == "a state news agency reported"


def test_a_quote_not_in_the_body_is_refused():
    assert "quote" in errors_of(Claim(brief=make_brief(), statement="S", quote="words never written"))


def test_a_span_needs_its_quote_and_both_ends():
    brief = make_brief()
    assert "quote" in errors_of(Claim(brief=brief, statement="S", span_start=0, span_end=5))
    half = Claim(brief=brief, statement="S", quote="Volunteer", span_start=0)
    assert "__all__" in errors_of(half)
    violates_constraint(Claim(brief=brief, statement="S", span_start=0))


def test_occurred_range_must_not_end_before_it_starts():
    claim = Claim(
        brief=make_brief(),
        statement="S",
        occurred_start=datetime.date(2017, 5, 30),
        occurred_end=datetime.date(2017, 5, 29),
    )
    assert "__all__" in errors_of(claim)
    violates_constraint(claim)


@pytest.mark.parametrize("credibility", [0, 7])
def test_credibility_is_graded_one_to_six(credibility):
    claim = Claim(brief=make_brief(), statement="S", credibility=credibility)
    assert "credibility" in errors_of(claim)
    violates_constraint(claim)


def test_source_reliability_is_an_admiralty_letter():
    assert "source_reliability" in errors_of(Claim(brief=make_brief(), statement="S", source_reliability="G"))


# Comments


def test_comment_claim_must_belong_to_the_same_brief():
    claim = make_claim()
    other_brief = make_brief()
    assert "claim" in errors_of(Comment(brief=other_brief, claim=claim, body="Noted."))
    Comment(brief=claim.brief, claim=claim, body="Noted.").full_clean()

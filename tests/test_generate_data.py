"""`manage.py generate_data`: proportions, determinism, valid spans and paths, refusals."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from briefings.choices import BriefStatus, CommentKind
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
from briefings.services.generate import statement_from_quote
from briefings.services.matching import normalize

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
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


def generate(*, briefs: int = 20, seed: int = 7) -> str:
    out = StringIO()
    call_command("generate_data", briefs=briefs, seed=seed, no_progress=True, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """What must be identical for one seed: every id, plus the texts that show the content is the same."""
    return {
        "ids": {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in ALL_MODELS},
        "briefs": list(Brief.objects.order_by("pk").values_list("title", "slug", "status", "published_at", "body")),
        "claims": list(Claim.objects.order_by("pk").values_list("statement", "quote", "span_start", "occurred_start")),
        "actors": list(Actor.objects.order_by("pk").values_list("name", "kind")),
        "locations": list(Location.objects.order_by("pk").values_list("name", "path", "latitude")),
    }


def generate_and_roll_back(*, seed: int) -> dict[str, list]:
    """Generate into a savepoint, capture the records, and undo: the next run starts on an empty database."""
    with transaction.atomic():
        generate(seed=seed)
        captured = snapshot()
        transaction.set_rollback(True)
    assert not Brief.objects.exists()
    return captured


@pytest.fixture
def generated(db) -> str:
    return generate()


def test_summary_reports_counts_and_rates(generated):
    assert generated.startswith("Generated (seed 7): 20 briefs, ")
    assert " claims, " in generated and " comments, 20 actors, 30 locations, " in generated
    assert generated.rstrip().endswith("claims/s)")


def test_counts_follow_the_expected_proportions(generated):
    assert Brief.objects.count() == 20
    assert Actor.objects.count() == 20  # N/50, at least 20
    assert Location.objects.count() == 30  # N/30, at least 30
    claims_per_brief = Claim.objects.count() / 20
    comments_per_brief = Comment.objects.count() / 20
    assert 7 <= claims_per_brief <= 13
    assert 2 <= comments_per_brief <= 4
    for brief in Brief.objects.all():
        assert 5 <= brief.claims.count() <= 15
        assert 2 <= brief.comments.count() <= 4
        assert brief.actor_mentions.exists() and brief.location_mentions.exists()
    assert (
        Comment.objects.filter(kind=CommentKind.ANALYSIS).count()
        > Comment.objects.filter(kind=CommentKind.NOTE).count()
    )
    assert Brief.objects.filter(status=BriefStatus.PUBLISHED).count() > 10
    assert set(Brief.objects.values_list("status", flat=True)) <= set(BriefStatus.values)
    for actor in Actor.objects.prefetch_related("aliases"):
        assert 1 <= len(actor.aliases.all()) <= 4, actor.name
    assert ActorRelation.objects.count() >= 10
    assert ClaimActor.objects.count() >= Claim.objects.count()  # every claim has a subject
    assert ClaimLocation.objects.count() == Claim.objects.count()


def test_every_record_passes_model_validation(generated):
    for model in ALL_MODELS:
        for record in model.objects.all():
            record.full_clean()


def test_quotes_and_mention_spans_point_into_the_body(generated):
    for claim in Claim.objects.select_related("brief"):
        assert claim.quote and claim.brief.body[claim.span_start : claim.span_end] == claim.quote
        assert claim.statement.rstrip(".") in claim.quote
    names: dict = {}
    for actor in Actor.objects.prefetch_related("aliases"):
        names[actor.pk] = {normalize(actor.name), *(alias.normalized for alias in actor.aliases.all())}
    for location in Location.objects.prefetch_related("aliases"):
        names[location.pk] = {normalize(location.name), *(alias.normalized for alias in location.aliases.all())}
    for mention in BriefActor.objects.select_related("brief"):
        assert mention.spans
        for start, end in mention.spans:
            assert normalize(mention.brief.body[start:end]) in names[mention.actor_id]
    for mention in BriefLocation.objects.select_related("brief"):
        for start, end in mention.spans:
            assert normalize(mention.brief.body[start:end]) in names[mention.location_id]


def test_claim_roles_dates_and_grades_are_coherent(generated):
    for claim in Claim.objects.select_related("brief").prefetch_related("actor_roles"):
        assert "subject" in {role.role for role in claim.actor_roles.all()}
        if claim.occurred_start is not None:
            assert claim.occurred_start <= claim.occurred_end <= claim.brief.published_at.date()
        assert claim.source_reliability in "ABCDEF" and 1 <= claim.credibility <= 6
    for comment in Comment.objects.exclude(claim=None).select_related("claim"):
        assert comment.claim.brief_id == comment.brief_id


def test_location_paths_follow_the_parents(generated):
    by_id = {location.pk: location for location in Location.objects.all()}
    for location in by_id.values():
        expected = (by_id[location.parent_id].path if location.parent_id else "/") + location.pk.hex + "/"
        assert location.path == expected
        assert (location.parent_id is None) == (location.kind == "country")
        assert location.latitude is not None and location.longitude is not None
    country = Location.objects.filter(kind="country").first()
    subtree = Location.objects.filter(path__startswith=country.path)
    assert set(subtree.values_list("country", flat=True)) == {country.country}
    assert subtree.count() > 1


def test_alias_normalized_forms_are_computed(generated):
    for alias in [*ActorAlias.objects.all(), *LocationAlias.objects.all()]:
        assert alias.normalized == normalize(alias.name)


def test_main_records_have_a_creation_history_row(generated):
    for model in (Actor, ActorAlias, Location, Brief, Claim, Comment):
        history = model.history.all()
        assert history.count() == model.objects.count(), model.__name__
        assert set(history.values_list("history_type", "history_change_reason")) == {("+", "generate_data")}
    brief = Brief.objects.first()
    assert brief.history.get().instance.body == brief.body
    # Link tables are left out for speed (see generate.HISTORY_MODELS).
    assert not ClaimActor.history.exists() and not BriefLocation.history.exists()


def test_no_history_writes_no_history_rows(db):
    call_command("generate_data", briefs=3, seed=5, no_history=True, no_progress=True, stdout=StringIO())
    assert Brief.objects.count() == 3
    assert not Brief.history.exists() and not Claim.history.exists()


def test_same_seed_gives_the_same_records_and_another_seed_others():
    first = generate_and_roll_back(seed=11)
    second = generate_and_roll_back(seed=11)
    assert first == second
    other = generate_and_roll_back(seed=12)
    assert not set(first["ids"]["Brief"]) & set(other["ids"]["Brief"])
    assert first["briefs"] != other["briefs"]


def test_a_second_seed_adds_to_existing_records(generated):
    generate(seed=8)
    assert Brief.objects.count() == 40
    assert Actor.objects.count() == 40


def test_the_same_seed_twice_is_refused_without_writing(generated):
    before = {model.__name__: model.objects.count() for model in ALL_MODELS}
    with pytest.raises(CommandError, match="records of seed 7 are already in this database"):
        generate(seed=7)
    assert {model.__name__: model.objects.count() for model in ALL_MODELS} == before


@pytest.mark.parametrize("briefs", [0, -3])
def test_fewer_than_one_brief_is_refused(briefs):
    with pytest.raises(CommandError, match="--briefs must be at least 1"):
        generate(briefs=briefs)
    assert not Brief.objects.exists()


def test_bad_arguments_exit_non_zero_on_the_command_line():
    for arguments in (["--briefs", "0"], ["--briefs", "many"], []):
        completed = subprocess.run(
            [sys.executable, "manage.py", "generate_data", "--no-progress", *arguments],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert completed.returncode != 0, arguments
        assert "--briefs" in completed.stderr


def test_statement_drops_the_attribution():
    assert (
        statement_from_quote("Group A captured Town B today, according to C News.") == "Group A captured Town B today."
    )
    assert statement_from_quote("Group A sent fighters to B, local sources said.") == "Group A sent fighters to B."

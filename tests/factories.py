"""Record builders for tests: `make_<model>(**overrides)` saves one valid record and returns it.

Each builder fills required fields with plausible demo-domain values; keyword arguments
override any model field. Children (aliases, mentions, roles) have their own small helpers.
"""

import itertools

from briefings.choices import ActorKind, BriefStatus, ClaimKind, CommentKind, LocationKind
from briefings.models import (
    Actor,
    ActorAlias,
    Brief,
    BriefActor,
    BriefLocation,
    Claim,
    ClaimActor,
    ClaimLocation,
    Comment,
    Location,
    LocationAlias,
)

_sequence = itertools.count(1)


def make_actor(**overrides) -> Actor:
    fields = {"name": f"Volunteer Brigade {next(_sequence)}", "kind": ActorKind.ARMED_GROUP, **overrides}
    return Actor.objects.create(**fields)


def make_actor_alias(actor: Actor, name: str) -> ActorAlias:
    return ActorAlias.objects.create(actor=actor, name=name)


def make_location(**overrides) -> Location:
    fields = {"name": f"Tal Hamra {next(_sequence)}", "kind": LocationKind.VILLAGE, **overrides}
    return Location.objects.create(**fields)


def make_location_alias(location: Location, name: str) -> LocationAlias:
    return LocationAlias.objects.create(location=location, name=name)


BRIEF_BODY = (
    "Volunteer brigades took the village of Tal Hamra on Tuesday after two days of fighting, "
    "a state news agency reported. The brigades said they now hold the road to the crossing."
)


def make_brief(*, status: str = BriefStatus.DRAFT, actors=(), locations=(), **overrides) -> Brief:
    """A brief in `status` (set directly: tests build states, the workflow service changes them)."""
    fields = {"title": f"Brigades advance toward the crossing {next(_sequence)}", "body": BRIEF_BODY, **overrides}
    brief = Brief(**fields)
    brief.status = status
    brief.save()
    for actor in actors:
        BriefActor.objects.create(brief=brief, actor=actor)
    for location in locations:
        BriefLocation.objects.create(brief=brief, location=location)
    return brief


def make_claim(*, brief: Brief | None = None, actors=(), locations=(), **overrides) -> Claim:
    """A claim; `actors` holds actors (role subject) or `(actor, role)` pairs."""
    fields = {
        "brief": brief or make_brief(),
        "statement": "Volunteer brigades captured Tal Hamra.",
        "kind": ClaimKind.TERRITORIAL_CHANGE,
        **overrides,
    }
    claim = Claim.objects.create(**fields)
    for entry in actors:
        actor, role = entry if isinstance(entry, tuple) else (entry, "subject")
        ClaimActor.objects.create(claim=claim, actor=actor, role=role)
    for location in locations:
        ClaimLocation.objects.create(claim=claim, location=location)
    return claim


def make_comment(*, brief: Brief | None = None, **overrides) -> Comment:
    fields = {
        "brief": brief or make_brief(),
        "kind": CommentKind.ANALYSIS,
        "body": "Holding the crossing gives the brigades a supply route.",
        **overrides,
    }
    return Comment.objects.create(**fields)

"""Records for admin tests: one small, complete brief graph touching every registered model."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import reverse

from briefings.choices import (
    ActorKind,
    ActorRelationKind,
    Assessment,
    ClaimActorRole,
    ClaimKind,
    ClaimLinkKind,
    CommentKind,
    LocationKind,
)
from briefings.models import (
    Actor,
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
)

# Written for these tests in the genre of the seed brief; the names are invented.
BODY = (
    "Fighters of the Northern Valley Brigades said on Tuesday they had taken the village of Qasr Tamim "
    "and a grain depot west of Sarwan, the Riverside Wire agency reported. A spokesman for the group "
    "said on June 2 that its units now hold 12 km of the ridge road."
)
FIRST_QUOTE = "taken the village of Qasr Tamim and a grain depot west of Sarwan"
SECOND_QUOTE = "its units now hold 12 km of the ridge road"
PUBLISHED_AT = datetime.datetime(2024, 6, 6, 9, 30, tzinfo=datetime.UTC)

# The models staff manage from their own admin pages (the rest are inlines).
REGISTERED_MODELS = [model for model in admin.site._registry if model._meta.app_label == "briefings"]


@dataclass
class Graph:
    """One record of every kind, linked the way a real brief links them."""

    publisher: Actor
    brigades: Actor
    authority: Actor
    relation: ActorRelation
    designation: ActorDesignation
    province: Location
    village: Location
    brief: Brief
    brief_actor: BriefActor
    brief_location: BriefLocation
    claim: Claim
    second_claim: Claim
    claim_actor: ClaimActor
    claim_location: ClaimLocation
    claim_link: ClaimLink
    comment: Comment

    def record_of(self, model):
        """The graph's record of `model`, for pages that need one."""
        return next(value for value in vars(self).values() if type(value) is model)


def make_actor(name: str, *, kind: str = ActorKind.ORGANIZATION, aliases: tuple[str, ...] = (), **fields) -> Actor:
    actor = Actor.objects.create(name=name, kind=kind, **fields)
    for alias in aliases:
        actor.aliases.create(name=alias)
    return actor


def make_location(name: str, *, kind: str, parent: Location | None = None, aliases: tuple[str, ...] = ()) -> Location:
    location = Location.objects.create(name=name, kind=kind, parent=parent, latitude=35.1, longitude=42.3)
    for alias in aliases:
        location.aliases.create(name=alias)
    return location


def make_brief(title: str, *, publisher: Actor | None = None, **fields) -> Brief:
    return Brief.objects.create(title=title, body=BODY, publisher=publisher, published_at=PUBLISHED_AT, **fields)


def build_graph(suffix: str = "", *, author=None) -> Graph:
    """Create a complete graph; `suffix` keeps names apart when a test builds many."""
    publisher = make_actor(f"Riverside Wire{suffix}", kind=ActorKind.MEDIA_OUTLET, aliases=("RW",))
    brigades = make_actor(
        f"Northern Valley Brigades{suffix}", kind=ActorKind.ARMED_GROUP, aliases=("N.V.B.", "Valley Brigades")
    )
    authority = make_actor(f"Republic of Azmar{suffix}", kind=ActorKind.STATE, country="IQ")
    province = make_location(f"Sarwan Province{suffix}", kind=LocationKind.REGION, aliases=("Sarwan",))
    village = make_location(f"Qasr Tamim{suffix}", kind=LocationKind.VILLAGE, parent=province, aliases=("Qasr-Tamim",))
    brief = make_brief(f"Brigades take a village west of Sarwan{suffix}", publisher=publisher)
    claim = Claim.objects.create(
        brief=brief,
        statement="The Northern Valley Brigades took Qasr Tamim and a grain depot.",
        quote=FIRST_QUOTE,
        span_start=BODY.index(FIRST_QUOTE),
        span_end=BODY.index(FIRST_QUOTE) + len(FIRST_QUOTE),
        kind=ClaimKind.TERRITORIAL_CHANGE,
        occurred_start=datetime.date(2024, 6, 4),
        occurred_end=datetime.date(2024, 6, 4),
        claimant=publisher,
        source_reliability="C",
        credibility=3,
        assessment=Assessment.REPORTED,
    )
    second_claim = Claim.objects.create(
        brief=brief,
        statement="The Northern Valley Brigades hold 12 km of the ridge road.",
        quote=SECOND_QUOTE,
        span_start=BODY.index(SECOND_QUOTE),
        span_end=BODY.index(SECOND_QUOTE) + len(SECOND_QUOTE),
        kind=ClaimKind.STATEMENT,
        occurred_start=datetime.date(2024, 6, 2),
        occurred_end=datetime.date(2024, 6, 2),
        claimant=brigades,
    )
    return Graph(
        publisher=publisher,
        brigades=brigades,
        authority=authority,
        relation=ActorRelation.objects.create(source=brigades, target=authority, kind=ActorRelationKind.BACKED_BY),
        designation=ActorDesignation.objects.create(actor=brigades, authority=authority, label="Listed militia"),
        province=province,
        village=village,
        brief=brief,
        brief_actor=BriefActor.objects.create(brief=brief, actor=brigades, spans=[[12, 36]]),
        brief_location=BriefLocation.objects.create(brief=brief, location=village, spans=[[82, 92]]),
        claim=claim,
        second_claim=second_claim,
        claim_actor=ClaimActor.objects.create(claim=claim, actor=brigades, role=ClaimActorRole.SUBJECT),
        claim_location=ClaimLocation.objects.create(claim=claim, location=village),
        claim_link=ClaimLink.objects.create(source=second_claim, target=claim, kind=ClaimLinkKind.CORROBORATES),
        comment=Comment.objects.create(
            brief=brief, claim=claim, kind=CommentKind.ANALYSIS, body="The depot matters for the winter.", author=author
        ),
    )


@pytest.fixture
def graph(admin_user) -> Graph:
    return build_graph(author=admin_user)


def admin_url(model, view: str, *args) -> str:
    """URL of an admin view of `model`: changelist, add, change, history."""
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)

"""The domain model (DESIGN.md section 2)."""

from briefings.models.actors import Actor, ActorAlias, ActorDesignation, ActorRelation
from briefings.models.base import BaseModel
from briefings.models.briefs import Brief, BriefActor, BriefLocation
from briefings.models.claims import Claim, ClaimActor, ClaimLink, ClaimLocation
from briefings.models.comments import Comment
from briefings.models.locations import Location, LocationAlias

__all__ = [
    "Actor",
    "ActorAlias",
    "ActorDesignation",
    "ActorRelation",
    "BaseModel",
    "Brief",
    "BriefActor",
    "BriefLocation",
    "Claim",
    "ClaimActor",
    "ClaimLink",
    "ClaimLocation",
    "Comment",
    "Location",
    "LocationAlias",
]

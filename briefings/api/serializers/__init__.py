"""Serializers of the REST API v1, one module per group of resources."""

from briefings.api.serializers.actors import ActorSerializer, LocationSerializer
from briefings.api.serializers.base import (
    NestedActorSerializer,
    NestedBriefSerializer,
    NestedClaimSerializer,
    NestedLocationSerializer,
    UserSerializer,
)
from briefings.api.serializers.briefs import BriefListSerializer, BriefSerializer, ClaimSerializer, CommentSerializer
from briefings.api.serializers.history import HistoryEntrySerializer

__all__ = [
    "ActorSerializer",
    "BriefListSerializer",
    "BriefSerializer",
    "ClaimSerializer",
    "CommentSerializer",
    "HistoryEntrySerializer",
    "LocationSerializer",
    "NestedActorSerializer",
    "NestedBriefSerializer",
    "NestedClaimSerializer",
    "NestedLocationSerializer",
    "UserSerializer",
]

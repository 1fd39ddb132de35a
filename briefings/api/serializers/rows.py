"""Read fast path: brief and claim representations built from `.values()` rows.

The serializers in this package stay the contract: they validate every write, drf-spectacular
documents the API from them, and they still render everything this module does not (other
resources, writes' responses, `.json` format suffixes). For the hot reads (brief, claim and comment
lists, brief detail) profiling showed most of the time in building model instances and related
managers for the prefetches, and in DRF's per-field traversal (about 8 us per nested reference):
together ~3x the time the database and JSON encoding take. Here the same JSON is assembled from
plain rows:

- one `.values()` query for the page (foreign references joined in), then one bulk `.values()`
  query per child list (actors, locations, roles, links), keyed by the owner's id;
- detail URLs formatted from a prefix reversed once per request, not `reverse()` per object;
- ids stay `UUID` objects and orjson writes them exactly as DRF's `str()` would; datetimes are
  formatted as DRF's `DateTimeField` does (ISO 8601, `Z` for UTC).

Orderings are those of the prefetches they replace (the target model's `Meta.ordering`), so the
output is byte-for-byte what the serializers produce; `tests/test_bench.py` compares
both on every record of a generated data set.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from types import SimpleNamespace

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from briefings.api.counts import list_count
from briefings.api.permissions import can_view_unpublished, visible_claims, visible_comments
from briefings.choices import CommentKind
from briefings.models import BriefActor, BriefLocation, Claim, ClaimActor, ClaimLink, ClaimLocation, Comment

__all__ = ["BriefRows", "ClaimRows", "CommentRows", "RowContext", "RowQuery", "etag_source", "named_refs"]

_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"
_COMMENT_KIND_LABELS = {value: str(label) for value, label in CommentKind.choices}


def _utc_isoformat(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    text = value.astimezone(dt.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class RowContext:
    """What every row needs from the request, computed once: URL prefixes, the caller, the datetime format."""

    def __init__(self, request):
        self.request = request
        self.user = getattr(request, "user", None)
        self._urls: dict[str, tuple[str, str]] = {}
        if str(timezone.get_current_timezone()) in ("UTC", "Etc/UTC"):
            self.datetime = _utc_isoformat
        else:  # another zone: let DRF's field convert and format, exactly as the serializers do
            self.datetime = serializers.DateTimeField().to_representation

    def url_format(self, view_name: str) -> tuple[str, str]:
        """(prefix, suffix) of the absolute detail URL of `view_name`: the URL is prefix + id + suffix."""
        parts = self._urls.get(view_name)
        if parts is None:
            url = self.request.build_absolute_uri(reverse(view_name, kwargs={"pk": _PLACEHOLDER}))
            prefix, _, suffix = url.partition(_PLACEHOLDER)
            parts = self._urls[view_name] = (prefix, suffix)
        return parts


class RowQuery:
    """What the paginator reads from a list: the count of the filtered rows, and a page of the row query.

    Counting the row query itself would keep its LEFT JOINs (publisher, users, claimant), which the
    database cannot drop from a COUNT: on SQLite that read every matching brief's row, 25 ms for
    8.5k briefs instead of an index-only count.

    A page is read in two steps, its ids and then the rows of those ids: sorting and skipping full
    rows costs what building them costs (joins, correlated counts) for every matching row, not just
    the page's. Measured on PostgreSQL, 100k briefs / 1M claims: offset 80,000 went from 1.7 s to
    90 ms; a brief search (1.2k matches) from 10.2 ms to 4.2 + 1.1 ms (ids, then rows).
    """

    def __init__(self, *, matching: QuerySet, rows: QuerySet):
        self.matching = matching  # the filtered, ordered list
        self.rows = rows  # the row query, read by id only

    def count(self) -> int:
        return list_count(self.matching)

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("RowQuery reads pages (slices) only")
        ids = list(self.matching.values_list("pk", flat=True)[item])
        if not ids:
            return []
        by_id = {row["id"]: row for row in self.rows.filter(pk__in=ids).order_by()}
        return [by_id[pk] for pk in ids]


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _user(pk, username) -> dict | None:
    return None if pk is None else {"id": pk, "username": username}


def _ordering_through(model: type[Model], relation: str) -> list[str]:
    """`model`'s Meta.ordering seen through `relation` (what a many-to-many prefetch of it orders by)."""
    ordering = []
    for name in model._meta.ordering:
        descending = name.startswith("-")
        ordering.append(f"{'-' if descending else ''}{relation}__{name.lstrip('-')}")
    return ordering


def named_refs(
    context: RowContext, *, through: type[Model], owner: str, target: str, owner_ids: list
) -> dict[object, list[dict]]:
    """{owner id: [nested `{"id", "url", "display", "name", "kind"}` of the targets]} from a through model.

    For actors and locations (both display their name). Ordered as the many-to-many prefetch was.
    """
    target_model = through._meta.get_field(target).related_model
    prefix, suffix = context.url_format(f"api:{target_model._meta.model_name}-detail")
    grouped: dict[object, list[dict]] = defaultdict(list)
    rows = (
        through.objects.filter(**{f"{owner}_id__in": owner_ids})
        .order_by(*_ordering_through(target_model, target))
        .values_list(f"{owner}_id", f"{target}_id", f"{target}__name", f"{target}__kind")
    )
    for owner_id, pk, name, kind in rows:
        grouped[owner_id].append(
            {"id": pk, "url": f"{prefix}{pk}{suffix}", "display": name, "name": name, "kind": kind}
        )
    return grouped


class ClaimRows:
    """Claims as `ClaimSerializer` (or, embedded in a brief, `EmbeddedClaimSerializer`) renders them."""

    columns = (
        "id",
        "brief_id",
        "brief__title",
        "statement",
        "quote",
        "span_start",
        "span_end",
        "kind",
        "occurred_start",
        "occurred_end",
        "claimant_id",
        "claimant__name",
        "claimant__kind",
        "claimant_text",
        "source_reliability",
        "credibility",
        "assessment",
        "version",
        "created_at",
        "updated_at",
    )

    def __init__(self, context: RowContext, *, embedded: bool = False):
        self.context = context
        self.embedded = embedded

    def rows(self, queryset: QuerySet) -> QuerySet:
        columns = [name for name in self.columns if name != "brief__title"] if self.embedded else self.columns
        return queryset.values(*columns)

    def _roles(self, ids: list) -> dict:
        prefix, suffix = self.context.url_format("api:actor-detail")
        grouped = defaultdict(list)
        # ClaimActor's Meta.ordering (role, id), as the `actor_roles` prefetch.
        rows = ClaimActor.objects.filter(claim_id__in=ids).values_list(
            "claim_id", "actor_id", "actor__name", "actor__kind", "role"
        )
        for claim_id, pk, name, kind, role in rows:
            actor = {"id": pk, "url": f"{prefix}{pk}{suffix}", "display": name, "name": name, "kind": kind}
            grouped[claim_id].append({"actor": actor, "role": role})
        return grouped

    def _links(self, ids: list) -> dict:
        prefix, suffix = self.context.url_format("api:claim-detail")
        links = ClaimLink.objects.filter(source_id__in=ids)
        if not can_view_unpublished(self.context.user, Claim):
            links = links.filter(target__brief_published=True)
        grouped = defaultdict(list)
        for source_id, kind, pk, statement, target_kind in links.values_list(
            "source_id", "kind", "target_id", "target__statement", "target__kind"
        ):
            target = {"id": pk, "url": f"{prefix}{pk}{suffix}", "display": statement[:80], "kind": target_kind}
            grouped[source_id].append({"kind": kind, "target": target})
        return grouped

    def represent(self, rows: list[dict]) -> list[dict]:
        ids = [row["id"] for row in rows]
        roles, links = self._roles(ids), self._links(ids)
        locations = named_refs(self.context, through=ClaimLocation, owner="claim", target="location", owner_ids=ids)
        claim_prefix, claim_suffix = self.context.url_format("api:claim-detail")
        brief_prefix, brief_suffix = self.context.url_format("api:brief-detail")
        actor_prefix, actor_suffix = self.context.url_format("api:actor-detail")
        datetime, embedded = self.context.datetime, self.embedded
        result = []
        for row in rows:
            pk, claimant_id = row["id"], row["claimant_id"]
            claim = {"id": pk, "url": f"{claim_prefix}{pk}{claim_suffix}", "display": row["statement"][:80]}
            if not embedded:
                brief_id, title = row["brief_id"], row["brief__title"]
                claim["brief"] = {
                    "id": brief_id,
                    "url": f"{brief_prefix}{brief_id}{brief_suffix}",
                    "display": title,
                    "title": title,
                }
            claim["statement"] = row["statement"]
            claim["quote"] = row["quote"]
            claim["span_start"] = row["span_start"]
            claim["span_end"] = row["span_end"]
            claim["kind"] = row["kind"]
            claim["occurred_start"] = _date(row["occurred_start"])
            claim["occurred_end"] = _date(row["occurred_end"])
            claim["claimant"] = (
                None
                if claimant_id is None
                else {
                    "id": claimant_id,
                    "url": f"{actor_prefix}{claimant_id}{actor_suffix}",
                    "display": row["claimant__name"],
                    "name": row["claimant__name"],
                    "kind": row["claimant__kind"],
                }
            )
            claim["claimant_text"] = row["claimant_text"]
            claim["actors"] = roles.get(pk, [])
            claim["locations"] = locations.get(pk, [])
            claim["source_reliability"] = row["source_reliability"]
            claim["credibility"] = row["credibility"]
            claim["assessment"] = row["assessment"]
            claim["links"] = links.get(pk, [])
            claim["version"] = row["version"]
            claim["created_at"] = datetime(row["created_at"])
            claim["updated_at"] = datetime(row["updated_at"])
            result.append(claim)
        return result


class BriefRows:
    """Briefs as `BriefListSerializer` renders them, and with claims and comments as `BriefSerializer` does.

    The page queryset must carry the `claim_count` and `comment_count` annotations (see the view).
    """

    columns = (
        "id",
        "title",
        "slug",
        "summary",
        "body",
        "published_at",
        "publisher_id",
        "publisher__name",
        "publisher__kind",
        "source_url",
        "language",
        "status",
        "claim_count",
        "comment_count",
        "created_by_id",
        "created_by__username",
        "updated_by_id",
        "updated_by__username",
        "version",
        "created_at",
        "updated_at",
    )

    def __init__(self, context: RowContext):
        self.context = context

    def rows(self, queryset: QuerySet) -> QuerySet:
        return queryset.values(*self.columns)

    def represent(self, rows: list[dict]) -> list[dict]:
        context = self.context
        ids = [row["id"] for row in rows]
        actors = named_refs(context, through=BriefActor, owner="brief", target="actor", owner_ids=ids)
        locations = named_refs(context, through=BriefLocation, owner="brief", target="location", owner_ids=ids)
        brief_prefix, brief_suffix = context.url_format("api:brief-detail")
        actor_prefix, actor_suffix = context.url_format("api:actor-detail")
        datetime = context.datetime
        result = []
        for row in rows:
            pk, publisher_id, title = row["id"], row["publisher_id"], row["title"]
            created_by, updated_by = row["created_by_id"], row["updated_by_id"]
            result.append(
                {
                    "id": pk,
                    "url": f"{brief_prefix}{pk}{brief_suffix}",
                    "display": title,
                    "title": title,
                    "slug": row["slug"],
                    "summary": row["summary"],
                    "body": row["body"],
                    "published_at": datetime(row["published_at"]),
                    "publisher": None
                    if publisher_id is None
                    else {
                        "id": publisher_id,
                        "url": f"{actor_prefix}{publisher_id}{actor_suffix}",
                        "display": row["publisher__name"],
                        "name": row["publisher__name"],
                        "kind": row["publisher__kind"],
                    },
                    "source_url": row["source_url"],
                    "language": row["language"],
                    "status": row["status"],
                    "actors": actors.get(pk, []),
                    "locations": locations.get(pk, []),
                    "claim_count": row["claim_count"],
                    "comment_count": row["comment_count"],
                    "created_by": _user(created_by, row["created_by__username"]),
                    "updated_by": _user(updated_by, row["updated_by__username"]),
                    "version": row["version"],
                    "created_at": datetime(row["created_at"]),
                    "updated_at": datetime(row["updated_at"]),
                }
            )
        return result

    def detail(self, row: dict) -> dict:
        """One brief with its visible claims and comments (the brief itself is known to be visible)."""
        (brief,) = self.represent([row])
        user = self.context.user
        claims = ClaimRows(self.context, embedded=True)
        claim_rows = claims.rows(visible_claims(Claim.objects.filter(brief_id=row["id"]), user=user))
        brief["claims"] = claims.represent(list(claim_rows))
        brief["comments"] = self.comments(row["id"])
        return brief

    def comments(self, brief_id) -> list[dict]:
        """The brief's comments visible to the caller, as `EmbeddedCommentSerializer` renders them."""
        comments = CommentRows(self.context, embedded=True)
        return comments.represent(list(comments.rows(Comment.objects.filter(brief_id=brief_id))))


class CommentRows:
    """Comments as `CommentSerializer` (or, inside a brief, `EmbeddedCommentSerializer`) renders them.

    `rows()` applies the caller's visibility (`visible_comments`) itself, for the brief detail; on the
    comment list, whose view has already restricted the queryset, the same conditions are simply repeated.
    """

    columns = (
        "id",
        "brief_id",
        "brief__title",
        "claim_id",
        "claim__statement",
        "claim__kind",
        "kind",
        "body",
        "author_id",
        "author__username",
        "version",
        "created_at",
        "updated_at",
    )

    def __init__(self, context: RowContext, *, embedded: bool = False):
        self.context = context
        self.embedded = embedded

    def rows(self, queryset: QuerySet) -> QuerySet:
        return visible_comments(queryset, user=self.context.user).values(*self.columns)

    def represent(self, rows: list[dict]) -> list[dict]:
        prefix, suffix = self.context.url_format("api:comment-detail")
        claim_prefix, claim_suffix = self.context.url_format("api:claim-detail")
        brief_prefix, brief_suffix = self.context.url_format("api:brief-detail")
        datetime, embedded = self.context.datetime, self.embedded
        result = []
        for row in rows:
            pk, claim_id, kind, body = row["id"], row["claim_id"], row["kind"], row["body"]
            comment = {
                "id": pk,
                "url": f"{prefix}{pk}{suffix}",
                "display": f"{_COMMENT_KIND_LABELS[kind]}: {body[:60]}",
            }
            if not embedded:
                brief_id, title = row["brief_id"], row["brief__title"]
                comment["brief"] = {
                    "id": brief_id,
                    "url": f"{brief_prefix}{brief_id}{brief_suffix}",
                    "display": title,
                    "title": title,
                }
            comment["claim"] = (
                None
                if claim_id is None
                else {
                    "id": claim_id,
                    "url": f"{claim_prefix}{claim_id}{claim_suffix}",
                    "display": row["claim__statement"][:80],
                    "kind": row["claim__kind"],
                }
            )
            comment["kind"] = kind
            comment["body"] = body
            comment["author"] = _user(row["author_id"], row["author__username"])
            comment["version"] = row["version"]
            comment["created_at"] = datetime(row["created_at"])
            comment["updated_at"] = datetime(row["updated_at"])
            result.append(comment)
        return result


def etag_source(row: dict) -> SimpleNamespace:
    """What `brief_etag` reads from a brief (its id and version), from a row."""
    return SimpleNamespace(pk=row["id"], version=row["version"])

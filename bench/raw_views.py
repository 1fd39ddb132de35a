"""The raw baseline of `make bench`: plain Django views returning the API's JSON for anonymous callers.

Each view answers the same bytes as its API endpoint for the same query (same fields, nested
references, pagination envelope, filters and visibility), with as little machinery as Django
allows: the product's FilterSets narrow the queryset, `.values()` rows are assembled into dicts
by hand, and orjson renders them. No DRF, no model instances. The ratio "API req/s / raw req/s"
in the benchmark table is therefore the price of the framework layer, not of the data access.

Only the anonymous view (published briefs, their claims, analysis comments) and the default
ordering of each list are implemented: that is what the benchmark requests. `tests/test_bench.py`
checks that these views and the API answer the same JSON.
"""

from collections import defaultdict

import orjson
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from rest_framework.utils.urls import remove_query_param, replace_query_param

from briefings.api.counts import list_count
from briefings.choices import BriefStatus, CommentKind
from briefings.filtersets import (
    ActorFilterSet,
    BriefFilterSet,
    ClaimFilterSet,
    CommentFilterSet,
    LocationFilterSet,
)
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
)

PUBLISHED = BriefStatus.PUBLISHED
COMMENT_KIND_LABELS = {value: str(label) for value, label in CommentKind.choices}


def iso(value):
    """A datetime or date as DRF renders it with TIME_ZONE = "UTC" (`Z` for UTC)."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def json_response(data, status: int = 200) -> HttpResponse:
    return HttpResponse(orjson.dumps(data), status=status, content_type="application/json")


class Links:
    """Absolute detail URLs of every resource, built from one prefix per request (no reverse() per row)."""

    def __init__(self, request):
        base = request.build_absolute_uri("/api/v1/")
        self.prefix = {name: f"{base}{name}/" for name in ("briefs", "claims", "comments", "actors", "locations")}

    def url(self, resource: str, pk) -> str:
        return f"{self.prefix[resource]}{pk}/"


def count_subquery(queryset, foreign_key: str):
    counted = queryset.filter(**{foreign_key: OuterRef("pk")}).order_by().values(foreign_key).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def paginate(request, queryset, rows, *, ids_first: bool = True):
    """DRF's limit/offset envelope: count (of `queryset`, before any join), next, previous, and the page of `rows`.

    `ids_first`: read the page as the API's row lists do, ids from the filtered list, then their rows.
    """
    try:
        limit = min(max(int(request.GET.get("limit", 50)), 1), 500)
        offset = max(int(request.GET.get("offset", 0)), 0)
    except ValueError:
        limit, offset = 50, 0
    count = list_count(queryset)  # the API's count, remembered as the API remembers it
    if not count or offset > count:
        rows = []
    elif ids_first:
        ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
        by_id = {row["id"]: row for row in rows.filter(pk__in=ids).order_by()}
        rows = [by_id[pk] for pk in ids]
    else:
        rows = list(rows[offset : offset + limit])
    url = request.build_absolute_uri()
    following = None
    if offset + limit < count:
        following = replace_query_param(replace_query_param(url, "limit", limit), "offset", offset + limit)
    previous = None
    if offset > 0:
        previous = replace_query_param(url, "limit", limit)
        previous = (
            remove_query_param(previous, "offset")
            if offset - limit <= 0
            else replace_query_param(previous, "offset", offset - limit)
        )
    return {"count": count, "next": following, "previous": previous}, rows


def filtered(filterset_class, request, queryset):
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        return None
    return filterset.qs


def actor_ref(pk, name, kind, links: Links) -> dict:
    return {"id": pk, "url": links.url("actors", pk), "display": name, "name": name, "kind": kind}


def user_ref(pk, username):
    return None if pk is None else {"id": pk, "username": username}


def refs_by_owner(model, owner: str, target: str, owner_ids, links: Links, resource: str) -> dict:
    """{owner id: [nested refs]} of a through model, ordered like the target model (name, id)."""
    grouped = defaultdict(list)
    rows = (
        model.objects.filter(**{f"{owner}_id__in": owner_ids})
        .order_by(f"{target}__name", f"{target}_id")
        .values_list(f"{owner}_id", f"{target}_id", f"{target}__name", f"{target}__kind")
    )
    for owner_id, pk, name, kind in rows:
        grouped[owner_id].append(
            {"id": pk, "url": links.url(resource, pk), "display": name, "name": name, "kind": kind}
        )
    return grouped


# Briefs

BRIEF_COLUMNS = (
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


def brief_rows(queryset):
    return queryset.annotate(
        claim_count=count_subquery(Claim.objects.all(), "brief"),
        comment_count=count_subquery(Comment.objects.filter(kind=CommentKind.ANALYSIS), "brief"),
    ).values(*BRIEF_COLUMNS)


def brief_dicts(rows, links: Links) -> list[dict]:
    ids = [row["id"] for row in rows]
    actors = refs_by_owner(BriefActor, "brief", "actor", ids, links, "actors")
    locations = refs_by_owner(BriefLocation, "brief", "location", ids, links, "locations")
    result = []
    for row in rows:
        pk, publisher_id = row["id"], row["publisher_id"]
        result.append(
            {
                "id": pk,
                "url": links.url("briefs", pk),
                "display": row["title"],
                "title": row["title"],
                "slug": row["slug"],
                "summary": row["summary"],
                "body": row["body"],
                "published_at": iso(row["published_at"]),
                "publisher": None
                if publisher_id is None
                else actor_ref(publisher_id, row["publisher__name"], row["publisher__kind"], links),
                "source_url": row["source_url"],
                "language": row["language"],
                "status": row["status"],
                "actors": actors.get(pk, []),
                "locations": locations.get(pk, []),
                "claim_count": row["claim_count"],
                "comment_count": row["comment_count"],
                "created_by": user_ref(row["created_by_id"], row["created_by__username"]),
                "updated_by": user_ref(row["updated_by_id"], row["updated_by__username"]),
                "version": row["version"],
                "created_at": iso(row["created_at"]),
                "updated_at": iso(row["updated_at"]),
            }
        )
    return result


def brief_list(request):
    queryset = filtered(BriefFilterSet, request, Brief.objects.filter(status=PUBLISHED))
    if queryset is None:
        return HttpResponseBadRequest()
    queryset = queryset.order_by("-published_at", "id")
    envelope, rows = paginate(request, queryset, brief_rows(queryset))
    return json_response({**envelope, "results": brief_dicts(rows, Links(request))})


def brief_detail(request, pk):
    rows = list(brief_rows(Brief.objects.filter(status=PUBLISHED, pk=pk)))
    if not rows:
        raise Http404
    links = Links(request)
    (brief,) = brief_dicts(rows, links)
    claims = Claim.objects.filter(brief_id=pk).order_by("brief_id", "span_start", "id")
    brief["claims"] = claim_dicts(list(claims.values(*CLAIM_COLUMNS)), links, embedded=True)
    comments = Comment.objects.filter(brief_id=pk, kind=CommentKind.ANALYSIS).order_by("created_at", "id")
    brief["comments"] = comment_dicts(comments.values(*COMMENT_COLUMNS), links, embedded=True)
    return json_response(brief)


# Comments

COMMENT_COLUMNS = (
    "id",
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


def comment_dicts(rows, links: Links, *, embedded: bool = False) -> list[dict]:
    result = []
    for row in rows:
        pk, claim_id = row["id"], row["claim_id"]
        comment = {
            "id": pk,
            "url": links.url("comments", pk),
            "display": f"{COMMENT_KIND_LABELS[row['kind']]}: {row['body'][:60]}",
        }
        if not embedded:
            comment["brief"] = {
                "id": row["brief_id"],
                "url": links.url("briefs", row["brief_id"]),
                "display": row["brief__title"],
                "title": row["brief__title"],
            }
        comment.update(
            {
                "claim": None
                if claim_id is None
                else {
                    "id": claim_id,
                    "url": links.url("claims", claim_id),
                    "display": row["claim__statement"][:80],
                    "kind": row["claim__kind"],
                },
                "kind": row["kind"],
                "body": row["body"],
                "author": user_ref(row["author_id"], row["author__username"]),
                "version": row["version"],
                "created_at": iso(row["created_at"]),
                "updated_at": iso(row["updated_at"]),
            }
        )
        result.append(comment)
    return result


def comment_list(request):
    visible = Comment.objects.filter(brief_published=True, kind=CommentKind.ANALYSIS)
    queryset = filtered(CommentFilterSet, request, visible)
    if queryset is None:
        return HttpResponseBadRequest()
    queryset = queryset.order_by("created_at", "id")
    envelope, rows = paginate(request, queryset, queryset.values("brief_id", "brief__title", *COMMENT_COLUMNS))
    return json_response({**envelope, "results": comment_dicts(rows, Links(request))})


# Claims

CLAIM_COLUMNS = (
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


def claim_dicts(rows, links: Links, *, embedded: bool = False) -> list[dict]:
    ids = [row["id"] for row in rows]
    roles = defaultdict(list)
    for claim_id, actor_id, name, kind, role in (
        ClaimActor.objects.filter(claim_id__in=ids)
        .order_by("role", "id")
        .values_list("claim_id", "actor_id", "actor__name", "actor__kind", "role")
    ):
        actor = {"id": actor_id, "url": links.url("actors", actor_id), "display": name, "name": name, "kind": kind}
        roles[claim_id].append({"actor": actor, "role": role})
    locations = refs_by_owner(ClaimLocation, "claim", "location", ids, links, "locations")
    claim_links = defaultdict(list)
    for source_id, kind, target_id, statement, target_kind in (
        ClaimLink.objects.filter(source_id__in=ids, target__brief_published=True)
        .order_by("kind", "id")
        .values_list("source_id", "kind", "target_id", "target__statement", "target__kind")
    ):
        target = {
            "id": target_id,
            "url": links.url("claims", target_id),
            "display": statement[:80],
            "kind": target_kind,
        }
        claim_links[source_id].append({"kind": kind, "target": target})
    result = []
    for row in rows:
        pk, brief_id, claimant_id = row["id"], row["brief_id"], row["claimant_id"]
        claim = {"id": pk, "url": links.url("claims", pk), "display": row["statement"][:80]}
        if not embedded:
            claim["brief"] = {
                "id": brief_id,
                "url": links.url("briefs", brief_id),
                "display": row["brief__title"],
                "title": row["brief__title"],
            }
        claim.update(
            {
                "statement": row["statement"],
                "quote": row["quote"],
                "span_start": row["span_start"],
                "span_end": row["span_end"],
                "kind": row["kind"],
                "occurred_start": iso(row["occurred_start"]),
                "occurred_end": iso(row["occurred_end"]),
                "claimant": None
                if claimant_id is None
                else actor_ref(claimant_id, row["claimant__name"], row["claimant__kind"], links),
                "claimant_text": row["claimant_text"],
                "actors": roles.get(pk, []),
                "locations": locations.get(pk, []),
                "source_reliability": row["source_reliability"],
                "credibility": row["credibility"],
                "assessment": row["assessment"],
                "links": claim_links.get(pk, []),
                "version": row["version"],
                "created_at": iso(row["created_at"]),
                "updated_at": iso(row["updated_at"]),
            }
        )
        result.append(claim)
    return result


def claim_list(request):
    queryset = filtered(ClaimFilterSet, request, Claim.objects.filter(brief_published=True))
    if queryset is None:
        return HttpResponseBadRequest()
    queryset = queryset.order_by("brief_id", "span_start", "id")
    envelope, rows = paginate(request, queryset, queryset.values(*CLAIM_COLUMNS))
    return json_response({**envelope, "results": claim_dicts(rows, Links(request))})


# Actors


def actor_list(request):
    queryset = filtered(ActorFilterSet, request, Actor.objects.all())
    if queryset is None:
        return HttpResponseBadRequest()
    columns = ("id", "name", "kind", "description", "country", "wikidata_id", "version", "created_at", "updated_at")
    queryset = queryset.order_by("name", "id")
    envelope, rows = paginate(request, queryset, queryset.values(*columns), ids_first=False)
    links = Links(request)
    ids = [row["id"] for row in rows]
    aliases = defaultdict(list)
    for actor_id, name in (
        ActorAlias.objects.filter(actor_id__in=ids).order_by("name", "id").values_list("actor_id", "name")
    ):
        aliases[actor_id].append(name)
    relations = defaultdict(list)
    for row in (
        ActorRelation.objects.filter(source_id__in=ids)
        .order_by("kind", "id")
        .values("source_id", "kind", "target_id", "target__name", "target__kind", "title", "start", "end")
    ):
        relations[row["source_id"]].append(
            {
                "kind": row["kind"],
                "target": actor_ref(row["target_id"], row["target__name"], row["target__kind"], links),
                "title": row["title"],
                "start": iso(row["start"]),
                "end": iso(row["end"]),
            }
        )
    designations = defaultdict(list)
    for row in (
        ActorDesignation.objects.filter(actor_id__in=ids)
        .order_by("date", "label", "id")
        .values("actor_id", "authority_id", "authority__name", "authority__kind", "label", "date")
    ):
        designations[row["actor_id"]].append(
            {
                "authority": actor_ref(row["authority_id"], row["authority__name"], row["authority__kind"], links),
                "label": row["label"],
                "date": iso(row["date"]),
            }
        )
    results = [
        {
            "id": row["id"],
            "url": links.url("actors", row["id"]),
            "display": row["name"],
            "name": row["name"],
            "kind": row["kind"],
            "description": row["description"],
            "country": row["country"],
            "wikidata_id": row["wikidata_id"],
            "aliases": aliases.get(row["id"], []),
            "relations": relations.get(row["id"], []),
            "designations": designations.get(row["id"], []),
            "version": row["version"],
            "created_at": iso(row["created_at"]),
            "updated_at": iso(row["updated_at"]),
        }
        for row in rows
    ]
    return json_response({**envelope, "results": results})


# Locations


def locations_geojson(request):
    queryset = filtered(LocationFilterSet, request, Location.objects.all())
    if queryset is None:
        return HttpResponseBadRequest()
    rows = (
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("name", "id")
        .values_list(
            "id",
            "name",
            "kind",
            "precision",
            "country",
            "geonames_id",
            "latitude",
            "longitude",
            "parent_id",
            "parent__name",
        )
    )
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "id": pk,
                "name": name,
                "kind": kind,
                "precision": precision,
                "country": country,
                "geonames_id": geonames_id,
                "parent_id": parent_id,
                "parent_name": parent_name,
            },
        }
        for pk, name, kind, precision, country, geonames_id, latitude, longitude, parent_id, parent_name in rows
    ]
    response = json_response({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    return response

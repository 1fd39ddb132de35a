"""STIX 2.1 export and import of briefs (DESIGN.md section 5).

Mapping (one STIX object per record; STIX ids are `<type>--<record uuid>`, so re-exports give the
same ids and an import maps every object back to the record it came from):

| record                          | STIX object                                                      |
|---------------------------------|------------------------------------------------------------------|
| Brief                           | `report` (name, published, description, lang, object_refs)       |
| Actor (armed_group)             | `threat-actor` (aliases, threat_actor_types ["unknown"])         |
| Actor (any other kind)          | `identity` (identity_class and sectors from the kind)            |
| Location                        | `location` (lat/lon, country, region from the country)           |
| Claim                           | `note` (abstract = statement, content = quote or statement)      |
| Comment (kind analysis)         | `note` (content = body, object_refs = the report [+ the claim])  |
| ActorRelation                   | `relationship` (relationship_type = kind with hyphens)           |
| ActorDesignation                | `relationship` "designated-by" (actor -> authority)              |

Claims are `note`s rather than `opinion`s: an opinion is the bundle producer's own judgement of
another object, while a claim is a third party's assertion reported in the brief. Internal staff
notes (comment kind `note`) are never exported.

Everything STIX has no property for (spans, roles, reliability letters, claim kind, assessment and
dates, claimant, claim links, actor kind, location kind/precision/parent, brief status, slug, body)
travels in one property extension, declared by the `extension-definition` object in every bundle.
When an object carries that extension, the importer reads the record from it; objects from other
producers (no extension) are imported from their core STIX properties with sensible defaults.

Bundles are built with the `stix2` library, which validates every object on construction; the
importer validates each incoming object with `stix2.parse(..., allow_custom=False)` before it
writes anything, and writes everything in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import stix2
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime
from stix2.confidence.scales import value_to_admiralty_credibility

from briefings.choices import (
    ActorKind,
    ActorRelationKind,
    BriefStatus,
    ClaimActorRole,
    CommentKind,
    CoordinatePrecision,
    LocationKind,
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
    LocationAlias,
)
from briefings.services import workflow

__all__ = [
    "EXTENSION_ID",
    "PROJECT_IDENTITY_ID",
    "STIX_BUNDLE_ID_PATTERN",
    "ImportResult",
    "StixImportError",
    "brief_to_stix_bundle",
    "stix_bundle_import",
]

# A bundle id as the importer accepts it: lower-case hex, RFC 4122 variant (stix2's rule for 2.1).
STIX_BUNDLE_ID_PATTERN = r"^bundle--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"

# Fixed ids: the same in every bundle, so consumers can recognise our extension and producer.
_NAMESPACE = uuid.UUID("5b0c7d3e-2f55-4c8e-9a51-0d6b1c0f4a21")
PROJECT_IDENTITY_ID = f"identity--{uuid.uuid5(_NAMESPACE, 'briefings-api')}"
EXTENSION_ID = f"extension-definition--{uuid.uuid5(_NAMESPACE, 'briefings-api/record-properties/v1')}"
EXTENSION_SCHEMA_URL = "https://briefings.example.org/stix/extension/v1"
_DEFINITION_TIMESTAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

# STIX 2.1 Appendix A "Confidence Scales", Admiralty Credibility -> STIX confidence. Grade 6
# ("truth cannot be judged") has no confidence value: the property is left out. The reverse
# direction uses the same appendix's ranges (stix2.confidence.scales.value_to_admiralty_credibility).
ADMIRALTY_CREDIBILITY_TO_CONFIDENCE = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10, 6: None}

# identity_class (identity-class-ov) and sectors (industry-sector-ov) per actor kind. The STIX
# vocabulary names countries as "organization"; armed groups become threat-actors instead.
_IDENTITY_CLASS = {
    ActorKind.PERSON: "individual",
    ActorKind.ORGANIZATION: "organization",
    ActorKind.STATE: "organization",
    ActorKind.GOVERNMENT_BODY: "organization",
    ActorKind.MEDIA_OUTLET: "organization",
    ActorKind.POLITICAL_PARTY: "organization",
    ActorKind.ARMED_GROUP: "group",
    ActorKind.OTHER: "unknown",
}
_SECTORS = {
    ActorKind.STATE: ["government-national"],
    ActorKind.GOVERNMENT_BODY: ["government"],
    ActorKind.MEDIA_OUTLET: ["communications"],
}

# UN M49 sub-regions, which STIX's region-ov uses, by ISO 3166-1 alpha-2 code.
_REGION_COUNTRIES = {
    "northern-africa": "DZ EG LY MA SD TN EH",
    "eastern-africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TZ UG ZM ZW IO TF",
    "middle-africa": "AO CM CF TD CG CD GQ GA ST",
    "southern-africa": "BW SZ LS NA ZA",
    "western-africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    "caribbean": "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI",
    "central-america": "BZ CR SV GT HN MX NI PA",
    "south-america": "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    "northern-america": "BM CA GL PM US",
    "central-asia": "KZ KG TJ TM UZ",
    "eastern-asia": "CN HK MO KP JP MN KR TW",
    "south-eastern-asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "southern-asia": "AF BD BT IN IR MV NP PK LK",
    "western-asia": "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    "eastern-europe": "BY BG CZ HU PL MD RO RU SK UA",
    "northern-europe": "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB",
    "southern-europe": "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES",
    "western-europe": "AT BE FR DE LI LU MC NL CH",
    "australia-new-zealand": "AU CX CC HM NZ NF",
    "melanesia": "FJ NC PG SB VU",
    "micronesia": "GU KI MH FM NR MP PW UM",
    "polynesia": "AS CK PF NU PN WS TK TO TV WF",
    "antarctica": "AQ",
}
_REGION_BY_COUNTRY = {code: region for region, codes in _REGION_COUNTRIES.items() for code in codes.split()}

# Record types as the extension's `record` property names them, and as import counts are keyed.
_RECORD_ACTOR = "actor"
_RECORD_LOCATION = "location"
_RECORD_BRIEF = "brief"
_RECORD_CLAIM = "claim"
_RECORD_COMMENT = "comment"
_RECORD_RELATION = "actor_relation"
_RECORD_DESIGNATION = "actor_designation"
_COUNT_KEYS = {
    _RECORD_ACTOR: "actors",
    _RECORD_LOCATION: "locations",
    _RECORD_BRIEF: "briefs",
    _RECORD_CLAIM: "claims",
    _RECORD_COMMENT: "comments",
    _RECORD_RELATION: "actor_relations",
    _RECORD_DESIGNATION: "actor_designations",
}
_DESIGNATED_BY = "designated-by"


# Export


def stix_id(stix_type: str, pk: uuid.UUID) -> str:
    return f"{stix_type}--{pk}"


def actor_stix_type(kind: str) -> str:
    return "threat-actor" if kind == ActorKind.ARMED_GROUP else "identity"


def _extension(record: str, **properties) -> dict:
    return {EXTENSION_ID: {"extension_type": "property-extension", "record": record, **properties}}


def _compact(values: dict) -> dict:
    """Drop unset optional properties: stix2 rejects explicit nulls and empty lists."""
    return {key: value for key, value in values.items() if value not in (None, "", [])}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _start_of_day(value: dt.date) -> dt.datetime:
    return dt.datetime.combine(value, dt.time.min, tzinfo=dt.UTC)


def _end_of_day(value: dt.date) -> dt.datetime:
    # STIX wants stop_time strictly after start_time; a one-day range ends at the last second.
    return dt.datetime.combine(value, dt.time(23, 59, 59), tzinfo=dt.UTC)


@dataclass
class _BriefGraph:
    """Everything one brief's bundle contains, loaded with a fixed number of queries."""

    brief: Brief
    actor_mentions: list[dict]
    location_mentions: list[dict]
    claims: list[Claim]
    comments: list[Comment]
    actors: dict[uuid.UUID, Actor]
    locations: dict[uuid.UUID, Location]
    relations: list[ActorRelation]
    designations: list[ActorDesignation]


def _load_brief_graph(brief: Brief) -> _BriefGraph:
    """Load the brief's mentions, claims, analysis comments, actors and locations (incl. ancestors).

    Relations and designations are included when both ends are actors of the bundle: the bundle
    describes what the brief references, not the whole actor graph.
    """
    # Orders depend only on ids that travel in the bundle, so a re-imported brief exports identically.
    actor_mentions = list(BriefActor.objects.filter(brief=brief).order_by("actor_id").values("actor_id", "spans"))
    location_mentions = list(
        BriefLocation.objects.filter(brief=brief).order_by("location_id").values("location_id", "spans")
    )
    claims = list(
        Claim.objects.filter(brief=brief)
        .prefetch_related("actor_roles", "location_links", "links")
        .order_by(*Claim._meta.ordering)
    )
    comments = list(Comment.objects.filter(brief=brief, kind=CommentKind.ANALYSIS).order_by("id"))

    actor_ids = {row["actor_id"] for row in actor_mentions}
    actor_ids.update(role.actor_id for claim in claims for role in claim.actor_roles.all())
    actor_ids.update(claim.claimant_id for claim in claims if claim.claimant_id)
    if brief.publisher_id:
        actor_ids.add(brief.publisher_id)
    actors = {actor.pk: actor for actor in Actor.objects.filter(pk__in=actor_ids).prefetch_related("aliases")}

    direct_location_ids = {row["location_id"] for row in location_mentions}
    direct_location_ids.update(link.location_id for claim in claims for link in claim.location_links.all())
    # Ancestors come along so every `parent_ref` resolves inside the bundle.
    location_ids = {
        uuid.UUID(hex_id)
        for path in Location.objects.filter(pk__in=direct_location_ids).values_list("path", flat=True)
        for hex_id in path.strip("/").split("/")
        if hex_id
    }
    locations = {
        location.pk: location
        for location in Location.objects.filter(pk__in=location_ids).prefetch_related("aliases").order_by("path")
    }
    relations = list(ActorRelation.objects.filter(source__in=actor_ids, target__in=actor_ids).order_by("id"))
    designations = list(ActorDesignation.objects.filter(actor__in=actor_ids, authority__in=actor_ids).order_by("id"))
    return _BriefGraph(
        brief, actor_mentions, location_mentions, claims, comments, actors, locations, relations, designations
    )


def _actor_ref(actor_id: uuid.UUID, actors: dict[uuid.UUID, Actor]) -> str:
    return stix_id(actor_stix_type(actors[actor_id].kind), actor_id)


def _actor_object(actor: Actor):
    properties = {
        "id": stix_id(actor_stix_type(actor.kind), actor.pk),
        "created": actor.created_at,
        "modified": actor.updated_at,
        "name": actor.name,
        "description": actor.description,
        "external_references": (
            [
                {
                    "source_name": "wikidata",
                    "external_id": actor.wikidata_id,
                    "url": f"https://www.wikidata.org/wiki/{actor.wikidata_id}",
                }
            ]
            if actor.wikidata_id
            else None
        ),
        "extensions": _extension(
            _RECORD_ACTOR,
            kind=actor.kind,
            country=actor.country,
            wikidata_id=actor.wikidata_id,
            aliases=[alias.name for alias in actor.aliases.all()],
            boilerplate=actor.boilerplate,
        ),
    }
    if actor.kind == ActorKind.ARMED_GROUP:
        properties["aliases"] = [alias.name for alias in actor.aliases.all()]
        properties["threat_actor_types"] = ["unknown"]
        return stix2.v21.ThreatActor(**_compact(properties), allow_custom=False)
    properties["identity_class"] = _IDENTITY_CLASS[actor.kind]
    properties["sectors"] = _SECTORS.get(actor.kind)
    return stix2.v21.Identity(**_compact(properties), allow_custom=False)


def _inherited_country(location: Location, locations: dict[uuid.UUID, Location]) -> str:
    """The location's own country code, else the nearest ancestor's."""
    current: Location | None = location
    while current is not None:
        if current.country:
            return current.country
        current = locations.get(current.parent_id) if current.parent_id else None
    return ""


def _location_object(location: Location, locations: dict[uuid.UUID, Location]):
    country = _inherited_country(location, locations)
    has_coordinates = location.latitude is not None and location.longitude is not None
    # STIX needs region, country or coordinates; "unknown" (open vocabulary) covers a bare name.
    region = _REGION_BY_COUNTRY.get(country) or (None if has_coordinates else "unknown")
    properties = {
        "id": stix_id("location", location.pk),
        "created": location.created_at,
        "modified": location.updated_at,
        "name": location.name,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "country": country,
        "region": region,
        "external_references": (
            [
                {
                    "source_name": "geonames",
                    "external_id": str(location.geonames_id),
                    "url": f"https://www.geonames.org/{location.geonames_id}",
                }
            ]
            if location.geonames_id
            else None
        ),
        "extensions": _extension(
            _RECORD_LOCATION,
            kind=location.kind,
            precision=location.precision,
            country=location.country,
            parent_ref=stix_id("location", location.parent_id) if location.parent_id else None,
            geonames_id=location.geonames_id,
            aliases=[alias.name for alias in location.aliases.all()],
        ),
    }
    return stix2.v21.Location(**_compact(properties), allow_custom=False)


def _report_object(graph: _BriefGraph, object_refs: list[str]):
    brief = graph.brief
    publisher_ref = _actor_ref(brief.publisher_id, graph.actors) if brief.publisher_id else None
    properties = {
        "id": stix_id("report", brief.pk),
        "created": brief.created_at,
        "modified": brief.updated_at,
        "name": brief.title,
        "description": brief.summary or brief.body,
        # STIX requires `published`; a draft that has no date yet uses its creation time.
        "published": brief.published_at or brief.created_at,
        "report_types": ["threat-report"],
        "lang": brief.language,
        "object_refs": object_refs,
        # created_by_ref must be an identity: an armed-group publisher is named in the extension only.
        "created_by_ref": publisher_ref if publisher_ref and publisher_ref.startswith("identity--") else None,
        "external_references": [{"source_name": "source", "url": brief.source_url}] if brief.source_url else None,
        "extensions": _extension(
            _RECORD_BRIEF,
            slug=brief.slug,
            status=brief.status,
            language=brief.language,
            summary=brief.summary,
            body=brief.body,
            published_at=brief.published_at.isoformat() if brief.published_at else None,
            source_url=brief.source_url,
            publisher_ref=publisher_ref,
            actor_mentions=[
                {"actor_ref": _actor_ref(row["actor_id"], graph.actors), "spans": row["spans"]}
                for row in graph.actor_mentions
            ],
            location_mentions=[
                {"location_ref": stix_id("location", row["location_id"]), "spans": row["spans"]}
                for row in graph.location_mentions
            ],
        ),
    }
    return stix2.v21.Report(**_compact(properties), allow_custom=False)


def _claim_object(claim: Claim, graph: _BriefGraph, created_by_ref: str | None):
    actors = graph.actors
    report_ref = stix_id("report", graph.brief.pk)
    # Sorted by ids that travel in the bundle: a re-imported claim exports identically.
    roles = sorted(claim.actor_roles.all(), key=lambda row: (row.role, str(row.actor_id)))
    actor_roles = [{"actor_ref": _actor_ref(row.actor_id, actors), "role": row.role} for row in roles]
    location_refs = sorted(stix_id("location", link.location_id) for link in claim.location_links.all())
    claimant_ref = _actor_ref(claim.claimant_id, actors) if claim.claimant_id else None
    object_refs = [report_ref, *([claimant_ref] if claimant_ref else []), *(r["actor_ref"] for r in actor_roles)]
    object_refs = list(dict.fromkeys([*object_refs, *location_refs]))
    claimant_name = actors[claim.claimant_id].name if claim.claimant_id else claim.claimant_text
    properties = {
        "id": stix_id("note", claim.pk),
        "created": claim.created_at,
        "modified": claim.updated_at,
        "abstract": claim.statement,
        "content": claim.quote or claim.statement,
        "authors": [claimant_name] if claimant_name else None,
        "object_refs": object_refs,
        "confidence": ADMIRALTY_CREDIBILITY_TO_CONFIDENCE.get(claim.credibility),
        "created_by_ref": created_by_ref,
        "extensions": _extension(
            _RECORD_CLAIM,
            brief_ref=report_ref,
            statement=claim.statement,
            quote=claim.quote,
            span_start=claim.span_start,
            span_end=claim.span_end,
            kind=claim.kind,
            occurred_start=_date(claim.occurred_start),
            occurred_end=_date(claim.occurred_end),
            claimant_ref=claimant_ref,
            claimant_text=claim.claimant_text,
            actors=actor_roles,
            location_refs=location_refs,
            source_reliability=claim.source_reliability,
            credibility=claim.credibility,
            assessment=claim.assessment,
            links=[
                {"kind": link.kind, "target_ref": stix_id("note", link.target_id)}
                for link in sorted(claim.links.all(), key=lambda link: (link.kind, str(link.target_id)))
            ],
        ),
    }
    return stix2.v21.Note(**_compact(properties), allow_custom=False)


def _comment_object(comment: Comment, report_ref: str, created_by_ref: str | None):
    claim_ref = stix_id("note", comment.claim_id) if comment.claim_id else None
    properties = {
        "id": stix_id("note", comment.pk),
        "created": comment.created_at,
        "modified": comment.updated_at,
        "content": comment.body,
        "object_refs": [report_ref, *([claim_ref] if claim_ref else [])],
        "created_by_ref": created_by_ref,
        "extensions": _extension(_RECORD_COMMENT, kind=comment.kind, brief_ref=report_ref, claim_ref=claim_ref),
    }
    return stix2.v21.Note(**_compact(properties), allow_custom=False)


def _relation_object(relation: ActorRelation, actors: dict[uuid.UUID, Actor]):
    properties = {
        "id": stix_id("relationship", relation.pk),
        "created": relation.created_at,
        "modified": relation.updated_at,
        "relationship_type": relation.kind.replace("_", "-"),
        "source_ref": _actor_ref(relation.source_id, actors),
        "target_ref": _actor_ref(relation.target_id, actors),
        "description": relation.title,
        "start_time": _start_of_day(relation.start) if relation.start else None,
        "stop_time": _end_of_day(relation.end) if relation.end else None,
        "extensions": _extension(
            _RECORD_RELATION,
            kind=relation.kind,
            title=relation.title,
            start=_date(relation.start),
            end=_date(relation.end),
        ),
    }
    return stix2.v21.Relationship(**_compact(properties), allow_custom=False)


def _designation_object(designation: ActorDesignation, actors: dict[uuid.UUID, Actor]):
    properties = {
        "id": stix_id("relationship", designation.pk),
        "created": designation.created_at,
        "modified": designation.updated_at,
        "relationship_type": _DESIGNATED_BY,
        "source_ref": _actor_ref(designation.actor_id, actors),
        "target_ref": _actor_ref(designation.authority_id, actors),
        "description": designation.label,
        "start_time": _start_of_day(designation.date) if designation.date else None,
        "extensions": _extension(_RECORD_DESIGNATION, label=designation.label, date=_date(designation.date)),
    }
    return stix2.v21.Relationship(**_compact(properties), allow_custom=False)


def _definition_objects() -> list:
    """Our producer identity and the extension definition: fixed content, identical in every bundle."""
    identity = stix2.v21.Identity(
        id=PROJECT_IDENTITY_ID,
        created=_DEFINITION_TIMESTAMP,
        modified=_DEFINITION_TIMESTAMP,
        name="Briefings API",
        identity_class="system",
        description="System of record for analytic briefs; producer of the briefings record-properties extension.",
    )
    definition = stix2.v21.ExtensionDefinition(
        id=EXTENSION_ID,
        created_by_ref=PROJECT_IDENTITY_ID,
        created=_DEFINITION_TIMESTAMP,
        modified=_DEFINITION_TIMESTAMP,
        name="Briefings API record properties",
        description=(
            "Properties of Briefings API records that STIX 2.1 has no property for: mention spans, claim "
            "roles, Admiralty reliability letters, claim kind/assessment/dates, claim links, actor and "
            "location kinds, location hierarchy, brief status. `record` names the record type."
        ),
        schema=EXTENSION_SCHEMA_URL,
        version="1.0.0",
        extension_types=["property-extension"],
    )
    return [definition, identity]


def brief_to_stix_bundle(*, brief: Brief) -> dict:
    """The brief and everything it references as a JSON-ready STIX 2.1 bundle.

    Object order is deterministic (definitions, report, actors, locations parents first,
    relationships, claim notes, comment notes) and the bundle id is derived from the content,
    so exporting an unchanged brief twice gives byte-identical JSON. Queries: a fixed number,
    independent of the number of claims, actors and locations.
    """
    graph = _load_brief_graph(brief)
    actors = graph.actors
    publisher_ref = _actor_ref(brief.publisher_id, actors) if brief.publisher_id else None
    notes_created_by = publisher_ref if publisher_ref and publisher_ref.startswith("identity--") else None
    report_ref = stix_id("report", brief.pk)

    actor_objects = [_actor_object(actor) for actor in sorted(actors.values(), key=lambda a: (a.name, str(a.pk)))]
    location_objects = [_location_object(location, graph.locations) for location in graph.locations.values()]
    relationship_objects = [_relation_object(relation, actors) for relation in graph.relations]
    relationship_objects += [_designation_object(designation, actors) for designation in graph.designations]
    claim_objects = [_claim_object(claim, graph, notes_created_by) for claim in graph.claims]
    comment_objects = [_comment_object(comment, report_ref, notes_created_by) for comment in graph.comments]

    content = [*actor_objects, *location_objects, *relationship_objects, *claim_objects, *comment_objects]
    # STIX requires at least one object_ref: a bare draft (no actors, places, claims or comments)
    # refers to our producer identity, which every bundle carries and the importer does not store.
    report = _report_object(graph, [obj.id for obj in content] or [PROJECT_IDENTITY_ID])
    objects = [json.loads(obj.serialize()) for obj in [*_definition_objects(), report, *content]]
    digest = hashlib.sha256(json.dumps(objects, sort_keys=True).encode()).hexdigest()
    return {"type": "bundle", "id": f"bundle--{uuid.uuid5(_NAMESPACE, digest)}", "objects": objects}


# Import


class StixImportError(Exception):
    """The bundle cannot be imported; `object_id` names the offending STIX object when there is one."""

    def __init__(self, detail: str, *, object_id: str | None = None, index: int | None = None):
        self.detail = detail
        self.object_id = object_id
        self.index = index
        where = f"objects[{index}]" if index is not None else ""
        if object_id:
            where = f"{where} ({object_id})" if where else object_id
        super().__init__(f"{where}: {detail}" if where else detail)


@dataclass
class ImportResult:
    """Per record type (`actors`, `locations`, ...): how many were created, updated or unchanged.

    `skipped` counts STIX objects that describe nothing we store (e.g. indicators, opinions).
    """

    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {key: {"created": 0, "updated": 0, "unchanged": 0} for key in _COUNT_KEYS.values()}
    )
    skipped: int = 0

    def as_dict(self) -> dict:
        return {**self.counts, "skipped": self.skipped}


def _our_extension(obj: dict) -> dict | None:
    return (obj.get("extensions") or {}).get(EXTENSION_ID)


def _uuid_of(ref: str) -> uuid.UUID:
    return uuid.UUID(ref.split("--", 1)[1])


def _validation_message(error: DjangoValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def _contains_nul(value: Any) -> bool:
    """True when a NUL character occurs in any string (key or value) of a JSON document; iterative."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if "\x00" in node:
                return True
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _validated_objects(bundle: Any) -> list[dict]:
    """Check the envelope and every object with stix2, naming the first bad object.

    The envelope is checked here exactly as the API schema documents it (`STIX_BUNDLE_ID_PATTERN`,
    no other top-level keys); stix2 alone would take ids in any spelling `uuid.UUID` reads.
    """
    if not isinstance(bundle, dict) or bundle.get("type") != "bundle":
        raise StixImportError('Expected a STIX 2.1 bundle: a JSON object with "type": "bundle".')
    if not isinstance(bundle.get("id"), str) or not re.fullmatch(STIX_BUNDLE_ID_PATTERN, bundle["id"]):
        raise StixImportError('The bundle needs an "id" of the form bundle--<lower-case uuid>.')
    unknown = sorted(set(bundle) - {"type", "id", "objects"})
    if unknown:
        raise StixImportError(f"A bundle has only type, id and objects; unexpected: {', '.join(unknown)}.")
    objects = bundle.get("objects", [])
    if not isinstance(objects, list):
        raise StixImportError('"objects" must be a list.')
    for index, obj in enumerate(objects):
        object_id = obj.get("id") if isinstance(obj, dict) else None
        if _contains_nul(obj):
            # No database text column takes NUL (PostgreSQL refuses it outright): reject it here, as a 400.
            raise StixImportError("strings must not contain NUL characters", object_id=object_id, index=index)
        try:
            stix2.parse(obj, allow_custom=False, version="2.1")
        except Exception as exc:  # stix2 raises many types (STIXError, ValueError, KeyError ...)
            raise StixImportError(f"invalid STIX 2.1 object: {exc}", object_id=object_id, index=index) from exc
    try:
        stix2.parse({**bundle, "objects": []}, allow_custom=False, version="2.1")
    except Exception as exc:
        raise StixImportError(f"invalid STIX 2.1 bundle: {exc}") from exc
    return objects


class _Importer:
    """One import run: resolves references against the bundle and the database, upserts records."""

    def __init__(self, *, objects: list[dict], user):
        self.user = user
        self.result = ImportResult()
        self.by_id: dict[str, dict] = {}
        self.index: dict[str, int] = {}
        for position, obj in enumerate(objects):
            current = self.by_id.get(obj["id"])
            # A bundle may carry several versions of one object: the latest `modified` wins.
            if current is None or obj.get("modified", "") >= current.get("modified", ""):
                self.by_id[obj["id"]] = obj
                self.index[obj["id"]] = position

    def error(self, obj: dict, detail: str) -> StixImportError:
        return StixImportError(detail, object_id=obj["id"], index=self.index.get(obj["id"]))

    def of_type(self, *types: str) -> list[dict]:
        return [obj for obj in self.by_id.values() if obj["type"] in types]

    # Generic upsert

    def upsert(self, obj: dict, model, values: dict, *, record: str, children_changed=None) -> tuple[Any, str]:
        """Create or update `model` with the primary key from the STIX id; count and return the outcome.

        `children_changed(instance)` replaces child rows and says whether any changed; a parent
        whose children changed is saved too, so its version (ETag) and history move with them.
        """
        pk = _uuid_of(obj["id"])
        instance = model.objects.filter(pk=pk).first()
        created = instance is None
        if created:
            instance = model(pk=pk)
        values = _by_attname(model, values)
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        for name in changed:
            setattr(instance, name, values[name])
        if created or changed:
            self.save_row(obj, instance)
        children = bool(children_changed and children_changed(instance))
        if children and not (created or changed):
            self.save_row(obj, instance)
        state = "created" if created else ("updated" if changed or children else "unchanged")
        self.result.counts[_COUNT_KEYS[record]][state] += 1
        return instance, state

    def mark_updated(self, obj: dict, instance, *, record: str, state: str) -> str:
        """A change found after the upsert (claim links): save the parent and fix the count."""
        if state == "unchanged":
            counts = self.result.counts[_COUNT_KEYS[record]]
            counts["unchanged"] -= 1
            counts["updated"] += 1
            self.save_row(obj, instance)
            return "updated"
        return state

    def save_row(self, obj: dict, instance, *, exclude: tuple[str, ...] = ()) -> None:
        """full_clean (the one validation path), then save with the import's history user."""
        if hasattr(instance, "updated_by_id"):
            instance.updated_by = self.user
        # The slug of a new brief is derived in save(), after validation.
        exclude = (*exclude, "slug") if isinstance(instance, Brief) and not instance.slug else exclude
        try:
            instance.full_clean(exclude=list(exclude) or None)
        except DjangoValidationError as exc:
            raise self.error(obj, _validation_message(exc)) from exc
        instance._history_user = self.user
        instance._change_reason = "STIX import"
        instance.save()

    def resolve(self, obj: dict, ref: str | None, model):
        """The record a reference points at: imported earlier in this run, or already stored."""
        if not ref:
            return None
        try:
            return model.objects.get(pk=_uuid_of(ref))
        except (ObjectDoesNotExist, ValueError, IndexError):
            raise self.error(obj, f"reference {ref} is neither in the bundle nor in the database.") from None

    def replace_aliases(self, obj: dict, owner, alias_model, owner_field: str, names: list[str]) -> bool:
        existing = {alias.name: alias for alias in alias_model.objects.filter(**{owner_field: owner})}
        if set(existing) == set(names):
            return False
        for name, alias in existing.items():
            if name not in names:
                alias.delete()
        for name in dict.fromkeys(names):
            if name not in existing:
                self.save_row(obj, alias_model(**{owner_field: owner, "name": name}))
        return True

    def replace_mentions(self, obj: dict, brief: Brief, model, field_name: str, wanted: dict) -> bool:
        """Make the brief's mention rows equal `wanted` ({record id: spans}); True when anything changed."""
        existing = {getattr(row, f"{field_name}_id"): row for row in model.objects.filter(brief=brief)}
        changed = False
        for record_id, row in existing.items():
            if record_id not in wanted:
                row.delete()
                changed = True
            elif row.spans != wanted[record_id]:
                row.spans = wanted[record_id]
                self.save_row(obj, row)
                changed = True
        for record_id, spans in wanted.items():
            if record_id not in existing:
                self.save_row(obj, model(brief=brief, spans=spans, **{f"{field_name}_id": record_id}))
                changed = True
        return changed

    def replace_claim_children(self, obj: dict, claim: Claim, roles: set[tuple], location_ids: set) -> bool:
        """Make the claim's actor roles and locations equal the wanted sets; True when anything changed."""
        existing_roles = {(row.actor_id, row.role): row for row in ClaimActor.objects.filter(claim=claim)}
        existing_locations = {row.location_id: row for row in ClaimLocation.objects.filter(claim=claim)}
        stale = [row for key, row in existing_roles.items() if key not in roles]
        stale += [row for key, row in existing_locations.items() if key not in location_ids]
        new_rows = [ClaimActor(claim=claim, actor_id=actor, role=role) for actor, role in roles - set(existing_roles)]
        new_rows += [ClaimLocation(claim=claim, location_id=pk) for pk in location_ids - set(existing_locations)]
        for row in stale:
            row.delete()
        for row in new_rows:
            self.save_row(obj, row)
        return bool(stale or new_rows)

    def replace_claim_links(self, obj: dict, claim: Claim, links: set[tuple]) -> bool:
        existing = {(link.target_id, link.kind): link for link in ClaimLink.objects.filter(source=claim)}
        stale = [link for key, link in existing.items() if key not in links]
        for link in stale:
            link.delete()
        new_keys = links - set(existing)
        for target_id, kind in sorted(new_keys, key=str):
            self.save_row(obj, ClaimLink(source=claim, target_id=target_id, kind=kind))
        return bool(stale or new_keys)

    # Record types, in dependency order

    def run(self) -> ImportResult:
        self.import_locations()
        self.import_actors()
        self.import_relationships()
        self.import_reports()
        self.import_notes()
        known = {"location", "identity", "threat-actor", "relationship", "report", "note"}
        ours = {PROJECT_IDENTITY_ID, EXTENSION_ID}
        self.result.skipped += sum(1 for oid, obj in self.by_id.items() if obj["type"] not in known and oid not in ours)
        return self.result

    def import_locations(self) -> None:
        pending = {obj["id"]: obj for obj in self.of_type("location")}
        # Parents before children; a parent outside the bundle must already be stored.
        while pending:
            ready = [
                obj
                for obj in pending.values()
                if ((_our_extension(obj) or {}).get("parent_ref") or None) not in pending
            ]
            if not ready:
                obj = next(iter(pending.values()))
                raise self.error(obj, "the locations' parent_ref values form a cycle.")
            for obj in sorted(ready, key=lambda o: o["id"]):
                self.import_location(obj)
                del pending[obj["id"]]

    def import_location(self, obj: dict) -> None:
        ext = _our_extension(obj)
        if ext is not None:
            values = {
                "name": obj.get("name", ""),
                "kind": ext.get("kind", LocationKind.AREA),
                "precision": ext.get("precision", CoordinatePrecision.APPROXIMATE),
                "country": ext.get("country", ""),
                "geonames_id": ext.get("geonames_id"),
                "parent": self.resolve(obj, ext.get("parent_ref"), Location),
            }
            aliases = list(ext.get("aliases", []))
        else:
            kind = LocationKind.COUNTRY if obj.get("country") and not obj.get("name") else LocationKind.AREA
            values = {
                "name": obj.get("name") or obj.get("region") or obj.get("country") or "Unnamed location",
                "kind": kind,
                "precision": CoordinatePrecision.APPROXIMATE,
                "country": (obj.get("country") or "").upper(),
                "geonames_id": _external_id(obj, "geonames", int),
                "parent": None,
            }
            aliases = []
        values["latitude"] = obj.get("latitude")
        values["longitude"] = obj.get("longitude")
        self.upsert(
            obj,
            Location,
            values,
            record=_RECORD_LOCATION,
            children_changed=lambda location: self.replace_aliases(obj, location, LocationAlias, "location", aliases),
        )

    def import_actors(self) -> None:
        threat_actor_ids = {_uuid_of(obj["id"]) for obj in self.of_type("threat-actor")}
        for obj in sorted(self.of_type("identity", "threat-actor"), key=lambda o: o["id"]):
            if obj["id"] == PROJECT_IDENTITY_ID:
                continue
            if obj["type"] == "identity" and _uuid_of(obj["id"]) in threat_actor_ids:
                continue  # the same actor, also described as a threat-actor: that object is the record
            self.import_actor(obj)

    def import_actor(self, obj: dict) -> None:
        ext = _our_extension(obj)
        if ext is not None:
            kind = ext.get("kind", ActorKind.OTHER)
            aliases = list(ext.get("aliases", []))
            country, wikidata_id, boilerplate = (
                ext.get("country", ""),
                ext.get("wikidata_id", ""),
                ext.get("boilerplate", ""),
            )
        else:
            kind = _foreign_actor_kind(obj)
            aliases = [alias for alias in obj.get("aliases", []) if alias != obj.get("name")]
            country, wikidata_id, boilerplate = "", _external_id(obj, "wikidata", str) or "", ""
        values = {
            "name": obj.get("name", ""),
            "kind": kind,
            "description": obj.get("description", ""),
            "country": country,
            "wikidata_id": wikidata_id,
            "boilerplate": boilerplate,
        }
        self.upsert(
            obj,
            Actor,
            values,
            record=_RECORD_ACTOR,
            children_changed=lambda actor: self.replace_aliases(obj, actor, ActorAlias, "actor", aliases),
        )

    def import_relationships(self) -> None:
        for obj in sorted(self.of_type("relationship"), key=lambda o: o["id"]):
            ext = _our_extension(obj)
            record = ext.get("record") if ext else None
            if record == _RECORD_DESIGNATION or (ext is None and obj["relationship_type"] == _DESIGNATED_BY):
                self.import_designation(obj, ext or {})
            elif record == _RECORD_RELATION or (
                ext is None and obj["relationship_type"].replace("-", "_") in ActorRelationKind.values
            ):
                self.import_relation(obj, ext)
            else:
                self.result.skipped += 1

    def _endpoint(self, obj: dict, ref: str) -> Actor:
        if not ref.startswith(("identity--", "threat-actor--")):
            raise self.error(obj, f"{ref} is not an actor (identity or threat-actor).")
        return self.resolve(obj, ref, Actor)

    def import_relation(self, obj: dict, ext: dict | None) -> None:
        if ext is not None:
            kind, title = ext.get("kind"), ext.get("title", "")
            start, end = parse_date(ext.get("start") or ""), parse_date(ext.get("end") or "")
        else:
            kind, title = obj["relationship_type"].replace("-", "_"), obj.get("description", "")
            start, end = _date_of(obj.get("start_time")), _date_of(obj.get("stop_time"))
        values = {
            "source": self._endpoint(obj, obj["source_ref"]),
            "target": self._endpoint(obj, obj["target_ref"]),
            "kind": kind,
            "title": title,
            "start": start,
            "end": end,
        }
        self.upsert(obj, ActorRelation, values, record=_RECORD_RELATION)

    def import_designation(self, obj: dict, ext: dict) -> None:
        values = {
            "actor": self._endpoint(obj, obj["source_ref"]),
            "authority": self._endpoint(obj, obj["target_ref"]),
            "label": ext.get("label") or obj.get("description") or "Designation",
            "date": parse_date(ext["date"] or "") if "date" in ext else _date_of(obj.get("start_time")),
        }
        self.upsert(obj, ActorDesignation, values, record=_RECORD_DESIGNATION)

    def import_reports(self) -> None:
        for obj in sorted(self.of_type("report"), key=lambda o: o["id"]):
            self.import_report(obj)

    def import_report(self, obj: dict) -> None:
        ext = _our_extension(obj)
        existing = Brief.objects.filter(pk=_uuid_of(obj["id"])).only("status").first()
        if ext is not None:
            values = {
                "title": obj["name"],
                "summary": ext.get("summary", ""),
                "body": ext.get("body", ""),
                "published_at": parse_datetime(ext["published_at"]) if ext.get("published_at") else None,
                "source_url": ext.get("source_url", ""),
                "language": ext.get("language", "en"),
                "publisher": self.resolve(obj, ext.get("publisher_ref"), Actor),
            }
            if ext.get("slug"):
                values["slug"] = ext["slug"]
            status = ext.get("status", BriefStatus.DRAFT)
            actor_mentions = {
                self._endpoint(obj, m["actor_ref"]).pk: m.get("spans", []) for m in ext.get("actor_mentions", [])
            }
            location_mentions = {
                self.resolve(obj, m["location_ref"], Location).pk: m.get("spans", [])
                for m in ext.get("location_mentions", [])
            }
        else:
            refs = obj.get("object_refs", [])
            values = {
                "title": obj["name"][:300],
                "summary": "",
                "body": obj.get("description") or obj["name"],
                "published_at": parse_datetime(obj["published"]),
                "source_url": next((ref["url"] for ref in obj.get("external_references", []) if ref.get("url")), ""),
                "language": obj.get("lang", "en"),
                "publisher": self._foreign_publisher(obj),
            }
            # Someone else's published report arrives as a draft for our own review.
            status = existing.status if existing else BriefStatus.DRAFT
            actor_mentions = {_uuid_of(ref): [] for ref in refs if self._is_stored_or_imported(ref, Actor)}
            location_mentions = {_uuid_of(ref): [] for ref in refs if self._is_stored_or_imported(ref, Location)}
        if existing is None:
            values["created_by"] = self.user
        brief, _ = self.upsert(
            obj,
            Brief,
            values,
            record=_RECORD_BRIEF,
            children_changed=lambda brief: (
                self.replace_mentions(obj, brief, BriefActor, "actor", actor_mentions)
                | self.replace_mentions(obj, brief, BriefLocation, "location", location_mentions)
            ),
        )
        self.apply_status(obj, brief, status)

    def _is_stored_or_imported(self, ref: str, model) -> bool:
        types = ("identity--", "threat-actor--") if model is Actor else ("location--",)
        return ref.startswith(types) and ref != PROJECT_IDENTITY_ID and model.objects.filter(pk=_uuid_of(ref)).exists()

    def _foreign_publisher(self, obj: dict) -> Actor | None:
        ref = obj.get("created_by_ref")
        if ref and self._is_stored_or_imported(ref, Actor):
            return Actor.objects.get(pk=_uuid_of(ref))
        return None

    def apply_status(self, obj: dict, brief: Brief, status: str) -> None:
        """Move the brief to `status` through the workflow services, which check publish rights.

        A management-command import (no user) is an operator's trusted path and sets the status
        directly, with history; a brief never moves backwards (e.g. published -> draft).
        """
        if brief.status == status:
            return
        steps = _WORKFLOW_STEPS.get((brief.status, status))
        if steps is None:
            raise self.error(obj, f"cannot move a brief from status '{brief.status}' to '{status}'.")
        if self.user is None:
            brief.status = status
            brief._change_reason = "STIX import"
            brief.save(update_fields=["status"])
            return
        for step in steps:
            brief = step(brief=brief, user=self.user)

    def import_notes(self) -> None:
        notes = sorted(self.of_type("note"), key=lambda o: o["id"])
        claims = [obj for obj in notes if (_our_extension(obj) or {}).get("record") == _RECORD_CLAIM]
        comments = [obj for obj in notes if (_our_extension(obj) or {}).get("record") != _RECORD_CLAIM]
        imported = [(obj, *self.import_claim(obj)) for obj in claims]
        # Links point at other claims: write them once every claim of the bundle exists.
        for obj, claim, state in imported:
            wanted = {
                (self.resolve(obj, item["target_ref"], Claim).pk, item["kind"])
                for item in _our_extension(obj).get("links", [])
            }
            if self.replace_claim_links(obj, claim, wanted):
                self.mark_updated(obj, claim, record=_RECORD_CLAIM, state=state)
        for obj in comments:
            self.import_comment(obj)

    def import_claim(self, obj: dict) -> tuple[Claim, str]:
        ext = _our_extension(obj)
        values = {
            "brief": self.resolve(obj, ext.get("brief_ref"), Brief),
            "statement": ext.get("statement") or obj.get("abstract") or obj["content"],
            "quote": ext.get("quote", ""),
            "span_start": ext.get("span_start"),
            "span_end": ext.get("span_end"),
            "kind": ext.get("kind", "other"),
            "occurred_start": parse_date(ext.get("occurred_start") or ""),
            "occurred_end": parse_date(ext.get("occurred_end") or ""),
            "claimant": self.resolve(obj, ext.get("claimant_ref"), Actor),
            "claimant_text": ext.get("claimant_text", ""),
            "source_reliability": ext.get("source_reliability", ""),
            "credibility": ext.get("credibility"),
            "assessment": ext.get("assessment", "reported"),
        }
        if values["credibility"] is None and obj.get("confidence") is not None:
            values["credibility"] = int(value_to_admiralty_credibility(obj["confidence"])[0])
        roles = {
            (self._endpoint(obj, item["actor_ref"]).pk, item.get("role", ClaimActorRole.MENTIONED))
            for item in ext.get("actors", [])
        }
        location_ids = {self.resolve(obj, ref, Location).pk for ref in ext.get("location_refs", [])}
        return self.upsert(
            obj,
            Claim,
            values,
            record=_RECORD_CLAIM,
            children_changed=lambda claim: self.replace_claim_children(obj, claim, roles, location_ids),
        )

    def import_comment(self, obj: dict) -> None:
        ext = _our_extension(obj)
        if ext is not None:
            brief = self.resolve(obj, ext.get("brief_ref"), Brief)
            claim = self.resolve(obj, ext.get("claim_ref"), Claim)
            kind = ext.get("kind", CommentKind.ANALYSIS)
        else:
            report_refs = [ref for ref in obj["object_refs"] if ref.startswith("report--")]
            briefs = [Brief.objects.filter(pk=_uuid_of(ref)).first() for ref in report_refs]
            brief = next((b for b in briefs if b is not None), None)
            if brief is None:
                self.result.skipped += 1  # a note about nothing we store
                return
            claim, kind = None, CommentKind.ANALYSIS
        values = {"brief": brief, "claim": claim, "kind": kind, "body": obj["content"]}
        if not Comment.objects.filter(pk=_uuid_of(obj["id"])).exists():
            values["author"] = self.user
        self.upsert(obj, Comment, values, record=_RECORD_COMMENT)


# (from status, to status) -> workflow steps; missing pairs are not allowed.
_WORKFLOW_STEPS = {
    (BriefStatus.DRAFT, BriefStatus.REVIEW): [workflow.brief_submit],
    (BriefStatus.DRAFT, BriefStatus.PUBLISHED): [workflow.brief_publish],
    (BriefStatus.REVIEW, BriefStatus.PUBLISHED): [workflow.brief_publish],
    (BriefStatus.DRAFT, BriefStatus.RETRACTED): [workflow.brief_publish, workflow.brief_retract],
    (BriefStatus.REVIEW, BriefStatus.RETRACTED): [workflow.brief_publish, workflow.brief_retract],
    (BriefStatus.PUBLISHED, BriefStatus.RETRACTED): [workflow.brief_retract],
}


def _by_attname(model, values: dict) -> dict:
    """Foreign keys compared and set by id (`publisher_id`), so no related row is fetched."""
    converted = {}
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if model_field.is_relation:
            converted[model_field.attname] = value.pk if value is not None else None
        else:
            converted[name] = value
    return converted


def _foreign_actor_kind(obj: dict) -> str:
    if obj["type"] == "threat-actor":
        return ActorKind.ARMED_GROUP
    identity_class = obj.get("identity_class")
    sectors = set(obj.get("sectors", []))
    if identity_class == "individual":
        return ActorKind.PERSON
    if identity_class == "organization":
        if "government-national" in sectors:
            return ActorKind.STATE
        if any(sector.startswith("government") for sector in sectors):
            return ActorKind.GOVERNMENT_BODY
        if "communications" in sectors:
            return ActorKind.MEDIA_OUTLET
        return ActorKind.ORGANIZATION
    return ActorKind.OTHER


def _external_id(obj: dict, source_name: str, cast):
    for reference in obj.get("external_references", []):
        if reference.get("source_name") == source_name and reference.get("external_id"):
            try:
                return cast(reference["external_id"])
            except ValueError:
                return None
    return None


def _date_of(timestamp: str | None) -> dt.date | None:
    parsed = parse_datetime(timestamp) if timestamp else None
    return parsed.date() if parsed else None


def stix_bundle_import(*, bundle: dict, user) -> ImportResult:
    """Create or update the records a STIX 2.1 bundle describes, idempotently, in one transaction.

    Record ids are the uuid parts of the STIX ids, so importing the same bundle again changes
    nothing (every count lands in `unchanged`). Any invalid object aborts the whole import with
    a `StixImportError` naming it; nothing is written. `user` becomes the history user and the
    author of new briefs and comments; with a user, status changes go through the workflow
    services (publishing needs the publish permission).
    """
    objects = _validated_objects(bundle)
    with transaction.atomic():
        return _Importer(objects=objects, user=user).run()

"""The demo brief: the product's example report written out as records, in the project's own words.

The example (`shared/seed/000_ddfeca64dc118409.txt`) is a Middle East Institute brief on the Popular
Mobilization Forces' push towards the Iraq-Syria border. Its facts carry over; every sentence
here (body, summary, comment, statements, publisher boilerplate) is our own wording.

Dating: the example gives no date. We date it Thursday 1 June 2017, 12:00 UTC. The PMF reached
the Syrian border at the end of May 2017, Badr's statement is dated "May 30" of the same
year, and the comment's "earlier this week" (a seven-day range ending on the brief day,
26 May - 1 June) then covers both.

`demo_load` writes everything through each model's `full_clean()` (the one validation path
admin and API share). It is idempotent: every record has a fixed id (uuid5 of `DEMO_NAMESPACE`
and a stable key), rows are updated in place only when the definition changed (so a second run
bumps no version and writes no history), and the children of demo records (aliases, relations,
designations, mentions, claims with their roles, locations and links, comments) are replaced:
rows the definition no longer lists are deleted. Actors and locations dropped from the
definition are left alone, since other records may refer to them.

Aliases that normalize alike ("PMF" and "P.M.F.") are one alias under the per-actor uniqueness
rule; the matcher finds both spellings through that one row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import models, transaction

from briefings.choices import (
    ActorKind,
    ActorRelationKind,
    Assessment,
    BriefStatus,
    ClaimActorRole,
    ClaimKind,
    ClaimLinkKind,
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
from briefings.services.matching import Matcher, normalize

DEMO_NAMESPACE = uuid.UUID("6f1d8a52-3c0e-5b7a-9d41-2e8f0c7b5a13")

BRIEF_DATE = date(2017, 6, 1)
BRIEF_PUBLISHED_AT = datetime(2017, 6, 1, 12, 0, tzinfo=UTC)
EARLIER_THIS_WEEK = (BRIEF_DATE - timedelta(days=6), BRIEF_DATE)
TODAY = (BRIEF_DATE, BRIEF_DATE)


def demo_id(key: str) -> uuid.UUID:
    """The fixed id of the demo record with this stable key (e.g. "actor:pmf")."""
    return uuid.uuid5(DEMO_NAMESPACE, key)


# Definitions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorSpec:
    key: str
    name: str
    kind: str
    description: str = ""
    country: str = ""
    wikidata_id: str = ""
    aliases: tuple[str, ...] = ()
    boilerplate: str = ""


@dataclass(frozen=True)
class RelationSpec:
    source: str
    kind: str
    target: str
    title: str = ""


@dataclass(frozen=True)
class DesignationSpec:
    actor: str
    authority: str
    label: str
    date: date | None = None


@dataclass(frozen=True)
class LocationSpec:
    key: str
    name: str
    kind: str
    parent: str | None
    latitude: float
    longitude: float
    precision: str = CoordinatePrecision.APPROXIMATE
    country: str = "IQ"
    geonames_id: int | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimSpec:
    key: str
    statement: str
    kind: str
    occurred: tuple[date, date] | None
    actors: tuple[tuple[str, str], ...]
    locations: tuple[str, ...]
    quote: str = ""
    claimant: str | None = None
    claimant_text: str = ""
    source_reliability: str = ""
    credibility: int | None = None
    assessment: str = Assessment.REPORTED


@dataclass(frozen=True)
class BriefSpec:
    key: str
    title: str
    summary: str
    body: str
    publisher: str
    published_at: datetime
    # Actors and locations the brief is about; spans are found in the body by the matcher.
    actors: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    claims: tuple[ClaimSpec, ...] = ()
    claim_links: tuple[tuple[str, str, str], ...] = ()
    analysis: str = ""
    language: str = "en"


MEI_BOILERPLATE = (
    "The Middle East Institute (MEI) is an independent, nonpartisan, nonprofit educational institution "
    "that does not take part in advocacy; the views of its scholars are theirs alone. MEI accepts donations "
    "but keeps full editorial control of its work, and what it publishes reflects only the views of the "
    "authors."
)

ACTORS: tuple[ActorSpec, ...] = (
    ActorSpec(
        "mei",
        "Middle East Institute",
        ActorKind.ORGANIZATION,
        "Washington research institute that publishes analysis on the Middle East.",
        country="US",
        aliases=("MEI",),
        boilerplate=MEI_BOILERPLATE,
    ),
    ActorSpec(
        "pmf",
        "Popular Mobilization Forces",
        ActorKind.ARMED_GROUP,
        "Iraqi umbrella of mostly Shia paramilitary units formed in 2014 to fight the Islamic State.",
        country="IQ",
        aliases=("P.M.F.", "Hashd al-Shaabi", "al-Hashd al-Shaabi", "Popular Mobilisation Forces"),
    ),
    ActorSpec(
        "islamic-state",
        "Islamic State",
        ActorKind.ARMED_GROUP,
        "Jihadist group that held territory in Iraq and Syria.",
        wikidata_id="Q2429253",
        aliases=("ISIS", "ISIL", "IS", "Daesh"),
    ),
    ActorSpec(
        "irgc",
        "Islamic Revolutionary Guard Corps",
        ActorKind.ARMED_GROUP,
        "Branch of Iran's armed forces charged with protecting the revolution.",
        country="IR",
        aliases=("IRGC", "Islamic Revolution Guards Corps", "Revolutionary Guards"),
    ),
    ActorSpec(
        "quds-force",
        "Quds Force",
        ActorKind.ARMED_GROUP,
        "IRGC unit for operations abroad.",
        country="IR",
        aliases=("IRGC-QF", "Qods Force"),
    ),
    ActorSpec(
        "badr",
        "Badr Organization",
        ActorKind.ARMED_GROUP,
        "Iraqi political and paramilitary organization, one of the largest units of the PMF.",
        country="IQ",
        aliases=("Badr",),
    ),
    ActorSpec(
        "fars",
        "Fars News Agency",
        ActorKind.MEDIA_OUTLET,
        "Iranian news agency close to the IRGC.",
        country="IR",
        aliases=("Fars", "FNA"),
    ),
    ActorSpec(
        "al-muhandis",
        "Abu Mahdi al-Muhandis",
        ActorKind.PERSON,
        "Iraqi militia leader, operational commander of the PMF.",
        country="IQ",
        aliases=("al-Muhandis",),
    ),
    ActorSpec(
        "soleimani",
        "Qassem Soleimani",
        ActorKind.PERSON,
        "Iranian major general, commander of the IRGC Quds Force.",
        country="IR",
        aliases=("Qasem Soleimani", "Soleimani"),
    ),
    ActorSpec(
        "al-abadi",
        "Haider al-Abadi",
        ActorKind.PERSON,
        "Prime Minister of Iraq.",
        country="IQ",
        aliases=("al-Abadi",),
    ),
    ActorSpec(
        "united-states",
        "United States",
        ActorKind.STATE,
        country="US",
        wikidata_id="Q30",
        aliases=("US", "United States of America"),
    ),
    ActorSpec("iran", "Iran", ActorKind.STATE, country="IR", wikidata_id="Q794", aliases=("Tehran",)),
    ActorSpec("iraq", "Iraq", ActorKind.STATE, country="IQ", wikidata_id="Q796"),
    ActorSpec("syria", "Syria", ActorKind.STATE, country="SY", wikidata_id="Q858"),
    ActorSpec(
        "syrian-arab-army",
        "Syrian Arab Army",
        ActorKind.ARMED_GROUP,
        "The Syrian government's land force.",
        country="SY",
        aliases=("Syrian Army", "SAA"),
    ),
)

RELATIONS: tuple[RelationSpec, ...] = (
    RelationSpec("al-muhandis", ActorRelationKind.LEADS, "pmf", "operational commander"),
    RelationSpec("badr", ActorRelationKind.PART_OF, "pmf"),
    RelationSpec("quds-force", ActorRelationKind.PART_OF, "irgc"),
    RelationSpec("soleimani", ActorRelationKind.COMMANDS, "quds-force", "commander"),
    RelationSpec("fars", ActorRelationKind.AFFILIATED_WITH, "irgc"),
    RelationSpec("pmf", ActorRelationKind.BACKED_BY, "iran"),
    RelationSpec("pmf", ActorRelationKind.OPPOSES, "islamic-state"),
)

DESIGNATIONS: tuple[DesignationSpec, ...] = (
    DesignationSpec("al-muhandis", "united-states", "Specially Designated Global Terrorist", date(2009, 7, 2)),
)

CENTROID = CoordinatePrecision.CENTROID
LOCATIONS: tuple[LocationSpec, ...] = (  # parents before children
    LocationSpec("iraq", "Iraq", LocationKind.COUNTRY, None, 33.2232, 43.6793, CENTROID, geonames_id=99237),
    LocationSpec(
        "nineveh", "Nineveh Governorate", LocationKind.REGION, "iraq", 36.0, 42.4, CENTROID, aliases=("Ninawa",)
    ),
    LocationSpec(
        "baaj", "al-Ba'aj District", LocationKind.DISTRICT, "nineveh", 36.04, 41.72, aliases=("Al Baaj", "Baaj")
    ),
    LocationSpec("khibra", "al-Khibra", LocationKind.VILLAGE, "baaj", 35.93, 41.70),
    LocationSpec("sakaar", "al-Sakaar housing complex", LocationKind.SITE, "baaj", 35.91, 41.68),
    LocationSpec("mosul", "Mosul", LocationKind.CITY, "nineveh", 36.335, 43.119, CENTROID, geonames_id=99072),
    LocationSpec("west-mosul", "western Mosul", LocationKind.AREA, "mosul", 36.335, 43.10, aliases=("West Mosul",)),
    LocationSpec(
        "border",
        "Iraq-Syria border",
        LocationKind.BORDER,
        "iraq",
        34.9,
        41.0,
        aliases=("Syrian-Iraqi border", "Iraqi-Syrian border"),
    ),
    LocationSpec("northwest-iraq", "northwest Iraq", LocationKind.REGION, "iraq", 36.2, 42.0),
)

BODY = (
    "Iraq's Popular Mobilization Forces (PMF) pushed the Islamic State out of more ground in western Mosul "
    "today, close to the frontier with Syria, according to reports in Iranian media. Following fierce fighting "
    "with Islamic State fighters south of the al-Ba'aj district, the paramilitary units are said to have overrun "
    "al-Khibra village as well as the adjacent al-Sakaar housing complex. Fars News Agency, which speaks for the "
    "Islamic Revolutionary Guard Corps (IRGC), reported that the PMF's leadership had declared plans to begin "
    "operations soon to secure the entire Iraq-Syria border, aiming to sever the Islamic State's supply and "
    "communication routes into and out of Syria. Abu Mahdi al-Muhandis, the operational commander of the PMF, "
    "who maintains strong links with Iran and has been designated a terrorist by the United States, stated "
    "that once the border area is recovered from the Islamic State, the forces would hand it over to Iraqi and "
    "Syrian border guards."
)

ANALYSIS = (
    "Earlier this week, Iraqi armed groups backed by Iran took several areas of western Mosul from the Islamic "
    "State and pushed on as far as the Syrian frontier. Iranian outlets say the groups keep extending their hold "
    "along the border in the hope of joining up with the Syrian Arab Army and Iran-aligned militias on the "
    "other side. On May 30, the Badr Organization, an influential PMF component with close ties to Tehran, "
    "stated that its fighters held 17 kilometers of the Iraq-Syria border. PMF commanders further maintain "
    "that Prime Minister Haider al-Abadi has made the paramilitary forces responsible for border security.\n\n"
    "Control of the Iraq-Syria border would be a strategic gain for Tehran, letting the IRGC move fighters and "
    "weapons into Syria. Major General Qassem Soleimani, commander of the IRGC's Quds Force, was reportedly "
    "photographed with PMF fighters at a border position in northwest Iraq shortly after PMF units arrived there."
)

SUBJECT, TARGET, MENTIONED = ClaimActorRole.SUBJECT, ClaimActorRole.TARGET, ClaimActorRole.MENTIONED

CLAIMS: tuple[ClaimSpec, ...] = (
    ClaimSpec(
        "claim:captured-khibra",
        "The PMF captured al-Khibra village and the al-Sakaar housing complex from the Islamic State.",
        ClaimKind.TERRITORIAL_CHANGE,
        TODAY,
        actors=(("pmf", SUBJECT), ("islamic-state", TARGET)),
        locations=("khibra", "sakaar"),
        quote="the paramilitary units are said to have overrun al-Khibra village as well as the adjacent "
        "al-Sakaar housing complex",
        claimant_text="Iranian media",
        source_reliability="C",
        credibility=3,
    ),
    ClaimSpec(
        "claim:border-operations",
        "The PMF leadership announced operations to secure Iraq's whole border with Syria.",
        ClaimKind.ANNOUNCEMENT,
        TODAY,
        actors=(("pmf", SUBJECT), ("islamic-state", TARGET)),
        locations=("border",),
        quote="the PMF's leadership had declared plans to begin operations soon to secure the entire Iraq-Syria border",
        claimant="fars",
        source_reliability="D",
        credibility=2,
    ),
    ClaimSpec(
        "claim:hand-over-border",
        "The PMF will hand the recaptured border area over to Iraqi and Syrian border guards.",
        ClaimKind.STATEMENT,
        TODAY,
        actors=(("al-muhandis", SUBJECT), ("pmf", MENTIONED)),
        locations=("border",),
        quote="once the border area is recovered from the Islamic State, the forces would hand it over to Iraqi "
        "and Syrian border guards",
        claimant="al-muhandis",
        source_reliability="C",
        credibility=3,
    ),
    ClaimSpec(
        "claim:reached-border",
        "Iran-backed Iraqi groups seized several areas of western Mosul from the Islamic State and reached the "
        "Syrian border.",
        ClaimKind.TERRITORIAL_CHANGE,
        EARLIER_THIS_WEEK,
        actors=(("pmf", SUBJECT), ("islamic-state", TARGET), ("iran", MENTIONED)),
        locations=("west-mosul", "border"),
        claimant_text="Iranian media",
        source_reliability="C",
        credibility=2,
        assessment=Assessment.CORROBORATED,
    ),
    ClaimSpec(
        "claim:badr-17km",
        "The Badr Organization controls 17 kilometers of the Iraq-Syria border.",
        ClaimKind.STATEMENT,
        (date(2017, 5, 30), date(2017, 5, 30)),
        actors=(("badr", SUBJECT),),
        locations=("border",),
        claimant="badr",
        source_reliability="C",
        credibility=3,
    ),
    ClaimSpec(
        "claim:abadi-border-security",
        "Prime Minister Haider al-Abadi put the PMF in charge of border security.",
        ClaimKind.STATEMENT,
        None,
        actors=(("pmf", SUBJECT), ("al-abadi", MENTIONED)),
        locations=("border",),
        claimant="pmf",
        claimant_text="PMF commanders",
        source_reliability="D",
        credibility=4,
    ),
    ClaimSpec(
        "claim:soleimani-sighting",
        "Qassem Soleimani was pictured with PMF fighters at a border position in northwest Iraq.",
        ClaimKind.SIGHTING,
        EARLIER_THIS_WEEK,
        actors=(("soleimani", SUBJECT), ("pmf", MENTIONED), ("quds-force", MENTIONED)),
        locations=("northwest-iraq", "border"),
        claimant_text="reports",
        source_reliability="F",
        credibility=3,
    ),
)

BRIEF = BriefSpec(
    key="brief:pmf-border-2017-06-01",
    title="Popular Mobilization Forces take more ground near the Syrian border and plan to secure it",
    summary=(
        "The PMF reportedly captured al-Khibra and the al-Sakaar housing complex south of al-Ba'aj and announced "
        "operations to secure the Iraq-Syria border; its commander al-Muhandis said the border would go to "
        "border guards once retaken."
    ),
    body=BODY,
    publisher="mei",
    published_at=BRIEF_PUBLISHED_AT,
    actors=(
        "pmf",
        "islamic-state",
        "irgc",
        "quds-force",
        "badr",
        "fars",
        "al-muhandis",
        "soleimani",
        "al-abadi",
        "united-states",
        "iran",
        "iraq",
        "syria",
        "syrian-arab-army",
    ),
    locations=("iraq", "baaj", "khibra", "sakaar", "west-mosul", "border", "northwest-iraq"),
    claims=CLAIMS,
    # Badr's hold on a stretch of the border bears out that the groups reached it.
    claim_links=(("claim:badr-17km", ClaimLinkKind.CORROBORATES, "claim:reached-border"),),
    analysis=ANALYSIS,
)


# Loading ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCounts:
    actors: int
    locations: int
    briefs: int
    claims: int
    comments: int

    def summary(self) -> str:
        return (
            f"Demo brief loaded: {self.actors} actors, {self.locations} locations, {self.briefs} brief, "
            f"{self.claims} claims, {self.comments} comments"
        )


def _upsert(model: type[models.Model], *, key: str, **fields) -> models.Model:
    """Create or update the row with the fixed id of `key`; write only when a field differs.

    Fields are given by attribute name (`parent_id`, not `parent`), so comparing them costs no query.
    """
    pk = demo_id(key)
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        instance = model(pk=pk, **fields)
    elif all(getattr(instance, name) == value for name, value in fields.items()):
        return instance
    else:
        for name, value in fields.items():
            setattr(instance, name, value)
    if hasattr(instance, "normalized"):
        # AliasBase derives it in save(), after full_clean: set it first so the uniqueness check sees it.
        instance.normalized = normalize(instance.name)
    instance.full_clean()
    instance.save()
    return instance


def _delete_stale(queryset: models.QuerySet, *, keep_keys: list[str]) -> None:
    """Delete the children of demo records that the definition no longer lists."""
    queryset.exclude(pk__in=[demo_id(key) for key in keep_keys]).delete()


def _load_actors() -> None:
    for spec in ACTORS:
        _upsert(
            Actor,
            key=f"actor:{spec.key}",
            name=spec.name,
            kind=spec.kind,
            description=spec.description,
            country=spec.country,
            wikidata_id=spec.wikidata_id,
            boilerplate=spec.boilerplate,
        )
    actor_ids = [demo_id(f"actor:{spec.key}") for spec in ACTORS]
    alias_keys = [f"actor-alias:{spec.key}:{normalize(alias)}" for spec in ACTORS for alias in spec.aliases]
    _delete_stale(ActorAlias.objects.filter(actor_id__in=actor_ids), keep_keys=alias_keys)
    for spec in ACTORS:
        for alias in spec.aliases:
            key = f"actor-alias:{spec.key}:{normalize(alias)}"
            _upsert(ActorAlias, key=key, actor_id=demo_id(f"actor:{spec.key}"), name=alias)

    relation_keys = [f"relation:{r.source}:{r.kind}:{r.target}" for r in RELATIONS]
    _delete_stale(ActorRelation.objects.filter(source_id__in=actor_ids), keep_keys=relation_keys)
    for relation, key in zip(RELATIONS, relation_keys, strict=True):
        _upsert(
            ActorRelation,
            key=key,
            source_id=demo_id(f"actor:{relation.source}"),
            target_id=demo_id(f"actor:{relation.target}"),
            kind=relation.kind,
            title=relation.title,
        )

    designation_keys = [f"designation:{d.actor}:{d.authority}:{d.label}" for d in DESIGNATIONS]
    _delete_stale(ActorDesignation.objects.filter(actor_id__in=actor_ids), keep_keys=designation_keys)
    for designation, key in zip(DESIGNATIONS, designation_keys, strict=True):
        _upsert(
            ActorDesignation,
            key=key,
            actor_id=demo_id(f"actor:{designation.actor}"),
            authority_id=demo_id(f"actor:{designation.authority}"),
            label=designation.label,
            date=designation.date,
        )


def _load_locations() -> None:
    for spec in LOCATIONS:
        _upsert(
            Location,
            key=f"location:{spec.key}",
            name=spec.name,
            kind=spec.kind,
            parent_id=demo_id(f"location:{spec.parent}") if spec.parent else None,
            latitude=spec.latitude,
            longitude=spec.longitude,
            precision=spec.precision,
            country=spec.country,
            geonames_id=spec.geonames_id,
        )
    location_ids = [demo_id(f"location:{spec.key}") for spec in LOCATIONS]
    alias_keys = [f"location-alias:{spec.key}:{normalize(alias)}" for spec in LOCATIONS for alias in spec.aliases]
    _delete_stale(LocationAlias.objects.filter(location_id__in=location_ids), keep_keys=alias_keys)
    for spec in LOCATIONS:
        for alias in spec.aliases:
            key = f"location-alias:{spec.key}:{normalize(alias)}"
            _upsert(LocationAlias, key=key, location_id=demo_id(f"location:{spec.key}"), name=alias)


def mention_spans(body: str) -> dict[str, list[list[int]]]:
    """Where the demo actors and locations occur in `body`, keyed "actor:<key>" / "location:<key>".

    The same matcher as ingest, over the demo definitions, so the spans are the ones ingest would find.
    """
    entries = [(f"actor:{spec.key}", [spec.name, *spec.aliases]) for spec in ACTORS]
    entries += [(f"location:{spec.key}", [spec.name, *spec.aliases]) for spec in LOCATIONS]
    spans: dict[str, list[list[int]]] = {}
    for match in Matcher(entries).find(body):
        spans.setdefault(match.key, []).append([match.start, match.end])
    return spans


def _load_brief(spec: BriefSpec) -> Brief:
    brief = _upsert(
        Brief,
        key=spec.key,
        title=spec.title,
        summary=spec.summary,
        body=spec.body,
        published_at=spec.published_at,
        publisher_id=demo_id(f"actor:{spec.publisher}"),
        source_url="",
        language=spec.language,
        # A fixture loaded in its final state: the workflow services are for people changing briefs.
        status=BriefStatus.PUBLISHED,
    )
    spans = mention_spans(spec.body)
    for model, kind, keys, owner in (
        (BriefActor, "actor", spec.actors, "actor_id"),
        (BriefLocation, "location", spec.locations, "location_id"),
    ):
        mention_keys = [f"{spec.key}:{kind}:{key}" for key in keys]
        _delete_stale(model.objects.filter(brief=brief), keep_keys=mention_keys)
        for key, mention_key in zip(keys, mention_keys, strict=True):
            fields = {owner: demo_id(f"{kind}:{key}"), "spans": spans.get(f"{kind}:{key}", [])}
            _upsert(model, key=mention_key, brief_id=brief.pk, **fields)
    _load_claims(spec, brief=brief)
    _delete_stale(Comment.objects.filter(brief=brief), keep_keys=[f"{spec.key}:analysis"])
    _upsert(
        Comment,
        key=f"{spec.key}:analysis",
        brief_id=brief.pk,
        claim_id=None,
        kind=CommentKind.ANALYSIS,
        body=spec.analysis,
    )
    return brief


def _load_claims(spec: BriefSpec, *, brief: Brief) -> None:
    _delete_stale(Claim.objects.filter(brief=brief), keep_keys=[claim.key for claim in spec.claims])
    for claim in spec.claims:
        span_start = span_end = None
        if claim.quote:
            # A quote must point at one place: an ambiguous one is a mistake in the definition.
            assert spec.body.count(claim.quote) == 1, claim.key
            span_start = spec.body.index(claim.quote)
            span_end = span_start + len(claim.quote)
        occurred_start, occurred_end = claim.occurred or (None, None)
        instance = _upsert(
            Claim,
            key=claim.key,
            brief_id=brief.pk,
            statement=claim.statement,
            quote=claim.quote,
            span_start=span_start,
            span_end=span_end,
            kind=claim.kind,
            occurred_start=occurred_start,
            occurred_end=occurred_end,
            claimant_id=demo_id(f"actor:{claim.claimant}") if claim.claimant else None,
            claimant_text=claim.claimant_text,
            source_reliability=claim.source_reliability,
            credibility=claim.credibility,
            assessment=claim.assessment,
        )
        role_keys = [f"{claim.key}:actor:{actor}:{role}" for actor, role in claim.actors]
        _delete_stale(ClaimActor.objects.filter(claim=instance), keep_keys=role_keys)
        for (actor, role), key in zip(claim.actors, role_keys, strict=True):
            _upsert(ClaimActor, key=key, claim_id=instance.pk, actor_id=demo_id(f"actor:{actor}"), role=role)
        location_keys = [f"{claim.key}:location:{location}" for location in claim.locations]
        _delete_stale(ClaimLocation.objects.filter(claim=instance), keep_keys=location_keys)
        for location, key in zip(claim.locations, location_keys, strict=True):
            _upsert(ClaimLocation, key=key, claim_id=instance.pk, location_id=demo_id(f"location:{location}"))
    link_keys = [f"link:{source}:{kind}:{target}" for source, kind, target in spec.claim_links]
    _delete_stale(ClaimLink.objects.filter(source__brief=brief), keep_keys=link_keys)
    for (source, kind, target), key in zip(spec.claim_links, link_keys, strict=True):
        _upsert(ClaimLink, key=key, source_id=demo_id(source), target_id=demo_id(target), kind=kind)


def demo_load() -> DemoCounts:
    """Create or update the demo records in one transaction; return what the demo consists of."""
    with transaction.atomic():
        _load_actors()
        _load_locations()
        _load_brief(BRIEF)
    return DemoCounts(actors=len(ACTORS), locations=len(LOCATIONS), briefs=1, claims=len(BRIEF.claims), comments=1)

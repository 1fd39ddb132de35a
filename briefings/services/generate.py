"""Synthetic records at scale for benchmarks (`manage.py generate_data`, DESIGN.md section 6).

`data_generate(briefs=N, seed=S)` writes a self-contained world in realistic proportions:

- actors (N/50, at least 20): states, armed groups, people, media outlets, government bodies,
  parties and publishing institutes, with 1-4 aliases each (acronyms, short forms,
  transliteration variants), relations between them and a few designations;
- a location tree (N/30, at least 30): countries > regions > districts > towns, villages, sites,
  with coordinates jittered around their parent and `path` materialized for descendant filters;
- N briefs in the genre of the example (dated, attributed reports), ~10 claims each with a quote
  that is a sentence of the body (exact spans), a kind, an occurred range from the wording
  ("today", "on Tuesday", "earlier this week", "last month"), a claimant (an outlet, free text
  or the speaker), actors with roles, locations, Admiralty grades; mentions of actors and
  locations with their spans; ~3 comments (mostly analysis, some internal notes); a few claim links.

Deterministic: everything, ids included, comes from one `random.Random(seed)`, consumed in a fixed
order; only timestamps (`created_at`, history dates) differ between runs. Different seeds give
fresh random UUIDs, so a run never collides with existing records. Running the same seed twice on
one database is refused up front (`AlreadyGenerated`) instead of failing on a primary key.

Writes are bulk inserts (`TableWriter`) in one transaction per chunk of briefs, so nothing runs `save()`:
this module derives what `save()` would (alias `normalized`, `Location.path`, `Brief.slug`) and
validates its own output by construction (spans are recorded while the text is written).
History: the main records get the creation history row django-simple-history's
`bulk_create_with_history` would write (see `HISTORY_MODELS` and `TableWriter` for the measured
trade-offs and why the rows are written here rather than through the ORM helpers).
"""

from __future__ import annotations

import itertools
import json
import operator
import random
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.utils.text import slugify

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
from briefings.services.matching import normalize

# Briefs generated and written per transaction: large enough for big INSERT batches, small enough
# that the objects of one chunk stay a few hundred MB at most.
CHUNK_BRIEFS = 1000
BATCH_SIZE = 5000
CHANGE_REASON = "generate_data"

# A record to insert: field attribute names to values; fields left out take their model default.
Row = dict[str, Any]

SUBJECT, TARGET, MENTIONED = ClaimActorRole.SUBJECT, ClaimActorRole.TARGET, ClaimActorRole.MENTIONED


class AlreadyGenerated(Exception):
    """The records of this seed are already in the database."""


@dataclass
class GenerationResult:
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        parts = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        briefs, claims = self.counts.get("briefs", 0), self.counts.get("claims", 0)
        rate = f"{briefs / self.seconds:.0f} briefs/s, {claims / self.seconds:.0f} claims/s" if self.seconds else ""
        return f"Generated (seed {self.seed}): {parts} in {self.seconds:.1f} s ({rate})"


# Vocabulary -------------------------------------------------------------------------------------

# name, ISO code, adjective, centre latitude, centre longitude, spread in degrees
THEATRES = (
    ("Iraq", "IQ", "Iraqi", 33.2, 43.7, 3.0),
    ("Syria", "SY", "Syrian", 35.0, 38.5, 2.0),
    ("Yemen", "YE", "Yemeni", 15.6, 48.0, 2.5),
    ("Libya", "LY", "Libyan", 27.0, 17.0, 4.0),
    ("Lebanon", "LB", "Lebanese", 33.9, 35.9, 0.5),
    ("Afghanistan", "AF", "Afghan", 33.9, 67.7, 3.0),
)
STATES = (
    ("United States", "US", ("US", "United States of America", "Washington")),
    ("Iran", "IR", ("Tehran", "Islamic Republic of Iran")),
    ("Iraq", "IQ", ("Baghdad", "Republic of Iraq")),
    ("Syria", "SY", ("Damascus",)),
    ("Turkey", "TR", ("Ankara", "Turkiye")),
    ("Russia", "RU", ("Moscow", "Russian Federation")),
    ("Yemen", "YE", ("Sanaa",)),
    ("Libya", "LY", ("Tripoli",)),
    ("Lebanon", "LB", ("Beirut",)),
    ("Afghanistan", "AF", ("Kabul",)),
    ("Saudi Arabia", "SA", ("Riyadh", "KSA")),
    ("United Kingdom", "GB", ("UK", "Britain")),
)
CONSONANTS = ("b", "d", "f", "h", "j", "k", "kh", "l", "m", "n", "q", "r", "s", "sh", "t", "w", "z", "dh", "gh")
VOWELS = ("a", "a", "a", "i", "i", "u", "aa")
PLACE_SUFFIXES = ("iyah", "a", "an", "at", "ah", "in", "")
PLACE_PREFIXES = ("Tal", "Ain", "Bir", "Kafr", "Umm", "Jisr", "Dayr", "Qasr", "Ras", "Wadi")
FIRST_NAMES = (
    "Ahmad", "Ali", "Hassan", "Hussein", "Mahmoud", "Omar", "Khalid", "Yusuf", "Ibrahim", "Karim", "Salim",
    "Tariq", "Walid", "Faisal", "Jamal", "Nabil", "Rashid", "Samir", "Ziad", "Hadi", "Qais", "Mustafa",
    "Abbas", "Jafar", "Haidar", "Mohsen", "Reza", "Akram", "Bashir", "Fadel", "Ghassan", "Hamza", "Imad",
    "Laith", "Majid", "Nouri", "Sabah", "Adnan", "Layla", "Zainab", "Fatima", "Hanan", "Rana", "Suha",
)  # fmt: skip
ADJECTIVES = (
    "Northern", "Southern", "Eastern", "Western", "Free", "Popular", "National", "Revolutionary", "United",
    "Islamic", "Patriotic", "Independent", "Democratic", "Tribal", "Martyrs'", "Valley", "Frontier", "Desert",
)  # fmt: skip
GROUP_NOUNS = (
    "Shield", "Resistance", "Liberation", "Defence", "Dawn", "Falcons", "Lions", "Victory", "Sword", "Banner",
    "Guardians", "Volunteers", "Mobilization", "Salvation", "Sentinels", "Storm", "Unity", "Justice",
)  # fmt: skip
GROUP_UNITS = ("Brigades", "Brigade", "Front", "Forces", "Battalions", "Movement", "Army", "Corps", "Units", "Council")
OUTLET_FORMS = ("{} News Agency", "{} TV", "{} Press", "{} Media Network", "{} Radio", "{} Daily")
INSTITUTE_FORMS = (
    "{} Institute for Strategic Studies",
    "Center for {} Affairs",
    "{} Monitoring Desk",
    "{} Policy Forum",
    "{} Conflict Observatory",
)
MINISTRIES = ("Ministry of Defence", "Ministry of Interior", "Border Guard Command", "National Security Council")
PARTY_FORMS = ("{} {} Party", "{} {} Alliance", "{} Bloc")
TITLES = ("commander", "spokesman", "deputy commander", "founder", "political chief", "field commander")
DESIGNATION_LABELS = (
    "Specially Designated Global Terrorist",
    "Foreign Terrorist Organization",
    "Sanctioned entity",
    "Proscribed organisation",
)
CLAIMANT_TEXTS = (
    "local sources",
    "activists",
    "security officials",
    "state media",
    "residents",
    "opposition media",
    "tribal elders",
    "a military source",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)  # fmt: skip

# Claim sentences. Slots: {S} subject, {T} target (both actors), {P} person, {O} state authority,
# {M} outlet, {L} location, {W} when, {C} attribution, {N} number. The role map says which actor slot
# takes which role; the claimant is {M} when attributed to an outlet, else the `speaker` slot if any.
CLAIM_TEMPLATES = (
    # kind, weight, text, roles, speaker
    (ClaimKind.TERRITORIAL_CHANGE, 6, "{S} took control of {L} after driving out {T} {W}{C}.", "ST", ""),
    (ClaimKind.TERRITORIAL_CHANGE, 6, "{S} captured {L} from {T} {W}{C}.", "ST", ""),
    (ClaimKind.TERRITORIAL_CHANGE, 4, "{T} pulled out of {L} as {S} advanced {W}{C}.", "ST", ""),
    (ClaimKind.TERRITORIAL_CHANGE, 3, "{S} retook several villages around {L} from {T} {W}{C}.", "ST", ""),
    (ClaimKind.ARMED_CLASH, 8, "Heavy clashes broke out between {S} and {T} on the outskirts of {L} {W}{C}.", "ST", ""),
    (ClaimKind.ARMED_CLASH, 7, "{S} fought {T} for several hours near {L} {W}{C}.", "ST", ""),
    (ClaimKind.ATTACK, 6, "{S} shelled positions held by {T} in {L} {W}{C}.", "ST", ""),
    (ClaimKind.ATTACK, 5, "A drone strike blamed on {S} hit a convoy of {T} near {L} {W}{C}.", "ST", ""),
    (ClaimKind.ATTACK, 4, "{S} said it attacked checkpoints manned by {T} in {L} {W}.", "ST", "S"),
    (ClaimKind.STATEMENT, 6, "{S} said {W} that its fighters held {N} kilometers of road around {L}.", "S", "S"),
    (ClaimKind.STATEMENT, 5, "A spokesman for {S} said {W} that {T} had lost its last positions near {L}.", "ST", "S"),
    (ClaimKind.STATEMENT, 4, "{P} of {S} said {W} that {L} would be handed to local police.", "PS", "P"),
    (ClaimKind.ANNOUNCEMENT, 4, "{S} announced {W} that it would begin operations to secure {L}{C}.", "S", "S"),
    (ClaimKind.ANNOUNCEMENT, 4, "The leadership of {S} declared a new campaign against {T} in {L} {W}{C}.", "ST", "S"),
    (ClaimKind.DEPLOYMENT, 5, "{S} sent about {N} fighters to {L} {W}{C}.", "S", ""),
    (ClaimKind.DEPLOYMENT, 5, "Reinforcements from {S} reached {L} {W}{C}.", "S", ""),
    (ClaimKind.DESIGNATION, 2, "{O} listed {T} as a terrorist group {W}, citing its operations in {L}.", "OT", "O"),
    (ClaimKind.APPOINTMENT, 4, "{S} named {P} as its commander for {L} {W}{C}.", "SP", ""),
    (ClaimKind.SIGHTING, 2, "{P} was reportedly seen with {S} fighters near {L} {W}{C}.", "PS", ""),
    (ClaimKind.SIGHTING, 2, "Photographs shared {W} appear to show {P} at {S} positions in {L}.", "PS", ""),
    (ClaimKind.OTHER, 4, "{S} and {T} exchanged prisoners in {L} {W}{C}.", "ST", ""),
    (ClaimKind.OTHER, 4, "Residents of {L} said {S} had set up new checkpoints {W}.", "S", ""),
)  # fmt: skip
# Role of each slot letter in "roles": first letter subject, second target; persons in a supporting
# part and the group beside a person are only mentioned.
ROLE_BY_POSITION = {
    "ST": {"S": SUBJECT, "T": TARGET},
    "S": {"S": SUBJECT},
    "PS": {"P": SUBJECT, "S": MENTIONED},
    "SP": {"S": SUBJECT, "P": MENTIONED},
    "OT": {"O": SUBJECT, "T": TARGET},
}
CONTEXT_TEMPLATES = (
    "{L} has changed hands several times since the war began.",
    "{L} sits on the main supply road between {L2} and the border.",
    "Fighting in the area has displaced thousands of families from {L}.",
    "Both sides have reinforced their lines around {L} in recent weeks.",
    "Humanitarian groups say access to {L} remains limited.",
)
TITLE_TEMPLATES = (
    "{S} advances near {L}",
    "Clashes between {S} and {T} around {L}",
    "{S} presses {T} in {L}",
    "Fighting intensifies in {L} as {S} moves on {T}",
    "{S} claims gains around {L}",
    "{S} and {T} trade blows near {L}",
)
SUMMARY_TEMPLATES = (
    "{S} reports gains against {T} around {L}; several claims remain unconfirmed.",
    "Fighting between {S} and {T} in and around {L}, with statements from both sides.",
    "{S} moves on {L}; outlets on both sides give conflicting accounts of the fighting with {T}.",
)
ANALYSIS_SENTENCES = (
    "The advance strengthens the hand of {S} ahead of any talks on the future of {L}.",
    "If confirmed, this would be the furthest {S} has operated from its home area.",
    "Outlets close to {S} tend to overstate its gains, and independent confirmation is still lacking.",
    "Control of {L} would give {S} a say over traffic on the main road to the border.",
    "The timing points to coordination with the opponents of {T} elsewhere in the country.",
    "{T} has lost ground steadily since the spring, and its remaining units look stretched.",
    "Holding {L} matters less for its size than for the routes it controls.",
)
NOTE_SENTENCES = (
    "Check the casualty figures against local reporting before the next update.",
    "Coordinates for {L} are approximate; confirm with the mapping team.",
    "Follow up on the statement by {S} once an official transcript is available.",
    "Two sources disagree on the date; keep the range until one is confirmed.",
)
WHEN_CHOICES = ("today", "yesterday", "weekday", "month_day", "this_week", "last_month", "recently")
# Weights are cumulative (random.choices(cum_weights=...)): summing them on every draw cost seconds per 10k briefs.
WHEN_WEIGHTS = tuple(itertools.accumulate((30, 15, 15, 10, 18, 6, 6)))
STATUS_CHOICES = (BriefStatus.PUBLISHED, BriefStatus.DRAFT, BriefStatus.REVIEW, BriefStatus.RETRACTED)
STATUS_WEIGHTS = tuple(itertools.accumulate((85, 6, 5, 4)))
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
RELIABILITY_WEIGHTS = tuple(itertools.accumulate((3, 20, 35, 20, 7, 15)))
ASSESSMENTS = (Assessment.REPORTED, Assessment.CORROBORATED, Assessment.DISPUTED, Assessment.REFUTED)
ASSESSMENT_WEIGHTS = tuple(itertools.accumulate((70, 18, 9, 3)))
FIRST_DAY = date(2014, 1, 1)
DAYS_SPANNED = 11 * 365

_SLOT = re.compile(r"\{(\w+)\}")
CLAIM_KIND_WEIGHTS = tuple(itertools.accumulate(template[1] for template in CLAIM_TEMPLATES))


def _split_template(text: str) -> list[str]:
    """ "a {S} b" -> ["a ", "S", " b"]: literals at even positions, slot names at odd ones."""
    return _SLOT.split(text)


CLAIM_PARTS = [_split_template(template[2]) for template in CLAIM_TEMPLATES]
CONTEXT_PARTS = [_split_template(text) for text in CONTEXT_TEMPLATES]


# The world: actors and locations ----------------------------------------------------------------


@dataclass(slots=True)
class WorldActor:
    id: uuid.UUID
    name: str
    kind: str
    country: str
    aliases: list[str]


@dataclass(slots=True)
class WorldLocation:
    id: uuid.UUID
    name: str
    kind: str
    country: str
    aliases: list[str]


@dataclass
class World:
    actors: list[WorldActor] = field(default_factory=list)
    locations: list[WorldLocation] = field(default_factory=list)
    # Pools the brief writer draws from, by theatre country code.
    groups_by_country: dict[str, list[WorldActor]] = field(default_factory=lambda: defaultdict(list))
    people_by_country: dict[str, list[WorldActor]] = field(default_factory=lambda: defaultdict(list))
    places_by_country: dict[str, list[WorldLocation]] = field(default_factory=lambda: defaultdict(list))
    outlets: list[WorldActor] = field(default_factory=list)
    states: list[WorldActor] = field(default_factory=list)
    publishers: list[WorldActor] = field(default_factory=list)
    # Government bodies and parties: in the registry, not in the fighting.
    officials: list[WorldActor] = field(default_factory=list)
    theatres: list[str] = field(default_factory=list)


class Generator:
    """Turns one seeded random stream into model instances; `data_generate` writes them."""

    def __init__(self, *, seed: int) -> None:
        self.rng = random.Random(seed)
        self.world = World()

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # Names ---------------------------------------------------------------------------------------

    def _root(self) -> str:
        rng = self.rng
        syllables = rng.choice((2, 2, 3))
        text = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables)) + rng.choice(CONSONANTS)
        return text.capitalize()

    def _unique(self, make: Callable[[], str], taken: set[str]) -> str:
        """A fresh name from `make`; after a few clashes, a numbered one (still deterministic)."""
        for _ in range(8):
            name = make()
            if normalize(name) not in taken:
                break
        else:
            name = f"{make()} {len(taken)}"
        taken.add(normalize(name))
        return name

    def _place_name(self) -> str:
        rng, root = self.rng, self._root()
        form = rng.random()
        if form < 0.4:
            return f"al-{root}{rng.choice(PLACE_SUFFIXES)}"
        if form < 0.7:
            return f"{rng.choice(PLACE_PREFIXES)} {root}"
        return f"{root}{rng.choice(PLACE_SUFFIXES)}"

    @staticmethod
    def _acronym(name: str) -> str:
        return "".join(word[0] for word in name.replace("'", "").split() if word[0].isupper())

    def _variants(self, name: str) -> list[str]:
        """Transliteration variants a brief might use for a place or person name."""
        variants = []
        if name.startswith("al-"):
            variants.append(name[3:])
            variants.append("Al " + name[3:])
        if "iyah" in name:
            variants.append(name.replace("iyah", "iya"))
        if "q" in name.lower():
            variants.append(name.replace("q", "k").replace("Q", "K"))
        if "ou" not in name and "u" in name:
            variants.append(name.replace("u", "ou"))
        return variants

    def _distinct_aliases(self, name: str, candidates: list[str], *, limit: int) -> list[str]:
        """Up to `limit` aliases, none normalizing like the name or like each other (one alias row each)."""
        seen, aliases = {normalize(name)}, []
        for candidate in candidates:
            key = normalize(candidate)
            if key and key not in seen and len(aliases) < limit:
                seen.add(key)
                aliases.append(candidate)
        return aliases

    # Actors --------------------------------------------------------------------------------------

    def build_actors(self, *, count: int) -> None:
        rng, world = self.rng, self.world
        taken: set[str] = set()
        for name, code, aliases in STATES[: min(len(STATES), max(4, count // 20))]:
            actor = WorldActor(self.new_id(), name, ActorKind.STATE, code, list(aliases[: rng.randint(1, 3)]))
            taken.add(normalize(name))
            world.states.append(actor)
        remaining = count - len(world.states)
        plan = {
            ActorKind.ORGANIZATION: max(2, remaining * 7 // 100),
            ActorKind.MEDIA_OUTLET: max(2, remaining * 10 // 100),
            ActorKind.GOVERNMENT_BODY: max(1, remaining * 8 // 100),
            ActorKind.POLITICAL_PARTY: max(1, remaining * 8 // 100),
            ActorKind.PERSON: max(4, remaining * 30 // 100),
        }
        plan[ActorKind.ARMED_GROUP] = max(4, remaining - sum(plan.values()))
        makers = {
            ActorKind.ORGANIZATION: self._institute,
            ActorKind.MEDIA_OUTLET: self._outlet,
            ActorKind.GOVERNMENT_BODY: self._government_body,
            ActorKind.POLITICAL_PARTY: self._party,
            ActorKind.PERSON: self._person,
            ActorKind.ARMED_GROUP: self._armed_group,
        }
        for kind, how_many in plan.items():
            for _ in range(how_many):
                country = rng.choice(world.theatres)
                name, candidates = makers[kind](taken, country)
                aliases = self._distinct_aliases(name, candidates, limit=rng.randint(1, 4))
                actor = WorldActor(self.new_id(), name, kind, country, aliases)
                {
                    ActorKind.ORGANIZATION: world.publishers,
                    ActorKind.MEDIA_OUTLET: world.outlets,
                    ActorKind.PERSON: world.people_by_country[country],
                    ActorKind.ARMED_GROUP: world.groups_by_country[country],
                }.get(kind, world.officials).append(actor)
        world.actors = [
            *world.states,
            *world.publishers,
            *world.outlets,
            *world.officials,
            *(actor for country in world.theatres for actor in world.groups_by_country[country]),
            *(actor for country in world.theatres for actor in world.people_by_country[country]),
        ]

    def _institute(self, taken: set[str], country: str) -> tuple[str, list[str]]:
        root = self._root()
        name = self._unique(lambda: self.rng.choice(INSTITUTE_FORMS).format(root), taken)
        return name, [self._acronym(name), f"{root} Center"]

    def _outlet(self, taken: set[str], country: str) -> tuple[str, list[str]]:
        name = self._unique(lambda: self.rng.choice(OUTLET_FORMS).format(self._root()), taken)
        return name, [name.split()[0], self._acronym(name)]

    def _government_body(self, taken: set[str], country: str) -> tuple[str, list[str]]:
        adjective = next(theatre[2] for theatre in THEATRES if theatre[1] == country)
        name = self._unique(lambda: f"{adjective} {self.rng.choice(MINISTRIES)}", taken)
        return name, [self._acronym(name), name.removeprefix(adjective + " ")]

    def _party(self, taken: set[str], country: str) -> tuple[str, list[str]]:
        rng = self.rng
        name = self._unique(
            lambda: rng.choice(PARTY_FORMS).format(rng.choice(ADJECTIVES), rng.choice(GROUP_NOUNS)), taken
        )
        return name, [self._acronym(name)]

    def _person(self, taken: set[str], country: str) -> tuple[str, list[str]]:
        rng = self.rng
        family = f"al-{self._root()}i"
        name = self._unique(lambda: f"{rng.choice(FIRST_NAMES)} {family}", taken)
        first = name.split()[0]
        return name, [
            family,
            f"Abu {rng.choice(FIRST_NAMES)} {family}",
            *self._variants(family),
            first + " " + family[3:],
        ]

    def _armed_group(self, taken: set[str], country: str) -> tuple[str, list[str]]:
        rng = self.rng

        def make() -> str:
            base = f"{rng.choice(ADJECTIVES)} {rng.choice(GROUP_NOUNS)} {rng.choice(GROUP_UNITS)}"
            return base if rng.random() < 0.7 else f"{base} of {self._place_name()}"

        name = self._unique(make, taken)
        words = name.split()
        return name, [self._acronym(name), " ".join(words[1:3]), f"Saraya al-{self._root()}"]

    def actor_rows(self) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
        rng, world = self.rng, self.world
        actors, aliases, relations, designations = [], [], [], []
        for actor in world.actors:
            boilerplate = ""
            if actor.kind == ActorKind.ORGANIZATION:
                boilerplate = (
                    f"The {actor.name} is an independent research body. The views in its briefs are the authors' "
                    "own and do not represent any government."
                )
            actors.append(
                {
                    "id": actor.id,
                    "name": actor.name,
                    "kind": actor.kind,
                    "country": actor.country,
                    "description": f"{actor.kind.replace('_', ' ').capitalize()} active in {actor.country}.",
                    "boilerplate": boilerplate,
                }
            )
            aliases += [
                {"id": self.new_id(), "actor_id": actor.id, "name": alias, "normalized": normalize(alias)}
                for alias in actor.aliases
            ]
        for country in world.theatres:
            groups, people = world.groups_by_country[country], world.people_by_country[country]
            relations += self._relations(groups=groups, people=people)
        for outlet in world.outlets:
            patrons = [*world.states, *world.officials, *world.groups_by_country[outlet.country]]
            relations.append(self._relation(outlet, ActorRelationKind.AFFILIATED_WITH, rng.choice(patrons)))
        for group in (actor for actor in world.actors if actor.kind == ActorKind.ARMED_GROUP):
            if rng.random() < 0.08:
                designations.append(
                    {
                        "id": self.new_id(),
                        "actor_id": group.id,
                        "authority_id": rng.choice(world.states).id,
                        "label": rng.choice(DESIGNATION_LABELS),
                        "date": FIRST_DAY + timedelta(days=rng.randrange(DAYS_SPANNED)),
                    }
                )
        return actors, aliases, relations, designations

    def _relations(self, *, groups: list[WorldActor], people: list[WorldActor]) -> list[Row]:
        rng, relations = self.rng, []
        for person in people:
            if groups:
                kind = rng.choice((ActorRelationKind.LEADS, ActorRelationKind.COMMANDS, ActorRelationKind.MEMBER_OF))
                relations.append(self._relation(person, kind, rng.choice(groups), title=rng.choice(TITLES)))
        for group in groups:
            candidates = [other for other in groups if other is not group]
            if candidates and rng.random() < 0.7:
                kind = rng.choice(
                    (
                        ActorRelationKind.ALLIED_WITH,
                        ActorRelationKind.OPPOSES,
                        ActorRelationKind.PART_OF,
                        ActorRelationKind.OPPOSES,
                    )
                )
                relations.append(self._relation(group, kind, rng.choice(candidates)))
            if rng.random() < 0.4:
                relations.append(self._relation(group, ActorRelationKind.BACKED_BY, rng.choice(self.world.states)))
        return relations

    def _relation(self, source: WorldActor, kind: str, target: WorldActor, *, title: str = "") -> Row:
        start = FIRST_DAY + timedelta(days=self.rng.randrange(DAYS_SPANNED)) if self.rng.random() < 0.5 else None
        return {
            "id": self.new_id(),
            "source_id": source.id,
            "target_id": target.id,
            "kind": kind,
            "title": title,
            "start": start,
        }

    # Locations -----------------------------------------------------------------------------------

    def build_locations(self, *, count: int) -> tuple[list[Row], list[Row]]:
        """A tree of `count` places: a few countries, regions and districts, the rest towns and villages."""
        rng, world = self.rng, self.world
        countries = min(len(THEATRES), max(2, count // 60))
        fanout = max(2, min(6, round((count / countries) ** (1 / 3))))
        rows: list[Row] = []
        taken: set[str] = set()

        def add(name, kind, parent, latitude, longitude, precision, country) -> Location:
            location_id = self.new_id()
            path = f"{parent['path'] if parent else '/'}{location_id.hex}/"
            row = {
                "id": location_id,
                "name": name,
                "kind": kind,
                "parent_id": parent["id"] if parent else None,
                "latitude": round(max(-90.0, min(90.0, latitude)), 5),
                "longitude": round(max(-180.0, min(180.0, longitude)), 5),
                "precision": precision,
                "country": country,
                "path": path,
            }
            rows.append(row)
            world.locations.append(WorldLocation(location_id, name, kind, country, []))
            if kind not in (LocationKind.COUNTRY, LocationKind.REGION, LocationKind.DISTRICT):
                world.places_by_country[country].append(world.locations[-1])
            return row

        districts: list[Row] = []
        for name, code, _adjective, latitude, longitude, spread in THEATRES[:countries]:
            world.theatres.append(code)
            taken.add(normalize(name))
            country = add(name, LocationKind.COUNTRY, None, latitude, longitude, CoordinatePrecision.CENTROID, code)
            for _ in range(fanout):
                region_name = self._unique(lambda: f"{self._place_name()} Governorate", taken)
                region = add(
                    region_name,
                    LocationKind.REGION,
                    country,
                    latitude + rng.uniform(-spread, spread),
                    longitude + rng.uniform(-spread, spread),
                    CoordinatePrecision.CENTROID,
                    code,
                )
                for _ in range(fanout):
                    district_name = self._unique(lambda: f"{self._place_name()} District", taken)
                    districts.append(
                        add(
                            district_name,
                            LocationKind.DISTRICT,
                            region,
                            region["latitude"] + rng.uniform(-0.6, 0.6),
                            region["longitude"] + rng.uniform(-0.6, 0.6),
                            CoordinatePrecision.CENTROID,
                            code,
                        )
                    )
        leaf_kinds = (LocationKind.VILLAGE, LocationKind.TOWN, LocationKind.CITY, LocationKind.SITE, LocationKind.AREA)
        leaf_weights = tuple(itertools.accumulate((50, 25, 5, 12, 8)))
        while len(rows) < count:
            district = rng.choice(districts)
            kind = rng.choices(leaf_kinds, cum_weights=leaf_weights)[0]
            name = self._unique(self._place_name, taken)
            if kind == LocationKind.SITE:
                name = f"{name} {rng.choice(('checkpoint', 'airbase', 'dam', 'oil field', 'crossing'))}"
            add(
                name,
                kind,
                district,
                district["latitude"] + rng.uniform(-0.25, 0.25),
                district["longitude"] + rng.uniform(-0.25, 0.25),
                rng.choice((CoordinatePrecision.EXACT, CoordinatePrecision.APPROXIMATE)),
                district["country"],
            )
        aliases: list[Row] = []
        for location in world.locations:
            if location.kind != LocationKind.COUNTRY and rng.random() < 0.35:
                location.aliases = self._distinct_aliases(location.name, self._variants(location.name), limit=2)
                aliases += [
                    {"id": self.new_id(), "location_id": location.id, "name": alias, "normalized": normalize(alias)}
                    for alias in location.aliases
                ]
        return rows, aliases

    # Briefs --------------------------------------------------------------------------------------

    def brief_rows(self, *, index: int) -> BriefRows:
        """One brief with its mentions, claims and comments, written sentence by sentence."""
        return _BriefWriter(self, index=index).write()


@dataclass
class BriefRows:
    brief: Row
    actor_mentions: list[Row]
    location_mentions: list[Row]
    claims: list[Row]
    claim_actors: list[Row]
    claim_locations: list[Row]
    claim_links: list[Row]
    comments: list[Row]


def statement_from_quote(quote: str) -> str:
    """The assertion without its attribution: the quote up to ", according to ..." or ", <source> said"."""
    statement = quote.split(", according to ")[0]
    for text in CLAIMANT_TEXTS:
        statement = statement.removesuffix(f", {text} said.")
    return statement.rstrip(".") + "."


class _BriefWriter:
    """Writes one brief's body while recording where each actor, location and claim sentence lies."""

    def __init__(self, generator: Generator, *, index: int) -> None:
        self.generator, self.rng = generator, generator.rng
        world, rng = generator.world, generator.rng
        self.brief_id = generator.new_id()
        self.day = FIRST_DAY + timedelta(days=rng.randrange(DAYS_SPANNED))
        country = rng.choice(world.theatres)
        # Small worlds may leave a theatre without groups or people of its own: borrow from elsewhere.
        groups = world.groups_by_country[country] or [a for a in world.actors if a.kind == ActorKind.ARMED_GROUP]
        people = world.people_by_country[country] or [a for a in world.actors if a.kind == ActorKind.PERSON]
        places = world.places_by_country[country] or [
            location for location in world.locations if location.kind == LocationKind.DISTRICT
        ]
        self.groups = rng.sample(groups, min(len(groups), rng.randint(2, 4)))
        self.people = rng.sample(people, min(len(people), rng.randint(1, 2)))
        self.places = rng.sample(places, min(len(places), rng.randint(2, 4)))
        self.outlets = rng.sample(world.outlets, min(len(world.outlets), 2))
        self.states = world.states
        self.parts: list[str] = []
        self.length = 0
        self.spans: dict[tuple[str, uuid.UUID], list[list[int]]] = defaultdict(list)
        self.index = index

    # Text --------------------------------------------------------------------------------------------

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def _mention(self, kind: str, entity, *, canonical: bool = False) -> None:
        name = entity.name
        if not canonical and entity.aliases and self.rng.random() < 0.3:
            name = self.rng.choice(entity.aliases)
        start = self.length
        self._add(name)
        self.spans[(kind, entity.id)].append([start, self.length])

    def _when(self) -> tuple[str, date | None, date | None]:
        rng, day = self.rng, self.day
        choice = rng.choices(WHEN_CHOICES, cum_weights=WHEN_WEIGHTS)[0]
        if choice == "today":
            return "today", day, day
        if choice == "yesterday":
            previous = day - timedelta(days=1)
            return "yesterday", previous, previous
        if choice == "weekday":
            earlier = day - timedelta(days=rng.randint(2, 6))
            return f"on {WEEKDAYS[earlier.weekday()]}", earlier, earlier
        if choice == "month_day":
            earlier = day - timedelta(days=rng.randint(7, 30))
            return f"on {MONTHS[earlier.month - 1]} {earlier.day}", earlier, earlier
        if choice == "this_week":
            return "earlier this week", day - timedelta(days=6), day
        if choice == "last_month":
            last_day = day.replace(day=1) - timedelta(days=1)
            return "last month", last_day.replace(day=1), last_day
        return "recently", None, None

    # Claims ------------------------------------------------------------------------------------------

    def _claim_sentence(self) -> tuple[Row, list[Row], Row]:
        rng = self.rng
        template_index = rng.choices(range(len(CLAIM_TEMPLATES)), cum_weights=CLAIM_KIND_WEIGHTS)[0]
        kind, _weight, _text, roles, speaker = CLAIM_TEMPLATES[template_index]
        subject, target = (rng.sample(self.groups, 2) if len(self.groups) > 1 else self.groups * 2)[:2]
        cast = {"S": subject, "T": target, "P": rng.choice(self.people), "O": rng.choice(self.states)}
        location = rng.choice(self.places)
        when, occurred_start, occurred_end = self._when()
        claimant, claimant_text = (cast[speaker] if speaker else None), ""
        start = self.length
        for position, part in enumerate(CLAIM_PARTS[template_index]):
            if position % 2 == 0:
                self._add(part)
            elif part in cast:
                self._mention("actor", cast[part])
            elif part == "L":
                self._mention("location", location)
            elif part == "W":
                self._add(when)
            elif part == "N":
                self._add(str(rng.choice((12, 17, 20, 35, 40, 60, 150, 300, 500))))
            elif part == "C":
                attribution = rng.random()
                if attribution < 0.45 and self.outlets:
                    claimant = rng.choice(self.outlets)
                    self._add(", according to ")
                    self._mention("actor", claimant)
                elif attribution < 0.7:
                    claimant, claimant_text = None, rng.choice(CLAIMANT_TEXTS)
                    self._add(f", {claimant_text} said")
        quote_span = (start, self.length)
        claim = {
            "id": self.generator.new_id(),
            "brief_id": self.brief_id,
            "statement": "",  # filled in write(), once the body exists
            "span_start": quote_span[0],
            "span_end": quote_span[1],
            "kind": kind,
            "occurred_start": occurred_start,
            "occurred_end": occurred_end,
            "claimant_id": claimant.id if claimant else None,
            "claimant_text": claimant_text,
            "source_reliability": rng.choices(RELIABILITY_GRADES, cum_weights=RELIABILITY_WEIGHTS)[0],
            "credibility": rng.randint(1, 6),
            "assessment": rng.choices(ASSESSMENTS, cum_weights=ASSESSMENT_WEIGHTS)[0],
        }
        claim_actors = [
            {"id": self.generator.new_id(), "claim_id": claim["id"], "actor_id": cast[slot].id, "role": role}
            for slot, role in ROLE_BY_POSITION[roles].items()
        ]
        claim_location = {"id": self.generator.new_id(), "claim_id": claim["id"], "location_id": location.id}
        return claim, claim_actors, claim_location

    def _context_sentence(self) -> None:
        parts = self.rng.choice(CONTEXT_PARTS)
        first, second = (self.rng.sample(self.places, 2) if len(self.places) > 1 else self.places * 2)[:2]
        for position, part in enumerate(parts):
            if position % 2 == 0:
                self._add(part)
            else:
                self._mention("location", first if part == "L" else second)

    # The brief -----------------------------------------------------------------------------------------

    def write(self) -> BriefRows:
        rng = self.rng
        claim_count = rng.randint(5, 15)
        context_at = set(rng.sample(range(claim_count + 2), 2))
        claims, claim_actors, claim_locations = [], [], []
        sentences_in_paragraph = 0
        paragraph_length = rng.randint(3, 5)
        for position in range(claim_count + 2):
            if sentences_in_paragraph:
                if sentences_in_paragraph >= paragraph_length:
                    self._add("\n\n")
                    sentences_in_paragraph, paragraph_length = 0, rng.randint(3, 5)
                else:
                    self._add(" ")
            if position in context_at:
                self._context_sentence()
            else:
                claim, roles, location = self._claim_sentence()
                claims.append(claim)
                claim_actors += roles
                claim_locations.append(location)
            sentences_in_paragraph += 1
        body = "".join(self.parts)
        for claim in claims:
            claim["quote"] = body[claim["span_start"] : claim["span_end"]]
            claim["statement"] = statement_from_quote(claim["quote"])
        brief = self._brief(body=body, claims=claims)
        # Built in this order: the random draws (ids included) follow it, and a seed gives the same records.
        rows = BriefRows(
            brief=brief,
            actor_mentions=self._mentions("actor", "actor_id"),
            location_mentions=self._mentions("location", "location_id"),
            claims=claims,
            claim_actors=claim_actors,
            claim_locations=claim_locations,
            claim_links=self._links(claims),
            comments=self._comments(claims),
        )
        for child in (*rows.claims, *rows.comments):
            child["brief_published"] = brief["status"] == BriefStatus.PUBLISHED  # as BriefChild.save() sets it
        return rows

    def _fill(self, template: str) -> str:
        subject, target = (self.groups * 2)[:2] if len(self.groups) < 2 else self.groups[:2]
        return template.format(S=subject.name, T=target.name, L=self.places[0].name)

    def _brief(self, *, body: str, claims: list[Row]) -> Row:
        rng = self.rng
        title = self._fill(rng.choice(TITLE_TEMPLATES))
        status = rng.choices(STATUS_CHOICES, cum_weights=STATUS_WEIGHTS)[0]
        published_at = datetime(self.day.year, self.day.month, self.day.day, rng.randint(6, 20), 0, tzinfo=UTC)
        return {
            "id": self.brief_id,
            "title": title,
            "slug": f"{slugify(title)[:100].strip('-') or 'brief'}-{self.brief_id.hex[:8]}",
            "summary": self._fill(rng.choice(SUMMARY_TEMPLATES)),
            "body": body,
            "published_at": published_at,
            "publisher_id": rng.choice(self.generator.world.publishers).id,
            "language": "en",
            "status": status,
        }

    def _mentions(self, kind: str, field_name: str) -> list[Row]:
        return [
            {"id": self.generator.new_id(), "brief_id": self.brief_id, "spans": spans, field_name: entity_id}
            for (entity_kind, entity_id), spans in self.spans.items()
            if entity_kind == kind
        ]

    def _links(self, claims: list[Row]) -> list[Row]:
        links = []
        for position, claim in enumerate(claims[1:], start=1):
            if self.rng.random() < 0.05:
                kind = self.rng.choice((ClaimLinkKind.CORROBORATES, ClaimLinkKind.CONTRADICTS, ClaimLinkKind.UPDATES))
                target = claims[self.rng.randrange(position)]
                links.append(
                    {"id": self.generator.new_id(), "source_id": claim["id"], "target_id": target["id"], "kind": kind}
                )
        return links

    def _comments(self, claims: list[Row]) -> list[Row]:
        rng, comments = self.rng, []
        for _ in range(rng.randint(2, 4)):
            is_note = rng.random() < 0.25
            pool = NOTE_SENTENCES if is_note else ANALYSIS_SENTENCES
            sentences = rng.sample(pool, 1 if is_note else rng.randint(2, 3))
            comments.append(
                {
                    "id": self.generator.new_id(),
                    "brief_id": self.brief_id,
                    "claim_id": rng.choice(claims)["id"] if claims and rng.random() < 0.3 else None,
                    "kind": CommentKind.NOTE if is_note else CommentKind.ANALYSIS,
                    "body": " ".join(self._fill(sentence) for sentence in sentences),
                }
            )
        return comments


# Writing ----------------------------------------------------------------------------------------

# Why not `bulk_create` / `bulk_create_with_history`: measured on 1k briefs (~60k rows) on SQLite,
# the ORM spent 7.6 s building INSERTs (per-value `get_db_prep_save`, 999-parameter batches) for
# 0.9 s of SQLite work, and the history helper added half as much again: ~100 briefs/s, so 100k
# briefs would take ~17 minutes. `TableWriter` writes the same rows (and the same creation history
# rows `bulk_history_create` would: type "+", one date, change reason, no user) with one
# `executemany` per table on SQLite and `COPY` on PostgreSQL, with per-column adapters chosen once.


# Models whose generated rows get a creation history row, as a save() would give them. Measured on
# 10k briefs on SQLite (2 busy cores): no history 28 s, these models 37 s, every table 44 s (and
# +40% disk). The link tables (mentions, claim roles, locations and links: 60% of all rows) are
# left out so 100k briefs stay well inside the 10-minute budget; their parents' history records
# the creation.
HISTORY_MODELS: frozenset[type[models.Model]] = frozenset(
    {Actor, ActorAlias, ActorRelation, ActorDesignation, Location, LocationAlias, Brief, Claim, Comment}
)


class TableWriter:
    """Inserts rows (dicts by field attribute name) into one model's table and, optionally, its history table."""

    def __init__(self, model: type[models.Model], *, now: datetime, history: bool) -> None:
        self.model = model
        self.vendor = connection.vendor
        self.fields = model._meta.concrete_fields
        # Server-owned fields every generated row shares; other missing fields take the model default.
        self.defaults = {f.attname: f.get_default() for f in self.fields} | {
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        self.adapters = [self._adapter(f) for f in self.fields]
        self.history_model = model.history.model if history and model in HISTORY_MODELS else None
        if self.history_model is not None:
            tracked = {f.attname for f in self.history_model.tracked_fields}
            self.history_attnames = [f.attname for f in self.fields if f.attname in tracked]
            self.history_extra = (self._adapt_datetime(now), CHANGE_REASON, "+", None)

    def _adapt_datetime(self, value: datetime):
        return connection.ops.adapt_datetimefield_value(value) if self.vendor == "sqlite" else value

    def _adapter(self, model_field: models.Field) -> Callable[[Any], Any] | None:
        """How one column's Python values become database parameters (None: as they are)."""
        internal_type = model_field.target_field.get_internal_type() if model_field.is_relation else None
        internal_type = internal_type or model_field.get_internal_type()
        if internal_type == "JSONField":
            return json.dumps  # text in SQLite, parsed into jsonb by COPY on PostgreSQL
        if self.vendor != "sqlite":
            return None  # psycopg adapts UUID, date and datetime itself
        if internal_type == "UUIDField":
            return operator.attrgetter("hex")  # Django stores UUIDs as 32 hex digits in SQLite
        if internal_type == "DateTimeField":
            return self._adapt_datetime
        if internal_type == "DateField":
            return date.isoformat
        return None

    def _tuples(self, rows: list[Row]) -> list[tuple]:
        # Defaults are adapted once here, not once per row: the shared timestamps alone cost ~10 s per 10k briefs.
        plan = [
            (f.attname, adapt, adapt(default) if adapt is not None and default is not None else default)
            for f, adapt in zip(self.fields, self.adapters, strict=True)
            for default in (self.defaults[f.attname],)
        ]
        values = []
        for row in rows:
            record = []
            for name, adapt, default in plan:
                if name in row:
                    value = row[name]
                    record.append(adapt(value) if adapt is not None and value is not None else value)
                else:
                    record.append(default)
            values.append(tuple(record))
        return values

    def insert(self, rows: list[Row]) -> int:
        if not rows:
            return 0
        values = self._tuples(rows)
        columns = [f.column for f in self.fields]
        self._write(self.model._meta.db_table, columns, values)
        if self.history_model is not None:
            positions = [columns.index(self.model._meta.get_field(name).column) for name in self.history_attnames]
            history_values = [tuple(value[i] for i in positions) + self.history_extra for value in values]
            history_columns = [self.model._meta.get_field(name).column for name in self.history_attnames]
            history_columns += ["history_date", "history_change_reason", "history_type", "history_user_id"]
            self._write(self.history_model._meta.db_table, history_columns, history_values)
        return len(rows)

    def _write(self, table: str, columns: list[str], values: list[tuple]) -> None:
        quote = connection.ops.quote_name
        column_list = ", ".join(quote(column) for column in columns)
        if self.vendor == "postgresql":
            with (
                connection.connection.cursor() as cursor,
                cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy,
            ):
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {quote(table)} ({column_list}) VALUES ({placeholders})", values)


# Per chunk, parents before children: (count name, model, BriefRows attribute).
CHUNK_TABLES = (
    ("briefs", Brief, "brief"),
    ("brief actors", BriefActor, "actor_mentions"),
    ("brief locations", BriefLocation, "location_mentions"),
    ("claims", Claim, "claims"),
    ("claim actors", ClaimActor, "claim_actors"),
    ("claim locations", ClaimLocation, "claim_locations"),
    ("claim links", ClaimLink, "claim_links"),
    ("comments", Comment, "comments"),
)


def _tune_connection() -> None:
    """Give SQLite a page cache that holds the indexes being filled (the 2 MB default thrashes).

    Random UUID keys land all over each index; with the default cache every insert rereads pages
    from the OS and the rate halved between 1k and 10k briefs. The setting lasts for this connection.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1048576")  # KiB: 1 GiB


def data_check_seed(*, seed: int) -> None:
    """Raise AlreadyGenerated when this seed's records are in the database.

    The seed's first random draw is the id of its first record (the first country), so one
    primary-key lookup answers without generating anything.
    """
    first_id = Generator(seed=seed).new_id()
    if Location.objects.filter(pk=first_id).exists():
        raise AlreadyGenerated(
            f"The records of seed {seed} are already in this database (location {first_id} exists). "
            "Use another --seed, or a fresh database."
        )


def data_generate(
    *,
    briefs: int,
    seed: int,
    history: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> GenerationResult:
    """Generate and insert `briefs` briefs and their world; refuse a seed already in the database.

    `on_progress(n)` is called after every chunk of n briefs is committed.
    """
    if briefs < 1:
        raise ValueError("briefs must be at least 1")
    started = time.perf_counter()
    now = datetime.now(UTC)
    writers: dict[type[models.Model], TableWriter] = {}

    def insert(model: type[models.Model], rows: list[Row]) -> int:
        if model not in writers:
            writers[model] = TableWriter(model, now=now, history=history)
        return writers[model].insert(rows)

    data_check_seed(seed=seed)
    generator = Generator(seed=seed)
    result = GenerationResult(seed=seed)
    counts: dict[str, int] = defaultdict(int)

    # The location tree first: actors are placed in its theatres.
    locations, location_aliases = generator.build_locations(count=max(30, briefs // 30))
    generator.build_actors(count=max(20, briefs // 50))
    actors, actor_aliases, relations, designations = generator.actor_rows()
    _tune_connection()
    with transaction.atomic():
        for name, model, rows in (
            ("actors", Actor, actors),
            ("actor aliases", ActorAlias, actor_aliases),
            ("relations", ActorRelation, relations),
            ("designations", ActorDesignation, designations),
            ("locations", Location, locations),
            ("location aliases", LocationAlias, location_aliases),
        ):
            counts[name] += insert(model, rows)

    def make_chunk(start: int) -> list[BriefRows]:
        return [generator.brief_rows(index=index) for index in range(start, min(briefs, start + CHUNK_BRIEFS))]

    # Generating is pure Python and writing mostly waits on the database (which releases the GIL), so
    # the next chunk is generated in a worker thread while this one is written: the two cores overlap.
    # One chunk at a time, in order, keeps the random stream and so the records deterministic.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(make_chunk, 0)
        for chunk_start in range(0, briefs, CHUNK_BRIEFS):
            chunk = pending.result()
            if chunk_start + CHUNK_BRIEFS < briefs:
                pending = pool.submit(make_chunk, chunk_start + CHUNK_BRIEFS)
            with transaction.atomic():
                for name, model, attribute in CHUNK_TABLES:
                    if attribute == "brief":
                        rows = [brief_rows.brief for brief_rows in chunk]
                    else:
                        rows = [row for brief_rows in chunk for row in getattr(brief_rows, attribute)]
                    counts[name] += insert(model, rows)
            if on_progress is not None:
                on_progress(len(chunk))

    order = ("briefs", "claims", "comments", "actors", "locations")
    result.counts = {name: counts[name] for name in order} | {
        name: count for name, count in counts.items() if name not in order
    }
    result.seconds = time.perf_counter() - started
    return result

"""Query-parameter filters of the list endpoints (DESIGN.md section 3), one FilterSet per resource.

Conventions shared by every FilterSet here:

- Every list takes `search` and `updated_since` (`BaseFilterSet`); `ordering`, `limit` and `offset`
  belong to DRF's OrderingFilter and pagination.
- References are filtered by id with `UUIDFilter` (the author of a comment by a bounded integer):
  a malformed id is a 400 naming the parameter, an unknown but well-formed id simply matches
  nothing. No extra query validates the id, and a caller cannot probe whether a hidden record
  (a draft brief, say) exists by watching 400 against 200.
- Conditions on related rows are `pk IN (subquery)` (or `EXISTS` where the condition is
  correlated), never joins: a list never repeats a row, and no `DISTINCT` is needed over large
  tables. `IN` lets the database start from the link table's `(actor, role, claim)` /
  `(location, claim)` index and visit only the matching rows; SQLite runs a correlated `EXISTS`
  once per row of the outer table (0.3-0.7 s per request over 100k claims), PostgreSQL plans
  both as a semi-join.
- "A location and its descendants" is one prefix match on `Location.path` (see the model): the
  location's own path is read once, then `path LIKE '<path>%'` runs with a constant pattern that
  PostgreSQL answers from the `path` column's `varchar_pattern_ops` index.
- Text search on briefs, claims and comments is PostgreSQL full-text search (`websearch` syntax,
  `english` configuration) over exactly the expression of the GIN indexes listed in
  `FULL_TEXT_SEARCH_VECTORS`; SQLite, which has no such index, falls back to `icontains`, every
  word of the query required in at least one of the fields.
- Actors and locations are searched by name and alias with the matcher's normalization
  (`briefings.services.matching.normalize`), see `NameAndAliasSearchMixin`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import FilterSet
from drf_spectacular.utils import extend_schema_field

from briefings.choices import (
    COUNTRY_CHOICES,
    ActorKind,
    Assessment,
    BriefStatus,
    ClaimActorRole,
    ClaimKind,
    CommentKind,
    Credibility,
    LocationKind,
    SourceReliability,
)
from briefings.models import (
    Actor,
    ActorAlias,
    ActorRelation,
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
from briefings.services.matching import normalize
from briefings.validators import validate_country_code

__all__ = [
    "FULL_TEXT_SEARCH_CONFIG",
    "FULL_TEXT_SEARCH_VECTORS",
    "ActorFilterSet",
    "BaseFilterSet",
    "BoundingBox",
    "BriefFilterSet",
    "ClaimFilterSet",
    "CommentFilterSet",
    "LocationFilterSet",
    "search_vector",
]

FULL_TEXT_SEARCH_CONFIG = "english"

# The text columns behind `search` on PostgreSQL, per model. The GIN indexes must be built on
# `search_vector(model)` (the same SearchVector), or PostgreSQL cannot use them for the search.
FULL_TEXT_SEARCH_VECTORS: dict[type, tuple[str, ...]] = {
    Brief: ("title", "summary", "body"),
    Claim: ("statement", "quote", "claimant_text"),
    Comment: ("body",),
}

# Long enough for any real query; longer input is a 400 rather than a costly query plan.
SEARCH_MAX_LENGTH = 200

# A LIMIT larger than any table: keeps PostgreSQL from flattening a subquery into the outer plan.
_SUBQUERY_FENCE = 2**62

# Largest value of Django's AutoField (the user model's key): bigger ids are a 400, not a database error.
_MAX_USER_ID = 2**31 - 1


def search_vector(model: type) -> SearchVector:
    """The tsvector expression `search` matches on PostgreSQL, and the one its GIN index must index."""
    return SearchVector(*FULL_TEXT_SEARCH_VECTORS[model], config=FULL_TEXT_SEARCH_CONFIG)


def _search_filter(help_text: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(method="filter_search", max_length=SEARCH_MAX_LENGTH, help_text=help_text)


def _location_path(location_id) -> str | None:
    """The materialized path of a location, or None when there is no such location."""
    return Location.objects.filter(pk=location_id).values_list("path", flat=True).first()


def _locations_under(path: str) -> QuerySet:
    """Ids of the location with this materialized path and of every location inside it (one prefix match)."""
    return Location.objects.filter(path__startswith=path).values("id")


def _normalized_name(field: str):
    """SQL approximation of `normalize()` for a column that is not stored normalized.

    Lower case, apostrophes and dots dropped, hyphens as spaces: enough for "al-Ba'aj" to read
    "al baaj" and "P.M.F." to read "pmf". Diacritics and punctuation runs are not folded here;
    aliases (stored normalized by the matcher itself) cover those.
    """
    expression = Lower(field)
    for character, replacement in (("'", ""), ("\N{RIGHT SINGLE QUOTATION MARK}", ""), (".", ""), ("-", " ")):
        expression = Replace(expression, Value(character), Value(replacement))
    return expression


# Forms


def _accepts_blank(field: forms.Field) -> bool:
    """Free-text parameters may be sent empty (no filter); typed ones (ids, dates, numbers, choices) may not."""
    return isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField)


class RejectBlankTypedValuesMixin:
    """`?updated_since=` or `?kind=` is a malformed value, not an absent one: 400, as the schema's types say.

    django-filter skips empty values silently, so a client's typo would widen its query without notice.
    Errors use the field's own `invalid` / `invalid_choice` code, the one documented in the schema.
    """

    def clean(self):
        cleaned_data = super().clean()
        for name, field in self.fields.items():
            raw = self.data.get(self.add_prefix(name))
            if raw is None or str(raw).strip() or _accepts_blank(field):
                continue
            code = "invalid_choice" if isinstance(field, forms.ChoiceField) else "invalid"
            self.add_error(name, forms.ValidationError("This parameter must not be empty.", code=code))
        return cleaned_data


class OrderedWindowForm(forms.Form):
    """Rejects a window whose lower bound is after its upper bound, naming the upper parameter."""

    ordered_pairs: tuple[tuple[str, str], ...] = ()

    def clean(self):
        cleaned_data = super().clean()
        for lower, upper in self.ordered_pairs:
            low, high = cleaned_data.get(lower), cleaned_data.get(upper)
            if low is not None and high is not None and low > high:
                # `invalid`: the one code the schema documents for these parameters.
                self.add_error(upper, forms.ValidationError(f"Must not be before {lower}.", code="invalid"))
        return cleaned_data


class BriefFilterForm(OrderedWindowForm):
    ordered_pairs = (("published_after", "published_before"),)


class ClaimFilterForm(OrderedWindowForm):
    ordered_pairs = (("occurred_after", "occurred_before"),)


class CountryCodeField(forms.CharField):
    """An ISO 3166-1 alpha-2 code, accepted in either case and cleaned to the stored upper case."""

    def to_python(self, value):
        return super().to_python(value).upper()

    default_error_messages = {"invalid": "Enter an ISO 3166-1 alpha-2 country code such as IQ."}

    def validate(self, value):
        super().validate(value)
        if value:
            try:
                validate_country_code(value)
            except ValidationError:
                # The documented code of the parameter (the model validator's own code is for record fields).
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class BoundingBox(tuple):
    """(min_longitude, min_latitude, max_longitude, max_latitude), validated."""

    __slots__ = ()

    @property
    def min_longitude(self) -> float:
        return self[0]

    @property
    def min_latitude(self) -> float:
        return self[1]

    @property
    def max_longitude(self) -> float:
        return self[2]

    @property
    def max_latitude(self) -> float:
        return self[3]


_DECIMAL = r"\s*-?[0-9]+(\.[0-9]+)?\s*"
# `minlon,minlat,maxlon,maxlat` as plain decimals; ranges and order are checked by `BoundingBoxField`.
BBOX_PATTERN = rf"^({_DECIMAL},{_DECIMAL},{_DECIMAL},{_DECIMAL})?$"  # empty: no filter


class BoundingBoxField(forms.CharField):
    """Parses `minlon,minlat,maxlon,maxlat` (WGS84 degrees, RFC 7946 order) into a `BoundingBox`.

    A box crossing the antimeridian (min longitude greater than max) is rejected: callers split it in two.
    Every error has the code `invalid`, declared here so the schema documents it.
    """

    default_error_messages = {"invalid": "Give four numbers: minlon,minlat,maxlon,maxlat."}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        parts = value.split(",")
        if len(parts) != 4:
            raise ValidationError("Give four numbers: minlon,minlat,maxlon,maxlat.", code="invalid")
        try:
            numbers = [float(part) for part in parts]
        except ValueError:
            raise ValidationError("Give four numbers: minlon,minlat,maxlon,maxlat.", code="invalid") from None
        if not all(math.isfinite(number) for number in numbers):
            raise ValidationError("Coordinates must be finite numbers.", code="invalid")
        if not re.fullmatch(BBOX_PATTERN, value):
            # Plain decimals only, as the schema's pattern says (`float()` also reads "1e2", "+1", "1_0").
            raise ValidationError("Give four numbers: minlon,minlat,maxlon,maxlat.", code="invalid")
        box = BoundingBox(numbers)
        if not (-180 <= box.min_longitude <= 180 and -180 <= box.max_longitude <= 180):
            raise ValidationError("Longitudes must be between -180 and 180.", code="invalid")
        if not (-90 <= box.min_latitude <= 90 and -90 <= box.max_latitude <= 90):
            raise ValidationError("Latitudes must be between -90 and 90.", code="invalid")
        if box.min_longitude > box.max_longitude or box.min_latitude > box.max_latitude:
            raise ValidationError("Minimum values must not exceed maximum values.", code="invalid")
        return box


# Filters with their own form fields


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC.

    Python takes offsets up to +-23:59, PostgreSQL only up to +-15:59 (a database error, 500); in UTC
    the query no longer carries the caller's offset. A time that leaves the calendar in UTC
    (0001-01-01T00:00+05:00) is an `invalid` value, the code the schema documents.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or timezone.is_naive(value):
            return value
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


# Documented as the enum of assigned codes (empty: no filter); lower case is accepted too. With a schema
# override drf-spectacular takes the description from it, not from the filter's help text.
@extend_schema_field(
    {
        "type": "string",
        "enum": ["", *(code for code, _name in COUNTRY_CHOICES)],
        "description": "ISO 3166-1 alpha-2 country code, e.g. IQ (lower case accepted).",
    }
)
class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


@extend_schema_field(
    {
        "type": "string",
        "pattern": BBOX_PATTERN,
        "description": "minlon,minlat,maxlon,maxlat in WGS84 degrees (RFC 7946 order), edges included; "
        "locations without coordinates are left out.",
    }
)
class BoundingBoxFilter(django_filters.CharFilter):
    field_class = BoundingBoxField


@extend_schema_field(
    {"type": "integer", "minimum": 1, "maximum": _MAX_USER_ID, "description": "Id of the user who wrote the comment."}
)
class UserIdFilter(django_filters.Filter):
    """A user id, bounded so an out-of-range number is a 400 rather than a database overflow.

    The schema states both bounds, so clients (and generated tests) know the range.
    """

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", _MAX_USER_ID)
        super().__init__(*args, **kwargs)


class PageWindowFilter(django_filters.Filter):
    """`limit` / `offset`: whole numbers only (any size: the paginator caps the limit, a far offset is empty)."""

    field_class = forms.IntegerField
    minimum = 0

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", self.minimum)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1})
class PageSizeFilter(PageWindowFilter):
    minimum = 1


@extend_schema_field({"type": "integer", "minimum": 0})
class PageOffsetFilter(PageWindowFilter):
    minimum = 0


# FilterSets


class BaseFilterSet(FilterSet):
    """`search` and `updated_since`, shared by every list.

    Subclasses name their text columns in `FULL_TEXT_SEARCH_VECTORS` or override `filter_search`.
    """

    search = _search_filter(help_text="Text search.")
    updated_since = UtcDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only records changed at or after this ISO 8601 date-time (for incremental sync).",
    )

    # Validated here so that a bad page window is a documented 400 naming the parameter; the paginator
    # (which ignores malformed values) applies them. The paginator's own schema entries take precedence.
    limit = PageSizeFilter(method="filter_pagination", help_text="Page size (capped at 500).")
    offset = PageOffsetFilter(method="filter_pagination", help_text="Rows to skip.")

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (RejectBlankTypedValuesMixin, form_class), {})

    def filter_pagination(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Full-text search on PostgreSQL, every word as `icontains` in some column elsewhere."""
        fields = FULL_TEXT_SEARCH_VECTORS[queryset.model]
        if connection.vendor == "postgresql":
            query = SearchQuery(value, search_type="websearch", config=FULL_TEXT_SEARCH_CONFIG)
            # The matches as `pk IN (subquery)`, the subquery behind an optimization fence (a LIMIT no
            # table reaches): PostgreSQL finds them with the GIN index once, then orders and pages them.
            # As a plain condition (or a subquery it may pull up) the planner walks the list's ordering
            # index and computes to_tsvector() for every row it passes until the page is full, whose cost
            # it underestimates ~100x: 340-820 ms for a word in 1% of 100k briefs / 1M claims, not 3 ms.
            # `alias` keeps the vector out of the SELECT list.
            matches = queryset.model._default_manager.order_by().alias(_search_vector=search_vector(queryset.model))
            return queryset.filter(pk__in=matches.filter(_search_vector=query).values("pk")[:_SUBQUERY_FENCE])
        for word in value.split():
            queryset = queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)))
        return queryset


class NameAndAliasSearchMixin:
    """`search` on a record's name and aliases, with the matcher's normalization.

    A record matches when its name contains the query (case-insensitively), when its name, roughly
    normalized in SQL (`_normalized_name`), contains the normalized query, or when one of its
    aliases contains the normalized query (aliases are stored normalized by the matcher, so "pmf"
    finds "P.M.F." and "al baaj" finds "al-Ba'aj"). Names are not stored normalized, hence the SQL
    approximation; the tables are small enough (thousands of rows) for these scans.
    """

    alias_model: type
    alias_owner_field: str

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q(name__icontains=value)
        normalized = normalize(value)
        if normalized:
            aliases = self.alias_model.objects.filter(
                **{self.alias_owner_field: OuterRef("pk"), "normalized__contains": normalized}
            )
            condition |= Q(_normalized_name__contains=normalized) | Q(Exists(aliases))
        return queryset.alias(_normalized_name=_normalized_name("name")).filter(condition)


class BriefFilterSet(BaseFilterSet):
    search = _search_filter(
        help_text="Text search in title, summary and body (web search syntax on PostgreSQL: words, "
        '"quoted phrases", -excluded).',
    )
    status = django_filters.ChoiceFilter(choices=BriefStatus.choices, help_text="Workflow status.")
    publisher = django_filters.UUIDFilter(field_name="publisher", help_text="Id of the publishing actor.")
    actor = django_filters.UUIDFilter(method="filter_actor", help_text="Id of an actor the brief mentions.")
    location = django_filters.UUIDFilter(
        method="filter_location",
        help_text="Id of a location: briefs mentioning it or any location inside it.",
    )
    published_after = UtcDateTimeFilter(
        field_name="published_at", lookup_expr="gte", help_text="Published at or after this ISO 8601 date-time."
    )
    published_before = UtcDateTimeFilter(
        field_name="published_at", lookup_expr="lte", help_text="Published at or before this ISO 8601 date-time."
    )

    class Meta:
        model = Brief
        fields = []
        form = BriefFilterForm

    def filter_actor(self, queryset, name, value):
        return queryset.filter(pk__in=BriefActor.objects.filter(actor_id=value).values("brief_id"))

    def filter_location(self, queryset, name, value):
        path = _location_path(value)
        if path is None:
            return queryset.none()
        mentions = BriefLocation.objects.filter(location_id__in=_locations_under(path))
        return queryset.filter(pk__in=mentions.values("brief_id"))


class ClaimFilterSet(BaseFilterSet):
    search = _search_filter(
        help_text="Text search in statement, quote and claimant text (web search syntax on PostgreSQL).",
    )
    brief = django_filters.UUIDFilter(field_name="brief", help_text="Id of the brief the claim belongs to.")
    kind = django_filters.ChoiceFilter(choices=ClaimKind.choices, help_text="Kind of claim.")
    actor = django_filters.UUIDFilter(
        method="filter_actor_role",
        help_text="Id of an actor taking part in the claim (in the given `role` when `role` is set too).",
    )
    role = django_filters.ChoiceFilter(
        choices=ClaimActorRole.choices,
        method="filter_actor_role",
        help_text="With `actor`: that actor in this role. Alone: claims with any actor in this role.",
    )
    claimant = django_filters.UUIDFilter(field_name="claimant", help_text="Id of the actor making the claim.")
    location = django_filters.UUIDFilter(
        method="filter_location",
        help_text="Id of a location: claims at it or at any location inside it.",
    )
    occurred_after = django_filters.DateFilter(
        method="filter_occurred_after",
        help_text="Claims whose occurrence range reaches this date or later (range overlap; a missing end "
        "counts as the start). Claims without dates are left out.",
    )
    occurred_before = django_filters.DateFilter(
        method="filter_occurred_before",
        help_text="Claims whose occurrence range starts on or before this date (range overlap). "
        "Claims without dates are left out.",
    )
    source_reliability = django_filters.ChoiceFilter(
        choices=SourceReliability.choices, help_text="Admiralty source reliability grade."
    )
    credibility = django_filters.ChoiceFilter(
        choices=Credibility.choices, method="filter_credibility", help_text="Admiralty credibility grade."
    )
    assessment = django_filters.ChoiceFilter(choices=Assessment.choices, help_text="Analytic assessment.")

    class Meta:
        model = Claim
        fields = []
        form = ClaimFilterForm

    def filter_actor_role(self, queryset, name, value):
        """`actor` and `role` constrain the same ClaimActor row, so they are applied together, once."""
        actor = self.form.cleaned_data.get("actor")
        role = self.form.cleaned_data.get("role")
        if name == "role" and actor:
            return queryset  # already applied with `actor`
        roles = ClaimActor.objects.all()
        if actor:
            roles = roles.filter(actor_id=actor)
        if role:
            roles = roles.filter(role=role)
        return queryset.filter(pk__in=roles.values("claim_id"))

    def filter_credibility(self, queryset, name, value: int):
        # The `int` hint documents the parameter as an integer enum (the model field, being
        # nullable, would make it a nullable one, which a query parameter cannot be).
        return queryset.filter(credibility=value)

    def filter_location(self, queryset, name, value):
        path = _location_path(value)
        if path is None:
            return queryset.none()
        links = ClaimLocation.objects.filter(location_id__in=_locations_under(path))
        return queryset.filter(pk__in=links.values("claim_id"))

    # Two indexable conditions joined by OR rather than COALESCE(occurred_end, occurred_start), which
    # no index on the columns could serve.

    def filter_occurred_after(self, queryset, name, value):
        return queryset.filter(
            Q(occurred_end__gte=value) | Q(occurred_end__isnull=True, occurred_start__gte=value),
        )

    def filter_occurred_before(self, queryset, name, value):
        return queryset.filter(
            Q(occurred_start__lte=value) | Q(occurred_start__isnull=True, occurred_end__lte=value),
        )


class CommentFilterSet(BaseFilterSet):
    search = _search_filter(help_text="Text search in the comment body (web search syntax on PostgreSQL).")
    brief = django_filters.UUIDFilter(field_name="brief", help_text="Id of the brief commented on.")
    claim = django_filters.UUIDFilter(field_name="claim", help_text="Id of the claim commented on.")
    kind = django_filters.ChoiceFilter(choices=CommentKind.choices, help_text="Kind of comment.")
    author = UserIdFilter(field_name="author")  # documented by the class's schema override

    class Meta:
        model = Comment
        fields = []


class ActorFilterSet(NameAndAliasSearchMixin, BaseFilterSet):
    alias_model = ActorAlias
    alias_owner_field = "actor"

    search = _search_filter(
        help_text='Name or alias; case, diacritics, dots and hyphens are ignored in aliases ("pmf" finds "P.M.F.").',
    )
    kind = django_filters.ChoiceFilter(choices=ActorKind.choices, help_text="Kind of actor.")
    country = CountryFilter(field_name="country")  # documented by the class's schema override
    related_to = django_filters.UUIDFilter(
        method="filter_related_to",
        help_text="Id of an actor: actors linked to it by any relation, in either direction.",
    )

    class Meta:
        model = Actor
        fields = []

    def filter_related_to(self, queryset, name, value):
        targets = ActorRelation.objects.filter(source_id=value).values("target_id")
        sources = ActorRelation.objects.filter(target_id=value).values("source_id")
        return queryset.filter(Q(pk__in=targets) | Q(pk__in=sources))


class LocationFilterSet(NameAndAliasSearchMixin, BaseFilterSet):
    alias_model = LocationAlias
    alias_owner_field = "location"

    search = _search_filter(
        help_text='Name or alias; case, diacritics, apostrophes and hyphens are ignored in aliases ("al baaj" '
        'finds "al-Ba\'aj").',
    )
    kind = django_filters.ChoiceFilter(choices=LocationKind.choices, help_text="Kind of location.")
    country = CountryFilter(field_name="country")  # documented by the class's schema override
    parent = django_filters.UUIDFilter(field_name="parent", help_text="Id of the parent location (direct children).")
    within = django_filters.UUIDFilter(
        method="filter_within",
        help_text="Id of a location: every location inside it, at any depth, excluding itself.",
    )
    bbox = BoundingBoxFilter(method="filter_bbox")  # documented by the class's schema override

    class Meta:
        model = Location
        fields = []

    def filter_within(self, queryset, name, value):
        path = _location_path(value)
        if path is None:
            return queryset.none()
        return queryset.filter(path__startswith=path).exclude(pk=value)

    def filter_bbox(self, queryset, name, value):
        return queryset.filter(
            longitude__gte=value.min_longitude,
            longitude__lte=value.max_longitude,
            latitude__gte=value.min_latitude,
            latitude__lte=value.max_latitude,
        )

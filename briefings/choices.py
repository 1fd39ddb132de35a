"""Every enumeration of the domain (DESIGN.md section 2), in one place."""

import pycountry
from django.db import models


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    ARMED_GROUP = "armed_group", "Armed group"
    STATE = "state", "State"
    GOVERNMENT_BODY = "government_body", "Government body"
    MEDIA_OUTLET = "media_outlet", "Media outlet"
    POLITICAL_PARTY = "political_party", "Political party"
    OTHER = "other", "Other"


class ActorRelationKind(models.TextChoices):
    MEMBER_OF = "member_of", "Member of"
    PART_OF = "part_of", "Part of"
    LEADS = "leads", "Leads"
    COMMANDS = "commands", "Commands"
    ALLIED_WITH = "allied_with", "Allied with"
    BACKED_BY = "backed_by", "Backed by"
    AFFILIATED_WITH = "affiliated_with", "Affiliated with"
    OPPOSES = "opposes", "Opposes"


class LocationKind(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    DISTRICT = "district", "District"
    CITY = "city", "City"
    TOWN = "town", "Town"
    VILLAGE = "village", "Village"
    NEIGHBORHOOD = "neighborhood", "Neighborhood"
    SITE = "site", "Site"
    BORDER = "border", "Border"
    AREA = "area", "Area"


class CoordinatePrecision(models.TextChoices):
    EXACT = "exact", "Exact"
    APPROXIMATE = "approximate", "Approximate"
    CENTROID = "centroid", "Centroid"


class BriefStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


class ClaimKind(models.TextChoices):
    TERRITORIAL_CHANGE = "territorial_change", "Territorial change"
    ARMED_CLASH = "armed_clash", "Armed clash"
    ATTACK = "attack", "Attack"
    STATEMENT = "statement", "Statement"
    ANNOUNCEMENT = "announcement", "Announcement"
    DEPLOYMENT = "deployment", "Deployment"
    DESIGNATION = "designation", "Designation"
    APPOINTMENT = "appointment", "Appointment"
    SIGHTING = "sighting", "Sighting"
    OTHER = "other", "Other"


class ClaimActorRole(models.TextChoices):
    SUBJECT = "subject", "Subject"
    TARGET = "target", "Target"
    MENTIONED = "mentioned", "Mentioned"


class SourceReliability(models.TextChoices):
    """Admiralty (NATO) source reliability grades."""

    A = "A", "A - Completely reliable"
    B = "B", "B - Usually reliable"
    C = "C", "C - Fairly reliable"
    D = "D", "D - Not usually reliable"
    E = "E", "E - Unreliable"
    F = "F", "F - Reliability cannot be judged"


class Credibility(models.IntegerChoices):
    """Admiralty (NATO) information credibility grades."""

    CONFIRMED = 1, "1 - Confirmed by other sources"
    PROBABLY_TRUE = 2, "2 - Probably true"
    POSSIBLY_TRUE = 3, "3 - Possibly true"
    DOUBTFUL = 4, "4 - Doubtful"
    IMPROBABLE = 5, "5 - Improbable"
    CANNOT_BE_JUDGED = 6, "6 - Truth cannot be judged"


class Assessment(models.TextChoices):
    REPORTED = "reported", "Reported"
    CORROBORATED = "corroborated", "Corroborated"
    DISPUTED = "disputed", "Disputed"
    REFUTED = "refuted", "Refuted"


class ClaimLinkKind(models.TextChoices):
    CORROBORATES = "corroborates", "Corroborates"
    CONTRADICTS = "contradicts", "Contradicts"
    UPDATES = "updates", "Updates"


class CommentKind(models.TextChoices):
    ANALYSIS = "analysis", "Analysis"
    NOTE = "note", "Note (internal)"


# ISO 3166-1 alpha-2 codes of assigned countries (the set `validators.validate_country_code` accepts),
# as choices so the API schema lists them. Not used as model field choices: the validator decides.
COUNTRY_CHOICES: list[tuple[str, str]] = sorted((country.alpha_2, country.name) for country in pycountry.countries)

"""Field validators shared by models (and therefore by admin and API)."""

import re

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator

validate_wikidata_id = RegexValidator(
    regex=r"^Q[1-9][0-9]{0,11}$",
    message="Enter a Wikidata item id such as Q12345.",
    code="invalid_wikidata_id",
)

validate_http_url = URLValidator(schemes=["http", "https"], message="Enter an http or https URL.")

# BCP 47 language tag, structurally: language (2-3 letters, or 4-8 registered), optional
# script, region and variants. Registry membership of subtags is not checked.
_BCP47 = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}"
    r"(-[A-Za-z]{4})?"
    r"(-([A-Za-z]{2}|[0-9]{3}))?"
    r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)


# The same rule as a JSON Schema pattern (the API schema documents it).
BCP47_PATTERN = _BCP47.pattern


def validate_language_tag(value: str) -> None:
    if not _BCP47.match(value or ""):
        raise ValidationError("Enter a BCP 47 language tag such as en, ar or en-GB.", code="invalid_language")


# The error code, read by drf-standardized-errors to document it in the schema.
validate_language_tag.code = "invalid_language"


def validate_country_code(value: str) -> None:
    """ISO 3166-1 alpha-2, upper case, assigned codes only."""
    if not (len(value) == 2 and value.isupper() and pycountry.countries.get(alpha_2=value)):
        raise ValidationError(
            "Enter an ISO 3166-1 alpha-2 country code such as IQ.", code="invalid_country", params={"value": value}
        )


validate_country_code.code = "invalid_country"

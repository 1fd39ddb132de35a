"""Resolve the dates briefs write in words ("today", "on May 30", "earlier this week") to date ranges.

Briefs date events relative to their own publication day, so every function here takes that day as
`reference`. A result is always a closed range `start..end`: a single day for "yesterday" or
"on May 30", seven days for "earlier this week". The range expresses precision, as Claim's
`occurred_start`/`occurred_end` do (DESIGN.md section 2). Pure functions: no database, no clock.

Rules (all ranges end on or before the reference day, since a brief reports the past):
- "today", "tonight", "this morning/afternoon/evening" -> the reference day;
- "yesterday", "last night" -> the day before;
- "May 30", "30 May", "on May 30" -> that day in the reference year, or the previous year when it
  would fall after the reference day; with a year ("May 30, 2017", "30 May 2017") that exact day;
- "2017-05-30" -> that day;
- "in May" -> that month of the reference year (previous year when the month lies after the reference month);
- "earlier this week", "this past week", "in the past week" -> the 7 days ending on the reference day;
- "this week" -> Monday of the reference week up to the reference day;
- "last week" -> the previous Monday..Sunday;
- "this month" -> the first of the reference month up to the reference day;
- "last month" -> the whole previous calendar month;
- weekday names ("on Tuesday") -> the most recent such day on or before the reference day;
  "last Tuesday" -> the most recent one strictly before it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateMention", "date_expression_spans", "find_dates", "resolve_date"]

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[number].lower(): number for number in range(7)}

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_AFTER_DAY = _MONTH.replace("?P<month>", "?P<month2>")
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_YEAR = r"(?P<year>\d{4})"

# Alternatives are tried in order at each position, so longer phrases come before their parts
# ("earlier this week" before "this week", "May 30, 2017" before "May 30").
_EXPRESSION = re.compile(
    r"\b(?:"
    r"(?P<iso>(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2}))"
    rf"|(?P<month_day>{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?)"
    rf"|(?P<day_month>(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_AFTER_DAY}(?:,?\s+(?P<year2>\d{{4}}))?)"
    r"|(?P<past_week>earlier\s+this\s+week|this\s+past\s+week|(?:in|over|during)\s+the\s+(?:past|last)\s+week)"
    r"|(?P<this_week>this\s+week)"
    r"|(?P<last_week>last\s+week)"
    r"|(?P<this_month>this\s+month)"
    r"|(?P<last_month>last\s+month)"
    r"|(?P<today>today|tonight|this\s+(?:morning|afternoon|evening))"
    r"|(?P<yesterday>yesterday|last\s+night)"
    rf"|(?P<last_weekday>last\s+{_WEEKDAY.replace('?P<weekday>', '?P<weekday2>')})"
    rf"|(?P<weekday_only>{_WEEKDAY})"
    rf"|(?P<month_only>in\s+{_MONTH.replace('?P<month>', '?P<month3>')})"
    r")(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in text (`text[start:end]`) and the range of days it stands for."""

    start: int
    end: int
    text: str
    first_day: date
    last_day: date


def find_dates(text: str, *, reference: date) -> list[DateMention]:
    """Every date expression in `text` that resolves against `reference`, in order of appearance."""
    mentions = []
    for found in _EXPRESSION.finditer(text):
        resolved = _resolve(found, reference=reference)
        if resolved is not None:
            mentions.append(DateMention(found.start(), found.end(), found.group(0), *resolved))
    return mentions


def date_expression_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` has date expressions, whatever day they resolve to (used to trim them off phrases)."""
    return [found.span() for found in _EXPRESSION.finditer(text) if _names_capitalized(found)]


def resolve_date(expression: str, *, reference: date) -> tuple[date, date] | None:
    """The (first, last) day that a whole date expression stands for, or None when it is not one."""
    found = _EXPRESSION.fullmatch(expression.strip())
    return None if found is None else _resolve(found, reference=reference)


def _resolve(found: re.Match[str], *, reference: date) -> tuple[date, date] | None:
    """Dispatch on the matched alternative; None for impossible dates such as "February 30"."""
    kind = _outer_group(found)
    if not _names_capitalized(found):
        return None  # "they may 10" or "in march" are not dates: briefs capitalize month and day names.
    if kind == "iso":
        return _day(int(found["iso_year"]), int(found["iso_month"]), int(found["iso_day"]))
    if kind == "month_day":
        return _calendar_day(month=found["month"], day=found["day"], year=found["year"], reference=reference)
    if kind == "day_month":
        return _calendar_day(month=found["month2"], day=found["day2"], year=found["year2"], reference=reference)
    if kind == "month_only":
        return _month(month=_MONTHS[found["month3"].lower()], reference=reference)
    if kind == "last_weekday":
        return _weekday(_WEEKDAYS[found["weekday2"].lower()], reference=reference, strictly_before=True)
    if kind == "weekday_only":
        return _weekday(_WEEKDAYS[found["weekday"].lower()], reference=reference, strictly_before=False)
    return _RELATIVE[kind](reference)


_OUTER_GROUPS = (
    "iso",
    "month_day",
    "day_month",
    "past_week",
    "this_week",
    "last_week",
    "this_month",
    "last_month",
    "today",
    "yesterday",
    "last_weekday",
    "weekday_only",
    "month_only",
)


def _outer_group(found: re.Match[str]) -> str:
    """The alternative that matched (`lastgroup` would name an inner group such as "year")."""
    return next(name for name in _OUTER_GROUPS if found[name] is not None)


def _names_capitalized(found: re.Match[str]) -> bool:
    names = (found[group] for group in ("month", "month2", "month3", "weekday", "weekday2"))
    return all(name[0].isupper() for name in names if name is not None)


def _day(year: int, month: int, day: int) -> tuple[date, date] | None:
    try:
        exact = date(year, month, day)
    except ValueError:
        return None
    return exact, exact


def _calendar_day(*, month: str, day: str, year: str | None, reference: date) -> tuple[date, date] | None:
    """A day named without a year is the latest such day not after the brief."""
    month_number = _MONTHS[month.lower()]
    if year is not None:
        return _day(int(year), month_number, int(day))
    resolved = _day(reference.year, month_number, int(day))
    if resolved is not None and resolved[0] > reference:
        resolved = _day(reference.year - 1, month_number, int(day))
    return resolved


def _month(*, month: int, reference: date) -> tuple[date, date]:
    year = reference.year if month <= reference.month else reference.year - 1
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _weekday(weekday: int, *, reference: date, strictly_before: bool) -> tuple[date, date]:
    days_back = (reference.weekday() - weekday) % 7
    if strictly_before and days_back == 0:
        days_back = 7
    day = reference - timedelta(days=days_back)
    return day, day


def _previous_month(reference: date) -> tuple[date, date]:
    last = reference.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def _previous_week(reference: date) -> tuple[date, date]:
    this_monday = reference - timedelta(days=reference.weekday())
    return this_monday - timedelta(days=7), this_monday - timedelta(days=1)


_RELATIVE = {
    "today": lambda reference: (reference, reference),
    "yesterday": lambda reference: (reference - timedelta(days=1),) * 2,
    "past_week": lambda reference: (reference - timedelta(days=6), reference),
    "this_week": lambda reference: (reference - timedelta(days=reference.weekday()), reference),
    "last_week": _previous_week,
    "this_month": lambda reference: (reference.replace(day=1), reference),
    "last_month": _previous_month,
}

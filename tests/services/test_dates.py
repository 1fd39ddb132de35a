"""Tests for briefings.services.dates: relative date expressions resolved against a brief's day."""

from datetime import date

import pytest

from briefings.services.dates import DateMention, date_expression_spans, find_dates, resolve_date

THURSDAY = date(2017, 6, 8)


@pytest.mark.parametrize(
    ("expression", "first_day", "last_day"),
    [
        ("today", date(2017, 6, 8), date(2017, 6, 8)),
        ("tonight", date(2017, 6, 8), date(2017, 6, 8)),
        ("this morning", date(2017, 6, 8), date(2017, 6, 8)),
        ("yesterday", date(2017, 6, 7), date(2017, 6, 7)),
        ("last night", date(2017, 6, 7), date(2017, 6, 7)),
        ("May 30", date(2017, 5, 30), date(2017, 5, 30)),
        ("30 May", date(2017, 5, 30), date(2017, 5, 30)),
        ("May 30th", date(2017, 5, 30), date(2017, 5, 30)),
        ("Sept. 3", date(2016, 9, 3), date(2016, 9, 3)),  # after the brief: the previous year
        ("June 8", date(2017, 6, 8), date(2017, 6, 8)),  # the brief's own day stays in its year
        ("June 9", date(2016, 6, 9), date(2016, 6, 9)),
        ("May 30, 2015", date(2015, 5, 30), date(2015, 5, 30)),
        ("3 March 2016", date(2016, 3, 3), date(2016, 3, 3)),
        ("2017-05-30", date(2017, 5, 30), date(2017, 5, 30)),
        ("in May", date(2017, 5, 1), date(2017, 5, 31)),
        ("in July", date(2016, 7, 1), date(2016, 7, 31)),
        ("earlier this week", date(2017, 6, 2), date(2017, 6, 8)),  # seven days ending on the brief's day
        ("this past week", date(2017, 6, 2), date(2017, 6, 8)),
        ("this week", date(2017, 6, 5), date(2017, 6, 8)),  # Monday up to the brief's day
        ("last week", date(2017, 5, 29), date(2017, 6, 4)),  # the previous Monday..Sunday
        ("this month", date(2017, 6, 1), date(2017, 6, 8)),
        ("last month", date(2017, 5, 1), date(2017, 5, 31)),
        ("Tuesday", date(2017, 6, 6), date(2017, 6, 6)),
        ("Thursday", date(2017, 6, 8), date(2017, 6, 8)),  # on or before the brief's day
        ("Friday", date(2017, 6, 2), date(2017, 6, 2)),
        ("last Thursday", date(2017, 6, 1), date(2017, 6, 1)),  # strictly before
    ],
)
def test_resolve_date(expression, first_day, last_day):
    assert resolve_date(expression, reference=THURSDAY) == (first_day, last_day)


def test_resolve_date_across_a_year_boundary():
    assert resolve_date("last month", reference=date(2024, 1, 10)) == (date(2023, 12, 1), date(2023, 12, 31))
    assert resolve_date("December 28", reference=date(2024, 1, 2)) == (date(2023, 12, 28), date(2023, 12, 28))
    assert resolve_date("last week", reference=date(2024, 1, 3)) == (date(2023, 12, 25), date(2023, 12, 31))


def test_resolve_date_february_29_falls_back_to_the_last_leap_year():
    assert resolve_date("February 29", reference=date(2024, 2, 28)) is None  # 2023 has no February 29
    assert resolve_date("February 29", reference=date(2024, 3, 1)) == (date(2024, 2, 29), date(2024, 2, 29))


@pytest.mark.parametrize("expression", ["February 30", "2017-13-01", "someday", "may 30", "in march", "tuesday"])
def test_resolve_date_rejects_non_dates(expression):
    # Lowercase month and day names are words ("they may 30 times"), not dates.
    assert resolve_date(expression, reference=THURSDAY) is None


def test_find_dates_in_a_sentence():
    text = "On May 30, the council said that earlier this week its units advanced; maybe 10 more today."
    assert find_dates(text, reference=THURSDAY) == [
        DateMention(start=3, end=9, text="May 30", first_day=date(2017, 5, 30), last_day=date(2017, 5, 30)),
        DateMention(start=33, end=50, text="earlier this week", first_day=date(2017, 6, 2), last_day=date(2017, 6, 8)),
        DateMention(start=85, end=90, text="today", first_day=date(2017, 6, 8), last_day=date(2017, 6, 8)),
    ]


def test_find_dates_ignores_words_containing_date_names():
    assert find_dates("Mayday calls from Sundays-only markets; Marchers today-ish.", reference=THURSDAY) == []


def test_date_expression_spans():
    assert date_expression_spans("Officials earlier this week said") == [(10, 27)]

"""Tests for briefings.services.ingest: sections, no loss, matches and spans, suggested claims, the saved records.

The briefs under tests/fixtures/briefs/ are written for these tests in the genre of the product's example:
several regions, with and without a Comment section and publisher boilerplate, and the naming variants
matching must absorb (curly quotes, dotted acronyms, possessives, hyphen/space, diacritics, line breaks).
"""

# Curly quotes and dashes are the very input under test.
# ruff: noqa: RUF001, RUF003

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.choices import BriefStatus, ClaimKind, CommentKind
from briefings.models import Actor, Brief, BriefActor, BriefLocation, Comment, Location
from briefings.services.ingest import (
    BODY,
    BOILERPLATE,
    COMMENT,
    LABEL,
    SEPARATOR,
    IngestError,
    brief_ingest,
    make_title,
    split_brief_text,
    split_sentences,
    suggest_claims,
)
from briefings.services.matching import clear_registry_matcher

BRIEFS_DIRECTORY = Path(__file__).resolve().parent.parent / "fixtures" / "briefs"
BRIEF_FILES = sorted(BRIEFS_DIRECTORY.glob("*.txt"))


def read_brief(name: str) -> str:
    return (BRIEFS_DIRECTORY / f"{name}.txt").read_text(encoding="utf-8")


# Registry ----------------------------------------------------------------------------------------

ACTORS = {
    "jnim": ("Jama'at Nusrat al-Islam wal-Muslimin", "armed_group", ["JNIM"]),
    "issp": ("Islamic State Sahel Province", "armed_group", ["ISSP"]),
    "fama": ("Malian Armed Forces", "government_body", ["FAMa"]),
    "wagner": ("Wagner Group", "armed_group", ["Wagner"]),
    "smd": ("Sahel Monitoring Desk", "organization", ["SMD"]),
    "houthis": ("Ansar Allah", "armed_group", ["Houthis", "Ansarallah"]),
    "abdulmalik": ("Abdulmalik al-Houthi", "person", []),
    "plc": ("Presidential Leadership Council", "government_body", []),
    "saba": ("Saba News Agency", "media_outlet", []),
    "centcom": ("U.S. Central Command", "government_body", ["CENTCOM"]),
    "us": ("United States", "state", ["U.S."]),
    "gco": ("Gulf Conflict Observatory", "organization", []),
    "russian_mod": ("Russian Ministry of Defence", "government_body", ["Russian Defence Ministry"]),
    "general_staff": ("General Staff of the Armed Forces of Ukraine", "government_body", ["General Staff"]),
    "defence_intelligence": ("Defence Intelligence", "government_body", []),
    "uk": ("United Kingdom", "state", ["U.K."]),
    "russia": ("Russia", "state", []),
    "tank_army": ("1st Guards Tank Army", "armed_group", []),
    "syniehubov": ("Oleh Syniehubov", "person", []),
    "arakan_army": ("Arakan Army", "armed_group", ["AA"]),
    "tatmadaw": ("Tatmadaw", "armed_group", ["Myanmar military"]),
    "zaw_min_tun": ("Zaw Min Tun", "person", []),
    "msr": ("Mekong Security Review", "organization", ["MSR"]),
}
LOCATIONS = {
    "menaka": ("Ménaka", "town", []),
    "tin_zaouatene": ("Tin-Zaouatene", "town", []),
    "niger": ("Niger", "country", []),
    "ansongo": ("Ansongo", "town", []),
    "marib": ("Marib", "city", []),
    "mokha": ("Al Mokha", "town", []),
    "harib": ("Harib", "district", []),
    "red_sea": ("Red Sea", "area", []),
    "hudaydah": ("al-Hudaydah", "city", ["Hodeidah"]),
    "krokhmalne": ("Krokhmalne", "village", []),
    "kupiansk": ("Kupiansk", "city", []),
    "synkivka": ("Synkivka", "village", []),
    "oskil": ("Oskil River", "area", []),
    "kharkiv": ("Kharkiv", "city", []),
    "ukraine": ("Ukraine", "country", []),
    "sittwe": ("Sittwe", "city", []),
    "mrauk_u": ("Mrauk-U", "town", []),
    "kyaukphyu": ("Kyaukphyu", "town", []),
    "rakhine": ("Rakhine State", "region", ["Rakhine", "Arakan"]),
    "myanmar": ("Myanmar", "country", []),
}
GCO_BOILERPLATE = """Gulf Conflict Observatory — Yemen Weekly

Our weekly is free to share with attribution. Subscribe at example.org/yemen-weekly to receive it every Friday.
"""


@pytest.fixture(autouse=True)
def fresh_registry_matcher():
    # The matcher is cached per process; each test builds its own registry.
    clear_registry_matcher()
    yield
    clear_registry_matcher()


@pytest.fixture
def registry(db) -> dict:
    """Every actor and location the test briefs name, by short key."""
    records = {}
    for key, (name, kind, aliases) in ACTORS.items():
        records[key] = Actor.objects.create(name=name, kind=kind)
        for alias in aliases:
            records[key].aliases.create(name=alias)
    for key, (name, kind, aliases) in LOCATIONS.items():
        records[key] = Location.objects.create(name=name, kind=kind)
        for alias in aliases:
            records[key].aliases.create(name=alias)
    records["gco"].boilerplate = GCO_BOILERPLATE
    records["gco"].save()
    return records


PUBLISHERS = {"sahel_menaka": "smd", "yemen_marib": "gco", "ukraine_kupiansk": None, "myanmar_sittwe": "msr"}
PUBLISHED_AT = {
    "sahel_menaka": datetime(2024, 3, 14, 9, 0, tzinfo=UTC),  # a Thursday
    "yemen_marib": datetime(2024, 1, 12, 9, 0, tzinfo=UTC),  # a Friday
    "ukraine_kupiansk": datetime(2024, 6, 7, 9, 0, tzinfo=UTC),  # a Friday
    "myanmar_sittwe": datetime(2024, 2, 8, 9, 0, tzinfo=UTC),  # a Thursday
}


def ingest(name: str, *, registry: dict, user, **overrides):
    publisher = PUBLISHERS[name]
    arguments = {
        "text": read_brief(name),
        "user": user,
        "publisher": registry[publisher] if publisher else None,
        "published_at": PUBLISHED_AT[name],
        **overrides,
    }
    return brief_ingest(**arguments)


def keys_by_id(registry: dict) -> dict:
    return {record.pk: key for key, record in registry.items()}


# No loss -----------------------------------------------------------------------------------------


def assert_reassembles(text: str, sections) -> None:
    """The segments are the input, cut without loss; only whitespace and the label belong to no part."""
    assert "".join(segment.text for segment in sections.segments) == text
    position = 0
    for segment in sections.segments:
        assert (segment.start, segment.text) == (position, text[segment.start : segment.end])
        position = segment.end
        if segment.kind == SEPARATOR:
            assert segment.text.isspace()
        if segment.kind == LABEL:
            assert segment.text.lower() == "comment:"
    assert sections.body == "".join(segment.text for segment in sections.segments if segment.kind == BODY)
    assert sections.comment == "".join(segment.text for segment in sections.segments if segment.kind == COMMENT)


@pytest.mark.parametrize("path", BRIEF_FILES, ids=lambda path: path.stem)
@pytest.mark.parametrize("line_ending", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_ingest_loses_nothing_of_any_test_brief(path, line_ending, registry, analyst):
    text = path.read_text(encoding="utf-8").replace("\n", line_ending)
    publisher = PUBLISHERS[path.stem]
    result = brief_ingest(text=text, user=analyst, publisher=registry[publisher] if publisher else None)

    assert_reassembles(text, result.sections)
    assert result.brief.body == result.sections.body
    assert (result.comment.body if result.comment else "") == result.sections.comment
    # Stored text is trimmed: the whitespace around each part is in separator segments.
    assert result.brief.body == result.brief.body.strip()


@pytest.mark.parametrize(
    "text",
    [
        "One line, no break",
        "  \n\nLeading blank lines.\n\n\n",
        "Report.\nComment: inline label, same paragraph.",
        "Report.\n\nCOMMENT:\n\nThe label alone on its line.\n\n",
        "Report.\n\nComment:",
        "Report.\n\nClick here to see our donors, non-partisan since 1990.",
    ],
)
def test_split_brief_text_reassembles_edge_cases(text):
    assert_reassembles(text, split_brief_text(text=text))


# Pieces briefs are made of, so generated texts hit labels, paragraph breaks, disclaimers and sentence ends.
TEXT_PIECES = st.sampled_from(
    [
        "Comment:",
        "comment:",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\t",
        "P.M.F.",
        "’s",
        ".",
        "?",
        "Sittwe",
        "said",
        "donors",
        "click here",
        "non-partisan",
        "MSR",
        "according to",
        "today",
        "May 30",
        "“",
        "”",
        "a",
        "B",
        "\u00a0",
    ]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(TEXT_PIECES, max_size=40), registered=st.lists(TEXT_PIECES, max_size=3))
def test_split_brief_text_reassembles_any_text(pieces, registered):
    text = "".join(pieces)
    sections = split_brief_text(
        text=text, registered_boilerplate=["".join(registered)], publisher_names=["Mekong Security Review", "MSR"]
    )
    assert_reassembles(text, sections)
    for start, end in split_sentences(sections.body):
        assert sections.body[start:end].strip() == sections.body[start:end]
    for suggestion in suggest_claims(text=sections.body, matches=[], reference=date(2024, 2, 8), source=BODY):
        assert sections.body[suggestion.span_start : suggestion.span_end] == suggestion.quote


# Sections ----------------------------------------------------------------------------------------


def test_split_brief_text_cuts_comment_and_trailing_disclaimer(registry):
    text = read_brief("sahel_menaka")
    sections = split_brief_text(text=text, publisher_names=["Sahel Monitoring Desk", "SMD"])

    assert [segment.kind for segment in sections.segments] == [
        BODY,
        SEPARATOR,
        LABEL,
        SEPARATOR,
        COMMENT,
        COMMENT,  # The paragraph break inside the comment stays in it.
        COMMENT,
        SEPARATOR,
        BOILERPLATE,
        SEPARATOR,
    ]
    assert sections.body.endswith("published on its Telegram channel.")
    assert sections.comment.startswith("The assault shows that J.N.I.M. is contesting")
    assert sections.comment.endswith(
        "\n\nControl of the tracks between Ménaka and the Algerian border decides who taxes "
        "the smuggling trade, so further fighting there is likely before the rainy season."
    )
    assert sections.boilerplate == (
        "The Sahel Monitoring Desk (SMD) is an independent, non-partisan research service. It does not engage in "
        "advocacy, and the views of its analysts are their own. For a list of our donors, click here.",
    )
    assert sections.label == "Comment:"


def test_split_brief_text_removes_registered_paragraphs_anywhere():
    text = read_brief("yemen_marib")
    registered = [
        "Gulf Conflict Observatory — Yemen Weekly",
        "Our weekly is free to share with attribution. Subscribe "
        "at example.org/yemen-weekly to receive it every Friday.",
    ]
    sections = split_brief_text(text=text, registered_boilerplate=registered)

    # Registered text matches the brief despite different line breaks and spacing.
    assert sections.boilerplate == (
        "Gulf Conflict Observatory — Yemen Weekly",
        "Our weekly is free to share with attribution.   Subscribe at\n"
        "example.org/yemen-weekly to receive it every Friday.",
    )
    assert sections.body.startswith("Ansar Allah forces yesterday shelled")
    assert sections.body.endswith("U.S. Central Command\nannounced.")
    assert sections.comment.endswith("pressing both sides to extend the truce.")


def test_split_brief_text_keeps_body_paragraphs_around_removed_boilerplate():
    text = "First paragraph.\n\nSupport our work.\n\nSecond paragraph.\n"
    sections = split_brief_text(text=text, registered_boilerplate=["Support  our\nwork."])

    assert sections.body == "First paragraph.\n\nSecond paragraph."
    assert sections.boilerplate == ("Support our work.",)
    assert_reassembles(text, sections)


@pytest.mark.parametrize(
    ("closing", "publisher_names", "removed"),
    [
        # One disclaimer phrase is enough when the paragraph names the publisher (or its alias) ...
        ("MSR takes no institutional positions.", ["Mekong Security Review", "MSR"], True),
        # ... without the publisher's name it takes two.
        ("MSR takes no institutional positions.", [], False),
        ("We are non-partisan and list our donors online.", [], True),
        # Analysis that merely mentions donors stays.
        ("Gulf donors have pledged reconstruction funds.", ["Mekong Security Review"], False),
    ],
)
def test_split_brief_text_trailing_disclaimer_detection(closing, publisher_names, removed):
    text = f"Fighting resumed near Sittwe.\n\n{closing}"
    sections = split_brief_text(text=text, publisher_names=publisher_names)
    assert sections.boilerplate == ((closing,) if removed else ())


def test_split_brief_text_never_removes_the_first_paragraph():
    text = "The institute is non-partisan; its donors are listed online. Click here."
    assert split_brief_text(text=text).body == text


# The service: records ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_ingest_creates_a_draft_brief_with_its_analysis_comment(registry, analyst):
    result = ingest("sahel_menaka", registry=registry, user=analyst, source_url="https://example.org/sahel/42")
    brief = Brief.objects.get(pk=result.brief.pk)

    assert brief.status == BriefStatus.DRAFT
    assert brief.title == (
        "Fighters of Jama’at Nusrat al-Islam wal-Muslimin (J.N.I.M.) today overran an army outpost east of Ménaka, "
        "local…"
    )
    assert brief.body == result.sections.body
    assert brief.published_at == PUBLISHED_AT["sahel_menaka"]
    assert brief.publisher == registry["smd"]
    assert brief.source_url == "https://example.org/sahel/42"
    assert (brief.created_by, brief.updated_by) == (analyst, analyst)
    assert brief.history.get().history_user == analyst

    comment = Comment.objects.get(brief=brief)
    assert (comment.kind, comment.author, comment.body) == (CommentKind.ANALYSIS, analyst, result.sections.comment)
    assert comment.history.get().history_user == analyst
    assert result.comment == comment


@pytest.mark.django_db
def test_ingest_without_comment_section_creates_no_comment(registry, analyst):
    result = ingest("ukraine_kupiansk", registry=registry, user=analyst)
    assert result.comment is None
    assert not Comment.objects.exists()
    assert result.sections.boilerplate == ()


@pytest.mark.django_db
def test_ingest_keeps_a_given_title_and_defaults_the_date_to_now(registry, analyst):
    before = timezone.now()
    result = brief_ingest(text=read_brief("ukraine_kupiansk"), user=analyst, title="Kupiansk axis, week 23")
    assert result.brief.title == "Kupiansk axis, week 23"
    assert before <= result.brief.published_at <= timezone.now()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "code"),
    [("", "empty"), (" \n\n\t", "empty"), ("Comment: only an assessment, no report.", "no_body")],
)
def test_ingest_rejects_text_without_a_report(text, code, analyst):
    with pytest.raises(IngestError) as raised:
        brief_ingest(text=text, user=analyst)
    assert raised.value.code == code
    assert not Brief.objects.exists()


@pytest.mark.django_db
def test_ingest_saves_nothing_when_validation_fails(registry, analyst):
    with pytest.raises(ValidationError) as raised:
        ingest("sahel_menaka", registry=registry, user=analyst, source_url="ftp://example.org/brief")
    assert list(raised.value.message_dict) == ["source_url"]
    assert not Brief.objects.exists()
    assert not Comment.objects.exists()
    assert not BriefActor.objects.exists()


# Matches and spans -------------------------------------------------------------------------------

EXPECTED_MATCHES = {
    # (kind, registry key, surface text): every normalization case the matcher absorbs appears here.
    "sahel_menaka": [
        ("actor", "jnim", "Jama’at Nusrat al-Islam wal-Muslimin"),  # curly apostrophe vs registered straight one
        ("actor", "jnim", "J.N.I.M."),  # dotted acronym vs registered "JNIM"
        ("location", "menaka", "Ménaka"),
        ("actor", "issp", "Islamic State Sahel Province"),
        ("location", "tin_zaouatene", "Tin-Zaouatene"),
        ("actor", "fama", "Malian Armed Forces"),
        ("actor", "fama", "FAMa"),
        ("location", "menaka", "Menaka"),  # without the registered diacritic
        ("location", "niger", "Niger"),
        ("actor", "jnim", "JNIM"),  # possessive "JNIM’s" left out of the span
    ],
    "yemen_marib": [
        ("actor", "houthis", "Ansar Allah"),
        ("location", "marib", "Ma’rib"),  # apostrophe inside the word vs registered "Marib"
        ("actor", "saba", "Saba news agency"),  # case
        ("actor", "plc", "Presidential Leadership\nCouncil"),  # name broken across lines
        ("actor", "houthis", "Houthis"),
        ("location", "mokha", "al-Mokha"),  # hyphen vs registered space
        ("actor", "houthis", "Ansarallah"),
        ("location", "harib", "Harib"),
        ("actor", "abdulmalik", "Abdulmalik al-Houthi"),  # "Houthi leader" before it is no "Houthis"
        ("location", "red_sea", "Red Sea"),
        ("actor", "us", "U.S."),  # in "U.S.-led"
        ("location", "hudaydah", "Al Hudaydah"),  # space vs registered hyphen
        ("actor", "centcom", "U.S. Central Command"),  # longest match over "U.S."
    ],
    "ukraine_kupiansk": [
        ("location", "krokhmalne", "Krokhmalne"),
        ("location", "kupiansk", "Kup’iansk"),
        ("actor", "russian_mod", "Russian Ministry of Defence"),
        ("location", "ukraine", "Ukraine"),  # "Ukraine’s"
        ("actor", "general_staff", "General Staff"),
        ("location", "kupiansk", "Kupiansk"),
        ("location", "synkivka", "Synkivka"),
        ("actor", "uk", "U.K."),  # dotted acronym with a curly possessive: "U.K.’s"
        ("actor", "defence_intelligence", "Defence Intelligence"),
        ("actor", "russia", "Russia"),  # "Russia’s"; "Russian" elsewhere is no match
        ("actor", "tank_army", "1st Guards Tank Army"),
        ("location", "oskil", "Oskil River"),
        ("location", "kharkiv", "Kharkiv"),
        ("location", "kharkiv", "Kharkiv"),
        ("actor", "syniehubov", "Oleh Syniehubov"),
    ],
    "myanmar_sittwe": [
        ("actor", "arakan_army", "Arakan Army"),  # longest match over the location alias "Arakan"
        ("actor", "arakan_army", "AA"),
        ("actor", "tatmadaw", "Tatmadaw"),
        ("location", "sittwe", "Sittwe"),
        ("actor", "arakan_army", "AA"),
        ("location", "mrauk_u", "Mrauk U"),  # space vs registered hyphen
        # "Arakanese" is no match for "Arakan".
        ("location", "kyaukphyu", "Kyaukphyu"),
        ("location", "myanmar", "Myanmar"),
        ("actor", "zaw_min_tun", "Zaw Min Tun"),
        ("location", "rakhine", "Rakhine State"),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED_MATCHES))
def test_ingest_matches_known_names_with_spans_into_the_body(name, registry, analyst):
    result = ingest(name, registry=registry, user=analyst)
    body = result.brief.body
    keys = keys_by_id(registry)

    assert [(match.kind, keys[match.id], match.text) for match in result.matches] == EXPECTED_MATCHES[name]
    for match in result.matches:
        assert body[match.start : match.end] == match.text
        assert match.name == registry[keys[match.id]].name


@pytest.mark.django_db
def test_ingest_attaches_mentions_with_every_span(registry, analyst):
    result = ingest("sahel_menaka", registry=registry, user=analyst)
    body = result.brief.body
    keys = keys_by_id(registry)

    actor_spans = {keys[row.actor_id]: row.spans for row in BriefActor.objects.filter(brief=result.brief)}
    location_spans = {keys[row.location_id]: row.spans for row in BriefLocation.objects.filter(brief=result.brief)}
    assert {key: [body[start:end] for start, end in spans] for key, spans in actor_spans.items()} == {
        "jnim": ["Jama’at Nusrat al-Islam wal-Muslimin", "J.N.I.M.", "JNIM"],
        "issp": ["Islamic State Sahel Province"],
        "fama": ["Malian Armed Forces", "FAMa"],
    }
    assert {key: [body[start:end] for start, end in spans] for key, spans in location_spans.items()} == {
        "menaka": ["Ménaka", "Menaka"],
        "tin_zaouatene": ["Tin-Zaouatene"],
        "niger": ["Niger"],
    }
    # Names only in the comment (Wagner, Ansongo) or the disclaimer (the publisher) are not mentions of the body.
    assert set(result.brief.actors.all()) == {registry["jnim"], registry["issp"], registry["fama"]}
    assert [actor.pk for actor in result.actors] == [registry[key].pk for key in ("jnim", "issp", "fama")]
    assert BriefActor.history.filter(history_user=analyst).count() == 3


@pytest.mark.django_db
def test_ingest_query_count_is_constant(registry, analyst, django_assert_num_queries):
    ingest("yemen_marib", registry=registry, user=analyst)  # Builds and caches the registry matcher.
    # Publisher aliases (1), registry fingerprint (4), matched actors and locations (2), then the writes:
    # savepoint, brief + history, the brief's status read under a lock + comment + history, one bulk
    # insert per mention table + its history, release (11). Independent of how many names the brief mentions.
    with django_assert_num_queries(18):
        ingest("sahel_menaka", registry=registry, user=analyst)


# Suggested claims --------------------------------------------------------------------------------


def claim_fields(suggestion, keys: dict) -> dict:
    """A suggestion with registry keys instead of ids, for readable golden dicts."""
    return {
        "statement": suggestion.statement,
        "quote": suggestion.quote,
        "span_start": suggestion.span_start,
        "span_end": suggestion.span_end,
        "kind": suggestion.kind,
        "claimant": keys.get(suggestion.claimant),
        "claimant_text": suggestion.claimant_text,
        "actors": [(keys[actor.actor], actor.role) for actor in suggestion.actors],
        "locations": [keys[location] for location in suggestion.locations],
        "occurred_start": suggestion.occurred_start,
        "occurred_end": suggestion.occurred_end,
        "source": suggestion.source,
    }


@pytest.mark.django_db
def test_ingest_suggests_claims_with_resolved_dates(registry, analyst):
    result = ingest("ukraine_kupiansk", registry=registry, user=analyst)
    body = result.brief.body
    suggestions = [claim_fields(suggestion, keys_by_id(registry)) for suggestion in result.suggested_claims]

    first = (
        "Russian forces captured the village of Krokhmalne east of Kup’iansk earlier this week, "
        "the Russian Ministry of Defence claimed today."
    )
    second = (
        "Ukraine’s General Staff said that its units repelled eleven assaults near Kupiansk and Synkivka on May 30."
    )
    third = (
        "According to the U.K.’s Defence Intelligence, Russia’s 1st Guards Tank Army has committed reserves "
        "along the Oskil River."
    )
    assert suggestions == [
        {
            "statement": first,
            "quote": first,
            "span_start": 0,
            "span_end": 133,
            "kind": ClaimKind.TERRITORIAL_CHANGE,
            "claimant": "russian_mod",
            "claimant_text": "Russian Ministry of Defence",
            "actors": [],
            "locations": ["krokhmalne", "kupiansk"],
            # "earlier this week" comes first: the seven days ending on the brief's day (Friday 7 June).
            "occurred_start": date(2024, 6, 1),
            "occurred_end": date(2024, 6, 7),
            "source": "body",
        },
        {
            "statement": second,
            "quote": second,
            "span_start": 134,
            "span_end": 240,
            "kind": ClaimKind.STATEMENT,
            "claimant": "general_staff",  # The head of "Ukraine’s General Staff", not "Ukraine".
            "claimant_text": "Ukraine’s General Staff",
            "actors": [("general_staff", "subject")],
            "locations": ["ukraine", "kupiansk", "synkivka"],
            "occurred_start": date(2024, 5, 30),
            "occurred_end": date(2024, 5, 30),
            "source": "body",
        },
        {
            "statement": third,
            "quote": third,
            "span_start": 241,
            "span_end": 362,
            "kind": ClaimKind.OTHER,
            "claimant": "defence_intelligence",
            "claimant_text": "U.K.’s Defence Intelligence",
            "actors": [("uk", "mentioned"), ("russia", "mentioned"), ("tank_army", "mentioned")],
            "locations": ["oskil"],
            "occurred_start": None,
            "occurred_end": None,
            "source": "body",
        },
        {
            "statement": "Volunteers in Kharkiv reported power cuts after strikes on a substation.",
            "quote": "Volunteers in Kharkiv reported power cuts after strikes on a substation.",
            "span_start": 364,
            "span_end": 436,
            "kind": ClaimKind.OTHER,
            "claimant": None,
            "claimant_text": "Volunteers in Kharkiv",
            "actors": [],
            "locations": ["kharkiv"],
            "occurred_start": None,
            "occurred_end": None,
            "source": "body",
        },
        {
            "statement": "Kharkiv governor Oleh Syniehubov said two civilians were wounded.",
            "quote": "Kharkiv governor Oleh Syniehubov said two civilians were wounded.",
            "span_start": 437,
            "span_end": 502,
            "kind": ClaimKind.STATEMENT,
            "claimant": "syniehubov",
            "claimant_text": "Kharkiv governor Oleh Syniehubov",
            "actors": [("syniehubov", "subject")],
            "locations": ["kharkiv"],
            "occurred_start": None,
            "occurred_end": None,
            "source": "body",
        },
    ]
    for suggestion in result.suggested_claims:
        assert body[suggestion.span_start : suggestion.span_end] == suggestion.quote


@pytest.mark.django_db
def test_ingest_suggests_claims_from_the_comment_without_spans(registry, analyst):
    result = ingest("sahel_menaka", registry=registry, user=analyst)
    from_comment = [
        claim_fields(suggestion, keys_by_id(registry))
        for suggestion in result.suggested_claims
        if suggestion.source == "comment"
    ]
    assert from_comment == [
        {
            "statement": "On March 2, the Malian junta announced that Wagner-linked units would leave Tin Zaouatene, "
            "and the group appears to be exploiting that gap.",
            # A claim's quote must be text of the brief body, so comment suggestions carry none.
            "quote": "",
            "span_start": None,
            "span_end": None,
            "kind": ClaimKind.ANNOUNCEMENT,
            "claimant": None,
            "claimant_text": "Malian junta",
            "actors": [("wagner", "mentioned")],
            "locations": ["tin_zaouatene"],
            "occurred_start": date(2024, 3, 2),
            "occurred_end": date(2024, 3, 2),
            "source": "comment",
        },
        {
            "statement": "FAMa officials earlier this week claimed that the road to Ansongo remains open, "
            "which residents dispute.",
            "quote": "",
            "span_start": None,
            "span_end": None,
            "kind": ClaimKind.STATEMENT,
            "claimant": "fama",
            "claimant_text": "FAMa officials",  # The date between speaker and verb is not part of the speaker.
            "actors": [("fama", "subject")],
            "locations": ["ansongo"],
            "occurred_start": date(2024, 3, 8),
            "occurred_end": date(2024, 3, 14),
            "source": "comment",
        },
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "sahel_menaka",
            [
                (ClaimKind.TERRITORIAL_CHANGE, None, "local officials", [("jnim", "subject")], date(2024, 3, 14)),
                (ClaimKind.ARMED_CLASH, "fama", "Malian Armed Forces", [("issp", "mentioned")], None),
                (ClaimKind.OTHER, None, "Residents of Menaka", [], None),
                (ClaimKind.STATEMENT, "jnim", "JNIM’s media arm", [("jnim", "subject")], None),
            ],
        ),
        (
            "yemen_marib",
            [
                (ClaimKind.ATTACK, "saba", "Saba news agency", [("houthis", "subject")], date(2024, 1, 11)),
                (
                    ClaimKind.OTHER,
                    "plc",
                    "Presidential Leadership Council",
                    [("houthis", "mentioned")],
                    date(2024, 1, 7),
                ),
                (ClaimKind.STATEMENT, None, "council’s spokesman", [("houthis", "mentioned")], None),
                (
                    ClaimKind.STATEMENT,
                    "abdulmalik",
                    "Houthi leader Abdulmalik al-Houthi",
                    [("abdulmalik", "subject")],
                    date(2024, 1, 11),
                ),
                (ClaimKind.ATTACK, "centcom", "U.S. Central Command", [("us", "subject")], None),
            ],
        ),
        (
            "myanmar_sittwe",
            [
                (
                    ClaimKind.ARMED_CLASH,
                    None,
                    "residents",
                    [("arakan_army", "mentioned"), ("tatmadaw", "mentioned")],
                    date(2024, 2, 6),
                ),
                (ClaimKind.TERRITORIAL_CHANGE, "arakan_army", "AA", [("arakan_army", "subject")], None),
                (ClaimKind.OTHER, None, "Arakanese aid groups", [], None),
                (
                    ClaimKind.STATEMENT,
                    "zaw_min_tun",
                    "Myanmar’s junta spokesman Zaw Min Tun",
                    [("zaw_min_tun", "subject")],
                    date(2024, 1, 29),
                ),
            ],
        ),
    ],
)
def test_ingest_suggested_claims_in_the_body(name, expected, registry, analyst):
    result = ingest(name, registry=registry, user=analyst)
    keys = keys_by_id(registry)
    assert [
        (
            suggestion.kind,
            keys.get(suggestion.claimant),
            suggestion.claimant_text,
            [(keys[actor.actor], actor.role) for actor in suggestion.actors],
            suggestion.occurred_start,
        )
        for suggestion in result.suggested_claims
        if suggestion.source == "body"
    ] == expected


@pytest.mark.django_db
def test_ingest_suggestions_are_not_saved(registry, analyst):
    result = ingest("ukraine_kupiansk", registry=registry, user=analyst)
    assert result.suggested_claims
    assert not result.brief.claims.exists()


# Sentences and titles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("The P.M.F. leadership met. It agreed.", ["The P.M.F. leadership met.", "It agreed."]),
        ("Backed by the I.R.G.C. Quds Force, they advanced.", ["Backed by the I.R.G.C. Quds Force, they advanced."]),
        ("Maj. Gen. Smith arrived. He left.", ["Maj. Gen. Smith arrived.", "He left."]),
        ("He said “we will stay.” Others left.", ["He said “we will stay.”", "Others left."]),
        ("Prices rose approx. five times. No more.", ["Prices rose approx. five times.", "No more."]),
        ("A hard-wrapped\nsentence. Next\none.", ["A hard-wrapped\nsentence.", "Next\none."]),
        ("No final stop\n\nNew paragraph", ["No final stop", "New paragraph"]),
    ],
)
def test_split_sentences(text, sentences):
    assert [text[start:end] for start, end in split_sentences(text)] == sentences


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("Clashes resumed near Sittwe. More later.", "Clashes resumed near Sittwe"),
        ("Talks stalled?  Mediators left.", "Talks stalled?"),
        ("Officials met in\nthe capital.", "Officials met in the capital"),
        ("Aid reached the U.S. Embassy. Then it stopped.", "Aid reached the U.S. Embassy"),
        (
            "Convoys carrying fuel, flour and medicine crossed from the northern border towards the besieged city "
            "overnight after weeks of negotiation.",
            "Convoys carrying fuel, flour and medicine crossed from the northern border towards the besieged city "
            "overnight after…",
        ),
        ("x" * 200, "x" * 119 + "…"),
    ],
)
def test_make_title(body, title):
    assert make_title(body) == title
    assert len(make_title(body)) <= 120

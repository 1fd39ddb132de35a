"""Tests for briefings.services.matching: normalization, span mapping, matching rules, the DB registry."""

# Look-alike quotes, apostrophes and dashes are the very input under test, written as they appear in briefs.
# ruff: noqa: RUF001

import dataclasses

import pytest

from briefings.services.matching import (
    Match,
    Matcher,
    clear_registry_matcher,
    get_registry_matcher,
    normalize,
    normalize_with_offsets,
)

PMF = ("actor", "pmf")
ISLAMIC_STATE = ("actor", "islamic-state")
IRAN = ("actor", "iran")
MOSUL = ("location", "mosul")
BAAJ = ("location", "baaj")

REGISTRY = [
    (PMF, ["Popular Mobilization Forces", "PMF", "P.M.F."]),
    (ISLAMIC_STATE, ["Islamic State", "IS", "ISIS"]),
    (IRAN, ["Iran"]),
    (MOSUL, ["Mosul"]),
    (BAAJ, ["al-Ba'aj"]),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(REGISTRY)


def surfaces(*, matcher: Matcher, text: str) -> list[tuple[str, object]]:
    """What each match covers in the original text, with its key: the contract callers rely on."""
    matches = matcher.find(text)
    for match in matches:
        assert text[match.start : match.end] == match.text
    return [(match.text, match.key) for match in matches]


# Normalization -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("MOSUL", "mosul"),
        ("Mōsul", "mosul"),
        ("Ḥaydar al-ʿAbādī", "haydar al abadi"),
        ("Straße", "strasse"),
        ("P.M.F.", "pmf"),
        ("I.R.G.C", "irgc"),
        ("(I.R.G.C.)", "irgc"),
        ("P.M.F.'s", "pmf"),
        ("P.M.F.’s", "pmf"),
        ("Iraq’s", "iraq"),
        ("Iraq's", "iraq"),
        ("the commanders’ meeting", "the commanders meeting"),
        ("al-Ba'aj", "al baaj"),
        ("al Ba’aj", "al baaj"),
        ("al‐Ba‘aj", "al baaj"),
        ("al–Baʼaj", "al baaj"),
        ("al—Ba`aj", "al baaj"),
        ("al Ba´aj", "al baaj"),
        ("al-Baʿaj", "al baaj"),
        ("U.S.-backed", "us backed"),
        ("  Popular \n\t Mobilization\n\nForces  ", "popular mobilization forces"),
        ("“Quds” Force", "quds force"),
        ("'Islamic State'", "islamic state"),
        ("Mo\N{SOFT HYPHEN}sul", "mosul"),
        ("Kurdistan Region (KRG), Iraq", "kurdistan region krg iraq"),
        ("", ""),
        (" -’. ", ""),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "variants",
    [
        ["P.M.F.", "PMF", "pmf", "P.M.F.’s", "PMF's"],
        ["al-Ba'aj", "Al Baaj", "al Ba’aj", "AL-BA‘AJ", "al  Baʼaj"],
        ["Mosul", "Mōsul", "MOSUL", "Mosul’s"],
        ["Abu Mahdi al-Muhandis", "Abu Mahdi al Muhandis", "abu  mahdi\nal–muhandis"],
    ],
)
def test_normalize_treats_variants_as_one_name(variants):
    assert len({normalize(variant) for variant in variants}) == 1


@pytest.mark.parametrize(
    "raw",
    ["P.M.F.’s", "al-Ba'aj", "Mōsul", "Straße ﬁnal", "ǰ İstanbul ǅ", "U.S.Army", "x'’s", "'s", "ʿAbd ´ `", "¼ ㍱ Ⅻ"],
)
def test_normalize_is_idempotent(raw):
    once = normalize(raw)
    assert normalize(once) == once


def test_normalize_with_offsets_maps_every_character_back():
    text = "The P.M.F.’s commander near al-Ba’aj"
    normalized = normalize_with_offsets(text)
    assert normalized.text == "the pmf commander near al baaj"
    assert normalized.original_span(start=4, end=7) == (4, 10)  # "pmf" came from "P.M.F."
    assert text[slice(*normalized.original_span(start=23, end=30))] == "al-Ba’aj"


# Matching -------------------------------------------------------------------------------------------


def test_find_reports_spans_in_the_original_text(matcher):
    text = "Units of the P.M.F.’s western axis pushed towards al Ba’aj, west of Mōsul."
    assert surfaces(matcher=matcher, text=text) == [("P.M.F.", PMF), ("al Ba’aj", BAAJ), ("Mōsul", MOSUL)]


def test_find_returns_match_details(matcher):
    text = "Fighters loyal to the PMF entered Mosul."
    assert matcher.find(text) == [
        Match(start=22, end=25, key=PMF, name="PMF", text="PMF"),
        Match(start=34, end=39, key=MOSUL, name="Mosul", text="Mosul"),
    ]


def test_find_registered_name_with_diacritics_matches_plain_text():
    matcher = Matcher([(MOSUL, ["Mōsul"])])
    assert surfaces(matcher=matcher, text="Clashes resumed in MOSUL overnight.") == [("MOSUL", MOSUL)]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The offensive was announced by the P.M.F.", "P.M.F."),
        ("The offensive was announced by the P.M.F.. Fighting went on.", "P.M.F."),
        ("The offensive was announced by the P.M.F. Fighting went on.", "P.M.F."),
        ("The offensive was announced by the PMF. Fighting went on.", "PMF"),
        ("Was it the P.M.F.? Sources disagree.", "P.M.F."),
    ],
)
def test_find_dotted_acronym_at_sentence_end(matcher, text, surface):
    assert surfaces(matcher=matcher, text=text) == [(surface, PMF)]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Iran’s envoy arrived on Monday.", "Iran"),
        ("Iran's envoy arrived on Monday.", "Iran"),
        ("The PMF's new commander spoke.", "PMF"),
        ("The P.M.F.'s new commander spoke.", "P.M.F."),
    ],
)
def test_find_leaves_the_possessive_out_of_the_span(matcher, text, surface):
    assert [surface for surface, _ in surfaces(matcher=matcher, text=text)] == [surface]


@pytest.mark.parametrize("surface", ["al-Ba'aj", "Al Baaj", "al Ba’aj", "al–Baʿaj", "AL-BA`AJ"])
def test_find_hyphen_space_and_apostrophe_variants(matcher, surface):
    text = f"Reinforcements reached {surface} at dawn."
    assert surfaces(matcher=matcher, text=text) == [(surface, BAAJ)]


def test_find_name_broken_by_whitespace_and_newlines(matcher):
    text = "Commanders of the Popular\n   Mobilization\t\tForces met in the evening."
    assert surfaces(matcher=matcher, text=text) == [("Popular\n   Mobilization\t\tForces", PMF)]


@pytest.mark.parametrize(
    "text",
    [
        "Iranian outlets carried the statement.",
        "Lawmakers in Tehran discussed the Iranians' role.",
        "The ISILS spokesman was not named.",
        "Mosuli traders reopened the market.",
        "The PMFs' logistics are stretched.",
    ],
)
def test_find_no_match_inside_other_words(matcher, text):
    assert matcher.find(text) == []


def test_find_short_alias_does_not_match_inside_a_longer_acronym():
    matcher = Matcher([(ISLAMIC_STATE, ["IS"]), (("actor", "isis"), ["ISIS"])])
    assert surfaces(matcher=matcher, text="ISIS cells remain active.") == [("ISIS", ("actor", "isis"))]


def test_find_acronym_alias_ignores_the_same_word_in_lowercase(matcher):
    text = "The road is open, and IS fighters withdrew; Is it safe?"
    assert surfaces(matcher=matcher, text=text) == [("IS", ISLAMIC_STATE)]


def test_find_ordinary_name_matches_any_case(matcher):
    assert surfaces(matcher=matcher, text="STRIKES REPORTED NEAR MOSUL") == [("MOSUL", MOSUL)]


@pytest.mark.parametrize(
    ("registry", "text", "expected"),
    [
        (
            [(("actor", "islamic"), ["Islamic"]), (ISLAMIC_STATE, ["Islamic State"])],
            "Remnants of the Islamic State regrouped.",
            [("Islamic State", ISLAMIC_STATE)],
        ),
        (
            [(("actor", "mf"), ["Mobilization Forces"]), (PMF, ["Popular Mobilization Forces"])],
            "The Popular Mobilization Forces advanced.",
            [("Popular Mobilization Forces", PMF)],
        ),
        (
            # Partial overlap: the longer candidate wins, the shorter one is dropped entirely.
            [(("actor", "irg"), ["Islamic Revolution"]), (("actor", "irgc"), ["Revolution Guards Corps"])],
            "Officers of the Islamic Revolution Guards Corps attended.",
            [("Revolution Guards Corps", ("actor", "irgc"))],
        ),
    ],
)
def test_find_longest_match_wins(registry, text, expected):
    assert surfaces(matcher=Matcher(registry), text=text) == expected


def test_find_reports_every_non_overlapping_match_in_order(matcher):
    text = "Iran backs the PMF against the Islamic State near Mosul; IS lost Mosul and al-Ba'aj to Iran-backed units."
    assert surfaces(matcher=matcher, text=text) == [
        ("Iran", IRAN),
        ("PMF", PMF),
        ("Islamic State", ISLAMIC_STATE),
        ("Mosul", MOSUL),
        ("IS", ISLAMIC_STATE),
        ("Mosul", MOSUL),
        ("al-Ba'aj", BAAJ),
        ("Iran", IRAN),
    ]


def test_find_adjacent_names():
    matcher = Matcher([(IRAN, ["Iran"]), (("location", "iraq"), ["Iraq"])])
    assert surfaces(matcher=matcher, text="Iran Iraq") == [("Iran", IRAN), ("Iraq", ("location", "iraq"))]


def test_find_shared_name_reports_each_key():
    matcher = Matcher([(("actor", "badr"), ["Badr"]), (("location", "badr"), ["Badr"])])
    assert surfaces(matcher=matcher, text="Badr announced gains.") == [
        ("Badr", ("actor", "badr")),
        ("Badr", ("location", "badr")),
    ]


def test_find_reports_a_key_once_per_span(matcher):
    # "PMF" and "P.M.F." normalize alike: one match, named after the first registered spelling.
    assert matcher.find("P.M.F.") == [Match(start=0, end=6, key=PMF, name="PMF", text="P.M.F.")]


@pytest.mark.parametrize("text", ["", "   ", "Nothing relevant was reported today."])
def test_find_without_matches(matcher, text):
    assert matcher.find(text) == []


@pytest.mark.parametrize("registry", [[], [(MOSUL, [])], [(MOSUL, ["", " – "])]])
def test_find_with_an_empty_registry(registry):
    matcher = Matcher(registry)
    assert matcher.pattern_count == 0
    assert matcher.find("Clashes near Mosul.") == []


def test_match_is_immutable(matcher):
    (match,) = matcher.find("Mosul")
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.start = 1


# Registry (database) -------------------------------------------------------------------------------


@pytest.fixture
def registry_matcher_cache():
    clear_registry_matcher()
    yield
    clear_registry_matcher()


@pytest.fixture
def pmf(db):
    from briefings.models import Actor

    actor = Actor.objects.create(name="Popular Mobilization Forces", kind="armed_group")
    actor.aliases.create(name="P.M.F.")
    return actor


@pytest.fixture
def mosul(db):
    from briefings.models import Location

    location = Location.objects.create(name="Mosul", kind="city")
    location.aliases.create(name="Mōsul")
    return location


@pytest.mark.django_db
@pytest.mark.usefixtures("registry_matcher_cache")
def test_registry_matcher_finds_actor_and_location_names_and_aliases(pmf, mosul):
    text = "The P.M.F. said the Popular Mobilization Forces hold Mosul."
    assert surfaces(matcher=get_registry_matcher(), text=text) == [
        ("P.M.F.", ("actor", pmf.pk)),
        ("Popular Mobilization Forces", ("actor", pmf.pk)),
        ("Mosul", ("location", mosul.pk)),
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("registry_matcher_cache", "pmf")
def test_registry_matcher_is_cached_while_the_registry_is_unchanged(django_assert_num_queries):
    first = get_registry_matcher()
    with django_assert_num_queries(4):  # One aggregate per registry table, no rebuild.
        assert get_registry_matcher() is first


@pytest.mark.django_db
@pytest.mark.usefixtures("registry_matcher_cache")
def test_registry_matcher_follows_registry_changes(pmf, mosul):
    text = "Hashd fighters entered Mosul."
    assert [key for _, key in surfaces(matcher=get_registry_matcher(), text=text)] == [("location", mosul.pk)]

    alias = pmf.aliases.create(name="Hashd")
    assert [key for _, key in surfaces(matcher=get_registry_matcher(), text=text)] == [
        ("actor", pmf.pk),
        ("location", mosul.pk),
    ]

    mosul.name = "Nineveh"
    mosul.save()
    mosul.aliases.all().delete()
    assert [key for _, key in surfaces(matcher=get_registry_matcher(), text=text)] == [("actor", pmf.pk)]

    alias.delete()
    assert get_registry_matcher().find(text) == []

"""Find known actors and locations in free text (DESIGN.md section 4).

`normalize` is the one definition of "the same name": it is stored in the alias `normalized`
columns, used by alias search, and applied to both the registry and the text by `Matcher`.
Two strings match when their normalized forms are equal, so the rules live in one place:

- case is folded, diacritics and other combining marks are dropped (NFKD);
- apostrophes of every shape are one apostrophe; inside a word it is dropped ("Ba'aj" -> "baaj"),
  a possessive "'s" is dropped ("Iraq's" -> "iraq"), anywhere else it separates words;
- dotted acronyms lose their dots ("P.M.F." -> "pmf");
- every other run of non-alphanumeric characters (spaces, hyphens, dashes, quotes, punctuation)
  becomes one space, so the result is alphanumeric words joined by single spaces.

Matching runs on the normalized text and maps spans back to the original text through an offset
map, so callers can highlight or store exactly what the brief said.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime

import ahocorasick

__all__ = [
    "Match",
    "Matcher",
    "NormalizedText",
    "clear_registry_matcher",
    "get_registry_matcher",
    "normalize",
    "normalize_with_offsets",
    "registry_fingerprint",
]

# Apostrophe look-alikes seen in transliterated names. Some are letters to Unicode (the modifier
# letters used for hamza and ayn), and the acute accent decomposes to a space plus a combining mark,
# so they are mapped before any other folding.
_APOSTROPHES = frozenset(
    (
        "\N{APOSTROPHE}",
        "\N{GRAVE ACCENT}",
        "\N{ACUTE ACCENT}",
        "\N{LEFT SINGLE QUOTATION MARK}",
        "\N{RIGHT SINGLE QUOTATION MARK}",
        "\N{SINGLE LOW-9 QUOTATION MARK}",
        "\N{SINGLE HIGH-REVERSED-9 QUOTATION MARK}",
        "\N{PRIME}",
        "\N{REVERSED PRIME}",
        "\N{MODIFIER LETTER PRIME}",
        "\N{MODIFIER LETTER TURNED COMMA}",
        "\N{MODIFIER LETTER APOSTROPHE}",
        "\N{MODIFIER LETTER REVERSED COMMA}",
        "\N{MODIFIER LETTER RIGHT HALF RING}",
        "\N{MODIFIER LETTER LEFT HALF RING}",
        "\N{MODIFIER LETTER ACUTE ACCENT}",
        "\N{MODIFIER LETTER GRAVE ACCENT}",
        "\N{FULLWIDTH APOSTROPHE}",
        "\N{FULLWIDTH GRAVE ACCENT}",
    )
)
_APOSTROPHE = "'"

_ALPHANUMERIC = r"[^\W_]"
_LETTER = r"[^\W\d_]"
# Everything that survives normalization; the gaps between these tokens are word separators.
_TOKEN = re.compile(
    # Single letters joined by dots ("p.m.f", "u.s."), not glued to a word on either side. The
    # final dot belongs to the acronym unless a word follows it directly ("u.s.army").
    rf"(?P<acronym>(?<!{_ALPHANUMERIC}){_LETTER}(?:\.{_LETTER})+(?!{_ALPHANUMERIC})(?:\.(?!{_ALPHANUMERIC}))?)"
    rf"|(?P<word>{_ALPHANUMERIC}+)"
    rf"|(?P<possessive>'s(?!{_ALPHANUMERIC}))"
    rf"|(?P<apostrophe>')"
)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalized string plus, for each of its characters, the span it came from in the original."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, *, start: int, end: int) -> tuple[int, int]:
        """Map the non-empty normalized span [start, end) to the span of the original text it came from."""
        return self.starts[start], self.ends[end - 1]


@dataclass(frozen=True, slots=True)
class Match:
    """One occurrence of a registered name: `text` is `original[start:end]`, `name` is the registered name."""

    start: int
    end: int
    key: Hashable
    name: str
    text: str


def normalize(text: str) -> str:
    """Return the matching key of `text` (see the module docstring); idempotent."""
    return normalize_with_offsets(text).text


def normalize_with_offsets(text: str) -> NormalizedText:
    """Normalize `text` and keep, for every normalized character, where it came from in `text`."""
    folded, origins = _fold(text)
    builder = _Builder(folded=folded, origins=origins)
    for token in _TOKEN.finditer(folded):
        builder.add(token)
    return builder.result()


@functools.lru_cache(maxsize=8192)
def _fold_character(character: str) -> str:
    """Case- and accent-fold one character; the result may be empty or several characters long."""
    if character in _APOSTROPHES:
        return _APOSTROPHE
    if unicodedata.category(character) == "Cf":
        # Soft hyphens, zero-width joiners and the like are invisible inside words.
        return ""
    folded = _strip_marks(unicodedata.normalize("NFKD", character)).casefold()
    # Casefolding can produce decomposable characters again; a second pass keeps normalize idempotent.
    folded = _strip_marks(unicodedata.normalize("NFKD", folded))
    return "".join(_APOSTROPHE if folded_character in _APOSTROPHES else folded_character for folded_character in folded)


def _strip_marks(text: str) -> str:
    """Drop combining marks (accents, Arabic vowel signs, ...) left by decomposition."""
    return "".join(character for character in text if not unicodedata.category(character).startswith("M"))


def _fold(text: str) -> tuple[str, list[int]]:
    """Fold every character of `text`; return the folded string and each folded character's original index."""
    pieces: list[str] = []
    origins: list[int] = []
    for index, character in enumerate(text):
        folded = _fold_character(character)
        pieces.append(folded)
        origins.extend([index] * len(folded))
    return "".join(pieces), origins


class _Builder:
    """Assembles the normalized text token by token, with the offset map alongside."""

    def __init__(self, *, folded: str, origins: list[int]) -> None:
        self.folded = folded
        self.origins = origins
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        # End of the last token that produced or deliberately dropped text, and its kind: a gap
        # after it means a separator, and possessives and inner apostrophes only follow words.
        self.previous_end = 0
        self.previous_kind = ""

    def add(self, token: re.Match[str]) -> None:
        kind = token.lastgroup
        follows_word = token.start() == self.previous_end and self.previous_kind in ("word", "acronym")
        if kind == "apostrophe":
            inside_word = follows_word and _is_alphanumeric_at(self.folded, token.end())
            if not inside_word:
                return  # Quote or stray apostrophe: a separator, i.e. a gap before the next token.
        elif kind == "possessive":
            if not follows_word:
                self._emit(start=token.start() + 1, end=token.end())  # A quoted "'s": just the word "s".
                kind = "word"
            # After a word it is dropped: "Iraq's" is "iraq", "P.M.F.'s" is "pmf".
        elif kind == "acronym":
            self._emit_acronym(start=token.start(), end=token.end())
        elif kind == "word":
            self._emit(start=token.start(), end=token.end())
        self.previous_end = token.end()
        self.previous_kind = kind

    def _emit(self, *, start: int, end: int) -> None:
        self._separate(start=start)
        self.pieces.append(self.folded[start:end])
        self.starts.extend(self.origins[start:end])
        self.ends.extend(origin + 1 for origin in self.origins[start:end])

    def _emit_acronym(self, *, start: int, end: int) -> None:
        self._separate(start=start)
        letters = range(start, end, 2)  # Every other folded character is a letter, the rest are dots.
        self.pieces.extend(self.folded[index] for index in letters)
        self.starts.extend(self.origins[index] for index in letters)
        self.ends.extend(self.origins[index] + 1 for index in letters)
        # The span runs to the acronym's last dot, so "P.M.F." is matched whole.
        self.ends[-1] = self.origins[end - 1] + 1

    def _separate(self, *, start: int) -> None:
        if self.pieces and start > self.previous_end:
            self.pieces.append(" ")
            self.starts.append(self.origins[self.previous_end])
            self.ends.append(self.origins[start - 1] + 1)

    def result(self) -> NormalizedText:
        return NormalizedText(text="".join(self.pieces), starts=tuple(self.starts), ends=tuple(self.ends))


def _is_alphanumeric_at(text: str, index: int) -> bool:
    return index < len(text) and text[index].isalnum()


@dataclass(frozen=True, slots=True)
class _Entry:
    """A registered name behind one normalized pattern."""

    key: Hashable
    name: str
    # Acronyms ("IS", "US", "PMF") are also common words once lowercased, so they only match text
    # written without lowercase letters.
    case_sensitive: bool


class Matcher:
    """Finds registered names in text: word-bounded, longest match first, spans in the original text.

    Built once from `(key, names)` entries (key: any hashable, e.g. ("actor", uuid)); `find` is
    then cheap and thread-safe. When several keys share a normalized name, each gets a `Match`
    with the same span; a key is reported once per span, with the first of its names that matched.
    """

    def __init__(self, entries: Iterable[tuple[Hashable, Iterable[str]]]) -> None:
        patterns = _collect_patterns(entries=entries)
        self.pattern_count = len(patterns)
        self._automaton: ahocorasick.Automaton | None = None
        if patterns:
            self._automaton = ahocorasick.Automaton()
            for normalized, entries_by_key in patterns.items():
                # Padding with spaces makes the automaton itself enforce word boundaries (the normalized
                # text has single spaces between words), so it never reports hits inside words.
                self._automaton.add_word(f" {normalized} ", (len(normalized), tuple(entries_by_key.values())))
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Return every registered name in `text`, ordered by position; overlaps go to the longest."""
        if self._automaton is None or not text:
            return []
        normalized = normalize_with_offsets(text)
        candidates = self._candidates(text=text, normalized=normalized)
        kept = _longest_first(candidates=candidates, size=len(normalized.text))
        return [match for _, _, matches in kept for match in matches]

    def _candidates(self, *, text: str, normalized: NormalizedText) -> list[tuple[int, int, list[Match]]]:
        """All word-bounded hits as (normalized start, normalized end, matches), ignoring overlaps."""
        candidates = []
        for padded_end, (length, entries) in self._automaton.iter(f" {normalized.text} "):
            # `padded_end` indexes the hit's trailing pad space, one past the name's end in normalized text.
            normalized_start = padded_end - length - 1
            start, end = normalized.original_span(start=normalized_start, end=normalized_start + length)
            surface = text[start:end]
            matches = [
                Match(start=start, end=end, key=entry.key, name=entry.name, text=surface)
                for entry in entries
                if not entry.case_sensitive or not any(character.islower() for character in surface)
            ]
            if matches:
                candidates.append((normalized_start, normalized_start + length, matches))
        return candidates


def _collect_patterns(*, entries: Iterable[tuple[Hashable, Iterable[str]]]) -> dict[str, dict[Hashable, _Entry]]:
    """Group registered names by normalized form, one entry per key (the first name registered for it)."""
    patterns: dict[str, dict[Hashable, _Entry]] = {}
    for key, names in entries:
        for name in names:
            normalized = normalize(name)
            if not normalized:
                continue
            entries_by_key = patterns.setdefault(normalized, {})
            case_sensitive = _is_acronym(name=name, normalized=normalized)
            existing = entries_by_key.get(key)
            if existing is None or (existing.case_sensitive and not case_sensitive):
                # A key keeps its most permissive spelling: "PMF" plus "Pmf" matches any case.
                entries_by_key[key] = _Entry(key=key, name=name, case_sensitive=case_sensitive)
    return patterns


def _is_acronym(*, name: str, normalized: str) -> bool:
    """A single word written in capitals: "IS", "PMF", "P.M.F.", "I.R.G.C."."""
    return " " not in normalized and not any(character.islower() for character in name)


def _longest_first(*, candidates: list[tuple[int, int, list[Match]]], size: int) -> list[tuple[int, int, list[Match]]]:
    """Keep the longest candidates that do not overlap a longer (or, at equal length, earlier) one."""
    taken = bytearray(size)
    kept = []
    for candidate in sorted(candidates, key=lambda candidate: (candidate[0] - candidate[1], candidate[0])):
        start, end, _ = candidate
        if 1 not in taken[start:end]:
            taken[start:end] = b"\x01" * (end - start)
            kept.append(candidate)
    return sorted(kept, key=lambda candidate: candidate[0])


# Registry ----------------------------------------------------------------------------------------

_registry_lock = threading.Lock()
_registry_cache: tuple[tuple[tuple[int, datetime | None], ...], Matcher] | None = None


def get_registry_matcher() -> Matcher:
    """Return a Matcher over every Actor and Location name and alias, rebuilt only when they change.

    Keys are ("actor", actor_id) and ("location", location_id). The matcher is cached per process;
    each call costs four cheap aggregate queries to tell whether the registry changed since.
    """
    global _registry_cache
    fingerprint = registry_fingerprint()
    with _registry_lock:
        # The lock keeps concurrent requests from all rebuilding the same matcher after a change.
        if _registry_cache is None or _registry_cache[0] != fingerprint:
            # Fingerprint taken before reading the names: a change during the build triggers another rebuild.
            _registry_cache = (fingerprint, Matcher(_registry_entries()))
        return _registry_cache[1]


def clear_registry_matcher() -> None:
    """Forget the cached registry matcher (for tests, or after bulk writes that bypass `updated_at`)."""
    global _registry_cache
    with _registry_lock:
        _registry_cache = None


def registry_fingerprint() -> tuple[tuple[int, datetime | None], ...]:
    """(count, latest updated_at) of each registry table: changes on every insert, save and delete.

    Writes that skip `save()` and leave `updated_at` alone (queryset.update) are not seen.
    """
    # Imported here so the matching core stays usable without Django settings (scripts, pure tests).
    from django.db.models import Count, Max

    from briefings.models import Actor, ActorAlias, Location, LocationAlias

    return tuple(
        tuple(model.objects.aggregate(count=Count("pk"), latest=Max("updated_at")).values())
        for model in (Actor, ActorAlias, Location, LocationAlias)
    )


def _registry_entries() -> list[tuple[Hashable, list[str]]]:
    """Every registry name and alias as (key, names), canonical name first so it is the one reported."""
    from briefings.models import Actor, ActorAlias, Location, LocationAlias

    names: dict[Hashable, list[str]] = {}
    for kind, model, alias_model, owner in (
        ("actor", Actor, ActorAlias, "actor_id"),
        ("location", Location, LocationAlias, "location_id"),
    ):
        for pk, name in model.objects.order_by().values_list("pk", "name"):
            names[(kind, pk)] = [name]
        for pk, name in alias_model.objects.order_by("name").values_list(owner, "name"):
            names.setdefault((kind, pk), []).append(name)
    return list(names.items())

"""Turn a raw brief, as pasted or uploaded, into a draft Brief (DESIGN.md section 4).

The raw text has up to three kinds of content, told apart here and never lost:

- the report itself, which becomes `Brief.body`;
- the analyst's section, from a line starting with "Comment:" to the end, which becomes an
  `analysis` Comment;
- publisher boilerplate: paragraphs registered on the publisher (`Actor.boilerplate`, paragraphs
  separated by blank lines, compared after whitespace and quote normalization) wherever they
  appear, and trailing disclaimer paragraphs ("X is an independent, non-partisan ... opinions are
  their own ... click here") recognised by their wording.

`split_brief_text` cuts the input into `Segment`s that cover it exactly, so the pieces can always be
put back together: `"".join(segment.text for segment in sections.segments) == text`. The only text
not carried by the body, the comment or the boilerplate is whitespace between them and the
"Comment:" label.

Known actors and locations are matched in the body (spans are offsets into `Brief.body`, the only
text they can point into). Sentences with an attribution ("according to X", "X said", "reportedly")
come back as suggested claims that are not saved: an analyst confirms them by posting claims.
Suggestions from the comment carry no quote or span, because a claim's quote must be text of the
brief body (Claim.clean); their sentence is still the `statement`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from briefings.choices import ClaimActorRole, ClaimKind, CommentKind
from briefings.models import Actor, Brief, BriefActor, BriefLocation, Comment, Location
from briefings.services.dates import date_expression_spans, find_dates
from briefings.services.matching import Match, get_registry_matcher, normalize

__all__ = [
    "BODY",
    "BOILERPLATE",
    "COMMENT",
    "LABEL",
    "SEPARATOR",
    "BriefSections",
    "IngestError",
    "IngestResult",
    "MatchedName",
    "Segment",
    "SuggestedClaim",
    "SuggestedClaimActor",
    "brief_ingest",
    "make_title",
    "split_brief_text",
    "split_sentences",
    "suggest_claims",
]

TITLE_MAX_LENGTH = 120

# Segment kinds.
BODY = "body"
COMMENT = "comment"
BOILERPLATE = "boilerplate"
LABEL = "label"
SEPARATOR = "separator"


class IngestError(ValidationError):
    """The text cannot become a brief (empty, or nothing but a comment and boilerplate)."""


# Results ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the input: `text == input[start:end]`, and what it became."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class BriefSections:
    """The input cut into contiguous segments, and the texts they make up."""

    segments: tuple[Segment, ...]

    @property
    def body(self) -> str:
        return "".join(segment.text for segment in self.segments if segment.kind == BODY)

    @property
    def comment(self) -> str:
        return "".join(segment.text for segment in self.segments if segment.kind == COMMENT)

    @property
    def boilerplate(self) -> tuple[str, ...]:
        """Removed paragraphs, in input order."""
        return tuple(segment.text for segment in self.segments if segment.kind == BOILERPLATE)

    @property
    def label(self) -> str:
        """The "Comment:" label as written, or "" when the text has no comment section."""
        return "".join(segment.text for segment in self.segments if segment.kind == LABEL)


@dataclass(frozen=True, slots=True)
class MatchedName:
    """A known actor or location found in the body: `body[start:end] == text`; `name` is the canonical name."""

    kind: str
    id: uuid.UUID
    name: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SuggestedClaimActor:
    actor: uuid.UUID
    role: str


@dataclass(frozen=True, slots=True)
class SuggestedClaim:
    """An attributed sentence, shaped like a Claim write payload (plus `source`), not saved.

    `source` is "body" or "comment"; only body suggestions have `quote` and a span into the body.
    """

    statement: str
    quote: str
    span_start: int | None
    span_end: int | None
    kind: str
    claimant: uuid.UUID | None
    claimant_text: str
    actors: tuple[SuggestedClaimActor, ...]
    locations: tuple[uuid.UUID, ...]
    occurred_start: date | None
    occurred_end: date | None
    source: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What `brief_ingest` made: the saved draft and comment, plus everything the caller may show or check."""

    brief: Brief
    comment: Comment | None
    sections: BriefSections
    matches: tuple[MatchedName, ...]
    suggested_claims: tuple[SuggestedClaim, ...]
    actors: tuple[Actor, ...] = field(default=())
    locations: tuple[Location, ...] = field(default=())


# The service --------------------------------------------------------------------------------------


def brief_ingest(
    *,
    text: str,
    user,
    publisher: Actor | None = None,
    published_at: datetime | None = None,
    source_url: str = "",
    title: str = "",
) -> IngestResult:
    """Create a draft Brief from raw text, with its analysis Comment and the actors and locations it names.

    One transaction: on any validation error nothing is saved. `published_at` defaults to now and is
    the reference day for relative dates in suggested claims.
    """
    if not text.strip():
        raise IngestError("The text is empty.", code="empty")
    publisher_names: list[str] = []
    if publisher is not None:
        publisher_names = [publisher.name, *publisher.aliases.values_list("name", flat=True)]
    sections = split_brief_text(
        text=text,
        registered_boilerplate=_paragraphs(publisher.boilerplate) if publisher is not None else (),
        publisher_names=publisher_names,
    )
    body = sections.body
    if not body:
        raise IngestError("The text has no report before its Comment: section.", code="no_body")
    published_at = published_at or timezone.now()

    matcher = get_registry_matcher()
    body_matches, comment_matches, actors, locations = _known_matches(
        body_matches=matcher.find(body), comment_matches=matcher.find(sections.comment)
    )

    with transaction.atomic():
        brief = Brief(
            title=title or make_title(body),
            body=body,
            published_at=published_at,
            publisher=publisher,
            source_url=source_url,
            created_by=user,
            updated_by=user,
        )
        # The slug is derived in save(); the references are instances in hand and the id is new, so
        # re-checking that they exist would only cost queries.
        brief.full_clean(exclude=["slug", "publisher", "created_by", "updated_by"], validate_unique=False)
        brief._history_user = user
        brief.save()
        comment = None
        if sections.comment:
            comment = Comment(brief=brief, kind=CommentKind.ANALYSIS, body=sections.comment, author=user)
            comment.full_clean(exclude=["brief", "author"], validate_unique=False)
            comment._history_user = user
            comment.save()
        _save_mentions(brief=brief, matches=body_matches, user=user)

    reference = timezone.localtime(published_at).date() if timezone.is_aware(published_at) else published_at.date()
    suggestions = suggest_claims(text=body, matches=body_matches, reference=reference, source=BODY)
    if sections.comment:
        suggestions += suggest_claims(
            text=sections.comment, matches=comment_matches, reference=reference, source=COMMENT
        )
    return IngestResult(
        brief=brief,
        comment=comment,
        sections=sections,
        matches=tuple(_matched_name(match, actors=actors, locations=locations) for match in body_matches),
        suggested_claims=tuple(suggestions),
        actors=tuple(actors[pk] for pk in dict.fromkeys(m.key[1] for m in body_matches if m.key[0] == "actor")),
        locations=tuple(
            locations[pk] for pk in dict.fromkeys(m.key[1] for m in body_matches if m.key[0] == "location")
        ),
    )


def _known_matches(*, body_matches: list[Match], comment_matches: list[Match]) -> tuple[list, list, dict, dict]:
    """Load the matched records; drop matches whose record is gone (the cached matcher may lag a delete)."""
    everything = body_matches + comment_matches
    actor_ids = {match.key[1] for match in everything if match.key[0] == "actor"}
    location_ids = {match.key[1] for match in everything if match.key[0] == "location"}
    records = {
        "actor": Actor.objects.in_bulk(actor_ids) if actor_ids else {},
        "location": Location.objects.in_bulk(location_ids) if location_ids else {},
    }

    def known(matches: list[Match]) -> list[Match]:
        return [match for match in matches if match.key[1] in records.get(match.key[0], {})]

    return known(body_matches), known(comment_matches), records["actor"], records["location"]


def _save_mentions(*, brief: Brief, matches: list[Match], user) -> None:
    """One BriefActor / BriefLocation row per record, carrying every span where the body names it."""
    spans: dict[tuple[str, uuid.UUID], list[list[int]]] = {}
    for match in matches:
        spans.setdefault(match.key, []).append([match.start, match.end])
    actor_rows = [
        BriefActor(brief=brief, actor_id=pk, spans=found) for (kind, pk), found in spans.items() if kind == "actor"
    ]
    location_rows = [
        BriefLocation(brief=brief, location_id=pk, spans=found)
        for (kind, pk), found in spans.items()
        if kind == "location"
    ]
    # Bulk paths through simple-history's helper, so the mentions have history like every other write.
    if actor_rows:
        bulk_create_with_history(actor_rows, BriefActor, default_user=user)
    if location_rows:
        bulk_create_with_history(location_rows, BriefLocation, default_user=user)


def _matched_name(match: Match, *, actors: dict, locations: dict) -> MatchedName:
    kind, pk = match.key
    record = actors[pk] if kind == "actor" else locations[pk]
    return MatchedName(kind=kind, id=pk, name=record.name, text=match.text, start=match.start, end=match.end)


# Splitting the text -------------------------------------------------------------------------------

# A blank line (possibly holding spaces) separates paragraphs; "\r" counts as horizontal space.
_PARAGRAPH_BREAK = re.compile(r"[^\S\n]*\n(?:[^\S\n]*\n)+")
_COMMENT_LABEL = re.compile(r"^[^\S\n]*(comment:)", re.IGNORECASE | re.MULTILINE)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})

# Wording of publisher disclaimers, compared on normalized text (see matching.normalize).
_DISCLAIMER_CUES = tuple(
    normalize(cue)
    for cue in (
        "does not engage in advocacy",
        "do not engage in advocacy",
        "opinions are their own",
        "opinions are his own",
        "opinions are her own",
        "views expressed",
        "do not necessarily reflect",
        "does not necessarily reflect",
        "reflect only the authors' views",
        "authors' views",
        "author's views",
        "views of the author",
        "non-partisan",
        "nonpartisan",
        "not-for-profit",
        "non-for-profit",
        "nonprofit",
        "non-profit",
        "donors",
        "donations",
        "editorial control",
        "editorial independence",
        "click here",
        "all rights reserved",
        "unsubscribe",
        "takes no institutional positions",
    )
)


def split_brief_text(
    *, text: str, registered_boilerplate: Sequence[str] = (), publisher_names: Sequence[str] = ()
) -> BriefSections:
    """Cut `text` into body, comment, boilerplate, label and separator segments covering it exactly.

    Boilerplate: paragraphs equal (after whitespace/quote normalization) to a registered one, and
    trailing paragraphs that read like a disclaimer: one disclaimer phrase and the publisher's name
    or alias, or two disclaimer phrases. The first paragraph is never boilerplate: a brief has a body.
    """
    paragraphs = _paragraph_spans(text)
    registered = {_squash(paragraph) for paragraph in registered_boilerplate}
    boilerplate = {index for index, (start, end) in enumerate(paragraphs) if _squash(text[start:end]) in registered}
    label = next(
        (
            found
            for found in _COMMENT_LABEL.finditer(text)
            if not any(
                start <= found.start(1) < end for index, (start, end) in enumerate(paragraphs) if index in boilerplate
            )
        ),
        None,
    )
    label_start = label.start(1) if label else len(text)
    names = [normalize(name) for name in publisher_names if normalize(name)]
    for index in range(len(paragraphs) - 1, 0, -1):
        start, end = paragraphs[index]
        if index in boilerplate:
            continue
        if start <= label_start < end or not _is_disclaimer(text[start:end], publisher_names=names):
            break
        boilerplate.add(index)
    tokens = _content_tokens(text=text, paragraphs=paragraphs, boilerplate=boilerplate, label=label)
    return BriefSections(segments=_with_separators(text=text, tokens=tokens))


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph, trimmed to its first and last non-whitespace character."""
    spans = []
    position = 0
    for found in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = found.start() if found else len(text)
        trimmed = _trim(text, position, end)
        if trimmed:
            spans.append(trimmed)
        position = found.end() if found else len(text)
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _paragraphs(text: str) -> list[str]:
    return [text[start:end] for start, end in _paragraph_spans(text)]


def _squash(text: str) -> str:
    """Whitespace and typographic quotes normalized: how registered boilerplate is compared."""
    return " ".join(text.translate(_QUOTES).split())


def _is_disclaimer(paragraph: str, *, publisher_names: Sequence[str]) -> bool:
    padded = f" {normalize(paragraph)} "
    cues = sum(1 for cue in _DISCLAIMER_CUES if f" {cue} " in padded)
    names_publisher = any(f" {name} " in padded for name in publisher_names)
    return cues >= 2 or (cues >= 1 and names_publisher)


def _content_tokens(
    *, text: str, paragraphs: list[tuple[int, int]], boilerplate: set[int], label: re.Match[str] | None
) -> list[tuple[str, int, int]]:
    """Non-whitespace pieces in order as (kind, start, end); the label may split its paragraph in two."""
    label_start = label.start(1) if label else len(text)
    tokens = []
    for index, (start, end) in enumerate(paragraphs):
        if index in boilerplate:
            tokens.append((BOILERPLATE, start, end))
        elif label is not None and start <= label_start < end:
            for kind, piece in (
                (BODY, _trim(text, start, label_start)),
                (LABEL, (label_start, label.end(1))),
                (COMMENT, _trim(text, label.end(1), end)),
            ):
                if piece:
                    tokens.append((kind, *piece))
        else:
            tokens.append((BODY if start < label_start else COMMENT, start, end))
    return tokens


def _with_separators(*, text: str, tokens: list[tuple[str, int, int]]) -> tuple[Segment, ...]:
    """Fill the whitespace gaps between tokens: a gap inside the body or the comment belongs to it.

    When boilerplate sits between two paragraphs of the same part, the gap before it stays in that
    part (the paragraph break) and the gap after it becomes a separator.
    """
    segments: list[Segment] = []
    pending: list[tuple[str, int, int]] = []
    open_part = None  # The part (body or comment) the last content token belonged to, if still open.
    position = 0
    for kind, start, end in [*tokens, (None, len(text), len(text))]:
        if start > position:
            pending.append((SEPARATOR, position, start))
        if kind in (BODY, COMMENT) or kind is None:
            bridged = False
            for pending_kind, pending_start, pending_end in pending:
                if pending_kind == SEPARATOR and kind is not None and kind == open_part and not bridged:
                    pending_kind, bridged = kind, True
                segments.append(Segment(pending_kind, pending_start, pending_end, text[pending_start:pending_end]))
            pending = []
            if kind is not None:
                segments.append(Segment(kind, start, end, text[start:end]))
                open_part = kind
        else:
            pending.append((kind, start, end))
            if kind == LABEL:
                open_part = None
        position = end
    return tuple(segments)


# Titles and sentences ------------------------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)")
_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]$")  # "P.M.F" before the final dot, "U.S", "I.R.G.C"
# Abbreviations that end with a dot inside sentences (titles, ranks, months).
_ABBREVIATIONS = _word_set(
    "mr mrs ms dr prof gen lt col maj brig sgt capt cpl adm gov sen rep pres st mt no nos vol fig "
    "approx vs jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e"
)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed; paragraph breaks always end a sentence.

    A dot after a dotted acronym ("P.M.F.") or a known abbreviation ("Gen.") does not end a
    sentence, nor does one followed by a lowercase word. Single line breaks (hard-wrapped text) do not.
    """
    sentences = []
    for paragraph_start, paragraph_end in _paragraph_spans(text):
        start = paragraph_start
        for found in _SENTENCE_END.finditer(text, paragraph_start, paragraph_end):
            if found.group(0)[0] == "." and _is_abbreviation(text[start : found.start()]):
                continue
            following = text[found.end() : paragraph_end].lstrip()
            if following and following[0].islower():
                continue
            trimmed = _trim(text, start, found.end())
            if trimmed:
                sentences.append(trimmed)
            start = found.end()
        trimmed = _trim(text, start, paragraph_end)
        if trimmed:
            sentences.append(trimmed)
    return sentences


def _is_abbreviation(before_dot: str) -> bool:
    words = before_dot.split()
    if not words:
        return False
    word = words[-1].lstrip("([\"'\u201c\u2018")
    return bool(_ACRONYM.search(word)) or (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS


def make_title(body: str) -> str:
    """The first sentence, whitespace-normalized, cut at a word boundary near TITLE_MAX_LENGTH."""
    sentences = split_sentences(body)
    start, end = sentences[0] if sentences else (0, len(body))
    title = " ".join(body[start:end].split())
    if title.endswith(".") and not _is_abbreviation(title[:-1]):
        title = title[:-1]
    if len(title) <= TITLE_MAX_LENGTH:
        return title
    cut = title.rfind(" ", 0, TITLE_MAX_LENGTH)
    cut = cut if cut > TITLE_MAX_LENGTH // 2 else TITLE_MAX_LENGTH - 1
    return title[:cut].rstrip(" ,;:-\u2013\u2014") + "\u2026"


# Suggested claims ---------------------------------------------------------------------------------

_ACCORDING_TO = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
# Reporting verbs, lowercase only ("Said" is also a given name). Bare plural forms are too often
# nouns ("the claim", "media reports said"), so they count only before "that".
_ATTRIBUTION_VERB = re.compile(
    r"\b(?:said|says|reported|reports|claimed|claims|announced|announces|stated"
    r"|(?:claim|say|report|announce|state|states)(?=\s+that\b))\b"
)
_REPORTEDLY = re.compile(r"\breportedly\b", re.IGNORECASE)
# Claim kinds by cue words, first hit in this order wins.
_KIND_CUES = (
    (
        ClaimKind.TERRITORIAL_CHANGE,
        r"captured|capture|seized|seize|seizing|took control|taken control|retook|recaptured|overran|overrun",
    ),
    (ClaimKind.ARMED_CLASH, r"clash|clashes|clashed|fighting|battles?|firefights?|skirmish(?:es)?"),
    (ClaimKind.ATTACK, r"attacked|shelled|shelling|struck|bombed|ambushed|raided|air ?strikes?|drone strikes?"),
    (ClaimKind.DEPLOYMENT, r"deployed|redeployed|deploying"),
    (ClaimKind.ANNOUNCEMENT, r"announced|announces|announcement"),
    (ClaimKind.STATEMENT, r"said|says|say|claimed|claims|claim|stated"),
    (ClaimKind.SIGHTING, r"pictured|photographed|seen|spotted|sighted"),
)
_KIND_PATTERNS = tuple((kind, re.compile(rf"\b(?:{cues})\b", re.IGNORECASE)) for kind, cues in _KIND_CUES)
# Words between a subject and its verb that are not part of the subject ("X has also said").
_AUXILIARIES = _word_set(
    "has have had is was were are also reportedly officially publicly later earlier today yesterday "
    "again previously recently repeatedly already allegedly formally separately"
)
_PRONOUNS = _word_set("it he she they we i you this that which who these those there")
_CLAUSE_WORD = re.compile(r"\b(?:that|and|but|while|as|after|before|when|because|which|who|where)\b", re.IGNORECASE)
_MAX_PHRASE_WORDS = 8


def suggest_claims(*, text: str, matches: Sequence[Match], reference: date, source: str) -> list[SuggestedClaim]:
    """One suggestion per attributed sentence of `text` (the body or the comment; `matches` are spans in it)."""
    suggestions = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        inside = [
            Match(m.start - start, m.end - start, m.key, m.name, m.text)
            for m in matches
            if start <= m.start and m.end <= end
        ]
        suggestion = _suggest(sentence=sentence, matches=inside, reference=reference)
        if suggestion is None:
            continue
        in_body = source == BODY
        suggestions.append(
            SuggestedClaim(
                **suggestion,
                quote=sentence if in_body else "",
                span_start=start if in_body else None,
                span_end=end if in_body else None,
                source=source,
            )
        )
    return suggestions


def _suggest(*, sentence: str, matches: list[Match], reference: date) -> dict | None:
    """The claim fields of one sentence, or None when it carries no attribution."""
    attribution = _attribution(sentence)
    if attribution is None:
        return None
    claimant_span, verb_start = attribution
    claimant_id, claimant_text = None, ""
    if claimant_span is not None:
        claimant_text = _LEADING_ARTICLE.sub("", sentence[claimant_span[0] : claimant_span[1]])
        claimant_text = "" if claimant_text.lower() in _PRONOUNS else " ".join(claimant_text.split())
        claimant_id = _head_actor(matches, span=claimant_span)
    kind, cue_start = _kind(sentence)
    # The subject acts in the claimed event: the actor heading the clause of its verb (the kind's cue
    # word, else the reporting verb).
    subject_verb = cue_start if cue_start is not None else verb_start
    subject_span = _subject_phrase(sentence, verb_start=subject_verb) if subject_verb is not None else None
    subject_id = _head_actor(matches, span=subject_span) if subject_span else None
    actors = []
    for actor_id in dict.fromkeys(match.key[1] for match in matches if match.key[0] == "actor"):
        if actor_id == subject_id:
            actors.append(SuggestedClaimActor(actor=actor_id, role=ClaimActorRole.SUBJECT.value))
        elif actor_id != claimant_id:
            actors.append(SuggestedClaimActor(actor=actor_id, role=ClaimActorRole.MENTIONED.value))
    dates = find_dates(sentence, reference=reference)
    return {
        "statement": " ".join(sentence.split()),
        "kind": kind,
        "claimant": claimant_id,
        "claimant_text": claimant_text,
        "actors": tuple(actors),
        "locations": tuple(dict.fromkeys(match.key[1] for match in matches if match.key[0] == "location")),
        "occurred_start": dates[0].first_day if dates else None,
        "occurred_end": dates[0].last_day if dates else None,
    }


def _attribution(sentence: str) -> tuple[tuple[int, int] | None, int | None] | None:
    """(claimant phrase span or None, reporting verb position or None), or None without attribution.

    "according to X" names the source most explicitly and wins over "X said"; "reportedly" marks a
    claim with no named source.
    """
    according = _ACCORDING_TO.search(sentence)
    if according:
        return _phrase_after(sentence, start=according.end()), None
    verb = _ATTRIBUTION_VERB.search(sentence)
    if verb:
        return _subject_phrase(sentence, verb_start=verb.start()), verb.start()
    if _REPORTEDLY.search(sentence):
        return None, None
    return None


def _phrase_after(sentence: str, *, start: int) -> tuple[int, int] | None:
    """The noun phrase after "according to": up to the next comma-like mark or the sentence end."""
    end = start
    while end < len(sentence) and sentence[end] not in ",;:()\u2013\u2014":
        end += 1
    phrase = sentence[start:end]
    stripped = phrase.rstrip(" .!?\"'\u201d\u2019\n")
    if phrase[len(stripped) : len(stripped) + 1] == "." and _is_abbreviation(stripped):
        stripped += "."  # Keep the dot of a final acronym: "according to the U.S."
    words = stripped.split()
    if len(words) > _MAX_PHRASE_WORDS:
        return None
    return _trim(sentence, start, start + len(stripped))


def _subject_phrase(sentence: str, *, verb_start: int) -> tuple[int, int] | None:
    """The span of the phrase heading the clause that ends before `verb_start`, or None.

    "X, a unit of Y, said" -> X (the part before an appositive); "..., the Iranian media reports" ->
    "the Iranian media"; auxiliaries and adverbs before the verb are skipped.
    """
    left = sentence[:verb_start].rstrip()
    while left:
        last = left.split()[-1]
        if last.lower() not in _AUXILIARIES:
            break
        left = left[: len(left) - len(last)].rstrip()
    appositive = left.endswith(",")
    if appositive:
        left = left[:-1]
    boundaries = [0] + [index + 1 for index, character in enumerate(left) if character in ",;:(\u2013\u2014"]
    if appositive and len(boundaries) >= 2:
        start, end = boundaries[-2], boundaries[-1] - 1
    else:
        start, end = boundaries[-1], len(left)
    clause_words = list(_CLAUSE_WORD.finditer(sentence, start, end))
    if clause_words:
        start = clause_words[-1].end()
    # "FAMa officials earlier this week claimed": the date is not part of who speaks.
    for date_start, date_end in reversed(date_expression_spans(sentence[start:end])):
        if not sentence[start + date_end : end].strip():
            end = start + date_start
    span = _trim(sentence, start, end)
    if span is None or len(sentence[span[0] : span[1]].split()) > _MAX_PHRASE_WORDS:
        return None
    return span


def _head_actor(matches: Sequence[Match], *, span: tuple[int, int]) -> uuid.UUID | None:
    """The last actor named inside `span`: a phrase's head comes last ("Ukraine's General Staff")."""
    inside = [match for match in matches if match.key[0] == "actor" and span[0] <= match.start and match.end <= span[1]]
    return inside[-1].key[1] if inside else None


def _kind(sentence: str) -> tuple[str, int | None]:
    """The claim kind by cue words, and where its cue is (None for `other`)."""
    for kind, pattern in _KIND_PATTERNS:
        found = pattern.search(sentence)
        if found:
            return kind.value, found.start()
    return ClaimKind.OTHER.value, None

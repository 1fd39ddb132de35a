"""`manage.py ingest FILE...`: raw brief files in, draft briefs out (DESIGN.md section 4).

Each file is ingested on its own (one transaction per file, through `brief_ingest`): an unreadable
or invalid file is reported and skipped, the others still go in, and the command exits non-zero at
the end when any file failed.
"""

import uuid
from datetime import datetime, time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from briefings.models import Actor, ActorAlias
from briefings.services.ingest import IngestResult, brief_ingest
from briefings.services.matching import normalize


class UnreadableFile(Exception):
    """The file cannot be read as brief text; the message says why, for the operator."""


class Command(BaseCommand):
    help = "Ingest raw brief text files as draft briefs (comment split, boilerplate removed, names matched)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files, one brief each.")
        parser.add_argument("--publisher", help="Publisher actor: its id, or its name or an alias.")
        parser.add_argument(
            "--published-at",
            help="Report date-time (ISO 8601; a date alone means midnight, naive times are in TIME_ZONE). "
            "Default: now.",
        )
        parser.add_argument("--user", help="Username recorded as creator and in history. Default: none.")

    def handle(self, *args, files, publisher, published_at, user, **options):
        publisher_actor = _find_publisher(publisher) if publisher else None
        published = _parse_published_at(published_at) if published_at else None
        author = _find_user(user) if user else None

        failures: list[tuple[str, str]] = []
        totals = {"brief": 0, "actor": 0, "location": 0, "suggested claim": 0}
        for position, name in enumerate(files, start=1):
            prefix = f"[{position}/{len(files)}] {name}:"
            try:
                text = _read_text(Path(name))
                result = brief_ingest(text=text, user=author, publisher=publisher_actor, published_at=published)
            except UnreadableFile as error:
                failures.append((name, str(error)))
                self.stderr.write(f"{prefix} FAILED: {error}")
                continue
            except ValidationError as error:
                message = "; ".join(error.messages)
                failures.append((name, message))
                self.stderr.write(f"{prefix} FAILED: {message}")
                continue
            self.stdout.write(f"{prefix} {_describe(result)}")
            totals["brief"] += 1
            totals["actor"] += len(result.actors)
            totals["location"] += len(result.locations)
            totals["suggested claim"] += len(result.suggested_claims)

        summary = ", ".join(_count(count, label) for label, count in totals.items())
        self.stdout.write(f"Ingested {totals['brief']} of {_count(len(files), 'file')}: {summary}.")
        if failures:
            for name, reason in failures:
                self.stderr.write(f"  failed: {name}: {reason}")
            raise CommandError(f"{len(failures)} of {len(files)} files could not be ingested.")


def _describe(result: IngestResult) -> str:
    brief = result.brief
    return (
        f"brief {brief.pk} '{brief.title}', {_count(len(result.actors), 'actor')}, "
        f"{_count(len(result.locations), 'location')}, {_count(len(result.suggested_claims), 'suggested claim')}"
    )


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _read_text(path: Path) -> str:
    """The file's text, or UnreadableFile with a reason an operator can act on."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except IsADirectoryError:
        raise UnreadableFile("is a directory, not a file") from None
    except OSError as error:
        raise UnreadableFile(f"cannot read: {error.strerror}") from None
    try:
        # utf-8-sig: editors on Windows often save a byte-order mark that is not part of the text.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"not UTF-8 text (invalid byte at offset {error.start})") from None
    if not text.strip():
        raise UnreadableFile("empty file")
    return text


def _find_publisher(value: str) -> Actor:
    """An actor by id, else by exact name, else by alias (both compared normalized)."""
    try:
        return Actor.objects.get(pk=uuid.UUID(value))
    except ValueError:
        pass
    except Actor.DoesNotExist:
        raise CommandError(f"No actor with id {value}.") from None
    by_name = list(Actor.objects.filter(name__iexact=value.strip()))
    by_alias = Actor.objects.filter(pk__in=ActorAlias.objects.filter(normalized=normalize(value)).values("actor"))
    candidates = by_name or list(by_alias)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise CommandError(f"No actor named {value!r}: give the publisher's id, name or alias.")
    ids = ", ".join(str(actor.pk) for actor in candidates)
    raise CommandError(f"Several actors are named {value!r} ({ids}): give the publisher's id.")


def _parse_published_at(value: str) -> datetime:
    try:
        parsed = parse_datetime(value)
        day = parse_date(value) if parsed is None else None
    except ValueError:  # Well-formed but impossible, like 2024-02-30.
        parsed = day = None
    if parsed is None and day is None:
        raise CommandError(f"--published-at {value!r} is not an ISO 8601 date or date-time.")
    parsed = parsed or datetime.combine(day, time.min)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _find_user(username: str):
    user_model = get_user_model()
    try:
        return user_model.objects.get(**{user_model.USERNAME_FIELD: username})
    except user_model.DoesNotExist:
        raise CommandError(f"No user {username!r}.") from None
